import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { readRuntimeVersion } from './topLevelValue';

const SCHEMA_FILE = 'schemas/synctemplate.schema.json';

function describeRuntime(version: number | undefined): string {
  if (version === undefined) return vscode.l10n.t('runtime not set (checked as legacy 1–3)');
  if (version >= 4) return vscode.l10n.t('runtime {0} (nodes)', version);
  return vscode.l10n.t('runtime {0} (legacy steps)', version);
}

/**
 * A language-status item that says the open template is validated, against which schema and
 * for which runtime format, and turns into an error when the server is not running.
 */
export function registerLanguageStatus(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.languages.createLanguageStatusItem('synctemplate.status', { language: 'synctemplate' });
  item.name = vscode.l10n.t('Synctemplate');
  context.subscriptions.push(item);
  const schemaUri = vscode.Uri.joinPath(context.extensionUri, SCHEMA_FILE);
  let timer: NodeJS.Timeout | undefined;

  const update = (): void => {
    if (client.state !== State.Running) {
      item.severity = vscode.LanguageStatusSeverity.Error;
      item.text = vscode.l10n.t('Synctemplate: server not running');
      item.detail = vscode.l10n.t('Templates are not validated');
      item.command = { title: vscode.l10n.t('Show Log'), command: 'synctemplate.showServerLog' };
      return;
    }
    const editor = vscode.window.activeTextEditor;
    const version = editor?.document.languageId === 'synctemplate' ? readRuntimeVersion(editor.document.getText()) : undefined;
    item.severity = vscode.LanguageStatusSeverity.Information;
    item.text = vscode.l10n.t('Sync job template');
    item.detail = vscode.l10n.t('Validated against the bundled synctemplate.schema.json · {0}', describeRuntime(version));
    item.command = { title: vscode.l10n.t('Open Schema'), command: 'vscode.open', arguments: [schemaUri] };
  };
  const updateSoon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 300);
  };

  update();
  context.subscriptions.push(
    client.onDidChangeState(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document && event.document.languageId === 'synctemplate') updateSoon();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
