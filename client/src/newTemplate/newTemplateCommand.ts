import * as vscode from 'vscode';
import { isStarterId, STARTER_APIS, STARTERS, starterTemplate, type StarterId } from '../../../server/src/service/starters/starterTemplates';

const LANGUAGE_ID = 'synctemplate';

/** Arguments `synctemplate.newTemplate` accepts, so automation and tests can skip the pickers. */
export interface NewTemplateArgs {
  readonly starter?: StarterId;
  /** A unified API slug from the bundled catalogue, e.g. `ticketing`. */
  readonly api?: string;
}

export interface NewTemplateResult {
  readonly status: 'opened' | 'cancelled' | 'refused';
  readonly uri?: string;
  readonly message?: string;
}

async function pickStarter(): Promise<StarterId | undefined> {
  const picked = await vscode.window.showQuickPick(
    STARTERS.map((s) => ({ label: vscode.l10n.t(s.label), detail: vscode.l10n.t(s.detail), id: s.id })),
    { title: vscode.l10n.t('New Sync Job Template (1/2): starting point'), placeHolder: vscode.l10n.t('What should the job do?'), matchOnDetail: true, ignoreFocusOut: true },
  );
  return picked?.id;
}

async function pickApi(): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    STARTER_APIS.map((a) => ({ label: a.api, description: vscode.l10n.t('{0}: {1}, then {2}', a.label, a.parent, a.child), api: a.api })),
    { title: vscode.l10n.t('New Sync Job Template (2/2): unified API'), placeHolder: vscode.l10n.t('Which unified API does it read? (the resources can be changed afterwards)'), matchOnDescription: true, ignoreFocusOut: true },
  );
  return picked?.api;
}

/**
 * An empty untitled document whose path (in the first workspace folder) is the name Save suggests:
 * `name.synctemplate.json`, or `name-2.synctemplate.json` and so on when that one is already open.
 */
async function emptyUntitledDocument(fileName: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.path ?? '';
  const stem = fileName.replace(/\.synctemplate\.json$/, '');
  const taken = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  for (let n = 1; ; n++) {
    const path = `${folder}/${n === 1 ? stem : `${stem}-${n}`}.synctemplate.json`;
    if (taken.has(path)) continue;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path }));
    // An untitled document restored with content (hot exit) keeps its text: take the next name.
    if (document.getText().length === 0) return document;
  }
}

/**
 * `Synctemplate: New Sync Job Template` (also in File › New File…): asks for a starting point and a
 * unified API, then opens an untitled `*.synctemplate.json` holding a template that checks clean,
 * inserted as a snippet so the cursor is on the label and Tab moves to the next thing to fill in.
 * Saving suggests the file name. Nothing is written to disk and nothing is sent.
 */
export async function newTemplate(args: NewTemplateArgs = {}): Promise<NewTemplateResult> {
  if (args.starter !== undefined && !isStarterId(args.starter)) {
    return { status: 'refused', message: `unknown starting point "${String(args.starter)}": use ${STARTERS.map((s) => s.id).join(', ')}` };
  }
  const starter = args.starter ?? (await pickStarter());
  if (!starter) return { status: 'cancelled' };
  const api = args.api ?? (await pickApi());
  if (!api) return { status: 'cancelled' };
  const template = starterTemplate(starter, api);
  if (!template) return { status: 'refused', message: `no starting point for the unified API "${api}": use ${STARTER_APIS.map((a) => a.api).join(', ')}` };

  const document = await emptyUntitledDocument(template.fileName);
  const typed = document.languageId === LANGUAGE_ID ? document : await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  const editor = await vscode.window.showTextDocument(typed);
  const inserted = await editor.insertSnippet(new vscode.SnippetString(template.snippet), new vscode.Position(0, 0));
  if (!inserted) return { status: 'refused', uri: typed.uri.toString(), message: 'the editor did not accept the template text' };
  return { status: 'opened', uri: typed.uri.toString() };
}
