import * as vscode from 'vscode';
import { starterTemplate } from '../../../server/src/service/starters/starterTemplates';

/** Run after a quick fix of ours is applied: the walkthrough's "fix a problem" step completes on it. */
export const QUICK_FIX_APPLIED_COMMAND = 'synctemplate.walkthrough.quickFixApplied';
/** Opens a template with one mistake, for the walkthrough's quick-fix step. */
export const OPEN_PROBLEM_EXAMPLE_COMMAND = 'synctemplate.walkthrough.openProblemExample';

const TYPO = 'integrated_acount_id';

/**
 * A starting point with one misspelt argument (`{{args.integrated_acount_id}}`), opened untitled with
 * the cursor on the mistake, so the light bulb and its "Change to …" fix are right there.
 */
async function openProblemExample(): Promise<vscode.Uri | undefined> {
  const template = starterTemplate('fan-out', 'ticketing');
  if (!template) return undefined;
  const text = template.text.replace('"integrated_account_id": "{{args.integrated_account_id}}"', `"integrated_account_id": "{{args.${TYPO}}}"`);
  const document = await vscode.workspace.openTextDocument({ language: 'synctemplate', content: text });
  const editor = await vscode.window.showTextDocument(document);
  const offset = text.indexOf(TYPO);
  const range = new vscode.Range(document.positionAt(offset), document.positionAt(offset + TYPO.length));
  editor.selection = new vscode.Selection(range.start, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  return document.uri;
}

/**
 * Marks every quick fix the language server offers, so applying one runs QUICK_FIX_APPLIED_COMMAND
 * after its edit (VS Code applies a code action's edit, then its command). Actions that already
 * carry a command are left alone.
 */
export function markQuickFixes(actions: (vscode.Command | vscode.CodeAction)[] | null | undefined): (vscode.Command | vscode.CodeAction)[] | null | undefined {
  for (const action of actions ?? []) {
    if (action instanceof vscode.CodeAction && !action.command && action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind)) {
      action.command = { command: QUICK_FIX_APPLIED_COMMAND, title: action.title };
    }
  }
  return actions;
}

export function registerWalkthroughCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_PROBLEM_EXAMPLE_COMMAND, openProblemExample),
    vscode.commands.registerCommand(QUICK_FIX_APPLIED_COMMAND, () => vscode.commands.executeCommand('setContext', 'synctemplate.quickFixApplied', true)),
  );
}
