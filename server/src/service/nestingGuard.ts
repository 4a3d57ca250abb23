/**
 * The deepest nesting the service analyses. The JSON parser and schema validator recurse
 * once per level, so a pathological document (10,000 nested arrays) would overflow the
 * stack. Real templates nest a dozen levels; this leaves a wide margin.
 */
export const MAX_NESTING_DEPTH = 256;

const QUOTE = 34; // "
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * Finds where a document first nests deeper than {@link MAX_NESTING_DEPTH}, or returns
 * undefined when it does not. One pass, no allocation: it runs on every edit of files of any
 * size. Brackets inside strings do not count; a string ends at its closing quote or,
 * unterminated, at the end of the line (as the JSON scanner reads it).
 */
export function findExcessiveNesting(text: string): { offset: number; length: number } | undefined {
  let depth = 0;
  const length = text.length;
  // The next line break at or after the scan position, advanced only forwards (linear overall).
  let newline = text.indexOf('\n');
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump over the string's contents with a native search (most of a template is strings):
      // the next quote that is not escaped, or the end of the line for an unterminated string.
      let close = text.indexOf('"', i + 1);
      while (close > 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
      while (newline >= 0 && newline <= i) newline = text.indexOf('\n', newline + 1);
      if (close < 0) close = newline < 0 ? length : newline;
      else if (newline >= 0 && newline < close) close = newline;
      i = close;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_NESTING_DEPTH) return { offset: i, length: 1 };
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
  }
  return undefined;
}

/** Whether the quote at `index` is preceded by an odd number of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let j = index - 1; j >= 0 && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
  return backslashes % 2 === 1;
}
