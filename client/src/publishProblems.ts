import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { fieldProblems } from '../../server/src/publish/apiErrors';

/**
 * Truto's own validation errors (400/422 `details`), shown on the fields they name until the
 * next edit of the file.
 */
export class PublishProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('synctemplate-publish');
  private readonly subscription = vscode.workspace.onDidChangeTextDocument((event) => {
    if (event.contentChanges.length > 0) this.collection.delete(event.document.uri);
  });

  show(document: vscode.TextDocument, details: unknown, summary: string): void {
    const text = document.getText();
    const root = parseTree(text);
    const problems = fieldProblems(details);
    const diagnostics = (problems.length > 0 ? problems : [{ path: [], message: summary }]).map((problem) => {
      let node = undefined as ReturnType<typeof findNodeAtLocation>;
      for (let depth = problem.path.length; depth > 0 && root && !node; depth--) node = findNodeAtLocation(root, problem.path.slice(0, depth));
      const target = node?.parent?.type === 'property' ? node.parent : node;
      const range = target
        ? new vscode.Range(document.positionAt(target.offset), document.positionAt(target.offset + target.length))
        : new vscode.Range(0, 0, 0, 1);
      const diagnostic = new vscode.Diagnostic(range, vscode.l10n.t('Truto: {0}', problem.message), vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'truto';
      diagnostic.code = 'truto-validation';
      return diagnostic;
    });
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    this.collection.dispose();
    this.subscription.dispose();
  }
}
