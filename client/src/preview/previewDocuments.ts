import * as vscode from 'vscode';
import { argsFileFor, isArgsFileName, templateFor } from '../../../server/src/service/argsFile/argsFileNames';
import { loadPreviewEngine, type PreviewEngine } from '../../../server/src/preview/loadPreviewEngine';

/** The scheme of the read-only preview documents. */
export const PREVIEW_SCHEME = 'synctemplate-preview';

/** The preview document of a template: its path with `.preview.md`, the template's URI in the query. */
export function previewUriFor(template: vscode.Uri): vscode.Uri {
  const name = template.path.slice(template.path.lastIndexOf('/') + 1).replace(/\.json$/i, '');
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}.preview.md`, query: template.toString() });
}

export function templateOfPreview(preview: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(preview.query);
}

/** The template a document belongs to: itself, or the template beside an args file. */
export function templateUriOf(uri: vscode.Uri): vscode.Uri {
  if (!isArgsFileName(uri.path)) return uri;
  return uri.with({ path: templateFor(uri.path) ?? uri.path });
}

/** The text of a file: the open buffer (unsaved edits count), else what is on disk; undefined when there is none. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * Serves the preview documents: every request a run of the template would make with the sample
 * arguments beside it, rendered as markdown. The engine (dist/preview.js, with Truto's JSONata)
 * is loaded on the first preview, never at activation. Refreshed on every edit of the template or
 * its args file, and when the args file appears, changes or goes on disk.
 */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private engine: PreviewEngine | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly engineDirectory: string) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.synctemplate{,.args}.json');
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidChange((uri) => this.refreshFor(uri)),
      watcher.onDidCreate((uri) => this.refreshFor(uri)),
      watcher.onDidDelete((uri) => this.refreshFor(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => this.refreshFor(event.document.uri)),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }

  /** Whether a preview of this template is open (so edits are worth re-rendering). */
  private openPreview(template: vscode.Uri): vscode.Uri | undefined {
    const uri = previewUriFor(template);
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()) ? uri : undefined;
  }

  private refreshFor(uri: vscode.Uri): void {
    if (uri.scheme === PREVIEW_SCHEME) return;
    const preview = this.openPreview(templateUriOf(uri));
    if (!preview) return;
    const key = preview.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    // Typing produces an edit per key: render once the typing pauses.
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.changed.fire(preview);
    }, 250));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const template = templateOfPreview(uri);
    const name = template.path.slice(template.path.lastIndexOf('/') + 1);
    const templateText = await readText(template);
    if (templateText === undefined) return vscode.l10n.t('# Preview: {0}\n\nThe template cannot be read.\n', name);
    const argsUri = template.with({ path: argsFileFor(template.path) ?? `${template.path}.args.json` });
    const argsText = await readText(argsUri);
    try {
      this.engine ??= loadPreviewEngine(this.engineDirectory);
      const argsName = argsUri.path.slice(argsUri.path.lastIndexOf('/') + 1);
      const report = await this.engine.previewTemplate({ templateText, ...(argsText !== undefined ? { argsText, argsFile: argsName } : {}) });
      return this.engine.renderMarkdown(report, name);
    } catch (error) {
      // The engine reports problems in the document; this is for a broken installation.
      return vscode.l10n.t('# Preview: {0}\n\nThe preview engine failed: {1}\n', name, error instanceof Error ? error.message : String(error));
    }
  }
}
