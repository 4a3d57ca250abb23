import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InsertTextFormat, type CompletionList, type Diagnostic, type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const URI = 'file:///ws/nodes.synctemplate.json';
// Line 4 holds a node of each kind the tests below look at; columns are found by text.
const TEXT = `{
  "label": "t",
  "default_runtime_version": 4,
  "resources": [
    { "name": "shape", "type": "transform", "config": { "expression": "$" }, "loop_on": "x" },
    { "name": "n", "type":  }
  ]
}`;
const LINES = TEXT.split('\n');

describe('runtime 4 node schema over LSP against dist/server.js', () => {
  const client = new LspTestClient({ settings: {} });
  let diagnostics: Diagnostic[] = [];
  before(async () => {
    await client.initialize();
    await client.open(URI, TEXT);
    diagnostics = await client.diagnostics(URI, (d) => d.some((x) => x.code === 'schema'));
  });
  after(() => client.stop());

  it('publishes a key the node type does not take as a schema error naming the type, on the key', () => {
    const foreign = diagnostics.filter((d) => d.code === 'schema' && d.range.start.line === 4);
    assert.equal(foreign.length, 1, JSON.stringify(diagnostics));
    assert.match(String(foreign[0].message), /^`loop_on` is not a field of a `transform` node/);
    assert.equal(foreign[0].range.start.character, LINES[4].indexOf('"loop_on"'));
  });

  it('completes the node types as values of type', async () => {
    const list = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: URI },
      position: { line: 5, character: LINES[5].indexOf('"type":') + '"type": '.length },
    })) as CompletionList;
    const labels = list.items.map((i) => i.label).sort();
    assert.deepEqual(labels, ['"add_context"', '"delete_state"', '"destination"', '"event"', '"get_state"', '"request"', '"spool"', '"transform"', '"update_state"']);
  });

  it('completes a whole node per type as a snippet in the resources array', async () => {
    const list = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: URI },
      position: { line: 3, character: LINES[3].indexOf('[') + 1 },
    })) as CompletionList;
    const request = list.items.find((i) => i.label === 'Request node');
    assert.ok(request, list.items.map((i) => i.label).join(', '));
    assert.equal(request.insertTextFormat, InsertTextFormat.Snippet);
    const text = (request.textEdit as { newText: string }).newText;
    for (const key of ['"resource"', '"method"', '"integrated_account_id"']) assert.ok(text.includes(key), text);
    for (const label of ['Transform node', 'Destination node (webhook)', 'Event node', 'Update state node']) {
      assert.ok(list.items.some((i) => i.label === label), label);
    }
  });

  it('documents a node field on hover', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 4, character: LINES[4].indexOf('"expression"') + 3 },
    })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /replaces\*\* the batch/);
  });
});
