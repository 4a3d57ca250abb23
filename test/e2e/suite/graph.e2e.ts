import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, EXTENSION_ID, open, positionOf } from './helpers';

/** What synctemplate.showGraph returns (client/src/webviews/graph/graphPanel.ts). */
interface ShowGraphResult {
  readonly uri: string;
  readonly drawn: boolean;
  readonly nodes: number;
  readonly edges: number;
  readonly layoutMs: number;
}

const FIXTURE = 'pipeline.synctemplate.json';
// pipeline.synctemplate.json: 9 nodes plus one name that is not defined ("ticket"); 6 depends_on
// edges (one from the missing name) and 2 resources_to_persist edges.
const NODES = 10;
const EDGES = 8;

function graphTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('synctemplate.graph'));
}

async function closeGraphs(): Promise<void> {
  await vscode.window.tabGroups.close(graphTabs());
}

describe('the extension in a real editor: template graph', () => {
  before(async () => {
    await open(FIXTURE);
    await eventually('the extension to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });
  afterEach(closeGraphs);

  it('opens the graph beside the editor, drawn with one element per node and edge', async () => {
    const editor = await open(FIXTURE);
    const result = await vscode.commands.executeCommand<ShowGraphResult>('synctemplate.showGraph');
    assert.ok(result, 'the command returns what it drew');
    assert.equal(result.drawn, true, JSON.stringify(result));
    assert.equal(result.uri, editor.document.uri.toString());
    assert.deepEqual([result.nodes, result.edges], [NODES, EDGES]);
    const tabs = graphTabs();
    assert.equal(tabs.length, 1);
    assert.equal(tabs[0].label, `Graph: ${FIXTURE}`);
    assert.notEqual(tabs[0].group.viewColumn, editor.viewColumn, 'the graph opens beside the editor');
    // The editor keeps the focus, so typing goes on.
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
  });

  it('reuses the panel when asked again for the same template, also from the editor title (a Uri argument)', async () => {
    const editor = await open(FIXTURE);
    await vscode.commands.executeCommand<ShowGraphResult>('synctemplate.showGraph');
    const again = await vscode.commands.executeCommand<ShowGraphResult>('synctemplate.showGraph', editor.document.uri);
    assert.equal(again?.drawn, true);
    assert.equal(graphTabs().length, 1);
  });

  it('redraws while the template is edited', async () => {
    const editor = await open(FIXTURE);
    const { document } = editor;
    const original = document.getText();
    await vscode.commands.executeCommand<ShowGraphResult>('synctemplate.showGraph');
    try {
      // A new node that depends on "done": one more node and one more edge.
      const at = positionOf(document, '"resources": [', '"resources": ['.length);
      const inserted = await editor.edit((edit) => edit.insert(at, '\n    { "name": "log-done", "type": "spool", "depends_on": "done" },'));
      assert.ok(inserted);
      const redrawn = await eventually('the graph to redraw with the new node', async () => {
        const result = await vscode.commands.executeCommand<ShowGraphResult>('synctemplate.showGraph');
        return result?.nodes === NODES + 1 ? result : undefined;
      });
      assert.equal(redrawn.edges, EDGES + 1);
    } finally {
      await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original));
      await vscode.commands.executeCommand('workbench.action.files.save');
    }
  });

  it('says what to do, and opens nothing, when the active editor is not a template', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'not a template' });
    await vscode.window.showTextDocument(document);
    const result = await vscode.commands.executeCommand<ShowGraphResult | undefined>('synctemplate.showGraph');
    assert.equal(result, undefined);
    assert.equal(graphTabs().length, 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('closes cleanly and opens again', async () => {
    await open(FIXTURE);
    await vscode.commands.executeCommand<ShowGraphResult>('synctemplate.showGraph');
    await closeGraphs();
    assert.equal(graphTabs().length, 0);
    await open(FIXTURE);
    const reopened = await vscode.commands.executeCommand<ShowGraphResult>('synctemplate.showGraph');
    assert.equal(reopened?.drawn, true);
    assert.equal(graphTabs().length, 1);
  });
});
