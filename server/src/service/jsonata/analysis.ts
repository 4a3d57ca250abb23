import { TextCache } from '../textCache';
import { walkJsonata, type ArgUse, type DashedName, type FunctionCall, type ResourceUse } from './astWalk';
import { parseJsonata, parseJsonataBatch, type JsonataParse } from './parse';
import { scanJsonata, type JsonataToken } from './scanner';
import { describeSyntaxError, type JsonataSyntaxError } from './syntaxError';

/** A `{{…}}` written inside JSONata, where nothing replaces it. */
export interface PlaceholderInJsonata {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Everything the language service knows about one JSONata expression text. Depends on the text
 * only, so it is computed once per distinct text and shared by every field, node and version
 * that holds it (see analyseJsonata). Positions are indices into the text (the decoded JSON
 * string); rawString maps them to the document.
 */
export interface JsonataAnalysis {
  readonly text: string;
  /** Set when the `jsonata` parser rejects the text; the lists below then come from the tokens only. */
  readonly error: JsonataSyntaxError | undefined;
  readonly args: readonly ArgUse[];
  readonly resources: readonly ResourceUse[];
  readonly calls: readonly FunctionCall[];
  readonly dashed: readonly DashedName[];
  readonly placeholders: readonly PlaceholderInJsonata[];
  /**
   * The literal keys of the object the expression returns, when it is an object constructor (also as
   * the last expression of a block): what an add_context node adds. Empty otherwise.
   */
  readonly objectKeys: readonly string[];
  /** The text's tokens (computed on first use: colouring and editing features only). */
  readonly tokens: readonly JsonataToken[];
}

/**
 * Distinct texts kept: up to 2 × 10,000 (textCache.ts), about 1 KiB each. What a version needs
 * again after an edit (every add_context expression, the nodes edited) must stay cached, or each
 * edit of a large template parses thousands of expressions again: measured, a smaller cache (2 ×
 * 3,000) made the peak memory of a 10,000-node template no lower and its edits slower.
 */
const analyses = new TextCache<JsonataAnalysis>(10_000, computeAnalysis);

/** Parses (once per distinct text: a bounded cache) and analyses a JSONata expression. */
export function analyseJsonata(text: string): JsonataAnalysis {
  return analyses.get(text);
}

/**
 * An analysis as plain data, for a worker to send (as JSON text: recordsText): analysisWorker.ts
 * computes these off the main thread. Without its text, which the main thread sent and has:
 * copying each text back cost the main thread about half of the reply's deserialisation (6,000
 * records: 21–22 ms with texts, 12 ms without).
 */
export type AnalysisRecord = Omit<JsonataAnalysis, 'text' | 'tokens'> & {
  /** Present when the analysis already needed them (an expression that does not parse). */
  readonly tokens: readonly JsonataToken[] | undefined;
};

/** A reply's records as JSON text, as the worker writes them. */
export function recordsText(records: readonly (AnalysisRecord | null)[]): string {
  return JSON.stringify(records);
}

/**
 * The records of a reply's text; an empty list (no record adopted: the main thread parses every
 * text) if it is not a list. JSON leaves out the properties whose value is undefined, which the
 * records only ever read as undefined.
 */
export function recordsOf(text: unknown): readonly (AnalysisRecord | null)[] {
  if (typeof text !== 'string') return [];
  try {
    const records: unknown = JSON.parse(text);
    return Array.isArray(records) ? (records as (AnalysisRecord | null)[]) : [];
  } catch {
    return [];
  }
}

/**
 * Analyses texts without the cache, as plain data (in a worker): the record of texts[i] at i, or
 * null if its analysis threw (whoever asked analyses that text again).
 */
export function analysisRecords(texts: readonly string[]): (AnalysisRecord | null)[] {
  return computeAnalyses(texts).map((a) =>
    a ? { error: a.error, args: a.args, resources: a.resources, calls: a.calls, dashed: a.dashed, placeholders: a.placeholders, objectKeys: a.objectKeys, tokens: a.scannedTokens } : null,
  );
}

/**
 * Analyses and caches, on this thread, the texts given (not cached yet): what analyseJsonata would
 * do for each, in fewer parser calls. A text whose analysis throws is left out (analyseJsonata
 * analyses it again when asked).
 */
export function analyseJsonataTexts(texts: readonly string[]): void {
  for (const analysis of computeAnalyses(texts)) if (analysis) analyses.add(analysis);
}

/** computeAnalysis of each text, parsing them in batches (parseJsonataBatch); null where it threw. */
function computeAnalyses(texts: readonly string[]): (CachedAnalysis | null)[] {
  const parses = parseJsonataBatch(texts);
  return texts.map((text, i) => {
    try {
      return computeAnalysis(text, parses[i]);
    } catch {
      return null;
    }
  });
}

/** Whether a text's analysis is cached (then analyseJsonata parses nothing). */
export function isJsonataAnalysed(text: string): boolean {
  return analyses.has(text);
}

/** How many texts the cache keeps at least: a batch of more would evict its own first analyses. */
export const ANALYSES_KEPT = analyses.keeps;

/** Caches analyses computed in a worker (records[i] of texts[i]; null: none), as if analyseJsonata had computed them. */
export function adoptAnalyses(texts: readonly string[], records: readonly (AnalysisRecord | null)[]): void {
  // Received lists are exact-size already: only the empty ones are swapped for the shared one.
  const kept = <T>(list: readonly T[]): readonly T[] => (list.length === 0 ? NONE : list);
  records.forEach((r, i) => {
    if (r) analyses.add(new CachedAnalysis(texts[i], r.error, kept(r.args), kept(r.resources), kept(r.calls), kept(r.dashed), kept(r.placeholders), kept(r.objectKeys), r.tokens));
  });
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
/** What the placeholder engine accepts between braces: anything else is not a would-be placeholder. */
const PLACEHOLDER_INNER = /^[\w\-./|:?\s]+$/;

function findPlaceholders(text: string): PlaceholderInJsonata[] {
  if (!text.includes('{{')) return [];
  const found: PlaceholderInJsonata[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!PLACEHOLDER_INNER.test(match[1]) || match[1].trim() === '') continue;
    found.push({ start: match.index, end: match.index + match[0].length, text: match[0] });
  }
  return found;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * A list to keep in the cache: the shared empty list, or an exact-size copy (a list grown by push
 * keeps spare slots, 17 after its first push; thousands of analyses are cached).
 */
function exact<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NONE : list.slice();
}

/**
 * One class for every analysis: object literals with a getter each get a dictionary-mode property
 * store of their own (about 400 bytes), and the cache holds up to 20,000 analyses.
 */
class CachedAnalysis implements JsonataAnalysis {
  private scanned: readonly JsonataToken[] | undefined;

