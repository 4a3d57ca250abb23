import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { ParsedDocument } from './parsedDocument';

/** Hover: the schema's documentation for the key or value under the cursor. */
export async function hover(parsed: ParsedDocument, position: Position, jsonService: JsonLanguageService): Promise<Hover | null> {
  if (!parsed.json) return null;
  return jsonService.doHover(parsed.document, position, parsed.json);
}
