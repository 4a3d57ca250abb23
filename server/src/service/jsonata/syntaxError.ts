import { scanJsonata } from './scanner';

/** What the `jsonata` parser throws (its error objects are plain objects, not Error instances). */
export interface JsonataParserError {
  readonly code?: string;
  readonly position?: number;
  readonly token?: unknown;
  readonly value?: unknown;
}

/** A parse error, placed in the expression text (decoded indices). */
export interface JsonataSyntaxError {
  /** The parser's error code (`S0201`, …). */
  readonly code: string;
  /** The character index the parser names (`position`), clamped to the text. */
  readonly index: number;
  /** The span to underline: [start, end), always containing `index` or touching it. */
  readonly start: number;
  readonly end: number;
  /** What is wrong and what was expected, in plain words. */
  readonly message: string;
}

/** Codes whose position names the start of what is wrong, not the end of a token. */
const AT_START = new Set(['S0102', 'S0103', 'S0104', 'S0106']);

function shown(token: unknown): string {
  if (token === undefined || token === '(end)') return 'the end of the expression';
  return `"${String(token)}"`;
}

/** The parser's message, rewritten: what is wrong, then what was expected or what to do. */
function plainMessage(error: JsonataParserError): string {
  const token = error.token;
  const value = error.value;
  switch (error.code) {
    case 'S0101':
      return 'A string is not closed: add the matching quote at its end (inside this JSON string, a double quote is written \\").';
    case 'S0102':
      return `The number ${shown(token)} is too large for JSONata: write a smaller number.`;
    case 'S0103':
      return `"\\${String(token ?? '')}" is not an escape JSONata knows in a string: use \\\\, \\", \\/, \\b, \\f, \\n, \\r, \\t or \\u followed by 4 hex digits.`;
    case 'S0104':
      return '"\\u" in a string must be followed by 4 hex digits (such as \\u00e9).';
    case 'S0105':
      return 'A name in backticks is not closed: add the closing ` after it.';
    case 'S0106':
      return 'A comment is not closed: end it with */.';
    case 'S0201':
      return token === ';'
        ? 'JSONata did not expect ";" here: statements separated by ";" must be inside parentheses, as in ( $a := 1; $a + 1 ).'
        : `JSONata did not expect ${shown(token)} here: after a complete value it expects an operator (such as = or &), a "." path step, or the end of the expression.`;
    case 'S0202':
      return `Expected ${shown(value)} here, but found ${shown(token)}.`;
    case 'S0203':
      return `The expression ends before its closing ${shown(value)}: add ${shown(value)}.`;
    case 'S0204':
      return `${shown(token)} is not a JSONata operator (for "not equal" write !=, for negation $not(…)).`;
    case 'S0205':
    case 'S0206':
      return `JSONata did not expect ${shown(token)} here.`;
    case 'S0207':
      return 'The expression ends where a value is expected: complete it (an operator needs a value on both sides, and the expression cannot be empty).';
    case 'S0208':
      return `Parameter ${String(value ?? '')} of the function definition must be a variable name starting with $ (such as $item).`;
    case 'S0209':
      return 'A predicate [ … ] cannot follow a grouping { … } in the same path step.';
    case 'S0210':
      return 'A path step can have only one grouping { … }.';
    case 'S0211':
      return `${shown(token)} cannot start a value here: a value is expected (a name, literal, $variable, ( … ), [ … ] or { … }).`;
    case 'S0212':
      return 'The left side of := must be a variable name starting with $ (such as $total := …).';
    case 'S0213':
      return `The literal ${String(value)} cannot be a step of a path: use a name, or [${String(value)}] to pick an item by position.`;
    case 'S0214':
      return `The right side of ${shown(token)} must be a variable name starting with $.`;
    case 'S0215':
      return 'A context variable binding (@$var) must come before any predicate [ … ] on a step.';
    case 'S0216':
      return 'A context variable binding (@$var) must come before the order-by ^( … ) of a step.';
    case 'S0217':
      return 'The parent operator % is used where there is no parent to go back to.';
    case 'S0301':
      return 'A regular expression cannot be empty (// ): write a pattern between the slashes.';
    case 'S0302':
      return 'A regular expression is not closed: end it with /.';
    case 'S0401':
    case 'S0402':
      return 'The function signature < … > is not valid JSONata.';
    default:
      return `JSONata cannot parse this expression (${error.code ?? 'unknown error'}).`;
  }
}

/**
 * Places a parser error in the text. The parser's `position` is the end of the offending token
 * for parse errors, or the start of the offending text for some lexer errors; the span covers
 * that token (or, for what is unterminated, from where it opens to the end).
 */
export function describeSyntaxError(text: string, error: JsonataParserError): JsonataSyntaxError {
  const code = error.code ?? 'S0000';
  const length = text.length;
  const message = `${plainMessage(error)} (JSONata ${code})`;
  if (typeof error.position !== 'number' || !Number.isFinite(error.position)) {
    return { code, index: 0, start: 0, end: length, message };
  }
  const index = Math.max(0, Math.min(length, error.position));
  const span = (start: number, end: number): JsonataSyntaxError => ({ code, index, start: Math.max(0, Math.min(start, index)), end: Math.min(length, Math.max(end, index)), message });

  if (AT_START.has(code)) {
    switch (code) {
      case 'S0103': // index is the character after the backslash
        return span(index - 1, index + 1);
      case 'S0104': // index is the `u`
        return span(index - 1, Math.min(length, index + 5));
      case 'S0106':
        return span(index, length);
      default: // S0102: the number
        return span(index, index + String(error.token ?? '').length);
    }
  }
  if (code === 'S0101' || code === 'S0105' || code === 'S0302') {
    // Unterminated: from where the scanner sees it open to the end.
    const open = scanJsonata(text).find((t) => t.unterminated && t.kind !== 'comment');
    return open ? span(open.start, length) : span(index - 1, index);
  }
  if (code === 'S0301') return span(index - 1, index + 1);
  const token = error.token ?? error.value;
  if (token === '(end)' || (token === undefined && index >= length)) {
    // The end of the expression: underline its last character (nothing when it is empty).
    let last = length;
    while (last > 0 && ' \t\n\r\v'.includes(text[last - 1])) last--;
    return last === 0 ? span(length, length) : span(last - 1, length);
  }
  if (token === undefined) return span(index - 1, index);
  return span(tokenStart(text, index, token), index);
}

/** Where the token that ends at `end` starts. */
function tokenStart(text: string, end: number, token: unknown): number {
  const before = text[end - 1];
  if (before === '"' || before === "'") {
    // A string: back to the unescaped opening quote.
    for (let i = end - 2; i >= 0; i--) {
      if (text[i] !== before) continue;
      let backslashes = 0;
      while (i - backslashes - 1 >= 0 && text[i - backslashes - 1] === '\\') backslashes++;
      if (backslashes % 2 === 0) return i;
    }
    return end - 1;
  }
  if (before === '`') {
    const open = text.lastIndexOf('`', end - 2);
    return open >= 0 ? open : end - 1;
  }
  const written = String(token);
  if (written.length > 0 && text.slice(end - written.length, end) === written) return end - written.length;
  // A variable's token is its name without `$`; a number may be written longer than it prints.
  if (text.slice(end - written.length - 1, end) === `$${written}`) return end - written.length - 1;
  let start = end - 1;
  while (start > 0 && /[\w.$]/.test(text[start - 1]) && /[\w.$]/.test(text[start])) start--;
  return Math.max(0, start);
}
