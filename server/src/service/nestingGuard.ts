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
const NEWLINE = 10;

/**
 * Finds where a document first nests deeper than {@link MAX_NESTING_DEPTH}, or returns
 * undefined when it does not. One tight pass over the characters, no allocation: it runs on
 * every edit of files of any size. Brackets inside strings do not count; a string ends at its
 * closing quote or, unterminated, at the end of the line (as the JSON scanner reads it).
 */
export function findExcessiveNesting(text: string): { offset: number; length: number } | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE || c === NEWLINE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_NESTING_DEPTH) return { offset: i, length: 1 };
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
  }
  return undefined;
}
