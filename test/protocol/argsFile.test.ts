import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const TEMPLATE = (required: boolean) =>
  JSON.stringify({
    label: 'x',
    default_runtime_version: 3,
    args_schema: { user_id: { type: 'string', required, description: 'The user to sync.' } },
    resources: [{ resource: 'ticketing/tickets', method: 'list', query: { assignee: '{{args.user_id}}' } }],
  }, null, 2);
const ARGS = '{\n  "args": {\n    \n  }\n}\n';

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code));

describe('LSP: sample arguments files against dist/server.js (push diagnostics)', () => {
  const client = new LspTestClient({ settings: {} });
  before(() => client.initialize());
  after(async () => assert.equal(await client.stop(), 0));

  it('checks an args file against the open template, and revalidates it when the template changes', async () => {
    const template = 'file:///ws/push.synctemplate.json';
    const args = 'file:///ws/push.synctemplate.args.json';
    await client.open(template, TEMPLATE(true));
    await client.open(args, ARGS);
    assert.deepEqual(codes(await client.diagnostics(args, (d) => d.length > 0)), ['sample-arg-missing']);
    await client.change(template, TEMPLATE(false), 2);
    assert.deepEqual(await client.diagnostics(args, (d) => d.length === 0), []);
    await client.change(template, TEMPLATE(true), 3);
    assert.deepEqual(codes(await client.diagnostics(args, (d) => d.length > 0)), ['sample-arg-missing']);
  });

  it('reads the template from disk when it is not open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synctemplate-args-'));
    writeFileSync(join(dir, 'disk.synctemplate.json'), TEMPLATE(true));
    const args = pathToFileURL(join(dir, 'disk.synctemplate.args.json')).toString();
    await client.open(args, '{ "args": { "user_id": 5, "other": 1 } }');
    assert.deepEqual(codes(await client.diagnostics(args, (d) => d.length > 0)).sort(), ['sample-arg-type', 'sample-arg-unknown']);
  });

  it('completes argument names from the template', async () => {
    const template = 'file:///ws/complete.synctemplate.json';
    const args = 'file:///ws/complete.synctemplate.args.json';
    await client.open(template, TEMPLATE(true));
    await client.open(args, ARGS);
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: args }, position: { line: 2, character: 4 } })) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label), ['user_id']);
  });
});

describe('LSP: sample arguments files (pull diagnostics)', () => {
  const client = new LspTestClient({ pullDiagnostics: true, settings: {} });
  let refreshes = 0;
  before(async () => {
    await client.initialize();
    client.connection.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      return null;
    });
  });
  after(async () => assert.equal(await client.stop(), 0));

  const pull = async (uri: string) => ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items;

  it('declares inter-file dependencies, and asks the client to pull again when the template changes', async () => {
    const probe = new LspTestClient({ pullDiagnostics: true });
    const result = await probe.initialize();
    assert.equal((result.capabilities.diagnosticProvider as { interFileDependencies: boolean }).interFileDependencies, true);
    await probe.stop();

    const template = 'file:///ws/pull.synctemplate.json';
    const args = 'file:///ws/pull.synctemplate.args.json';
    await client.open(template, TEMPLATE(true));
    await client.open(args, ARGS);
    assert.deepEqual(codes(await pull(args)), ['sample-arg-missing']);
    const before = refreshes;
    await client.change(template, TEMPLATE(false), 2);
    const deadline = Date.now() + 10_000;
    while (refreshes === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(refreshes > before, 'the server sent workspace/diagnostic/refresh');
    assert.deepEqual(await pull(args), []);
  });
});
