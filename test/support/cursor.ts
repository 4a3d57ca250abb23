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
