import { isIndexToken, parsePathQuery, type PathQuery, type PathToken } from './pathQuery';
import { detachedString } from '../text/detachedString';
import { TextCache } from '../textCache';

/**
 * Placeholders as Truto's engine (`@truto/replace-placeholders`) reads them. Each rule below is
 * the engine's own, restated with positions; the differential test in
 * test/unit/placeholderEngine.test.ts holds the two together.
 *
 * - A placeholder is `{{inner}}` where inner matches `[\w\-./|:?\s]+` (ASCII word characters,
 *   `- . / | : ?` and any JS whitespace). Anything else between braces is sent literally.
 * - `inner.split('?:')`: the first piece holds the alternatives, the second the default; any
 *   further piece is ignored.
 * - Alternatives are split on `|`. In each, `:` followed by a word or space character starts a
 *   type; the first type (trimmed, default `str`) is the cast.
 * - Flags are substrings of the alternatives: `:null`, `:undefined`, `:ignore-empty-str`.
 * - The default's type is the piece after its first such `:`, *not* trimmed (default `str`).
 */

/** What the engine accepts as a cast; anything else throws "Unsupported type". */
export const CAST_WORDS = ['str', 'int', 'num', 'bool', 'json', 'any', 'null', 'undefined', 'ignore-empty-str'] as const;
export type CastWord = (typeof CAST_WORDS)[number];

export function isCastWord(word: string): word is CastWord {
  return (CAST_WORDS as readonly string[]).includes(word);
}

/**
 * A span [start, end). Inside a placeholder's parts (alternatives, types, default) spans are
 * relative to the placeholder's own start, so that one parse serves every occurrence of the
 * same placeholder text; add `placeholder.start` for a position in the string.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface TypeWord extends Span {
  /** The type as the engine compares it (trimmed for alternatives, as written for defaults). */
  readonly name: string;
}

export interface Alternative extends Span {
  /** The path as the engine looks it up (trimmed). */
  readonly path: string;
  readonly pathSpan: Span;
  readonly query: PathQuery;
  /** Every `:type` piece; only the first is the cast. */
  readonly types: readonly TypeWord[];
}

export interface PlaceholderDefault extends Span {
  /** The literal, spaces kept, as the engine returns it. */
  readonly value: string;
  readonly valueSpan: Span;
  readonly type?: TypeWord;
}

/** What a placeholder's text means, whatever string it appears in; spans relative to its `{{`. */
export interface PlaceholderShape {
  readonly text: string;
  readonly alternatives: readonly Alternative[];
  /** The literal used when no alternative resolves; absent when there is none or it is empty. */
  readonly default?: PlaceholderDefault;
  /** Text after a second `?:`, which the engine ignores. */
  readonly ignoredDefault?: Span;
  readonly flags: { readonly null: boolean; readonly undefined: boolean; readonly ignoreEmptyString: boolean };
  /** Why the engine throws on this text (computed once per distinct text). */
  readonly faults: readonly EngineFault[];
  /** Every single-branch-or-union path of property and index tokens, per alternative (for references). */
  readonly paths: readonly ShapePath[];
  /**
   * Per-shape memo for analyses that depend only on the text (diagnostics, for instance), so
   * each is computed once per distinct placeholder rather than once per occurrence.
   */
  readonly derived: Record<string, unknown>;
}

/** A path in a placeholder made only of property and index tokens, with its tokens' offsets. */
export interface ShapePath {
  readonly alternative: Alternative;
  readonly tokens: readonly PathToken[];
  /** Offset of each token, relative to the placeholder's start. */
  readonly offsets: readonly number[];
  /** For `resources.<a>.<b>…`: the unified step key `<a>/<b>` it may mean. */
  readonly unifiedKey?: string;
  /** For `args.<name>…`: the argument it reads. */
  readonly argName?: string;
  /** For `resources.<a>…`: it reads a step record. */
  readonly readsResource: boolean;
}

