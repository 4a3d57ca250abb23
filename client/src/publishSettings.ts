import * as vscode from 'vscode';
import { checkBaseUrl, DEFAULT_BASE_URL, type BaseUrlCheck } from '../../server/src/publish/baseUrl';
import { normalizeSettings, type SynctemplateSettings } from '../../server/src/service/settings';

/**
 * Where the token goes. Only the user's own (or machine) settings count: a value from a
 * workspace's `.vscode/settings.json` is ignored, so a cloned repository can never redirect the
 * token to another host. The setting is also declared with machine scope in package.json.
 */
export function apiBaseUrl(log?: vscode.LogOutputChannel): BaseUrlCheck {
  const inspected = vscode.workspace.getConfiguration('synctemplate').inspect<string>('apiBaseUrl');
  const ignored = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  if (ignored !== undefined && ignored !== inspected?.globalValue) {
    log?.warn(`Ignoring synctemplate.apiBaseUrl from the workspace ("${ignored}"): only user settings may say where the API token is sent.`);
  }
  const value = inspected?.globalValue ?? inspected?.defaultValue ?? DEFAULT_BASE_URL;
  return checkBaseUrl(value);
}

export function writeIdToFile(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('synctemplate.publish', uri).get<boolean>('writeIdToFile', true);
}

/** The diagnostics settings in force for a file, so publish blocks exactly what the editor shows as errors. */
export function diagnosticSettings(uri: vscode.Uri): SynctemplateSettings {
  return normalizeSettings({ diagnostics: vscode.workspace.getConfiguration('synctemplate', uri).get('diagnostics') });
}
