import { InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';

/**
 * Renders an LSP snippet as the plain text it would insert with every placeholder left at its
 * default: `${1:foo}` → `foo`, `${2|a,b|}` → `a`, `$1` → ``, `\$` → `$`.
 *
 * The JSON language service always answers with snippets; clients that cannot expand them
 * (many non-VS Code editors) would otherwise insert `${1:…}` literally.
 */
export function snippetToPlainText(snippet: string): string {
  let out = '';
  let i = 0;
  // Depth of `${…}` we are inside of, to know which `}` closes a placeholder.
  let depth = 0;
  while (i < snippet.length) {
    const ch = snippet[i];
    if (ch === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1])) {
      out += snippet[i + 1];
      i += 2;
      continue;
    }
    if (ch === '$') {
      const tabstop = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(snippet.slice(i, i + 64));
      if (tabstop) {
        i += tabstop[0].length; // `$1`, `$TM_FILENAME`: inserts nothing
        continue;
      }
      const open = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(snippet.slice(i, i + 64));
      if (open) {
        i += open[0].length;
        const next = snippet[i];
        if (next === ':') {
          depth++;
          i++;
          continue; // the default text follows and is emitted as is
        }
        if (next === '|') {
          // Choice: keep the first option, skip to the closing `|}`.
          i++;
          let first = '';
          let inFirst = true;
          while (i < snippet.length && !(snippet[i] === '|' && snippet[i + 1] === '}')) {
            if (snippet[i] === '\\' && i + 1 < snippet.length) {
              if (inFirst) first += snippet[i + 1];
              i += 2;
              continue;
            }
            if (snippet[i] === ',') inFirst = false;
            else if (inFirst) first += snippet[i];
            i++;
          }
          out += first;
          i += 2;
          continue;
        }
        if (next === '}') {
          i++;
          continue;
        }
        // `${name/regex/format/}` transforms and anything else: skip to the matching brace.
        let nested = 1;
        while (i < snippet.length && nested > 0) {
          if (snippet[i] === '\\') i++;
          else if (snippet[i] === '{') nested++;
          else if (snippet[i] === '}') nested--;
          i++;
        }
        continue;
      }
    }
    if (ch === '}' && depth > 0) {
      depth--;
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function toPlainItem(item: CompletionItem): CompletionItem {
  if (item.insertTextFormat !== InsertTextFormat.Snippet) return item;
  const plain: CompletionItem = { ...item, insertTextFormat: InsertTextFormat.PlainText };
  if (item.insertText !== undefined) plain.insertText = snippetToPlainText(item.insertText);
  if (item.textEdit) plain.textEdit = { ...item.textEdit, newText: snippetToPlainText(item.textEdit.newText) };
  return plain;
}

/** Rewrites every snippet item of a list as plain text, for clients without snippet support. */
export function withoutSnippets(list: CompletionList): CompletionList {
  return { ...list, items: list.items.map(toPlainItem) };
}
