import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'synctemplate.synctemplate';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document);
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what`. */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The position of the n-th occurrence of `marker` in the document, shifted by `shift` characters. */
export function positionOf(document: vscode.TextDocument, marker: string, shift = 0, occurrence = 0): vscode.Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = document.getText().indexOf(marker, index + 1);
  assert.ok(index >= 0, `"${marker}" not found`);
  return document.positionAt(index + shift);
}

export function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** The fake Truto API started by the runner (test/e2e/runEditorTests.mjs). */
export const fake = {
  url: process.env.FAKE_TRUTO_URL ?? '',
  token: process.env.FAKE_TRUTO_TOKEN ?? '',
  async requests(): Promise<{ method: string; path: string; body: unknown }[]> {
    return (await fetch(`${fake.url}/__fake/requests`)).json() as Promise<{ method: string; path: string; body: unknown }[]>;
  },
  async reset(): Promise<void> {
    await fetch(`${fake.url}/__fake/reset`, { method: 'POST' });
  },
  async fail(fault: unknown, match?: { method?: string; path?: string }): Promise<void> {
    await fetch(`${fake.url}/__fake/fail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault, match }) });
  },
};
