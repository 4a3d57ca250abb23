import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type SynctemplateLanguageService } from '../service/languageService';
import { SEMANTIC_TOKEN_LEGEND } from '../service/semanticTokens';
import { SIGNATURE_HELP_TRIGGERS } from '../service/signatureHelp';
import { DiagnosticReports } from './diagnosticReports';
import { PushDiagnostics } from './pushDiagnostics';
import { runSafe, runSafeAsync, type Logger } from './runner';
import { SemanticTokensResults } from './semanticTokensResults';
import { SettingsStore } from './settingsStore';
import { documentReader, openSibling } from './siblingDocuments';

export const SERVER_NAME = 'synctemplate-language-server';

/**
 * Wires the pure language service to an LSP connection. Standard LSP only: any client (VS Code,
 * Neovim, Helix, Emacs, Zed) gets every feature; settings come through `workspace/configuration`.
 */
export function startServer(connection: Connection, version: string): void {
  const logger: Logger = {
    error: (message) => connection.console.error(message),
    log: (message) => connection.console.log(message),
  };
  const documents = new TextDocuments(TextDocument);
  const readDocument = documentReader(documents);
  let service: SynctemplateLanguageService = createLanguageService({ readDocument, longLived: true });
  let canPullConfiguration = false;
  let pullDiagnostics = false;
  let canRefreshDiagnostics = false;
  let canRegisterConfiguration = false;
  let codeActionDisabledSupport = false;
  const settings = new SettingsStore(connection, () => canPullConfiguration);
  const sentTokens = new SemanticTokensResults();
  const reports = new DiagnosticReports();
  let push: PushDiagnostics | undefined;

  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    codeActionDisabledSupport = capabilities.textDocument?.codeAction?.disabledSupport === true;
    const completionItem = capabilities.textDocument?.completion?.completionItem;
    service = createLanguageService({
      readDocument,
      longLived: true,
      snippetSupport: completionItem?.snippetSupport === true,
      markdownSupport: (completionItem?.documentationFormat ?? ['markdown']).includes('markdown'),
      commitCharactersSupport: completionItem?.commitCharactersSupport === true,
    });
    canPullConfiguration = capabilities.workspace?.configuration === true;
    pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    canRefreshDiagnostics = capabilities.workspace?.diagnostics?.refreshSupport === true;
    canRegisterConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    if (!pullDiagnostics) push = new PushDiagnostics(connection, documents, service, settings, logger);

    const serverCapabilities: ServerCapabilities = {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      // Advertised to every client: items fall back to plain text where snippets are unsupported.
      // `$` and a backtick start a JSONata function and a quoted name.
      completionProvider: { triggerCharacters: ['"', ':', '.', '{', '|', ' ', '$', '`'], resolveProvider: false },
      signatureHelpProvider: { triggerCharacters: SIGNATURE_HELP_TRIGGERS, retriggerCharacters: [')'] },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      semanticTokensProvider: { legend: SEMANTIC_TOKEN_LEGEND, full: { delta: true }, range: false },
    };
    if (pullDiagnostics) {
      serverCapabilities.diagnosticProvider = { identifier: 'synctemplate', interFileDependencies: true, workspaceDiagnostics: false };
    }
    return { capabilities: serverCapabilities, serverInfo: { name: SERVER_NAME, version } };
  });

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change.settings);
    if (push) push.scheduleAll();
    else if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
  });

  // A template and its sample arguments file (*.synctemplate.args.json) check each other: an
  // edit of one revalidates the other when it is open.
  let refreshTimer: NodeJS.Timeout | undefined;
  const revalidateSibling = (uri: string): void => {
    const sibling = openSibling(documents, uri);
    if (!sibling) return;
    if (push) return push.schedule(sibling);
    if (!canRefreshDiagnostics) return;
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void runSafeAsync(logger, 'refreshing diagnostics', () => connection.languages.diagnostics.refresh()), 250);
  };
  documents.onDidOpen((event) => {
    // Asked now, so the question is on its way before the diagnostics pull that follows the open
    // starts the checks (which do not wait for the answer: they need the settings only at the end).
    void settings.get(event.document.uri);
    push?.schedule(event.document, true);
    revalidateSibling(event.document.uri);
  });
  documents.onDidChangeContent((event) => {
    push?.schedule(event.document);
    revalidateSibling(event.document.uri);
  });
  documents.onDidClose((event) => {
    service.forget(event.document.uri);
    settings.forget(event.document.uri);
    sentTokens.forget(event.document.uri);
    reports.forget(event.document.uri);
    push?.closed(event.document.uri);
  });

  connection.languages.diagnostics.on((params, token) =>
    runSafe(logger, 'diagnostics', token, { kind: DocumentDiagnosticReportKind.Full, items: [] }, async () => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      // Not awaited here: the checks run while the client answers workspace/configuration.
      const items = await service.validate(document, settings.get(document.uri));
      return reports.report(document.uri, params.previousResultId, items);
    }),
  );

  connection.onCompletion((params, token) =>
    runSafe(logger, 'completion', token, null, async () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.complete(document, params.position) : null;
    }),
  );

  connection.onHover((params, token) =>
    runSafe(logger, 'hover', token, null, async () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.hover(document, params.position) : null;
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(logger, 'document symbols', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.documentSymbols(document) : [];
    }),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe(logger, 'folding ranges', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.foldingRanges(document) : [];
    }),
  );

  connection.onSelectionRanges((params, token) =>
    runSafe(logger, 'selection ranges', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.selectionRanges(document, params.positions) : [];
    }),
  );

  connection.onDocumentFormatting((params, token) =>
    runSafe(logger, 'formatting', token, [], async () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.format(document, undefined, params.options, await settings.get(document.uri)) : [];
    }),
  );

  connection.onDocumentRangeFormatting((params, token) =>
    runSafe(logger, 'range formatting', token, [], async () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.format(document, params.range, params.options, await settings.get(document.uri)) : [];
    }),
  );

  connection.onCodeAction((params, token) =>
    runSafe(logger, 'code actions', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      // A disabled action (with the reason it cannot run) only for clients that can show one.
      return document ? service.codeActions(document, params.range, params.context.diagnostics, params.context.only).filter((a) => codeActionDisabledSupport || !a.disabled) : [];
    }),
  );

  connection.onDefinition((params, token) =>
    runSafe(logger, 'definition', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.definition(document, params.position) : [];
    }),
  );

  connection.onReferences((params, token) =>
    runSafe(logger, 'references', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.references(document, params.position, params.context.includeDeclaration) : [];
    }),
  );

  connection.onPrepareRename((params, token) =>
    runSafe(logger, 'prepare rename', token, null, () => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const result = service.prepareRename(document, params.position);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return result;
    }),
  );

  connection.onRenameRequest((params, token) =>
    runSafe(logger, 'rename', token, null, () => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const result = service.rename(document, params.position, params.newName);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return result.edit;
    }),
  );

  connection.onSignatureHelp((params, token) =>
    runSafe(logger, 'signature help', token, null, () => {
      const document = documents.get(params.textDocument.uri);
      return document ? service.signatureHelp(document, params.position) : null;
    }),
  );

  connection.languages.semanticTokens.on((params, token) =>
    runSafe(logger, 'semantic tokens', token, { data: [] }, () => {
      const document = documents.get(params.textDocument.uri);
      return document ? sentTokens.full(document.uri, service.semanticTokenData(document)) : { data: [] };
    }),
  );
  connection.languages.semanticTokens.onDelta((params, token) =>
    runSafe(logger, 'semantic tokens', token, { data: [] }, () => {
      const document = documents.get(params.textDocument.uri);
      return document ? sentTokens.delta(document.uri, params.previousResultId, service.semanticTokenData(document)) : { data: [] };
    }),
  );

  connection.onInitialized(() => {
    if (canRegisterConfiguration) {
      void runSafeAsync(logger, 'registering for configuration changes', async () => {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'synctemplate' });
      });
    }
    logger.log(`${SERVER_NAME} ${version} ready (${pullDiagnostics ? 'pull' : 'push'} diagnostics)`);
  });

  documents.listen(connection);
  connection.listen();
}
