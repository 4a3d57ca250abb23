import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';

/**
 * Formats the whole document or a range. Refuses (no edits) a document that nests too deep
 * to analyse, and never reorders or drops content: only whitespace changes.
 */
export function format(
  parsed: ParsedDocument,
  range: Range | undefined,
  options: FormattingOptions,
  jsonService: JsonLanguageService,
): TextEdit[] {
  if (!parsed.json) return [];
  return jsonService.format(parsed.document, range, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    insertFinalNewline: options.insertFinalNewline ?? false,
    keepLines: false,
  });
}
