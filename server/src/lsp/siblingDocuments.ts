import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { argsFileFor, isArgsFileName, templateFor } from '../service/argsFile/argsFileNames';

/**
 * A template and its sample arguments file are read together: the open buffer when the editor
 * has the file open (unsaved edits count), else the file on disk (`file:` URIs only; nothing is
 * fetched from anywhere else).
 */
export function documentReader(documents: TextDocuments<TextDocument>): (uri: string) => Promise<TextDocument | undefined> {
  return async (uri) => {
    const open = documents.get(uri);
    if (open) return open;
    if (!uri.startsWith('file:')) return undefined;
    try {
      const text = await readFile(fileURLToPath(uri), 'utf8');
      return TextDocument.create(uri, isArgsFileName(uri) ? 'synctemplate-args' : 'synctemplate', 0, text);
    } catch {
      return undefined; // no such file (or unreadable): the caller says what that means
    }
  };
}

/** The open document whose diagnostics depend on `uri` (a template's args file, or an args file's template). */
export function openSibling(documents: TextDocuments<TextDocument>, uri: string): TextDocument | undefined {
  const sibling = isArgsFileName(uri) ? templateFor(uri) : argsFileFor(uri);
  return sibling ? documents.get(sibling) : undefined;
}
