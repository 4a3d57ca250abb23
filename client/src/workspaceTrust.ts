import * as vscode from 'vscode';

/** VS Code's own command that opens the Workspace Trust editor. */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/** The UI a trust refusal uses; the editor's by default, replaceable in tests. */
export interface TrustPrompt {
  showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  executeCommand(command: string): Thenable<unknown>;
}

const editorPrompt: TrustPrompt = {
  showErrorMessage: (message, ...items) => vscode.window.showErrorMessage(message, ...items),
  executeCommand: (command) => vscode.commands.executeCommand(command),
};

/** The label of the button that opens the Workspace Trust editor. */
export function manageTrustLabel(): string {
  return vscode.l10n.t('Manage Workspace Trust');
}

/**
 * The guard in front of every command that talks to Truto. In Restricted Mode the commands stay
 * visible (so people find them) and say why they do nothing, offering to manage trust; editing,
 * checks and quick fixes are unaffected. Returns whether the command may go on. Never waits for
 * the person's answer: nothing is sent either way.
 */
export function publishingAllowed(isTrusted: boolean = vscode.workspace.isTrusted, prompt: TrustPrompt = editorPrompt): boolean {
  if (isTrusted) return true;
  const manage = manageTrustLabel();
  void prompt
    .showErrorMessage(
      vscode.l10n.t(
        'Publishing to Truto needs a trusted workspace. This folder is open in Restricted Mode, so nothing was sent and no token was used. Editing, checks and quick fixes work as usual; trust the folder to publish.',
      ),
      manage,
    )
    .then((choice) => (choice === manage ? prompt.executeCommand(MANAGE_TRUST_COMMAND) : undefined));
  return false;
}
