import { detachedString } from './text/detachedString';

/** Every text cache of the process (placeholder shapes, JSONata analyses), for clearTextCaches. */
const everyCache = new Set<{ clear(): void }>();

/**
 * Empties every text cache: the state of a server that has never seen a text (the bench measures
 * first opens in it; nothing else needs it, as the caches are bounded).
 */
export function clearTextCaches(): void {
  for (const cache of everyCache) cache.clear();
}

/** A cached value and when it was last asked for (a count of lookups). */
interface Entry<V> {
  readonly value: V;
  used: number;
}

/**
 * A bounded cache of what is computed from a text alone (placeholder shapes, JSONata analyses),
 * shared by every document and version, so that each distinct text is computed once however often
 * templates repeat it.
 *
 * A hit is one map lookup and one stamp: each entry records the lookup count when it was last
 * used. When the cache holds twice `capacity` texts, it keeps the `capacity` most recently used
 * and drops the rest (a selection over the stamps, once per `capacity` new texts), so the last
 * `capacity` distinct texts used are always kept, and never more than twice that. (Two generations
 * of maps, the earlier design, moved every hit in the older one into the newer: on a template
 * with about `capacity` distinct texts every lookup missed once, looked twice and inserted, a
 * fifth of the placeholder checks' time.)
 *
 * The cache outlives documents, so it keeps a copy of each text (detachedString), never a slice
 * of a document's text. `compute` receives that copy and returns a value that holds it as `text`
 * (the key): what it derives from it keeps no document alive either.
 */
export class TextCache<V extends { readonly text: string }> {
  private readonly entries = new Map<string, Entry<V>>();
  private lookups = 0;

  constructor(
    private readonly capacity: number,
    private readonly compute: (text: string) => V,
  ) {
    everyCache.add(this);
  }

  get(text: string): V {
    const now = ++this.lookups;
    const known = this.entries.get(text);
    if (known !== undefined) {
      known.used = now;
      return known.value;
    }
    const value = this.compute(detachedString(text));
    this.insert(value, now);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Whether `text` is cached (does not count as a use). */
  has(text: string): boolean {
    return this.entries.has(text);
  }

  /**
   * Caches a value computed elsewhere (in a worker: jsonata/analysisWorker.ts) as if `get` had
   * computed it: `value.text` is its key, and must be a string of its own (a copy received from
   * a worker is). A value already cached is kept.
   */
  add(value: V): void {
    if (!this.entries.has(value.text)) this.insert(value, ++this.lookups);
  }

  /** Caches a value not yet cached, stamped `used`, and trims the cache when it is full. */
  private insert(value: V, used: number): void {
    this.entries.set(value.text, { value, used });
    if (this.entries.size >= 2 * this.capacity) this.dropLeastRecentlyUsed();
  }

  /** The most texts kept after a trim (between this and twice as many are kept). */
  get keeps(): number {
    return this.capacity;
  }

  /** How many distinct texts are kept (for the bench and tests). */
  get size(): number {
    return this.entries.size;
  }

  /** Keeps the `capacity` most recently used entries. */
  private dropLeastRecentlyUsed(): void {
    const stamps = new Float64Array(this.entries.size);
    let i = 0;
    for (const entry of this.entries.values()) stamps[i++] = entry.used;
    stamps.sort();
    // Stamps are distinct (one per lookup), so exactly `capacity` entries are at or above this one.
    const oldestKept = stamps[stamps.length - this.capacity];
    for (const [text, entry] of this.entries) if (entry.used < oldestKept) this.entries.delete(text);
  }
}
