import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, InitializeResult, TextEdit } from 'vscode-languageserver-protocol';
import { convertToRuntime4, isConverted } from '../../server/src/service/convert/convertToRuntime4';
import { readExample } from '../support/fixtures';
import { LspTestClient } from '../support/lspClient';

const URI = 'file:///ws/zendesk.synctemplate.json';
const TEXT = readExample('zendesk-tickets-with-comments.synctemplate.json');
/** A runtime 3 template the conversion must refuse: its one step depends on itself. */
const SELF_DEPENDENT = '{\n  "label": "x",\n  "default_runtime_version": 3,\n  "resources": [ { "resource": "a", "method": "list", "depends_on": "a" } ]\n}\n';

/** The code actions the server offers at one position, without diagnostics, optionally of some kinds only. */
async function codeActionsAt(client: LspTestClient, uri: string, line: number, character: number, only?: string[]): Promise<CodeAction[]> {
  return (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character }, end: { line, character } },
    context: { diagnostics: [], ...(only ? { only } : {}) },
  })) as CodeAction[];
}

describe('LSP: "Convert to runtime 4" against dist/server.js', () => {
  const client = new LspTestClient({ settings: {} });
  let initialized: InitializeResult;
  before(async () => {
    initialized = await client.initialize();
    await client.open(URI, TEXT);
    await client.diagnostics(URI);
  });
  after(async () => assert.equal(await client.stop(), 0));

  it('advertises refactor.rewrite among its code action kinds', () => {
    const provider = initialized.capabilities.codeActionProvider;
    assert.ok(typeof provider === 'object' && provider.codeActionKinds?.includes('refactor.rewrite'), JSON.stringify(provider));
    assert.ok(provider.codeActionKinds?.includes('quickfix'));
  });

  it('offers the action on default_runtime_version; its one edit produces the converted text', async () => {
    const line = TEXT.split('\n').findIndex((l) => l.includes('"default_runtime_version"'));
    const character = TEXT.split('\n')[line].indexOf('3');
    const actions = await codeActionsAt(client, URI, line, character, ['refactor.rewrite']);
    assert.equal(actions.length, 1, JSON.stringify(actions));
    const [action] = actions;
    assert.equal(action.kind, 'refactor.rewrite');
    assert.equal(action.title, 'Convert to runtime 4 (node graph)');
    const edits = action.edit?.changes?.[URI] as TextEdit[];
    assert.equal(edits.length, 1);
    const result = TextDocument.applyEdits(TextDocument.create(URI, 'synctemplate', 1, TEXT), edits);
    const expected = convertToRuntime4(TEXT);
    assert.ok(isConverted(expected));
    assert.equal(result, expected.text);

    // The converted document, opened, checks clean over the protocol too.
    const convertedUri = 'file:///ws/zendesk-v4.synctemplate.json';
    await client.open(convertedUri, result);
    const diagnostics = await client.diagnostics(convertedUri);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1 || d.severity === 2), []);
  });

  it('offers nothing for a file it must refuse to a client that cannot show disabled actions', async () => {
    const uri = 'file:///ws/cycle.synctemplate.json';
    await client.open(uri, SELF_DEPENDENT);
    await client.diagnostics(uri);
    const actions = await codeActionsAt(client, uri, 2, 29);
    assert.ok(!actions.some((a) => a.kind === 'refactor.rewrite' || a.disabled), JSON.stringify(actions));
  });

  it('offers nothing for a quick-fix-only request or away from the version', async () => {
    const line = TEXT.split('\n').findIndex((l) => l.includes('"default_runtime_version"'));
    const quickFixesOnly = await codeActionsAt(client, URI, line, 4, ['quickfix']);
    assert.ok(!quickFixesOnly.some((a) => a.kind === 'refactor.rewrite'));
    const elsewhere = await codeActionsAt(client, URI, 2, 4);
    assert.ok(!elsewhere.some((a) => a.kind === 'refactor.rewrite'));
  });
});

describe('LSP: a refused conversion, for a client that shows disabled actions', () => {
  const client = new LspTestClient();
  after(async () => assert.equal(await client.stop(), 0));

  it('gets the action disabled, with the reason', async () => {
    // Initialised by hand: this client declares codeAction.disabledSupport (as VS Code does).
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { codeAction: { disabledSupport: true } } } });
    await client.connection.sendNotification('initialized', {});
    const uri = 'file:///ws/self.synctemplate.json';
    await client.open(uri, SELF_DEPENDENT);
    await client.diagnostics(uri);
    const actions = await codeActionsAt(client, uri, 2, 29, ['refactor']);
    assert.equal(actions.length, 1, JSON.stringify(actions));
    assert.equal(actions[0].kind, 'refactor.rewrite');
    assert.equal(actions[0].edit, undefined);
    assert.match(actions[0].disabled?.reason ?? '', /The step "a" depends on itself/);
  });
});
