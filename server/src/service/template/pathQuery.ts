/**
 * The path syntax of `wild-wild-path`, which Truto's placeholder engine uses to look a path up:
 * `.` separates tokens, a space separates alternative queries (a union: the first that matches
 * wins), a leading `.` is ignored, and a token is an index (`-1`), a slice (`0:2`), a regular
 * expression (`/re/flags`) or a property name. This parser follows wild-wild-parser's own
 * algorithm token for token, so that what we report agrees with what the engine looks up.
 */

export type PathTokenKind = 'prop' | 'index' | 'slice' | 'regexp' | 'any';

export interface PathToken {
  readonly kind: PathTokenKind;
  readonly text: string;
  /** Index of the token's first character in the query string. */
  readonly start: number;
}

export interface PathQuery {
  /** Each space-separated alternative, as its tokens. An empty list means the root object itself. */
  readonly branches: readonly (readonly PathToken[])[];
  /** Why looking this path up throws in the engine, if it does. */
  readonly error?: string;
}

const SLICE = /^(-?\d+)?:(-?\d+)?$/u;
const INDEX = /^-?\d+$/u;

/** Whether a token that is neither a wildcard, a regular expression nor a slice is an index (else a property). */
export function isIndexToken(chars: string): boolean {
  // Only a `-` or a digit can start an index, and nearly every token is a name: those are told
  // apart without running the regular expression. It was a fifth of parsing new placeholders'
  // shapes in a cold profile (never-seen 10,000-step chain), 7 % once warm.
  const first = chars.charCodeAt(0);
  if (first !== 45 && !(first >= 48 && first <= 57)) return false;
  return INDEX.test(chars);
}

function tokenKind(chars: string): PathTokenKind {
  if (chars === '*' || chars === '**') return 'any';
  if (chars[0] === '/' && chars.lastIndexOf('/') > 1) return 'regexp';
  if (SLICE.test(chars)) return 'slice';
  if (isIndexToken(chars)) return 'index';
  return 'prop';
}

/** Parses a query as the engine passes it (already trimmed). Never throws. */
export function parsePathQuery(query: string): PathQuery {
  const branches: PathToken[][] = [];
  let branch: PathToken[] = [];
  let firstToken = true;
  let onlyDots = true;
  // The token being read is query[charsStart, charsStart + charsLength): sliced once at its end
  // (appending character by character built a chain of strings that shapes then kept alive).
  let charsLength = 0;
  let charsStart = 0;
  let error: string | undefined;

  const addToken = (): void => {
    const chars = charsLength === 0 ? '' : query.slice(charsStart, charsStart + charsLength);
    if (firstToken) {
      firstToken = false;
      if (chars.length === 0) return; // a leading dot is ignored
    }
    onlyDots = onlyDots && chars.length === 0;
    const kind = tokenKind(chars);
    if (kind === 'regexp' && error === undefined) {
      const end = chars.lastIndexOf('/');
      try {
        new RegExp(chars.slice(1, end), chars.slice(end + 1));
      } catch (e) {
        error = `"${chars}" is read as a regular expression, and it is not a valid one (${(e as Error).message})`;
      }
    }
    branch.push({ kind, text: chars, start: charsStart });
    charsLength = 0;
  };

  const addBranch = (): void => {
    if (firstToken && charsLength === 0 && branch.length === 0) return;
    if (!(onlyDots && charsLength === 0)) addToken();
    branches.push(branch);
    branch = [];
    firstToken = true;
    onlyDots = true;
  };

  for (let index = 0; index <= query.length; index++) {
    const char = query[index];
    if (char === ' ' || index === query.length) addBranch();
    else if (char === '.') addToken();
    else {
      if (charsLength === 0) charsStart = index;
      charsLength++;
    }
  }
  if (branches.length === 0) error = 'the path is empty';
  // Exact-size copies: arrays grown by push keep spare slots (17 for a first push), and a query is
  // kept for as long as its placeholder's shape is cached (thousands of them in a large template).
  const exact = branches.map((tokens) => tokens.slice());
  return error === undefined ? { branches: exact } : { branches: exact, error };
}

/** The property names of a single-branch path made only of property and index tokens, else undefined. */
export function simplePath(query: PathQuery): readonly PathToken[] | undefined {
  if (query.error !== undefined || query.branches.length !== 1) return undefined;
  const [tokens] = query.branches;
  return tokens.every((t) => t.kind === 'prop' || t.kind === 'index') ? tokens : undefined;
}
