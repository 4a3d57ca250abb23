import type { Alternative, Placeholder } from '../../server/src/service/template/placeholderParser';

/**
 * What our parse of a string predicts the engine will do with it, for the differential test.
 * `resolve` says what an alternative's path finds in the context (undefined: nothing).
 * Mirrors the engine's documented behaviour: lookup order, ignore-empty-str, casts, defaults,
 * flags, whole-string rule, and "Unsupported type" / "Invalid query" errors.
 */
export type Prediction = { value: unknown } | { throws: 'type' | 'query' };

function cast(value: unknown, type: string, whole: boolean): unknown {
  if (value === undefined || value === null) return value;
  const check = typeof value === 'string' && type !== 'str' ? value.trim() : value;
  switch (type) {
    case 'ignore-empty-str':
    case 'undefined':
    case 'any':
      return check;
    case 'null':
      if (check === 'null' || check === null) return null;
      return whole ? check : 'null';
    case 'int': {
      const n = parseInt(check as string);
      return Number.isNaN(n) ? check : n;
    }
    case 'num': {
      const n = parseFloat(check as string);
      return Number.isNaN(n) ? check : n;
    }
    case 'str':
      return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : String(value);
    case 'bool':
      if (check === 'true' || check === true) return true;
      if (check === 'false' || check === false) return false;
      return check;
    case 'json':
      if (whole) {
        if (typeof check === 'object') return check;
        try {
          return JSON.parse(check as string);
        } catch {
          return check;
        }
      }
      return check;
    default:
      throw new TypeError('type');
  }
}

export function predict(text: string, placeholders: readonly Placeholder[], resolve: (alternative: Alternative) => unknown): Prediction {
  let result: unknown = text;
  try {
    for (const p of placeholders) {
      let value: unknown = undefined;
      for (const alternative of p.alternatives) {
        if (alternative.query.error !== undefined) return { throws: 'query' };
        const found = resolve(alternative);
        if (found === '' && p.flags.ignoreEmptyString) continue;
        if (found !== undefined) {
          value = cast(found, alternative.types[0]?.name ?? 'str', p.isWholeString);
          break;
        }
      }
      if (value === undefined && p.default) {
        value = cast(p.default.value, p.default.type?.name ?? 'str', p.isWholeString);
      } else if (value === undefined) {
        if (p.flags.undefined) value = p.isWholeString ? undefined : '';
        else if (p.flags.null) value = null;
        else value = p.text;
      }
      result = p.isWholeString ? value : (result as string).replace(p.text, () => String(value));
    }
  } catch (error) {
    if (error instanceof TypeError && error.message === 'type') return { throws: 'type' };
    throw error;
  }
  return { value: result };
}
