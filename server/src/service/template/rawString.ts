/**
 * Maps positions in a JSON string's decoded value back to the raw document text, so that a
 * placeholder's range is exact however the string is escaped (`\"`, `\u0041`, `\n` …).
 */
export interface RawString {
  /** The decoded value, as the engine sees it. */
  readonly value: string;
  /** Document offset of the opening quote. */
  readonly offset: number;
  /** Document offset of decoded index `i` (0 ≤ i ≤ value.length). */
  toDocumentOffset(index: number): number;
  /** The decoded index at a document offset (an offset inside an escape maps to its start). */
  toDecodedIndex(documentOffset: number): number;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decodes the raw text of a JSON string token (with its quotes; the closing quote may be
 * missing in a half-typed document) and records where each decoded code unit came from.
 */
export function decodeRawString(raw: string, offset: number): RawString {
  if (!raw.includes('\\')) {
    const start = raw.startsWith('"') ? 1 : 0;
    const end = raw.length > start && raw.endsWith('"') ? raw.length - 1 : raw.length;
    return plainRawString(raw.slice(start, end), offset);
  }
  // A complete, valid JSON string token (every escaped string of a valid template; a runtime 4
  // template's JSONata strings all have escaped quotes): the native parser decodes the value, and
  // the position table is built only when a position is asked for (a finding, an editing feature).
  const last = raw.length - 1;
  if (last > 0 && raw.charCodeAt(0) === 34 && raw.charCodeAt(last) === 34 && !isEscapedQuote(raw, last)) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'string') return new EscapedRawString(raw, offset, value);
    } catch {
      // Not valid JSON (an unknown escape, a raw control character): decoded below, as written.
    }
  }
  return decodeRawStringEagerly(raw, offset);
}

/** A valid escaped string whose position table is built on first use. */
class EscapedRawString implements RawString {
  private table: RawString | undefined;

  constructor(
    private readonly raw: string,
    readonly offset: number,
    readonly value: string,
  ) {}

  toDocumentOffset(index: number): number {
    return (this.table ??= decodeRawStringEagerly(this.raw, this.offset)).toDocumentOffset(index);
  }

  toDecodedIndex(documentOffset: number): number {
    return (this.table ??= decodeRawStringEagerly(this.raw, this.offset)).toDecodedIndex(documentOffset);
  }
}

/**
 * decodeRawString's own decoder, value and position table at once: for strings JSON.parse
 * rejects, for positions, and as the reference its tests compare with.
 */
export function decodeRawStringEagerly(raw: string, offset: number): RawString {
  // Built from runs between escapes, not one character at a time (which made a rope of one
  // string per character), and `starts` is a typed array sized once: a runtime 4 template's
  // JSONata strings all have escaped quotes, so this ran for every one of them on first open.
  let value = '';
  // starts[i] = raw index (relative to the token) where decoded unit i begins (i < count).
  const starts = new Int32Array(raw.length);
  let count = 0;
  let i = raw.startsWith('"') ? 1 : 0;
  let end = raw.length;
  if (end > i && raw.endsWith('"') && !isEscapedQuote(raw, end - 1)) end--;
  let run = i;
  while (i < end) {
    if (raw.charCodeAt(i) === 92 && i + 1 < end) {
      const next = raw[i + 1];
      let decoded: string | undefined;
      let width = 0;
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        decoded = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
        width = 6;
      } else if (next in SIMPLE_ESCAPES) {
        decoded = SIMPLE_ESCAPES[next];
        width = 2;
      }
      if (decoded !== undefined) {
        value += raw.slice(run, i) + decoded;
        starts[count++] = i;
        i += width;
        run = i;
        continue;
      }
    }
    starts[count++] = i;
    i++;
  }
  value += raw.slice(run, i);
  const endIndex = i;
  return {
    value,
    offset,
    toDocumentOffset: (index) => offset + (index < count ? starts[index] : endIndex),
    toDecodedIndex: (documentOffset) => {
      const relative = documentOffset - offset;
      // n = how many decoded units start before the offset.
      let low = 0;
      let high = count;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (starts[mid] < relative) low = mid + 1;
        else high = mid;
      }
      const n = low;
      // An offset inside a multi-character escape (`\u0041`) counts as before it.
      const lastEnd = n > 0 ? (n < count ? starts[n] : endIndex) : 0;
      return n > 0 && lastEnd > relative ? n - 1 : n;
    },
  };
}

/**
 * A string without escapes: decoded index i is raw index i + 1 (after the opening quote at
 * `offset`), so no table is needed. A class: one small object per string, on a hot path.
 */
class PlainRawString implements RawString {
  constructor(
    readonly value: string,
    readonly offset: number,
  ) {}

  toDocumentOffset(index: number): number {
    return this.offset + 1 + Math.min(index, this.value.length);
  }

  toDecodedIndex(documentOffset: number): number {
    return Math.max(0, Math.min(this.value.length, documentOffset - this.offset - 1));
  }
}

export function plainRawString(value: string, offset: number): RawString {
  return new PlainRawString(value, offset);
}

/** Whether the quote at `index` is escaped (preceded by an odd number of backslashes). */
function isEscapedQuote(raw: string, index: number): boolean {
  let backslashes = 0;
  for (let j = index - 1; j >= 0 && raw[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 1 && index > 0;
}