  constructor(
    readonly text: string,
    readonly error: JsonataSyntaxError | undefined,
    readonly args: readonly ArgUse[],
    readonly resources: readonly ResourceUse[],
    readonly calls: readonly FunctionCall[],
    readonly dashed: readonly DashedName[],
    readonly placeholders: readonly PlaceholderInJsonata[],
    readonly objectKeys: readonly string[],
    tokens?: readonly JsonataToken[],
  ) {
    this.scanned = tokens;
  }

  get tokens(): readonly JsonataToken[] {
    return (this.scanned ??= scanJsonata(this.text));
  }

  /** The tokens if they were computed, without computing them. */
  get scannedTokens(): readonly JsonataToken[] | undefined {
    return this.scanned;
  }
}

function computeAnalysis(text: string, parsed: JsonataParse = parseJsonata(text)): CachedAnalysis {
  const placeholders = exact(findPlaceholders(text));
  // While an expression is broken its argument uses still count (for unused-arg, rename).
  if (parsed.error) return fromTokens(text, describeSyntaxError(text, parsed.error), placeholders);
  let walked: ReturnType<typeof walkJsonata>;
  try {
    walked = walkJsonata(parsed.ast, text);
  } catch (thrown) {
    if (!(thrown instanceof RangeError)) throw thrown;
    // Nested deeper than the walk's stack allows (thousands of levels, which the parser took):
    // read like an expression that does not parse, rather than the checks of the whole template failing.
    return fromTokens(text, undefined, placeholders);
  }
  return new CachedAnalysis(text, undefined, exact(walked.args), exact(walked.resources), exact(walked.calls), exact(walked.dashed), placeholders, exact(objectKeys(parsed.ast)));
}

/** An analysis without the AST: argument uses read from the tokens (kept: they were needed anyway), nothing else. */
function fromTokens(text: string, error: JsonataSyntaxError | undefined, placeholders: readonly PlaceholderInJsonata[]): CachedAnalysis {
  const tokens = scanJsonata(text);
  return new CachedAnalysis(text, error, exact(argUsesFromTokens(tokens)), NONE, NONE, NONE, placeholders, NONE, tokens);
}

interface KeyNode {
  readonly type?: string;
  readonly value?: unknown;
  readonly lhs?: unknown;
  readonly expressions?: readonly KeyNode[];
  readonly steps?: readonly KeyNode[];
}

/** The literal keys of an object constructor (`{ "a": …, `b`: … }`), also as the last expression of a block. */
function objectKeys(ast: unknown): string[] {
  let node = ast as KeyNode | undefined;
  while (node?.type === 'block' && node.expressions && node.expressions.length > 0) node = node.expressions[node.expressions.length - 1];
  if (!node || node.type !== 'unary' || node.value !== '{' || !Array.isArray(node.lhs)) return [];
  const keys: string[] = [];
  for (const pair of node.lhs as unknown[]) {
    if (!Array.isArray(pair)) continue;
    const key = pair[0] as KeyNode | undefined;
    if (key?.type === 'string' && typeof key.value === 'string') keys.push(key.value);
    else if (key?.type === 'path' && key.steps?.length === 1 && key.steps[0].type === 'name' && typeof key.steps[0].value === 'string') keys.push(key.steps[0].value);
  }
  return keys;
}

/** `args.x` and args.`x` in a token list (an expression that does not parse). */
function argUsesFromTokens(tokens: readonly JsonataToken[]): ArgUse[] {
  const uses: ArgUse[] = [];
  for (let i = 0; i + 2 < tokens.length; i++) {
    const root = tokens[i];
    if (root.kind !== 'name' || root.text !== 'args') continue;
    const before = tokens[i - 1];
    if (before?.kind === 'operator' && before.text === '.' && tokens[i - 2]?.text !== '$$') continue;
    const dot = tokens[i + 1];
    const name = tokens[i + 2];
    if (dot.kind !== 'operator' || dot.text !== '.' || dot.start !== root.end) continue;
    if (name.kind === 'name') uses.push({ name: name.text, start: name.start, end: name.end, backticked: false, rootContext: false });
    else if (name.kind === 'quotedName' && !name.unterminated) uses.push({ name: name.text.slice(1, -1), start: name.start + 1, end: name.end - 1, backticked: true, rootContext: false });
  }
  return uses;
}
