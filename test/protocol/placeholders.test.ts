import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, SemanticTokens, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const URI = 'file:///ws/placeholders.synctemplate.json';
const TEXT = `{
  "label": "t",
  "default_runtime_version": 3,
  "args_schema": { "user_id": { "type": "string" } },
  "resources": [
    { "resource": "ticketing/tickets", "method": "list", "query": { "u": "{{args.usr_id}}", "v": "{{args.user_id}}" } }
  ]
}`;

const LINE5 = TEXT.split('\n')[5];
const USR = LINE5.indexOf('usr_id');
const USER = LINE5.indexOf('user_id');

describe('placeholder features over LSP against dist/server.js', () => {
  const client = new LspTestClient({ settings: {} });
  let diagnostics: Diagnostic[] = [];
  before(async () => {
    await client.initialize();
    await client.open(URI, TEXT);
    diagnostics = await client.diagnostics(URI, (d) => d.length > 0);
  });
  after(() => client.stop());

  it('publishes unknown-arg with its code, on the name', () => {
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'unknown-arg');
    assert.deepEqual(diagnostics[0].range, { start: { line: 5, character: USR }, end: { line: 5, character: USR + 6 } });
  });

  it('completes argument names inside a placeholder, replacing only the token', async () => {
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: { line: 5, character: USR + 2 } })) as CompletionList;
    const item = list.items.find((i) => i.label === 'user_id');
    assert.ok(item);
    assert.deepEqual((item.textEdit as { range: unknown }).range, { start: { line: 5, character: USR }, end: { line: 5, character: USR + 6 } });
  });

  it('offers the quick fix for the diagnostic', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    assert.equal(actions[0].title, 'Change to "user_id"');
    assert.equal(actions[0].edit?.changes?.[URI]?.[0].newText, 'user_id');
  });

  it('renames an argument across the key and the placeholders', async () => {
    const prepared = (await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: URI }, position: { line: 5, character: USER + 1 } })) as {
      placeholder: string;
    };
    assert.equal(prepared.placeholder, 'user_id');
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri: URI }, position: { line: 5, character: USER + 1 }, newName: 'agent' })) as WorkspaceEdit;
    assert.deepEqual(edit.changes?.[URI]?.map((e) => e.range.start.line), [3, 5]);
  });

  it('refuses a rename where there is nothing to rename, with a message', async () => {
    await assert.rejects(
      client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: URI }, position: { line: 1, character: 4 } }),
      /Put the cursor on an argument/,
    );
  });

  it('answers definition and semantic tokens', async () => {
    const locations = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: URI }, position: { line: 5, character: USER + 1 } })) as { range: { start: { line: number } } }[];
    assert.equal(locations[0].range.start.line, 3);
    const tokens = (await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: URI } })) as SemanticTokens;
    assert.equal(tokens.data.length % 5, 0);
    assert.ok(tokens.data.length >= 5 * 8);
  });
});
