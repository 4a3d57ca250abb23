import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';

/** Outline entries past this many are dropped (a 10,000-step template stays responsive). */
const SYMBOL_LIMIT = 5000;

/** The outline: the document's keys and values as a tree. */
export function documentSymbols(parsed: ParsedDocument, jsonService: JsonLanguageService): DocumentSymbol[] {
  if (!parsed.json) return [];
  return parsed.memo('documentSymbols', () =>
    jsonService.findDocumentSymbols2(parsed.document, parsed.json!, { resultLimit: SYMBOL_LIMIT }),
  );
}
