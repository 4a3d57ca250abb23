import * as vscode from 'vscode';
import { readTemplateId } from './topLevelValue';

/** A lens above the template: publish it (or update the template it already is on Truto). */
export class PublishCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted) return [];
    if (!vscode.workspace.getConfiguration('synctemplate.publish', document.uri).get<boolean>('codeLens', true)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const id = readTemplateId(document.getText());
    if (!id) {
      return [new vscode.CodeLens(top, { title: vscode.l10n.t('$(cloud-upload) Create Sync Job Template'), command: 'synctemplate.create', arguments: [{ uri: document.uri.toString() }] })];
    }
    return [
      new vscode.CodeLens(top, { title: vscode.l10n.t('$(sync) Update on Truto'), command: 'synctemplate.update', arguments: [{ uri: document.uri.toString() }] }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('Create a Copy'), command: 'synctemplate.create', arguments: [{ uri: document.uri.toString(), ifPublished: 'copy' }] }),
    ];
  }
}
