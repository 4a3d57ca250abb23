import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, EXTENSION_ID, fake, workspaceFile } from './helpers';

interface PublishResult {
  status: string;
  id?: string;
  message?: string;
}

const TEMPLATE = {
  $schema: './schema.json',
  label: 'Published from the editor',
  default_runtime_version: 3,
  args_schema: { user_id: { type: 'string' } },
  resources: [{ resource: 'ticketing/tickets', method: 'list', query: { u: '{{args.user_id}}' } }],
};

async function writeTemplate(name: string, content: unknown): Promise<vscode.TextDocument> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(`${JSON.stringify(content, null, 2)}\n`));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

describe('the extension in a real editor: publishing to (a fake) Truto', () => {
  before(async () => {
    assert.ok(fake.url, 'FAKE_TRUTO_URL must reach the extension host');
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.workspace.getConfiguration('synctemplate').update('apiBaseUrl', fake.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('synctemplate.setToken', fake.token);
  });
  beforeEach(() => fake.reset());

  it('creates with exactly one POST of the file minus tool-only keys, writes the id back, then updates with PATCH', async () => {
    const document = await writeTemplate('published.synctemplate.json', TEMPLATE);
    const created = await vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString() });
    assert.equal(created.status, 'created', created.message);
    const requests = await fake.requests();
    assert.deepEqual(requests.map((r) => r.method), ['POST']);
    const { $schema, ...expected } = TEMPLATE;
    assert.ok($schema);
    assert.deepEqual(requests[0].body, expected);
    await eventually('the id in the file', () => document.getText().includes(`"id": "${created.id}"`));
    assert.equal(document.isDirty, false, 'a file without other changes is saved after the id is written');

    await fake.reset();
    const updated = await vscode.commands.executeCommand<PublishResult>('synctemplate.update', { uri: document.uri.toString() });
    assert.equal(updated.status, 'updated', updated.message);
    assert.deepEqual((await fake.requests()).map((r) => `${r.method} ${r.path}`), [`PATCH /sync-job-template/${created.id}`]);

    await fake.reset();
    const again = await vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString(), ifPublished: 'update' });
    assert.equal(again.status, 'updated');
    assert.deepEqual((await fake.requests()).map((r) => r.method), ['PATCH']);
  });

  it('sends nothing for a file with errors', async () => {
    const document = await writeTemplate('with-errors.synctemplate.json', { ...TEMPLATE, sharing: 'public' });
    const result = await vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString() });
    assert.equal(result.status, 'refused');
    assert.deepEqual(await fake.requests(), []);
  });

  it('reports a rejected token (401) and offers to set one', async () => {
    await vscode.commands.executeCommand('synctemplate.setToken', 'not-the-right-token');
    try {
      const document = await writeTemplate('auth.synctemplate.json', TEMPLATE);
      const result = await vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString() });
      assert.equal(result.status, 'failed');
      assert.match(result.message ?? '', /rejected the API token \(401\).*Set a valid API token/);
      assert.ok(!(result.message ?? '').includes('not-the-right-token'));
    } finally {
      await vscode.commands.executeCommand('synctemplate.setToken', fake.token);
    }
  });

  it('shows Truto’s own validation errors (400 details) on the fields they name, until the next edit', async () => {
    await fake.fail({ kind: 'status', status: 400, message: 'Invalid template', details: { failures: [{ path: 'resources.0.method', message: 'unknown method for this integration' }] } }, { method: 'POST' });
    const document = await writeTemplate('refused.synctemplate.json', TEMPLATE);
    const result = await vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString() });
    assert.equal(result.status, 'failed');
    const shown = await eventually('the Truto diagnostic', () => vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'truto'));
    assert.match(shown.message, /unknown method for this integration/);
    assert.equal(document.getText(shown.range), '"method": "list"');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 1), ' ');
    await vscode.workspace.applyEdit(edit);
    await eventually('the Truto diagnostic to clear', () => !vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'truto'));
    await document.save();
  });

  it('refuses a second publish while one is in flight', async () => {
    await fake.fail({ kind: 'slow', delayMs: 2000 }, { method: 'POST' });
    const document = await writeTemplate('busy.synctemplate.json', TEMPLATE);
    const first = vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString() });
    await new Promise((r) => setTimeout(r, 300));
    const second = await vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString(), ifPublished: 'copy' });
    assert.equal(second.status, 'busy');
    assert.equal((await first).status, 'created');
    assert.equal((await fake.requests()).filter((r) => r.method === 'POST').length, 1);
  });

  it('ignores a workspace-level apiBaseUrl: the token goes only to the user-configured host', async () => {
    const inspected = vscode.workspace.getConfiguration('synctemplate').inspect<string>('apiBaseUrl');
    assert.equal(inspected?.globalValue, fake.url);
    // The fixture's .vscode/settings.json names another host; every request above still reached the fake.
    const document = await writeTemplate('where.synctemplate.json', TEMPLATE);
    const result = await vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString() });
    assert.equal(result.status, 'created', result.message);
    assert.equal((await fake.requests()).length, 1);
  });

  it('opens a template from Truto as a new template file', async () => {
    const document = await writeTemplate('to-pull.synctemplate.json', TEMPLATE);
    const created = await vscode.commands.executeCommand<PublishResult>('synctemplate.create', { uri: document.uri.toString() });
    const opened = await vscode.commands.executeCommand<PublishResult>('synctemplate.pull', { id: created.id });
    assert.equal(opened.status, 'opened');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.languageId, 'synctemplate');
    assert.ok(editor.document.getText().startsWith(`{\n  "id": "${created.id}",\n  "label": "Published from the editor"`));
  });
});
