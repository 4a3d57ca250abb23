/**
 * A forgiving tokenizer for JSONata text, written after the `jsonata` package's own lexer. It never
 * throws: an unterminated string, name, comment or regular expression becomes a token marked
 * `unterminated` that runs to the end. It serves what the parser does not give: colouring
 * (semantic tokens), where an unterminated token starts (for syntax error ranges), and what the
 * cursor is in while an expression is half typed (completion, signature help).
 */

export type JsonataTokenKind =
  | 'name' // a plain field name: `foo`
  | 'quotedName' // a backticked name: `` `knowledge-base` ``
  | 'variable' // `$name`, `$`, `$$`
  | 'string'
  | 'number'
  | 'value' // true, false, null
  | 'keyword' // and, or, in, function, λ
  | 'operator'
  | 'regex'
  | 'comment';

export interface JsonataToken {
  readonly kind: JsonataTokenKind;
  /** Decoded indices into the expression text: [start, end). */
  readonly start: number;
  readonly end: number;
  /** The token's text as written. */
  readonly text: string;
  /** A string, backticked name, comment or regex without its closing delimiter. */
  readonly unterminated?: boolean;
}

/** Single characters the lexer treats as operators (and so as the end of a name). */
const OPERATOR_CHARS = new Set(['.', '[', ']', '{', '}', '(', ')', ',', '@', '#', ';', ':', '?', '+', '-', '*', '/', '%', '|', '=', '<', '>', '^', '&', '!', '~']);
const TWO_CHAR_OPERATORS = new Set(['..', ':=', '!=', '>=', '<=', '**', '~>', '?:', '??']);
const WHITESPACE = ' \t\n\r\v';
const NUMBER = /-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?/y;

/** Whether a token ends an operand (a following `/` divides, a following `(` calls, …). */
export function endsOperand(token: JsonataToken | undefined): boolean {
  if (!token) return false;
  switch (token.kind) {
    case 'name':
    case 'quotedName':
    case 'variable':
    case 'string':
    case 'number':
    case 'value':
    case 'regex':
      return true;
    case 'operator':
      return token.text === ')' || token.text === ']' || token.text === '}';
    default:
      return false;
  }
}

/** Tokenizes the whole text. */
export function scanJsonata(text: string): JsonataToken[] {
  const tokens: JsonataToken[] = [];
  const significant: JsonataToken[] = []; // without comments
  const length = text.length;
  let at = 0;
  const push = (kind: JsonataTokenKind, start: number, end: number, unterminated = false) => {
    const token: JsonataToken = unterminated ? { kind, start, end, text: text.slice(start, end), unterminated } : { kind, start, end, text: text.slice(start, end) };
    tokens.push(token);
    if (kind !== 'comment') significant.push(token);
  };
  while (at < length) {
    const ch = text[at];
    if (WHITESPACE.includes(ch)) {
      at++;
      continue;
    }
    const start = at;
    if (ch === '/' && text[at + 1] === '*') {
      const close = text.indexOf('*/', at + 2);
      if (close < 0) {
        push('comment', start, length, true);
        break;
      }
      at = close + 2;
      push('comment', start, at);
      continue;
    }
    if (ch === '/' && regexAllowed(significant)) {
      at = scanRegex(text, at + 1);
      const closed = at <= length && text[at - 1] === '/' && at - 1 > start;
      if (!closed) {
        push('regex', start, length, true);
        break;
      }
      while (text[at] === 'i' || text[at] === 'm') at++;
      push('regex', start, at);
      continue;
    }
    const two = text.slice(at, at + 2);
    if (TWO_CHAR_OPERATORS.has(two)) {
      at += 2;
      push('operator', start, at);
      continue;
    }
    if (OPERATOR_CHARS.has(ch)) {
      at++;
      push('operator', start, at);
      continue;
    }
    if (ch === '"' || ch === "'") {
      at++;
      let closed = false;
      while (at < length) {
        const c = text[at];
        if (c === '\\') {
          at += 2;
          continue;
        }
        at++;
        if (c === ch) {
          closed = true;
          break;
        }
      }
      push('string', start, Math.min(at, length), !closed);
      if (!closed) break;
      continue;
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    // The lexer reads a leading `-` as part of a number only where its regex matches at the
    // current position, which is always (operators are read first); `-` is an operator char,
    // so a number here never starts with `-`.
    if (number && number[0].length > 0) {
      at += number[0].length;
      push('number', start, at);
      continue;
    }
    if (ch === '`') {
      const close = text.indexOf('`', at + 1);
      if (close < 0) {
        push('quotedName', start, length, true);
        break;
      }
      at = close + 1;
      push('quotedName', start, at);
      continue;
    }
    let end = at;
    while (end < length && !WHITESPACE.includes(text[end]) && !OPERATOR_CHARS.has(text[end])) end++;
    if (end === at) {
      at++; // cannot happen (every character is whitespace, an operator, or part of a name)
      continue;
    }
    at = end;
    const word = text.slice(start, end);
    if (word.startsWith('$')) push('variable', start, end);
    else if (word === 'true' || word === 'false' || word === 'null') push('value', start, end);
    else if (word === 'and' || word === 'or' || word === 'in' || word === 'function' || word === 'λ') push('keyword', start, end);
    else push('name', start, end);
  }
  return tokens;
}

/**
 * Whether a `/` starts a regular expression. The lexer reads one only where the parser is not
 * right after a prefix token: at the start, after an infix operator, or after `,` `:` `;`.
 */
function regexAllowed(significant: readonly JsonataToken[]): boolean {
  const previous = significant[significant.length - 1];
  if (!previous) return true;
  if (endsOperand(previous)) return false;
  if (previous.kind !== 'operator' && previous.kind !== 'keyword') return false;
  if (previous.text === ',' || previous.text === ':' || previous.text === ';') return true;
  // An operator in infix position follows an operand.
  return endsOperand(significant[significant.length - 2]);
}

/** Index after the closing `/` of a regex whose body starts at `at` (or the text's length). */
function scanRegex(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && depth === 0) {
      let backslashes = 0;
      while (text[i - (backslashes + 1)] === '\\') backslashes++;
      if (backslashes % 2 === 0) return i + 1;
    }
    if ((c === '(' || c === '[' || c === '{') && text[i - 1] !== '\\') depth++;
    if ((c === ')' || c === ']' || c === '}') && text[i - 1] !== '\\') depth--;
  }
  return text.length + 1;
}

/** The token containing index `at` (a cursor at a token's end counts as in it), if any. */
export function tokenAt(tokens: readonly JsonataToken[], at: number): JsonataToken | undefined {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const token = tokens[mid];
    if (token.end < at) low = mid + 1;
    else if (token.start > at) high = mid - 1;
    else {
      // Prefer the token that starts at `at` over one that ends there only when the earlier is an operator.
      const next = tokens[mid + 1];
      if (token.end === at && next && next.start === at && token.kind === 'operator') return next;
      return token;
    }
  }
  return undefined;
}
