import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver-types';

/**
 * A plain-text completion item that replaces `range` with `newText` (the label by default):
 * our own completions always replace exactly the token or value being typed, never more.
 */
export function replacingItem(
  range: Range,
  label: string,
  kind: CompletionItemKind,
  detail: string,
  documentation: string,
  sortText: string,
  newText = label,
): CompletionItem {
  return {
    label,
    kind,
    detail,
    documentation: { kind: MarkupKind.Markdown, value: documentation },
    sortText,
    filterText: label,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range, newText },
  };
}
