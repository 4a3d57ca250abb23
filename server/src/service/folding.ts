import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { FoldingRange } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';

export interface FoldingOptions {
  /** The most ranges the client wants (LSP `foldingRange.rangeLimit`). */
  readonly rangeLimit?: number;
}

/** Folding ranges for objects, arrays and multi-line strings (the JSON scanner, no recursion). */
export function foldingRanges(parsed: ParsedDocument, jsonService: JsonLanguageService, options: FoldingOptions = {}): FoldingRange[] {
  return jsonService.getFoldingRanges(parsed.document, { rangeLimit: options.rangeLimit ?? 5000 });
}
