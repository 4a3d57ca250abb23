import type { ClientCapabilities } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Diagnostic, Hover, Position } from 'vscode-languageserver-types';
import { jsonDiagnostics } from '../diagnostics/jsonDiagnostics';
import { applySeverityPolicy } from '../diagnostics/severityPolicy';
import type { ParsedDocument, ParsedDocumentCache } from '../parsedDocument';
import type { SynctemplateSettings } from '../settings';
import { withoutSnippets } from '../snippetText';
import { argsFileCompletion, argsFileHover } from './argsFileCompletion';
import { argsFileFindings } from './argsFileDiagnostics';
import { templateFor } from './argsFileNames';
import { createArgsJsonService } from './argsFileSchema';

/** Finds a document by URI: an open editor buffer first, else the file on disk (undefined if none). */
export type DocumentReader = (uri: string) => Promise<TextDocument | undefined>;

export interface ArgsFileFeatures {
  validate(document: TextDocument, settings: SynctemplateSettings): Promise<Diagnostic[]>;
  complete(document: TextDocument, position: Position): Promise<CompletionList>;
  hover(document: TextDocument, position: Position): Promise<Hover | null>;
}

function baseName(uri: string): string {
  const withoutQuery = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(withoutQuery.slice(withoutQuery.lastIndexOf('/') + 1));
}

/**
 * The language features of sample arguments files (`*.synctemplate.args.json`). Every feature
 * reads the template beside the file through `readDocument`, so an edit of either is seen by the
 * next request; the parses of both come from the shared cache.
 */
export function createArgsFileFeatures(
  cache: ParsedDocumentCache,
  clientCapabilities: ClientCapabilities,
  readDocument: DocumentReader | undefined,
  snippetSupport: boolean,
): ArgsFileFeatures {
  const jsonService = createArgsJsonService(clientCapabilities);
  const templateOf = async (document: TextDocument): Promise<ParsedDocument | undefined> => {
    const uri = templateFor(document.uri);
    if (!uri || !readDocument) return undefined;
    const template = await readDocument(uri);
    return template ? cache.get(template) : undefined;
  };
  return {
    async validate(document, settings) {
      const parsed = cache.get(document);
      const [json, template] = await Promise.all([jsonDiagnostics(parsed, jsonService), templateOf(document)]);
      const own = argsFileFindings(parsed, template, baseName(templateFor(document.uri) ?? '')).map((f) => f.diagnostic);
      return applySeverityPolicy([...json, ...own], settings);
    },
    async complete(document, position) {
      const parsed = cache.get(document);
      const own = argsFileCompletion(parsed, await templateOf(document), position, snippetSupport);
      if (own) return { isIncomplete: false, items: own };
      if (!parsed.json) return { isIncomplete: false, items: [] };
      const list = (await jsonService.doComplete(document, position, parsed.json)) ?? { isIncomplete: false, items: [] };
      return snippetSupport ? list : withoutSnippets(list);
    },
    async hover(document, position) {
      const parsed = cache.get(document);
      const own = argsFileHover(parsed, await templateOf(document), position);
      if (own) return own;
      if (!parsed.json) return null;
      const found = await jsonService.doHover(document, position, parsed.json);
      return found ?? null;
    },
  };
}
