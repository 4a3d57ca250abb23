import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsOf, eventually, EXTENSION_ID, open, positionOf } from './helpers';

describe('the extension in a real editor: language features', () => {
  before(async () => {
    await open('tickets.synctemplate.json');
    await eventually('the extension to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });

  it('gives *.synctemplate.json the synctemplate language', async () => {
    const editor = await open('tickets.synctemplate.json');
    assert.equal(editor.document.languageId, 'synctemplate');
  });

  it('reports schema and placeholder problems with their codes, and only ours (no JSON server duplicates)', async () => {
    const { document } = await open('broken.synctemplate.json');
    const diagnostics = await eventually('diagnostics on broken.synctemplate.json', () => {
      const found = diagnosticsOf(document.uri);
      return found.some((d) => codeOf(d) === 'unknown-arg') && found.some((d) => codeOf(d) === 'schema') ? found : undefined;
    });
    assert.ok(diagnostics.every((d) => d.source === 'synctemplate'), JSON.stringify(diagnostics.map((d) => d.source)));
    const unknownArg = diagnostics.find((d) => codeOf(d) === 'unknown-arg')!;
    assert.equal(document.getText(unknownArg.range), 'usr_id');
    assert.equal(unknownArg.severity, vscode.DiagnosticSeverity.Error);
  });

  it('applies a severity override from settings', async () => {
    const { document } = await open('broken.synctemplate.json');
    const config = vscode.workspace.getConfiguration('synctemplate');
    await config.update('diagnostics', { 'unknown-arg': 'warning' }, vscode.ConfigurationTarget.Global);
    try {
      await eventually('unknown-arg as a warning', () =>
        diagnosticsOf(document.uri).find((d) => codeOf(d) === 'unknown-arg' && d.severity === vscode.DiagnosticSeverity.Warning),
      );
    } finally {
      await config.update('diagnostics', undefined, vscode.ConfigurationTarget.Global);
    }
    await eventually('unknown-arg back to an error', () => diagnosticsOf(document.uri).find((d) => codeOf(d) === 'unknown-arg' && d.severity === vscode.DiagnosticSeverity.Error));
  });

  it('completes argument names inside {{args.}}, replacing only the token, without duplicates', async () => {
    const { document } = await open('tickets.synctemplate.json');
    const position = positionOf(document, '{{args.user_id}}', '{{args.'.length);
    const list = await eventually('completion items', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      return result.items.length > 0 ? result : undefined;
    });
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('user_id') && labels.includes('page_size'), labels.join(', '));
    assert.equal(new Set(labels).size, labels.length, `duplicates in ${labels.join(', ')}`);
    const item = list.items.find((i) => i.label === 'user_id')!;
    const range = item.range instanceof vscode.Range ? item.range : item.range!.replacing;
    assert.equal(document.getText(range), 'user_id');
  });

  it('shows an argument on hover', async () => {
    const { document } = await open('tickets.synctemplate.json');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'user_id}}', 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /The agent whose tickets are synced/);
  });

  it('goes to the argument’s definition from a placeholder', async () => {
    const { document } = await open('tickets.synctemplate.json');
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, positionOf(document, 'user_id}}', 2));
    const range = 'targetRange' in locations[0] ? locations[0].targetRange : locations[0].range;
    assert.equal(range.start.line, positionOf(document, '"user_id": {').line);
  });

  it('renames an argument across its key and its placeholders', async () => {
    const { document } = await open('tickets.synctemplate.json');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, positionOf(document, 'user_id}}', 2), 'agent_id');
    const edits = edit.get(document.uri);
    assert.equal(edits.length, 2);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(document.getText(), /"agent_id": \{ "type": "string"/);
    assert.match(document.getText(), /\{\{args\.agent_id\}\}/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.match(document.getText(), /\{\{args\.user_id\}\}/);
  });

  it('fixes a problem with a quick fix', async () => {
    const { document } = await open('broken.synctemplate.json');
    const diagnostic = await eventually('unknown-arg', () => diagnosticsOf(document.uri).find((d) => codeOf(d) === 'unknown-arg'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "user_id"');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await eventually('unknown-arg to go away', () => !diagnosticsOf(document.uri).some((d) => codeOf(d) === 'unknown-arg'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
