import jsonata from 'jsonata';
import type { JsonataParserError } from './syntaxError';

const realCreate = Object.create;

/** The parser's verdict on a text: its AST, or the error it throws. */
export type JsonataParse = { ast: unknown; error?: undefined } | { ast?: undefined; error: JsonataParserError };

/** The parser's verdict on a text: its AST, or the error it throws. Never throws. */
export function parseJsonata(text: string): JsonataParse {
  const create = Object.create;
  Object.create = createFlat;
  try {
    return { ast: jsonata(text).ast() };
  } catch (thrown) {
    const error: JsonataParserError = typeof thrown === 'object' && thrown !== null ? (thrown as JsonataParserError) : { code: 'S0000' };
    return { error };
  } finally {
    Object.create = create;
  }
}

/**
 * Object.create while the `jsonata` parser runs (and nothing else: the call is synchronous).
 *
 * Why: on every call the parser builds its symbol table afresh, about 80 objects made with
 * Object.create(base), and makes each token with Object.create(symbol). Every object used as a
 * prototype gets a hidden class of its own, which V8 keeps in the old generation, and through it
 * the call's closures and tokens live until the next full collection. Measured on 10,000 runtime-4
 * expressions: 66–71 µs of wall time and 10 KB promoted per parse, even for the text `1`; with
 * this, 15–16 µs and 0.7 KB, and the same ASTs.
 *
 * What: a plain object holding a copy of the prototype's enumerable properties, its own and
 * inherited, instead of an object that inherits them. That is the same for the parser, which reads
 * its symbols' and tokens' properties and never changes a symbol once tokens are made of it (the
 * symbol table is complete before the first token). Only a symbol's `id` and `lbp` are still
 * inherited, from a prototype made once per pair and kept: they are data the parser never sets on
 * a token, and JSON.stringify, which the parser uses to clone the left side of `??` and `?:`, must
 * not see them as the token's own. test/unit/jsonataParse.test.ts holds the ASTs and errors to the
 * unchanged parser's on jsonata's own test-suite expressions and on generated ones, so a `jsonata`
 * upgrade that breaks these assumptions fails there. Any other use (a second argument, a prototype
 * that is null, not an object, or itself without prototype) goes to the real Object.create.
 */
function createFlat(proto: object | null, properties?: PropertyDescriptorMap): object {
  if (properties !== undefined || proto === null || typeof proto !== 'object' || Object.getPrototypeOf(proto) === null) {
    return properties === undefined ? realCreate(proto) : realCreate(proto, properties);
  }
  const source = proto as Record<string, unknown>;
  const { id, lbp } = source;
  const copy: Record<string, unknown> = typeof id === 'string' && typeof lbp === 'number' ? realCreate(symbolFields(id, lbp)) : {};
  // for…in on purpose: inherited enumerable properties (a token's symbol's base) are copied too.
  for (const key in source) if (key !== 'id' && key !== 'lbp') copy[key] = source[key];
  return copy;
}

/**
 * The prototypes holding a symbol's `id` and `lbp` (binding power), one per pair and kept across
 * parses: a few hundred at most, made once (a prototype that lives on costs nothing per parse).
 */
const SYMBOL_FIELDS = new Map<string, object>();

function symbolFields(id: string, lbp: number): object {
  const key = `${lbp} ${id}`;
  let fields = SYMBOL_FIELDS.get(key);
  if (!fields) {
    fields = { id, lbp };
    SYMBOL_FIELDS.set(key, fields);
  }
  return fields;
}

/**
 * Texts per parser call in parseJsonataBatch. Measured on 10,000 runtime-4 expressions, µs per
 * text once warm / in a fresh process: one per call 14–16 / 29; 16 per call 11–13 / 20–21; 32:
 * 10 / 18–21; 64: 8.6–9.1 / 19; 128 and 256: 9.3 / 21; 500: 10 / 22–25 (a larger AST outlives
 * the young generation).
 */
const BATCH = 64;

/**
 * What parseJsonata gives for each text, for many texts at once: the same ASTs and errors, in
 * 60–65 % of the time (see BATCH).
 *
 * Why: the `jsonata` parser rebuilds its symbol table and its evaluation environment on every
 * call, which costs as much as parsing a typical 60-character expression. So texts are parsed
 * together, as the items of one array constructor (`[t1,t2,…]`), and each item's AST is given
 * back with its positions made relative to its own text again.
 *
 * That gives each text its own AST only when no text can reach into its neighbours, so a text is
 * batched only if `selfContained` says so (strings, names and comments closed, brackets balanced,
 * no comma, `..` or `%` outside brackets and strings, no `/`); every other text is parsed alone.
 * Then every item is parsed from its own tokens exactly as alone (the parser stops an item at `,`
 * or `]` where it stops a whole text at its end), and the array has as many items as texts. That
 * count and every position's staying inside its own text are checked all the same: if either
 * fails, the group is parsed text by text. A group the parser rejects is split at the text the
 * error is in: that text is parsed alone (for its own error and position), the others batched again.
 * test/unit/jsonataParse.test.ts holds this to the unchanged parser on jsonata's own test-suite
 * expressions and on generated valid and broken ones, batched in every order.
 */
