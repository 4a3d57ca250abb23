import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';

/** The cursor marker in test fixtures. `|` alone is a placeholder fallback, so it cannot be used. */
export const CURSOR = '<|>';

let counter = 0;

/** An in-memory template document with a fresh uri. */
export function templateDocument(text: string, uri = `file:///test/doc${++counter}.synctemplate.json`): TextDocument {
  return TextDocument.create(uri, 'synctemplate', 1, text);
}

/** Splits a fixture with one `<|>` marker into a document without it and the marker's position. */
export function withCursor(textWithCursor: string): { document: TextDocument; position: Position; offset: number } {
  const offset = textWithCursor.indexOf(CURSOR);
  if (offset < 0 || textWithCursor.indexOf(CURSOR, offset + 1) >= 0) {
    throw new Error(`A fixture needs exactly one ${CURSOR} marker: ${textWithCursor}`);
  }
  const document = templateDocument(textWithCursor.slice(0, offset) + textWithCursor.slice(offset + CURSOR.length));
  return { document, position: document.positionAt(offset), offset };
}

/** Applies text edits to a string (last first, so offsets stay valid). */
export function applyEdits(document: TextDocument, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
  return TextDocument.applyEdits(document, edits.map((edit) => ({ range: edit.range, newText: edit.newText })));
}

/** `text` with the cursor placed `shift` characters into the n-th (0-based) occurrence of `marker`. */
export function cursorAtMarker(text: string, marker: string, occurrence = 0, shift = 1): { document: TextDocument; position: Position; offset: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(marker, index + 1);
  if (index < 0) throw new Error(`No occurrence ${occurrence} of ${marker} in the fixture`);
  const cut = index + shift;
  return withCursor(text.slice(0, cut) + CURSOR + text.slice(cut));
}

/** Semantic tokens as `text:type`, in order, decoded from the LSP's relative encoding. */
export function decodeSemanticTokens(document: TextDocument, data: readonly number[], tokenTypes: readonly string[]): string[] {
  const tokens: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const start = document.offsetAt({ line, character });
    tokens.push(`${document.getText().slice(start, start + data[i + 2])}:${tokenTypes[data[i + 3]]}`);
  }
  return tokens;
}
