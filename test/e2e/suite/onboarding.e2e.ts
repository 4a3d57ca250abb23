import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MANAGE_TRUST_COMMAND, manageTrustLabel, publishingAllowed, type TrustPrompt } from '../../../client/src/workspaceTrust';
import { STARTERS, starterTemplate } from '../../../server/src/service/starters/starterTemplates';
import { codeOf, diagnosticsOf, eventually, EXTENSION_ID, fake, workspaceFile } from './helpers';

interface NewTemplateResult {
  status: string;
  uri?: string;
  message?: string;
}

interface WalkthroughStep {
  id: string;
  description: string;
  media: { svg?: string; image?: unknown };
  completionEvents: string[];
}

function manifest(): {
  contributes: {
    walkthroughs: { id: string; steps: WalkthroughStep[] }[];
    commands: { command: string; enablement?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
} {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return extension.packageJSON;
}

describe('the first five minutes: new template, walkthrough, Restricted Mode', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  for (const starter of STARTERS) {
    it(`New Sync Job Template → ${starter.id}: an untitled template that checks clean, cursor on the label`, async () => {
      const expected = starterTemplate(starter.id, 'ticketing');
      assert.ok(expected);
      const result = await vscode.commands.executeCommand<NewTemplateResult>('synctemplate.newTemplate', { starter: starter.id, api: 'ticketing' });
      assert.equal(result.status, 'opened', result.message);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      const { document } = editor;
      assert.equal(document.uri.toString(), result.uri);
      assert.equal(document.uri.scheme, 'untitled');
      assert.ok(document.uri.path.endsWith(`/${expected.fileName}`), `saving suggests ${document.uri.path}`);
      assert.equal(document.languageId, 'synctemplate');
      assert.equal(document.getText(), expected.text);
      // The snippet's first tab stop: the label's text is selected, ready to be typed over.
      const label = JSON.parse(expected.text).label as string;
      assert.equal(document.getText(editor.selection), label);

      // Clean in the real editor: an error made on purpose shows up, and once undone nothing is left.
      const sharing = document.getText().indexOf('"deny"');
      await editor.edit((b) => b.replace(new vscode.Range(document.positionAt(sharing), document.positionAt(sharing + 6)), '"everyone"'));
      await eventually('the deliberate schema error', () => diagnosticsOf(document.uri).some((d) => codeOf(d) === 'schema'));
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), expected.text);
      const left = await eventually('no diagnostics once undone', () => (diagnosticsOf(document.uri).length === 0 ? [] : undefined));
      assert.deepEqual(left, []);
    });
  }

  it('asks with two quick picks when run from the palette (first choices: incremental sync, ticketing)', async () => {
    const running = vscode.commands.executeCommand<NewTemplateResult>('synctemplate.newTemplate');
    let settled: NewTemplateResult | undefined;
    void running.then((r) => (settled = r));
    // Accept the highlighted item of each quick pick as it appears, as a person pressing Enter would.
    for (let i = 0; i < 100 && !settled; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const result = await running;
    assert.equal(result.status, 'opened', result.message);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), starterTemplate('incremental-webhook', 'ticketing')!.text);
  });

  it('refuses an unknown starting point or API, saying which exist', async () => {
    const result = await vscode.commands.executeCommand<NewTemplateResult>('synctemplate.newTemplate', { starter: 'fan-out', api: 'no-such-api' });
    assert.equal(result.status, 'refused');
    assert.match(result.message ?? '', /no starting point for the unified API "no-such-api": use ticketing, crm/);
  });

  it('is in File › New File…', () => {
    assert.ok(manifest().contributes.menus['file/newFile']?.some((item) => item.command === 'synctemplate.newTemplate'));
  });

  it('registers the walkthrough: five steps, each with a completion event, themed SVG media and commands that exist', async () => {
    const walkthrough = manifest().contributes.walkthroughs.find((w) => w.id === 'gettingStarted');
    assert.ok(walkthrough);
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['createTemplate', 'fixProblem', 'previewRequests', 'setToken', 'publish']);
    const commands = new Set(await vscode.commands.getCommands(true));
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const event of step.completionEvents) {
        assert.match(event, /^(onCommand|onContext|onView|onSettingChanged|onLink|onEvent|extensionInstalled):/, step.id);
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) assert.ok(commands.has(command), `${step.id}: ${command} is not registered`);
      }
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(linked.length > 0, `${step.id} has no button`);
      for (const command of linked) assert.ok(commands.has(command), `${step.id}: ${command} is not registered`);
      assert.ok(step.media.svg, `${step.id} has no SVG`);
      const svg = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, step.media.svg)));
      assert.match(svg, /var\(--vscode-editor-background/, `${step.media.svg} does not follow the theme`);
    }
  });

  it('the quick-fix step: the example has a problem, its fix completes the step and leaves the file clean', async () => {
    await vscode.commands.executeCommand('synctemplate.walkthrough.openProblemExample');
    const document = vscode.window.activeTextEditor!.document;
    const problem = await eventually('the misspelt argument', () => diagnosticsOf(document.uri).find((d) => codeOf(d) === 'unknown-arg'));
    assert.equal(document.getText(problem.range), 'integrated_acount_id');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, problem.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "integrated_account_id"');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.command?.command, 'synctemplate.walkthrough.quickFixApplied', 'applying the fix must complete the walkthrough step');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    await eventually('no problems after the fix', () => diagnosticsOf(document.uri).length === 0);
  });

  describe('Restricted Mode', () => {
    it('keeps the publish commands in the Command Palette (no trust condition hides or disables them)', () => {
      const { commands, menus } = manifest().contributes;
      for (const id of ['synctemplate.create', 'synctemplate.update', 'synctemplate.pull', 'synctemplate.setToken']) {
        assert.ok(!commands.find((c) => c.command === id)?.enablement?.includes('isWorkspaceTrusted'), `${id} is disabled when untrusted`);
        const palette = menus.commandPalette.find((m) => m.command === id);
        assert.ok(!palette?.when?.includes('isWorkspaceTrusted'), `${id} is hidden when untrusted`);
      }
    });

    // The guard every publish command runs first, with an untrusted state and a recording prompt (the
    // real untrusted editor, below, cannot click the button or see the message).
    it('the trust guard: explains, offers Manage Workspace Trust, sends nothing', async () => {
      await fake.reset();
      const shown: { message: string; items: string[] }[] = [];
      const executed: string[] = [];
      const prompt: TrustPrompt = {
        showErrorMessage: async (message, ...items) => {
          shown.push({ message, items });
          return items[0];
        },
        executeCommand: async (command) => {
          executed.push(command);
        },
      };
      assert.equal(publishingAllowed(false, prompt), false);
      await eventually('the button to be handled', () => executed.length === 1);
      assert.equal(shown.length, 1);
      assert.match(shown[0].message, /Publishing to Truto needs a trusted workspace\. .*nothing was sent/);
      assert.deepEqual(shown[0].items, [manageTrustLabel()]);
      assert.deepEqual(executed, [MANAGE_TRUST_COMMAND]);
      assert.ok((await vscode.commands.getCommands(true)).includes(MANAGE_TRUST_COMMAND));
      assert.deepEqual(await fake.requests(), []);

      assert.equal(publishingAllowed(true, prompt), true);
      assert.equal(shown.length, 1, 'a trusted workspace is not told anything');
    });
  });

  // Run by the runner's phase A2, in a second editor whose folder is untrusted (workspace trust on).
  describe('in Restricted Mode (an untrusted workspace)', () => {
    before(function () {
      if (process.env.E2E_UNTRUSTED !== '1') this.skip();
    });
    beforeEach(() => fake.reset());

    it('the workspace is untrusted, and editing still works: problems, quick fixes and a new template', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const document = await vscode.workspace.openTextDocument(workspaceFile('broken.synctemplate.json'));
      await vscode.window.showTextDocument(document);
      const problem = await eventually('diagnostics in Restricted Mode', () => diagnosticsOf(document.uri).find((d) => codeOf(d) === 'unknown-arg'));
      // Asked until answered, as the diagnostics are: one clean-clone CI run (of 20-odd runs of this
      // phase) got no action with an edit on the first request right after the first diagnostics,
      // with nothing in the server's log; not reproduced since (issue 11's note of 2026-11-29).
      await eventually('quick fixes offered in Restricted Mode', async () => {
        const offered = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, problem.range, vscode.CodeActionKind.QuickFix.value);
        return offered.some((a) => a.edit);
      }, 10_000);
      const created = await vscode.commands.executeCommand<NewTemplateResult>('synctemplate.newTemplate', { starter: 'fan-out', api: 'crm' });
      assert.equal(created.status, 'opened', created.message);
    });

    it('Create, Update, Open from Truto and Set API Token run, explain, and send nothing', async () => {
      const uri = workspaceFile('tickets.synctemplate.json').toString();
      const create = await vscode.commands.executeCommand<{ status: string; message?: string }>('synctemplate.create', { uri });
      assert.deepEqual(create, { status: 'refused', message: 'untrusted workspace' });
      const update = await vscode.commands.executeCommand<{ status: string; message?: string }>('synctemplate.update', { uri });
      assert.deepEqual(update, { status: 'refused', message: 'untrusted workspace' });
      const pull = await vscode.commands.executeCommand<{ status: string; message?: string }>('synctemplate.pull', { id: 'any' });
      assert.deepEqual(pull, { status: 'refused', message: 'untrusted workspace' });
      await vscode.commands.executeCommand('synctemplate.setToken', fake.token);
      assert.deepEqual(await fake.requests(), []);
    });
  });
});