/** One occurrence of a placeholder in a string. `start`/`end` are positions in the string. */
export interface Placeholder extends PlaceholderShape, Span {
  /** The placeholder is the whole string, so casts can change the value's type. */
  readonly isWholeString: boolean;
  /** The shared parse of its text (the same object for every occurrence of the same text). */
  readonly shape: PlaceholderShape;
}

/** Where the inner text starts, relative to the placeholder (after `{{`). */
export const INNER_START = 2;

/** A `:` starts a type when a word or space character follows: the engine's `/:(?=[\w\s]+)/`. */
const WORD_OR_SPACE = /[\w\s]/;

/** Splits `text` (which starts at `base`) at type colons; returns the pieces with their spans. */
function splitTypes(text: string, base: number): { text: string; start: number }[] {
  const pieces: { text: string; start: number }[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ':' && i + 1 < text.length && WORD_OR_SPACE.test(text[i + 1])) {
      pieces.push({ text: text.slice(last, i), start: base + last });
      last = i + 1;
    }
  }
  pieces.push({ text: text.slice(last), start: base + last });
  return pieces;
}

function trimmedSpan(text: string, start: number): { text: string; span: Span } {
  const leading = text.length - text.trimStart().length;
  const trimmed = text.trim();
  return { text: trimmed, span: { start: start + leading, end: start + leading + trimmed.length } };
}

/**
 * Shared parts of shapes, so that the cache holds less per distinct text (a template may have
 * thousands, each of its own step): an alternative without types, a shape without faults, and the
 * eight combinations of flags.
 */
const NO_TYPES: readonly TypeWord[] = Object.freeze([]);
const NO_FAULTS: readonly EngineFault[] = Object.freeze([]);
const NO_PATHS: readonly ShapePath[] = Object.freeze([]);
const FLAGS: readonly PlaceholderShape['flags'][] = Array.from({ length: 8 }, (_, bits) => Object.freeze({ null: (bits & 1) !== 0, undefined: (bits & 2) !== 0, ignoreEmptyString: (bits & 4) !== 0 }));

function parseAlternative(text: string, start: number): Alternative {
  const [pathPiece, ...typePieces] = splitTypes(text, start);
  const path = trimmedSpan(pathPiece.text, pathPiece.start);
  const types =
    typePieces.length === 0
      ? NO_TYPES
      : typePieces.map((piece) => {
          const word = trimmedSpan(piece.text, piece.start);
          return { name: word.text, start: word.span.start, end: word.span.end };
        });
  return { start, end: start + text.length, path: path.text, pathSpan: path.span, query: parsePathQuery(path.text), types };
}

/** A shape parsed: the common simple form directly, anything else by the general parser. */
function parseShape(text: string): PlaceholderShape {
  return simpleShape(text) ?? generalShape(text);
}

/** Characters of a simple path: ASCII word characters, `-` and `.` (a token separator). */
const SIMPLE_PATH = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.') SIMPLE_PATH[c.charCodeAt(0)] = 1;

/**
 * The shape of the most common placeholders, a plain path such as `{{resources.crm.contacts.id}}`,
 * with or without one cast (`{{args.page_size:int}}`) and a default without a colon
 * (`{{resources.crm.contacts.name?:none}}`): one alternative of dot-separated property (or index)
 * tokens, and no space in the path, union, empty token, regular expression, wildcard, unknown
 * type, typed default or second default. Undefined for anything else, which generalShape parses.
 * The same shape as generalShape's, property for property (so they share hidden classes);
 * test/unit/placeholderShapes.test.ts compares the two on generated texts.
 *
 * Why: on a first open every distinct placeholder is parsed once, and a large template has one or
 * more of its own per step (20,000 in a 10,000-step chain); the general parser splits on `?:`,
 * `|`, type colons and spaces, trims, and tokenises with a closure per call, all for nothing here.
 */
