import { detachedString } from './text/detachedString';

/**
 * A bounded cache of what is computed from a text alone (placeholder shapes, JSONata analyses),
 * shared by every document and version, so that each distinct text is computed once however often
 * templates repeat it.
 *
 * Two generations instead of a least-recently-used order: a hit in the current generation is one
 * lookup (moving every hit to the end of one map cost more than the rest of a cached analysis:
 * about 20 ms of a 10,000-node template's first open). When the current generation holds
 * `capacity` texts it becomes the older one and the previous older one is dropped, so the last
 * `capacity` distinct texts used are always kept, and at most twice that.
 *
 * The cache outlives documents, so it keeps a copy of each text (detachedString), never a slice
 * of a document's text. `compute` receives that copy and returns a value that holds it as `text`
 * (the key when the value moves back to the current generation): what it derives from it keeps no
 * document alive either.
 */
export class TextCache<V extends { readonly text: string }> {
  private current = new Map<string, V>();
  private older = new Map<string, V>();

  constructor(
    private readonly capacity: number,
    private readonly compute: (text: string) => V,
  ) {}

  get(text: string): V {
    const known = this.current.get(text);
    if (known !== undefined) return known;
    // The key is the value's copy of the text: the text asked with may be a slice of a document's.
    const value = this.older.get(text) ?? this.compute(detachedString(text));
    this.current.set(value.text, value);
    if (this.current.size >= this.capacity) {
      this.older = this.current;
      this.current = new Map();
    }
    return value;
  }

  /** How many distinct texts are kept (for the bench and tests). */
  get size(): number {
    let size = this.current.size;
    for (const text of this.older.keys()) if (!this.current.has(text)) size++;
    return size;
  }
}
