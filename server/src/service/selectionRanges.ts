import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { Range, type Position, type SelectionRange } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';

/** Smart expand/shrink selection: string → property → object → … → document. */
export function selectionRanges(parsed: ParsedDocument, positions: readonly Position[], jsonService: JsonLanguageService): SelectionRange[] {
  if (!parsed.json) return positions.map((position) => ({ range: Range.create(position, position) }));
  return jsonService.getSelectionRanges(parsed.document, [...positions], parsed.json);
}