export function simpleShape(text: string): PlaceholderShape | undefined {
  const innerEnd = text.length - 2;
  // A default: the text after the first `?:`, non-empty and without a colon (so neither typed nor
  // followed by a second default). The body before it is the path and its cast.
  const defaultAt = text.indexOf('?:', INNER_START);
  let defaultValue: PlaceholderDefault | undefined;
  if (defaultAt >= 0) {
    const defaultStart = defaultAt + 2;
    if (defaultStart >= innerEnd || text.includes(':', defaultStart)) return undefined;
    const value = text.slice(defaultStart, innerEnd);
    defaultValue = { start: defaultStart, end: innerEnd, value, valueSpan: { start: defaultStart, end: innerEnd }, type: undefined };
  }
  const end = defaultValue === undefined ? innerEnd : defaultAt;
  if (end <= INNER_START) return undefined;
  const tokens: PathToken[] = [];
  let tokenStart = INNER_START;
  let pathEnd = end;
  for (let i = INNER_START; i <= pathEnd; i++) {
    let code = i === end ? DOT : text.charCodeAt(i);
    if (code === COLON) {
      pathEnd = i;
      code = DOT;
    } else if (code >= 128 || SIMPLE_PATH[code] === 0) return undefined;
    if (code !== DOT) continue;
    if (i === tokenStart) return undefined; // an empty token: a leading, trailing or doubled dot
    const chars = text.slice(tokenStart, i);
    tokens.push({ kind: isIndexToken(chars) ? 'index' : 'prop', text: chars, start: tokenStart - INNER_START });
    tokenStart = i + 1;
  }
  let types = NO_TYPES;
  let flags = FLAGS[0];
  if (pathEnd < end) {
    const cast = text.slice(pathEnd + 1, end);
    if (!isCastWord(cast)) return undefined;
    types = [{ name: cast, start: pathEnd + 1, end }];
    flags = flagsOf(text.slice(INNER_START, end));
  }
  const path = text.slice(INNER_START, pathEnd);
  const pathSpan: Span = { start: INNER_START, end: pathEnd };
  const alternative: Alternative = { start: INNER_START, end, path, pathSpan, query: { branches: [tokens.slice()] }, types };
  const alternatives = [alternative];
  return { text, alternatives, default: defaultValue, ignoredDefault: undefined, flags, faults: NO_FAULTS, paths: shapePaths(alternatives), derived: {} };
}

const COLON = 58;
const DOT = 46;

/** The engine's flags: substrings of the alternatives (`body`, the text before any `?:`). */
function flagsOf(body: string): PlaceholderShape['flags'] {
  return FLAGS[(body.includes(':null') ? 1 : 0) | (body.includes(':undefined') ? 2 : 0) | (body.includes(':ignore-empty-str') ? 4 : 0)];
}

/** Any placeholder text, as the engine reads it. */
export function generalShape(text: string): PlaceholderShape {
  const start = 0;
  const innerStart = INNER_START;
  const inner = text.slice(2, -2);
  const defaultAt = inner.indexOf('?:');
  const body = defaultAt < 0 ? inner : inner.slice(0, defaultAt);
  const alternatives: Alternative[] = [];
  let partStart = 0;
  for (const part of body.split('|')) {
    alternatives.push(parseAlternative(part, innerStart + partStart));
    partStart += part.length + 1;
  }
  let defaultValue: PlaceholderDefault | undefined;
  let ignoredDefault: Span | undefined;
  if (defaultAt >= 0) {
    const afterDefault = inner.slice(defaultAt + 2);
    const secondDefault = afterDefault.indexOf('?:');
    const defaultText = secondDefault < 0 ? afterDefault : afterDefault.slice(0, secondDefault);
    const defaultStart = innerStart + defaultAt + 2;
    if (secondDefault >= 0) ignoredDefault = { start: defaultStart + secondDefault, end: start + text.length - 2 };
    if (defaultText.length > 0) {
      const [valuePiece, typePiece] = splitTypes(defaultText, defaultStart);
      defaultValue = {
        start: defaultStart,
        end: defaultStart + defaultText.length,
        value: valuePiece.text,
        valueSpan: { start: valuePiece.start, end: valuePiece.start + valuePiece.text.length },
        type: typePiece ? { name: typePiece.text, start: typePiece.start, end: typePiece.start + typePiece.text.length } : undefined,
      };
    }
  }
  // Every shape has the same properties, in the same order (absent parts are undefined): spreading
  // optional parts in gave each combination a hidden class of its own, and copying the object with
  // a spread was most of the cost of parsing a placeholder.
  const flags = flagsOf(body);
  // Exact-size copies of the lists grown by push (which keep spare slots): shapes are cached.
  const exactAlternatives = alternatives.slice();
  const faults = engineFaults({ text, alternatives: exactAlternatives, default: defaultValue, ignoredDefault, flags });
  return {
    text,
    alternatives: exactAlternatives,
    default: defaultValue,
    ignoredDefault,
    flags,
    faults: faults.length === 0 ? NO_FAULTS : faults.slice(),
    paths: shapePaths(exactAlternatives),
    derived: {},
  };
}

