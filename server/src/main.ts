import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SERVER_NAME, startServer } from './lsp/server';
import { limitHeapGrowth } from './lsp/heapPolicy';

declare const SYNCTEMPLATE_VERSION: string; // replaced by esbuild with package.json's version

const USAGE = `Usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=<port>

The Truto sync job template language server (standard LSP). Editors other than VS Code
start it with --stdio, for example in Neovim:
  vim.lsp.start({ name = 'synctemplate', cmd = { '${SERVER_NAME}', '--stdio' } })`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${SYNCTEMPLATE_VERSION}\n`);
  process.exit(0);
}
if (!args.some((arg) => arg === '--stdio' || arg === '--node-ipc' || arg.startsWith('--socket=') || arg.startsWith('--pipe='))) {
  process.stderr.write(`${SERVER_NAME}: say how to talk to the editor.\n\n${USAGE}\n`);
  process.exit(2);
}

limitHeapGrowth();
const connection = createConnection(ProposedFeatures.all);

// A bug in a handler must never take the editor's language features down with it: report it
// in the server log and keep serving. (Request handlers are also guarded one by one.)
process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? String(error)}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));

startServer(connection, SYNCTEMPLATE_VERSION);
