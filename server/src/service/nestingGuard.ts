import { createScanner } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is a const enum, which isolated (esbuild) compilation cannot read.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/**
 * The deepest nesting the service analyses. The JSON parser and schema validator recurse
 * once per level, so a pathological document (10,000 nested arrays) would overflow the
 * stack. Real templates nest a dozen levels; this leaves a wide margin.
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * Finds where a document first nests deeper than {@link MAX_NESTING_DEPTH}, scanning
 * iteratively (the scanner keeps no stack), or returns undefined when it does not.
 */
export function findExcessiveNesting(text: string): { offset: number; length: number } | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      depth++;
      if (depth > MAX_NESTING_DEPTH) return { offset: scanner.getTokenOffset(), length: 1 };
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}