function shapePaths(alternatives: readonly Alternative[]): readonly ShapePath[] {
  const paths: ShapePath[] = [];
  for (const alternative of alternatives) {
    if (alternative.query.error !== undefined) continue;
    for (const tokens of alternative.query.branches) {
      if (tokens.length === 0 || tokens.some((t) => t.kind !== 'prop' && t.kind !== 'index')) continue;
      const offsets = tokens.map((t) => alternative.pathSpan.start + t.start);
      const root = tokens[0].text;
      const second = tokens.length > 1 && tokens[1].kind === 'prop' ? tokens[1].text : undefined;
      const readsResource = root === 'resources' && second !== undefined;
      const unified = readsResource && tokens.length > 2 && tokens[2].kind === 'prop';
      paths.push({
        alternative,
        tokens,
        offsets,
        readsResource,
        // Flat (detachedString): a concatenation is compared character by character on every map lookup.
        unifiedKey: unified ? detachedString(`${tokens[1].text}/${tokens[2].text}`) : undefined,
        argName: root === 'args' && second ? second : undefined,
      });
    }
  }
  return paths.length === 0 ? NO_PATHS : paths.slice();
}

/**
 * Shapes by placeholder text. Templates repeat the same placeholders many times
 * (`{{args.integrated_account_id}}`), and a shape never changes, so each distinct text is parsed
 * once while it is in use. Bounded: up to 2 × 10,000 texts (textCache.ts), about 1.6 KiB each.
 * Parsing a shape again costs about 5 µs with its garbage: a smaller cache (2 × 5,000) made
 * validating a 10,000-step template with a placeholder of its own per step 50 ms slower.
 */
const shapes = new TextCache<PlaceholderShape>(10_000, parseShape);

function shapeOf(text: string): PlaceholderShape {
  return shapes.get(text);
}

/** Every placeholder in a (decoded) string, in order, exactly as the engine finds them. */
export function parsePlaceholders(value: string): Placeholder[] {
  // Most strings hold one placeholder: keep it in a local and return an exact-size list, rather
  // than pushing onto an empty array (whose first push reserves 16 slots), once per template string.
  let first: Placeholder | undefined;
  let found: Placeholder[] | undefined;
  // The engine's /{{([\w\-./|:?\s]+)}}/g, as a scan: only a `{{` can start a match, the run of
  // inner characters is greedy, and a match must end with `}}` (braces are not inner characters,
  // so no shorter run could end there either). The search resumes after a match, or one
  // character after a failed start, exactly as the regex does.
  let open = value.indexOf('{{');
  while (open >= 0) {
    let end = open + 2;
    while (end < value.length && isInnerChar(value.charCodeAt(end))) end++;
    if (end > open + 2 && value.charCodeAt(end) === CLOSE_BRACE && value.charCodeAt(end + 1) === CLOSE_BRACE) {
      const text = value.slice(open, end + 2);
      const occurrence = new Occurrence(shapeOf(text), open, text.length === value.length);
      if (first === undefined) first = occurrence;
      else if (found === undefined) found = [first, occurrence];
      else found.push(occurrence);
      open = value.indexOf('{{', end + 2);
    } else {
      open = value.indexOf('{{', open + 1);
    }
  }
  return found ?? (first === undefined ? [] : [first]);
}

