import * as vscode from 'vscode';
import { PREVIEW_SCHEME, PreviewDocuments, previewUriFor, templateUriOf } from './previewDocuments';

const LANGUAGES = ['synctemplate', 'synctemplate-args'];

/** What `synctemplate.preview` returns (for tests and automation). */
export interface PreviewResult {
  readonly uri: string;
  readonly text: string;
}

/**
 * "Preview Requests": opens the read-only preview of the active template (or of the template
 * beside the active args file) in the column beside it, and a code lens above both files.
 */
export class PreviewCommands implements vscode.Disposable {
  private readonly documents: PreviewDocuments;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    this.documents = new PreviewDocuments(context.asAbsolutePath('dist'));
    this.disposables.push(
      this.documents,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this.documents),
      vscode.commands.registerCommand('synctemplate.preview', (args?: { uri?: string } | vscode.Uri) => this.preview(args)),
      vscode.languages.registerCodeLensProvider(LANGUAGES.map((language) => ({ language })), new PreviewCodeLens()),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  async preview(args?: { uri?: string } | vscode.Uri): Promise<PreviewResult | undefined> {
    const given = args instanceof vscode.Uri ? args : args?.uri ? vscode.Uri.parse(args.uri) : undefined;
    const source = given ?? vscode.window.activeTextEditor?.document.uri;
    if (!source || source.scheme === PREVIEW_SCHEME) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a sync job template (*.synctemplate.json) to preview its requests.'));
      return undefined;
    }
    const uri = previewUriFor(templateUriOf(source));
    const document = await vscode.workspace.openTextDocument(uri);
    const markdown = document.languageId === 'markdown' ? document : await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(markdown, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    return { uri: uri.toString(), text: markdown.getText() };
  }
}

/** "Preview Requests" above a template and above its sample arguments file. */
class PreviewCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: vscode.l10n.t('$(open-preview) Preview Requests'),
        command: 'synctemplate.preview',
        arguments: [{ uri: document.uri.toString() }],
      }),
    ];
  }
}
