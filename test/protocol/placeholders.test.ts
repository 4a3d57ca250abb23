import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, SemanticTokens, SemanticTokensDelta, WorkspaceEdit } from 'vscode-languageserver-protocol';
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

  it('answers semantic tokens after an edit with the changes only, which give the full answer', async () => {
    const uri = 'file:///ws/tokens-delta.synctemplate.json';
    const steps = Array.from({ length: 200 }, (_, i) => `    { "resource": "crm/contacts", "method": "list", "query": { "id": "{{args.user_id}}", "n": "${i}" } }`);
    const text = (list: string[]) => `{\n  "label": "t",\n  "args_schema": { "user_id": { "type": "string" } },\n  "resources": [\n${list.join(',\n')}\n  ]\n}\n`;
    await client.open(uri, text(steps));
    const full = (await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
    assert.ok(full.resultId);
    let data = full.data;
    let resultId = full.resultId;
    // A placeholder added in the middle, one removed at the start, a line break typed at the end.
    const added = steps.map((s, i) => (i === 100 ? s.replace('"n": "100"', '"n": "{{args.user_id}}"') : s));
    const removed = added.slice(1);
    const versions = [added, removed, [...removed.slice(0, -1), removed[removed.length - 1].replace('"method"', '\n      "method"')]];
    for (const [index, version] of versions.entries()) {
      await client.change(uri, text(version), index + 2);
      const answer = (await client.connection.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: resultId })) as SemanticTokensDelta;
      assert.ok(answer.resultId && answer.edits, JSON.stringify(answer).slice(0, 200));
      const changed = answer.edits.reduce((sum, edit) => sum + (edit.data?.length ?? 0), 0);
      assert.ok(changed < 40, `${changed} integers sent for a one-place edit (version ${index + 2}): ${JSON.stringify(answer.edits.map((e) => [e.start, e.deleteCount, e.data?.length]))} of ${data.length}`);
      data = [...data];
      for (const edit of [...answer.edits].sort((a, b) => b.start - a.start)) data.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
      resultId = answer.resultId;
      const fresh = (await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
      assert.deepEqual(data, fresh.data);
      resultId = fresh.resultId!;
    }
    // A delta against an answer the server no longer holds comes back in full.
    const stale = (await client.connection.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: 'unknown' })) as SemanticTokens;
    assert.equal(stale.data.length, data.length);
  });
});
