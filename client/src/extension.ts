import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PublishCodeLens } from './codeLens';
import { registerLanguageStatus } from './languageStatus';
import { newTemplate, type NewTemplateArgs } from './newTemplate/newTemplateCommand';
import { markQuickFixes, registerWalkthroughCommands } from './newTemplate/walkthrough';
import { PreviewCommands } from './preview/previewCommand';
import { PublishCommands } from './publishCommands';
import { GraphPanels } from './webviews/graph/graphPanel';

export const LANGUAGE_ID = 'synctemplate';

let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Sample arguments files (*.synctemplate.args.json) are served too, checked against their template.
    documentSelector: [{ language: LANGUAGE_ID }, { language: 'synctemplate-args' }],
    outputChannel,
    // Applying one of our quick fixes completes the walkthrough's "fix a problem" step.
    middleware: {
      provideCodeActions: async (document, range, context, token, next) => markQuickFixes(await next(document, range, context, token)),
    },
    // The server pulls `synctemplate.*` settings itself through workspace/configuration.
  };
  return new LanguageClient('synctemplate', vscode.l10n.t('Synctemplate Language Server'), serverOptions, clientOptions);
}

/**
 * Starts the bundled language server over IPC and registers the publish commands. Nothing here
 * touches the network: editing never needs a token, and Truto is called only on a command.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel(vscode.l10n.t('Synctemplate Language Server'), { log: true });
  context.subscriptions.push(outputChannel);
  const languageClient = createClient(context, outputChannel);
  client = languageClient;

  registerLanguageStatus(context, languageClient);
  context.subscriptions.push(new PublishCommands(context), vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, new PublishCodeLens()));
  context.subscriptions.push(new GraphPanels(context));
  context.subscriptions.push(new PreviewCommands(context));

  registerWalkthroughCommands(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('synctemplate.newTemplate', (args?: NewTemplateArgs) => newTemplate(args ?? {})),
    vscode.commands.registerCommand('synctemplate.restartServer', async () => {
      outputChannel.info('Restarting the language server.');
      await languageClient.restart();
    }),
    vscode.commands.registerCommand('synctemplate.showServerLog', () => outputChannel.show(true)),
    languageClient.onDidChangeState((event) => {
      if (event.newState === State.Stopped) outputChannel.warn('The language server stopped.');
    }),
  );

  try {
    await languageClient.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outputChannel.error(`The language server failed to start: ${message}`);
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window
      .showErrorMessage(vscode.l10n.t('Synctemplate: the language server failed to start ({0}).', message), showLog)
      .then((choice) => (choice === showLog ? outputChannel.show(true) : undefined));
  }
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
