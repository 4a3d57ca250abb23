import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient } from '../support/lspClient';
import { domainV4Nodes, v4Template, withNode } from '../support/v4Templates';

const URI = 'file:///ws/nodes.synctemplate.json';

/** The domain example plus a node reading `tickets` by name (placeholder and loop_on), and a depends_on typo. */
const TEXT = v4Template({
  nodes: [
    ...withNode(domainV4Nodes(), 'to-webhook', (n) => ({ ...n, resources_to_persist: ['tickets', 'comments', 'users'] })),
    {
      name: 'users',
      type: 'request',
      depends_on: 'tickets',
      resource: 'ticketing/users',
      method: 'get',
      loop_on: 'resources.tickets',
      id: '{{resources.tickets.assignee_id}}',
      integrated_account_id: '{{args.integrated_account_id}}',
    },
    { name: 'late', type: 'spool', depends_on: 'commnts' },
  ],
});
const DOC = TextDocument.create(URI, 'synctemplate', 1, TEXT);
const position = (marker: string, shift: number, occurrence = 0) => {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = TEXT.indexOf(marker, index + 1);
  assert.ok(index >= 0, marker);
  return DOC.positionAt(index + shift);
};

describe('runtime 4 nodes over LSP against dist/server.js', () => {
  const client = new LspTestClient({ settings: {} });
  let diagnostics: Diagnostic[] = [];
  before(async () => {
    await client.initialize();
    await client.open(URI, TEXT);
    diagnostics = await client.diagnostics(URI, (d) => d.length > 0);
  });
  after(() => client.stop());

  it('publishes depends-on-unknown (and nothing else) with a did-you-mean fix', async () => {
    assert.deepEqual(diagnostics.map((d) => d.code), ['depends-on-unknown']);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: diagnostics[0].range, context: { diagnostics } })) as CodeAction[];
    assert.equal(actions[0].title, 'Change to "comments"');
  });

  it('completes node names in depends_on, never the node itself or one downstream of it', async () => {
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: position('"depends_on": "expose-cursor"', 16) })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('cursor') && labels.includes('done'), labels.join());
    for (const excluded of ['tickets', 'comments', 'users']) assert.ok(!labels.includes(excluded), excluded);
  });

  it('completes upstream node names after {{resources.', async () => {
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: position('{{resources.tickets.assignee_id}}', 12) })) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label).slice(0, 4), ['cursor', 'expose-cursor', 'tickets', 'ticketing.tickets']);
  });

  it('renames a node across its name, depends_on, resources_to_persist, placeholders and loop_on', async () => {
    const at = position('"name": "tickets"', 10);
    const prepared = (await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: URI }, position: at })) as { placeholder: string };
    assert.equal(prepared.placeholder, 'tickets');
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri: URI }, position: at, newName: 'open-tickets' })) as WorkspaceEdit;
    const edits = edit.changes?.[URI] ?? [];
    const renamed = TextDocument.applyEdits(DOC, edits);
    // The name, two depends_on, one resources_to_persist entry, one loop_on path, one placeholder.
    assert.equal(edits.length, 6);
    assert.ok(renamed.includes('"loop_on": "resources.open-tickets"') && renamed.includes('{{resources.open-tickets.assignee_id}}'));
    assert.ok(renamed.includes('"resources_to_persist": [\n        "open-tickets"'));
    assert.equal(renamed.match(/"depends_on": "open-tickets"/g)?.length, 2);
  });
});
