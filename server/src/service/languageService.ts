import type { ClientCapabilities } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  Location,
  Position,
  Range,
  SelectionRange,
  SemanticTokens,
  SignatureHelp,
  TextEdit,
} from 'vscode-languageserver-types';
import { createArgsFileFeatures, type DocumentReader } from './argsFile/argsFileService';
import { isArgsFileName } from './argsFile/argsFileNames';
import { codeActions } from './codeActions';
import { definition, references } from './navigation';
import { prepareRename, rename, type PrepareRenameResult, type RenameResult } from './rename';
import { semanticTokenData, semanticTokens } from './semanticTokens';
import { signatureHelp } from './signatureHelp';
import { complete } from './completion';
import { validate } from './diagnostics/validate';
import { documentSymbols } from './documentSymbols';
import { foldingRanges, type FoldingOptions } from './folding';
import { format } from './formatting';
import { hover } from './hover';
import { warmAnalysisWorkerWhenIdle } from './jsonata/analysisWorker';
import { createJsonService } from './jsonService';
import { keepTemplatesAlive } from './keepAliveTemplates';
import { ParsedDocumentCache } from './parsedDocument';
import { selectionRanges } from './selectionRanges';
import { DEFAULT_SETTINGS, type PendingSettings, type SynctemplateSettings } from './settings';

export interface LanguageServiceOptions {
  /** Whether the client expands snippets in completion items (default: yes, as VS Code). */
  readonly snippetSupport?: boolean;
  /** Whether the client renders markdown in hovers and completion docs (default: yes). */
  readonly markdownSupport?: boolean;
  /** Whether the client supports completion commit characters (default: yes). */
  readonly commitCharactersSupport?: boolean;
  /**
   * Reads another document by URI (open buffer first, else disk): a sample arguments file
   * (`*.synctemplate.args.json`) is checked against the template beside it. Without it, args
   * files are checked for their shape only.
   */
  readonly readDocument?: DocumentReader;
  /**
   * The service runs for a long time while documents open and close (the language server): after
   * the first diagnostics it keeps the starter templates analysed, so the next template opened
   * with nothing else open is not slowed (keepAliveTemplates.ts). Off by default: a one-shot run
   * (the CLI, the publish checks) would analyse them for nothing.
   */
  readonly longLived?: boolean;
}

/**
 * The pure language service: functions of a document, a position and settings. No LSP
 * connection and no `vscode` import, so the LSP adapter, the CLI and the tests share it.
 * Each document version is parsed once (ParsedDocumentCache) and every feature reads that parse.
 */
export interface SynctemplateLanguageService {
  /** `settings` may be a promise: they are awaited only to apply the severity overrides, last. */
  validate(document: TextDocument, settings?: PendingSettings): Promise<Diagnostic[]>;
  complete(document: TextDocument, position: Position): Promise<CompletionList>;
  hover(document: TextDocument, position: Position): Promise<Hover | null>;
  documentSymbols(document: TextDocument): DocumentSymbol[];
  foldingRanges(document: TextDocument, options?: FoldingOptions): FoldingRange[];
  selectionRanges(document: TextDocument, positions: readonly Position[]): SelectionRange[];
  format(document: TextDocument, range: Range | undefined, options: FormattingOptions, settings?: SynctemplateSettings): TextEdit[];
  /** Quick fixes for the diagnostics the editor shows in `range`. */
  codeActions(document: TextDocument, range: Range, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[];
  definition(document: TextDocument, position: Position): Location[];
  references(document: TextDocument, position: Position, includeDeclaration: boolean): Location[];
  prepareRename(document: TextDocument, position: Position): PrepareRenameResult;
  rename(document: TextDocument, position: Position, newName: string): RenameResult;
  semanticTokens(document: TextDocument): SemanticTokens;
  /** The same tokens, encoded and as kept for the version (shared: never to be changed); for diffing versions. */
  semanticTokenData(document: TextDocument): Uint32Array;
  /** Signature help inside a JSONata function call (`$name(…)`). */
  signatureHelp(document: TextDocument, position: Position): SignatureHelp | null;
  /** Drops what is cached for a closed document. */
  forget(uri: string): void;
}

function jsonClientCapabilities(options: LanguageServiceOptions): ClientCapabilities {
  const formats: ('markdown' | 'plaintext')[] = options.markdownSupport === false ? ['plaintext'] : ['markdown', 'plaintext'];
  return {
    textDocument: {
      completion: {
        completionItem: { documentationFormat: formats, commitCharactersSupport: options.commitCharactersSupport !== false },
      },
      hover: { contentFormat: formats },
    },
  };
}

export function createLanguageService(options: LanguageServiceOptions = {}): SynctemplateLanguageService {
  const jsonService = createJsonService(jsonClientCapabilities(options));
  const cache = new ParsedDocumentCache(jsonService);
  const snippetSupport = options.snippetSupport !== false;
  const argsFiles = createArgsFileFeatures(cache, jsonClientCapabilities(options), options.readDocument, snippetSupport);
  return {
    validate: async (document, settings = DEFAULT_SETTINGS) => {
      if (isArgsFileName(document.uri)) return argsFiles.validate(document, settings);
      const diagnostics = await validate(cache.get(document), jsonService, settings);
      // Scheduled for when validations pause, after the diagnostics are sent (keepAliveTemplates.ts,
      // and the JSONata worker: analysisWorker.ts).
      if (options.longLived) {
        keepTemplatesAlive(jsonService);
        warmAnalysisWorkerWhenIdle();
      }
      return diagnostics;
    },
    complete: (document, position) =>
      isArgsFileName(document.uri) ? argsFiles.complete(document, position) : complete(cache.get(document), position, jsonService, { snippetSupport }),
    hover: (document, position) => (isArgsFileName(document.uri) ? argsFiles.hover(document, position) : hover(cache.get(document), position, jsonService)),
    documentSymbols: (document) => documentSymbols(cache.get(document), jsonService),
    foldingRanges: (document, foldingOptions) => foldingRanges(cache.get(document), jsonService, foldingOptions),
    selectionRanges: (document, positions) => selectionRanges(cache.get(document), positions, jsonService),
    format: (document, range, formattingOptions, settings = DEFAULT_SETTINGS) =>
      settings.formatEnable ? format(cache.get(document), range, formattingOptions, jsonService) : [],
    codeActions: (document, range, diagnostics, only) =>
      isArgsFileName(document.uri) ? argsFiles.codeActions(document, range, diagnostics, only) : codeActions(cache.get(document), range, diagnostics, only),
    definition: (document, position) => definition(cache.get(document), position),
    references: (document, position, includeDeclaration) => references(cache.get(document), position, includeDeclaration),
    prepareRename: (document, position) => prepareRename(cache.get(document), position),
    rename: (document, position, newName) => rename(cache.get(document), position, newName),
    semanticTokens: (document) => semanticTokens(cache.get(document)),
    semanticTokenData: (document) => semanticTokenData(cache.get(document)),
    signatureHelp: (document, position) => (isArgsFileName(document.uri) ? null : signatureHelp(cache.get(document), position)),
    forget: (uri) => {
      cache.forget(uri);
      argsFiles.forget(uri);
    },
  };
}
