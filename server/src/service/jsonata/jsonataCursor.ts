import type { ParsedDocument } from '../parsedDocument';
import { stringAt } from '../template/cursorContext';
import { jsonataStringOf, type JsonataString } from './jsonataFields';
import type { JsonataToken } from './scanner';

/** The cursor inside a JSONata string. */
export interface JsonataCursor {
  readonly string: JsonataString;
  /** Decoded index of the cursor in the expression. */
  readonly index: number;
}

/** The JSONata expression under the cursor, if the cursor is inside one. */
export function jsonataAt(parsed: ParsedDocument, offset: number): JsonataCursor | undefined {
  const cursor = stringAt(parsed, offset);
  if (!cursor) return undefined;
  const string = jsonataStringOf(parsed, cursor.node);
  if (!string) return undefined;
  // On or after the closing quote the cursor is outside the expression.
  const node = string.node;
  const text = parsed.document.getText();
  const closed = node.length >= 2 && text[node.offset + node.length - 1] === '"';
  if (closed && offset >= node.offset + node.length) return undefined;
  return { string, index: string.raw.toDecodedIndex(offset) };
}

/** Whether `index` is inside a string literal, comment or regex token (not at its very start). */
export function insideLiteral(tokens: readonly JsonataToken[], index: number): boolean {
  for (const token of tokens) {
    if (token.start >= index) break;
    if (token.kind !== 'string' && token.kind !== 'comment' && token.kind !== 'regex') continue;
    if (index > token.start && (index < token.end || (token.unterminated && index <= token.end))) return true;
  }
  return false;
}

/** The names bound in the expression by `$name :=` or as lambda parameters (for `$` completion). */
export function boundVariables(tokens: readonly JsonataToken[]): string[] {
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'variable' && tokens[i + 1]?.text === ':=') names.add(token.text.slice(1));
    if (token.kind === 'keyword' && (token.text === 'function' || token.text === 'λ') && tokens[i + 1]?.text === '(') {
      for (let j = i + 2; j < tokens.length && tokens[j].text !== ')'; j++) if (tokens[j].kind === 'variable') names.add(tokens[j].text.slice(1));
    }
  }
  names.delete('');
  names.delete('$');
  return [...names];
}
