import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { GraphStrings } from './protocol';

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The panel's page: a strict Content-Security-Policy (nothing from the network; the script and
 * the stylesheet come from the extension's dist/ and carry a fresh nonce; the layout worker's
 * bundle may be fetched from dist/ and run from a blob), the bundles, and the localised strings as
 * data. Everything else is built by the script.
 */
export function graphHtml(webview: vscode.Webview, extensionUri: vscode.Uri, strings: GraphStrings): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'graphWebview.js'));
  const worker = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'graphLayoutWorker.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'graphWebview.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    // The layout worker: its bundle is fetched from dist/ and started from a blob (see main.ts).
    `connect-src ${webview.cspSource}`,
    'worker-src blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${style.toString()}">
<title>${escapeAttribute(strings.graphLabel)}</title>
</head>
<body data-strings="${escapeAttribute(JSON.stringify(strings))}" data-worker="${escapeAttribute(worker.toString())}">
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>
`;
}
