/**
 * A copy of `text` that keeps no larger string alive.
 *
 * V8 represents a substring of 13 characters or more as a slice of its parent string. Every string
 * the JSON parser returns is such a slice of the whole document text, and so is any substring of
 * it: a cache that outlives a document version (placeholder shapes, JSONata analyses, findings
 * reused by the next version) would keep that version's whole text, megabytes for a large
 * template, alive through one short key. Concatenating and slicing again makes V8 copy the
 * characters into a string of their own (checked by test/unit/detachedString.test.ts).
 */
export function detachedString(text: string): string {
  return (' ' + text).slice(1);
}
