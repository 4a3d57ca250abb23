import { parsePathQuery, type PathQuery } from './pathQuery';

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

/** A span in the decoded string: [start, end). */
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

export interface Placeholder extends Span {
  readonly text: string;
  /** Start of the inner text (after `{{`). */
  readonly innerStart: number;
  readonly alternatives: readonly Alternative[];
  /** The literal used when no alternative resolves; absent when there is none or it is empty. */
  readonly default?: PlaceholderDefault;
  /** Text after a second `?:`, which the engine ignores. */
  readonly ignoredDefault?: Span;
  readonly flags: { readonly null: boolean; readonly undefined: boolean; readonly ignoreEmptyString: boolean };
  /** The placeholder is the whole string, so casts can change the value's type. */
  readonly isWholeString: boolean;
}

const PLACEHOLDER = /{{([\w\-./|:?\s]+)}}/g;
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

function parseAlternative(text: string, start: number): Alternative {
  const [pathPiece, ...typePieces] = splitTypes(text, start);
  const path = trimmedSpan(pathPiece.text, pathPiece.start);
  const types = typePieces.map((piece) => {
    const word = trimmedSpan(piece.text, piece.start);
    return { name: word.text, start: word.span.start, end: word.span.end };
  });
  return { start, end: start + text.length, path: path.text, pathSpan: path.span, query: parsePathQuery(path.text), types };
}

function parsePlaceholder(text: string, start: number, whole: boolean): Placeholder {
  const innerStart = start + 2;
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
        ...(typePiece ? { type: { name: typePiece.text, start: typePiece.start, end: typePiece.start + typePiece.text.length } } : {}),
      };
    }
  }
  const parts = body.split('|');
  return {
    start,
    end: start + text.length,
    text,
    innerStart,
    alternatives,
    ...(defaultValue ? { default: defaultValue } : {}),
    ...(ignoredDefault ? { ignoredDefault } : {}),
    flags: {
      null: parts.some((p) => p.includes(':null')),
      undefined: parts.some((p) => p.includes(':undefined')),
      ignoreEmptyString: parts.some((p) => p.includes(':ignore-empty-str')),
    },
    isWholeString: whole,
  };
}

/** Every placeholder in a (decoded) string, in order, exactly as the engine finds them. */
export function parsePlaceholders(value: string): Placeholder[] {
  const found: Placeholder[] = [];
  if (!value.includes('{{')) return found; // the common case, kept cheap
  PLACEHOLDER.lastIndex = 0;
  for (let match = PLACEHOLDER.exec(value); match; match = PLACEHOLDER.exec(value)) {
    found.push(parsePlaceholder(match[0], match.index, match[0] === value));
  }
  return found;
}

/** The cast the engine applies when alternative `alternative` resolves: its first type, or `str`. */
export function effectiveCast(alternative: Alternative): TypeWord | undefined {
  return alternative.types[0];
}

/** Why the engine throws on this placeholder, per part; empty when it never does. */
export interface EngineFault {
  readonly span: Span;
  readonly reason: 'unknown-cast' | 'slice' | 'empty-path' | 'bad-regexp' | 'default-type';
  /** The offending type word, for casts; the regexp problem, for paths. */
  readonly detail: string;
}

export function engineFaults(placeholder: Placeholder): EngineFault[] {
  const faults: EngineFault[] = [];
  const count = placeholder.alternatives.length;
  placeholder.alternatives.forEach((alternative, index) => {
    if (alternative.query.error !== undefined) {
      const empty = alternative.path.length === 0;
      // An empty alternative has no text of its own: point at its `|`, or at the braces.
      const emptySpan: Span =
        count === 1 ? placeholder : index > 0 ? { start: alternative.start - 1, end: alternative.end } : { start: alternative.start, end: alternative.end + 1 };
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

