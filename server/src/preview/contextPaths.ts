/** Reading and writing dotted paths in plain context objects (copy on write: contexts are shared). */

export function splitPath(path: string): string[] {
  return path.split('.').map((s) => s.trim()).filter((s) => s.length > 0);
}

export function getPath(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current) && /^-?\d+$/.test(segment)) {
      const index = Number(segment);
      current = current[index < 0 ? current.length + index : index];
      continue;
    }
    if (typeof current !== 'object') return undefined;
    current = Object.prototype.hasOwnProperty.call(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return current;
}

/** A copy of `target` with `value` at `segments` (objects created on the way; arrays copied by index). */
export function setPath<T>(target: T, segments: readonly string[], value: unknown): T {
  if (segments.length === 0) return value as T;
  const [head, ...rest] = segments;
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null ? (Array.isArray(target) ? ([...target] as unknown as Record<string, unknown>) : { ...(target as Record<string, unknown>) }) : {};
  base[head] = setPath(base[head], rest, value);
  return base as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