export function parseJsonataBatch(texts: readonly string[]): JsonataParse[] {
  const results: JsonataParse[] = new Array<JsonataParse>(texts.length);
  let group: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (!selfContained(texts[i])) {
      results[i] = parseJsonata(texts[i]);
      continue;
    }
    group.push(i);
    if (group.length === BATCH) {
      parseGroup(texts, group, results);
      group = [];
    }
  }
  parseGroup(texts, group, results);
  return results;
}

function parseGroup(texts: readonly string[], group: readonly number[], results: JsonataParse[]): void {
  if (group.length <= 1) return parseEach(texts, group, results);
  // starts[k]: where group[k]'s text begins in the source; the last entry is where `]` is.
  const starts: number[] = [];
  let source = '[';
  for (const i of group) {
    if (starts.length > 0) source += ',';
    starts.push(source.length);
    source += texts[i];
  }
  starts.push(source.length);
  source += ']';
  const parsed = parseJsonata(source);
  if (parsed.error) {
    const k = segmentAt(starts, parsed.error.position);
    const alone = k === undefined ? undefined : parseJsonata(texts[group[k]]);
    if (k === undefined || alone?.error === undefined) return parseEach(texts, group, results);
    results[group[k]] = alone;
    parseGroup(texts, group.slice(0, k), results);
    parseGroup(texts, group.slice(k + 1), results);
    return;
  }
  const items = arrayItems(parsed.ast);
  if (items?.length !== group.length) return parseEach(texts, group, results);
  for (let k = 0; k < group.length; k++) {
    if (!shiftPositions(items[k], starts[k], starts[k] + texts[group[k]].length)) return parseEach(texts, group, results);
  }
  for (let k = 0; k < group.length; k++) results[group[k]] = { ast: items[k] };
}

function parseEach(texts: readonly string[], group: readonly number[], results: JsonataParse[]): void {
  for (const i of group) results[i] = parseJsonata(texts[i]);
}

/** The text (index into the group) an error position falls in: its text and the `,` or `]` after it. */
function segmentAt(starts: readonly number[], position: number | undefined): number | undefined {
  if (typeof position !== 'number' || position < starts[0]) return undefined;
  for (let k = 0; k < starts.length - 1; k++) if (position <= starts[k + 1]) return k;
  return starts.length - 2;
}

function arrayItems(ast: unknown): unknown[] | undefined {
  const node = ast as { type?: unknown; value?: unknown; expressions?: unknown } | undefined;
  return node?.type === 'unary' && node.value === '[' && Array.isArray(node.expressions) ? (node.expressions as unknown[]) : undefined;
}

/**
 * Makes every `position` in an item's AST relative to its own text, which spans [start, end) of
 * the batch's source. False if one lies outside it (the item is not that text's parse).
 *
 * Each node is reached once because the parser's AST is a tree: the left side it uses twice in
 * `??` and `?:` is a copy, and the slots a `%` step shares are never batched (selfContained).
 * jsonata is pinned, and the tests compare every batched AST with the unchanged parser's, so a
 * version that shares nodes fails there rather than shifting a position twice.
 */
function shiftPositions(root: unknown, start: number, end: number): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    const node = value as Record<string, unknown>;
    // Own keys: a token's `id` and `lbp` are inherited (parse.ts), its position never is.
    for (const key of Object.keys(node)) {
      const field = node[key];
      if (typeof field === 'object') {
        if (field !== null) stack.push(field);
      } else if (key === 'position' && typeof field === 'number') {
        // A position marks where a token ends: from just after the text's first character to its end.
        if (field <= start || field > end) return false;
        node[key] = field - start;
      }
    }
  }
  return true;
}

/**
 * Whether a text can be an item of a batch without reaching into its neighbours: every string,
 * backticked name and comment closed; brackets balanced; and, outside strings, names, comments and
 * brackets, no `,` (it would split the item), no `..` (a range, valid only in an array) and no
 * `%` (a parent step, numbered across the whole parse). A `/` outside a comment could start a
 * regular expression, whose extent depends on the parse: such texts are parsed alone.
 */
export function selfContained(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x22: // "
      case 0x27: {
        // ' — a string: a backslash escapes the next character.
        i++;
        while (i < text.length && text.charCodeAt(i) !== c) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
        if (i >= text.length) return false;
        break;
      }
      case 0x60: // `
        i = text.indexOf('`', i + 1);
        if (i < 0) return false;
        break;
      case 0x2f: // /
        if (text.charCodeAt(i + 1) !== 0x2a) return false;
        i = text.indexOf('*/', i + 2);
        if (i < 0) return false;
        i++;
        break;
      case 0x28: // (
      case 0x5b: // [
      case 0x7b: // {
        depth++;
        break;
      case 0x29: // )
      case 0x5d: // ]
      case 0x7d: // }
        if (--depth < 0) return false;
        break;
      case 0x2c: // ,
        if (depth === 0) return false;
        break;
      case 0x2e: // .
        if (depth === 0 && text.charCodeAt(i + 1) === 0x2e) return false;
        break;
      case 0x25: // %
        return false;
    }
  }
  return depth === 0;
}
