import { modify, type JSONPath } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';

/** The document's own indentation (first indented line), so inserted JSON looks like the rest. */
export function detectIndentation(text: string): { tabSize: number; insertSpaces: boolean } {
  const match = /\n([ \t]+)\S/.exec(text.slice(0, 10_000));
  if (!match) return { tabSize: 2, insertSpaces: true };
  if (match[1].startsWith('\t')) return { tabSize: 1, insertSpaces: false };
  return { tabSize: Math.min(match[1].length, 8), insertSpaces: true };
}

/** Edits that set (or, with `undefined`, remove) the value at `path`, formatted like the document. */
export function jsonModify(document: TextDocument, path: JSONPath, value: unknown): TextEdit[] {
  const text = document.getText();
  const { tabSize, insertSpaces } = detectIndentation(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return modify(text, path, value, { formattingOptions: { tabSize, insertSpaces, eol } }).map((edit) => ({
    range: { start: document.positionAt(edit.offset), end: document.positionAt(edit.offset + edit.length) },
    newText: edit.content,
  }));
}

export function replaceOffsets(document: TextDocument, start: number, end: number, newText: string): TextEdit {
  return { range: { start: document.positionAt(start), end: document.positionAt(end) }, newText };
}
