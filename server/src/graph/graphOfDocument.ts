import { getLanguageService, type LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocumentCache } from '../service/parsedDocument';
import { templateGraph, type TemplateGraph } from './templateGraph';

/**
 * The graph of a document for callers outside the language service (the CLI, the extension's
 * graph panel). Parsing needs only the JSON parser, not the schema: no schema is configured.
 * A small cache: the panel redraws one document at a time, and each version is parsed once.
 */
let jsonService: JsonLanguageService | undefined;
let cache: ParsedDocumentCache | undefined;

export function graphOfDocument(document: TextDocument): TemplateGraph {
  jsonService ??= getLanguageService({});
  cache ??= new ParsedDocumentCache(jsonService, 4);
  return templateGraph(cache.get(document));
}

/** Drops what is cached for a document the caller is done with. */
export function forgetGraphDocument(uri: string): void {
  cache?.forget(uri);
}
