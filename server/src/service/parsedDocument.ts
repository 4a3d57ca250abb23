import type { JSONDocument, LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findExcessiveNesting } from './nestingGuard';
import { parseStrictJson } from './strictJsonParse';

/** The memo key of the analysis that a newer version may reuse (diagnostics/stepResults.ts). */
export const INCREMENTAL_MEMO_KEY = 'stepResults';
/** The memo key of the semantic tokens, which a newer version reuses step by step (semanticTokens.ts). */
export const TOKENS_MEMO_KEY = 'semanticTokens';
/** What a newer version may reuse of an older one, each under its memo key. */
const CARRIED_KEYS = [INCREMENTAL_MEMO_KEY, TOKENS_MEMO_KEY] as const;
export type CarriedKey = (typeof CARRIED_KEYS)[number];

/**
 * One parse of one version of a document, shared by every feature. Features that need more
 * than the JSON tree (placeholder analysis, symbols, …) memoise their results here, so no
 * analysis runs twice for an unchanged version.
 */
export interface ParsedDocument {
  readonly document: TextDocument;
  /** The JSON tree, or undefined when the document nests too deep to analyse safely. */
  readonly json: JSONDocument | undefined;
  /** Where the document nests too deep, when it does. */
  readonly excessiveNesting: { offset: number; length: number } | undefined;
  /**
   * Whether the text is strict JSON that the fast path takes (strictJsonParse.ts): parsed by it, or
   * parsed by the service with no problem and no comment. The next version of the document tries
   * the fast path only after such a version (see createParsedDocument).
   */
  readonly strict: boolean;
  /** Per-version memo of derived analyses, keyed by the feature that computed them. */
  memo<T>(key: string, compute: () => T): T;
  /** A memoised value, if it was computed; never computes. */
  peek<T>(key: string): T | undefined;
  /**
   * What the newest earlier version of this document that computed it memoised under `key`
   * (INCREMENTAL_MEMO_KEY by default, or TOKENS_MEMO_KEY), so an analysis can reuse what did not
   * change (diagnostics/stepResults.ts, semanticTokens.ts). Only that, not the earlier version
   * itself: its JSON tree and analyses are garbage as soon as this version replaces it, so an edit
   * of a 10,000-step template never holds two trees.
   */
  previousResults<T>(key?: CarriedKey): T | undefined;
  /** Drops `previousResults(key)` (once this version has its own). */
  releasePreviousResults(key?: CarriedKey): void;
}

function createParsedDocument(document: TextDocument, jsonService: JsonLanguageService, previousResults: Map<CarriedKey, unknown>, replaced: ParsedDocument | undefined): ParsedDocument {
  const text = document.getText();
  // Strict JSON (nearly every version of a template) takes the fast path, which also bounds the
  // nesting; anything else is guarded and parsed by the service, which reports what is wrong. While
  // the document is broken (the version it replaces was not strict), the fast path is not tried:
  // it would give up at the error after part of the work, on every keystroke until it is fixed.
  if (replaced === undefined || replaced.strict) {
    const strictRoot = parseStrictJson(text);
    if (strictRoot) return new ParsedVersion(document, jsonService.newJSONDocument(strictRoot, [], []), undefined, previousResults, true);
  }
  const excessiveNesting = findExcessiveNesting(text);
  const json = excessiveNesting ? undefined : jsonService.parseJSONDocument(document);
  return new ParsedVersion(document, json, excessiveNesting, previousResults, json !== undefined && parsedCleanly(json));
}

/**
 * Whether the service's parser found nothing to report: no syntax error (duplicate keys
 * included) and no comment. Both lists are the parser's own (not in the package's types); a
 * version of the service without them counts as clean, so the next version tries the fast path,
 * which decides for itself.
 */
function parsedCleanly(json: JSONDocument): boolean {
  const { syntaxErrors, comments } = json as JSONDocument & { syntaxErrors?: readonly unknown[]; comments?: readonly unknown[] };
  return (syntaxErrors?.length ?? 0) === 0 && (comments?.length ?? 0) === 0;
}

/**
 * A class rather than an object literal with a getter and closures: such a literal gets a hidden
 * class of its own holding those closures, and code that V8 optimised for one version can then
 * keep that version, JSON tree included, alive after it was replaced
 * (test/unit/retainedText.test.ts).
 */
class ParsedVersion implements ParsedDocument {
  private readonly memoized = new Map<string, unknown>();

  constructor(
    readonly document: TextDocument,
    readonly json: JSONDocument | undefined,
    readonly excessiveNesting: { offset: number; length: number } | undefined,
    private readonly carried: Map<CarriedKey, unknown>,
    readonly strict: boolean,
  ) {}

  memo<T>(key: string, compute: () => T): T {
    if (this.memoized.has(key)) return this.memoized.get(key) as T;
    const value = compute();
    this.memoized.set(key, value);
    return value;
  }

  peek<T>(key: string): T | undefined {
    return this.memoized.get(key) as T | undefined;
  }

  previousResults<T>(key: CarriedKey = INCREMENTAL_MEMO_KEY): T | undefined {
    return this.carried.get(key) as T | undefined;
  }

  releasePreviousResults(key: CarriedKey = INCREMENTAL_MEMO_KEY): void {
    this.carried.delete(key);
  }
}

interface CacheEntry {
  readonly version: number;
  readonly text: string;
  readonly parsed: ParsedDocument;
}

/**
 * Parses each document version once. Keeps the most recently used documents (an editor has a
 * handful open) and forgets the rest, so memory stays flat however many files a session opens.
 */
export class ParsedDocumentCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly jsonService: JsonLanguageService,
    private readonly capacity = 20,
  ) {}

  get(document: TextDocument): ParsedDocument {
    const text = document.getText();
    const entry = this.entries.get(document.uri);
    // Same version *and* same text: in-memory callers (tests, the CLI) may reuse a uri and a
    // version number for different content.
    if (entry && entry.version === document.version && entry.text === text) {
      this.entries.delete(document.uri);
      this.entries.set(document.uri, entry); // most recently used last
      return entry.parsed;
    }
    // The results of the newest earlier version that was analysed go to the new one, for
    // incremental checks (typing makes versions faster than validation runs: skip the ones that
    // never were). Only the results: the replaced version itself is released here.
    const replaced = entry?.parsed;
    const carried = new Map<CarriedKey, unknown>();
    for (const key of CARRIED_KEYS) {
      const results = replaced?.peek(key) ?? replaced?.previousResults(key);
      if (results !== undefined) carried.set(key, results);
    }
    const parsed = createParsedDocument(document, this.jsonService, carried, replaced);
    this.entries.delete(document.uri);
    this.entries.set(document.uri, { version: document.version, text, parsed });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return parsed;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  /** How many document versions are kept. */
  get size(): number {
    return this.entries.size;
  }
}
