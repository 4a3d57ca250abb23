import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsOf, eventually, EXTENSION_ID, open, positionOf, workspaceFile } from './helpers';

interface PreviewResult {
  readonly uri: string;
  readonly text: string;
}

function previewDocument(uri: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
}

/** Replaces the first occurrence of `from` in an open document (unsaved, as typing would). */
async function replaceIn(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const start = positionOf(document, from);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(start, document.positionAt(document.offsetAt(start) + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('the extension in a real editor: sample arguments and Preview Requests', () => {
  before(async () => {
    await open('preview.synctemplate.json');
    await eventually('the extension to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });

  after(async () => {
    // Leave the fixtures as they were on disk for the other suites.
    for (const name of ['preview.synctemplate.json', 'preview.synctemplate.args.json']) {
      const document = await vscode.workspace.openTextDocument(workspaceFile(name));
      if (document.isDirty) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  });

  it('opens the preview beside the template, read-only, with the requests resolved from the args file', async () => {
    const editor = await open('preview.synctemplate.json');
    const result = await vscode.commands.executeCommand<PreviewResult>('synctemplate.preview', { uri: editor.document.uri.toString() });
    assert.ok(result, 'the command returns the preview');
    assert.match(result.uri, /^synctemplate-preview:/);
    const shown = await eventually('the preview editor to be visible', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === result.uri));
    assert.notEqual(shown.viewColumn, editor.viewColumn, 'beside the template');
    assert.equal(shown.document.languageId, 'markdown');
    const text = shown.document.getText();
    assert.match(text, /^# Preview: preview\.synctemplate\.json/);
    assert.match(text, /sample values from `preview\.synctemplate\.args\.json`/);
    assert.match(text, /## 2\. list ticketing\/tickets \(node tickets\)/);
    assert.match(text, /"gt": "2024-01-01"/);
    assert.match(text, /loop_on resources\.ticketing\.tickets: element 2 of 2/);
    assert.match(text, /"ticket_id": "102"/);
    assert.match(text, /"subject": "PRINTER ON FIRE"/, 'the transform ran with Truto\'s JSONata');
    assert.match(text, /to-webhook: destination \(webhook\) \[not simulated\]/);
    assert.match(text, /3 requests, 6 entries, 0 unresolved/);
    // A virtual document: not a file, cannot be saved over anything.
    assert.equal(shown.document.uri.scheme, 'synctemplate-preview');
  });

  it('refreshes the preview on an edit of the args file and of the template', async () => {
    const template = await open('preview.synctemplate.json');
    const result = (await vscode.commands.executeCommand<PreviewResult>('synctemplate.preview', { uri: template.document.uri.toString() }))!;
    const args = await vscode.workspace.openTextDocument(workspaceFile('preview.synctemplate.args.json'));
    await replaceIn(args, '"2024-01-01"', '"2024-03-15"');
    await eventually('the preview to show the new start date', () => previewDocument(result.uri)?.getText().includes('"gt": "2024-03-15"'));
    await replaceIn(template.document, '"ticket_id": "{{resources.ticketing.tickets.id}}"', '"ticket": "{{resources.ticketing.tickets.subject}}"');
    await eventually('the preview to show the edited query', () => previewDocument(result.uri)?.getText().includes('"ticket": "Password reset"'));
  });

  it('serves the args file: its own language, argument diagnostics from the template', async () => {
    const editor = await open('preview.synctemplate.args.json');
    assert.equal(editor.document.languageId, 'synctemplate-args');
    await replaceIn(editor.document, '"0b6f7c1e-2d3a-4f5b-8c9d-0e1f2a3b4c5d"', '"not-an-id"');
    const found = await eventually('sample-arg-format on webhook_id', () => diagnosticsOf(editor.document.uri).find((d) => codeOf(d) === 'sample-arg-format'));
    assert.equal(editor.document.getText(found.range), '"not-an-id"');
    assert.ok(diagnosticsOf(editor.document.uri).every((d) => d.source === 'synctemplate'), 'no duplicates from the JSON language server');
  });
});
