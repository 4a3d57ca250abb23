import * as vscode from 'vscode';

/**
 * The API token, in VS Code's SecretStorage (the OS keychain), keyed by the base URL it is
 * for. Never in settings, logs or messages. Read at each use, so a new token applies at once.
 */
export class TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(baseUrl: string): string {
    return `synctemplate.apiToken:${baseUrl}`;
  }

  get(baseUrl: string): Thenable<string | undefined> {
    return this.secrets.get(this.key(baseUrl));
  }

  async set(baseUrl: string, token: string): Promise<void> {
    await this.secrets.store(this.key(baseUrl), token.trim());
  }

  async clear(baseUrl: string): Promise<void> {
    await this.secrets.delete(this.key(baseUrl));
  }

  /** Asks for a token (masked input) and stores it; undefined when the user cancels. */
  async prompt(baseUrl: string, reason?: string): Promise<string | undefined> {
    const token = await vscode.window.showInputBox({
      title: vscode.l10n.t('Truto API Token'),
      prompt: reason ?? vscode.l10n.t('API token for {0}. It is kept in VS Code’s secret storage, never in settings.', baseUrl),
      password: true,
      ignoreFocusOut: true,
      placeHolder: vscode.l10n.t('Paste the token from the Truto dashboard'),
      validateInput: (value) => (value.trim().length === 0 ? vscode.l10n.t('The token cannot be empty.') : undefined),
    });
    if (token === undefined) return undefined;
    await this.set(baseUrl, token);
    return token.trim();
  }
}