const CLOSE_BRACE = 125;
/** ASCII characters of the engine's inner class `[\w\-./|:?\s]`. */
const INNER_ASCII = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./|:? \t\n\v\f\r') INNER_ASCII[c.charCodeAt(0)] = 1;

/** JavaScript's `\s` beyond ASCII. */
function isUnicodeSpace(code: number): boolean {
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function isInnerChar(code: number): boolean {
  return code < 128 ? INNER_ASCII[code] === 1 : isUnicodeSpace(code);
}

/** One occurrence: its position, and the shared parse of its text (read through, never copied). */
class Occurrence implements Placeholder {
  /** A field, not a getter: every check reads it, several times per placeholder. */
  readonly end: number;

  constructor(
    readonly shape: PlaceholderShape,
    readonly start: number,
    readonly isWholeString: boolean,
  ) {
    this.end = start + shape.text.length;
  }
  get text(): string {
    return this.shape.text;
  }
  get alternatives(): readonly Alternative[] {
    return this.shape.alternatives;
  }
  get default(): PlaceholderDefault | undefined {
    return this.shape.default;
  }
  get ignoredDefault(): Span | undefined {
    return this.shape.ignoredDefault;
  }
  get flags(): PlaceholderShape['flags'] {
    return this.shape.flags;
  }
  get faults(): readonly EngineFault[] {
    return this.shape.faults;
  }
  get paths(): readonly ShapePath[] {
    return this.shape.paths;
  }
  get derived(): Record<string, unknown> {
    return this.shape.derived;
  }
}

/** The cast the engine applies when alternative `alternative` resolves: its first type, or `str`. */
export function effectiveCast(alternative: Alternative): TypeWord | undefined {
  return alternative.types[0];
}

/** Why the engine throws on a placeholder, per part (spans relative to the placeholder). */
export interface EngineFault {
  readonly span: Span;
  readonly reason: 'unknown-cast' | 'slice' | 'empty-path' | 'bad-regexp' | 'default-type';
  /** The offending type word, for casts; the regexp problem, for paths. */
  readonly detail: string;
}

function engineFaults(placeholder: Omit<PlaceholderShape, 'faults' | 'paths' | 'derived'>): EngineFault[] {
  const faults: EngineFault[] = [];
  const count = placeholder.alternatives.length;
  placeholder.alternatives.forEach((alternative, index) => {
    if (alternative.query.error !== undefined) {
      const empty = alternative.path.length === 0;
      // An empty alternative has no text of its own: point at its `|`, or at the braces.
      const emptySpan: Span =
        count === 1 ? { start: 0, end: placeholder.text.length } : index > 0 ? { start: alternative.start - 1, end: alternative.end } : { start: alternative.start, end: alternative.end + 1 };
      faults.push({
        span: empty ? emptySpan : alternative.pathSpan,
        reason: empty ? 'empty-path' : 'bad-regexp',
        detail: empty ? '' : alternative.query.error,
      });
    }
    const cast = effectiveCast(alternative);
    if (cast && !isCastWord(cast.name)) {
      const slice = /^-?\d+$/.test(cast.name);
      faults.push({
        span: cast.end > cast.start ? cast : { start: cast.start - 1, end: cast.start },
        reason: slice ? 'slice' : 'unknown-cast',
        detail: cast.name,
      });
    }
  });
  const defaultType = placeholder.default?.type;
  if (defaultType && !isCastWord(defaultType.name)) {
    faults.push({ span: defaultType, reason: 'default-type', detail: defaultType.name });
  }
  return faults;
}

