import type { Node } from 'jsonc-parser';
import { at, properties, propertyOf, TYPE_NAMES, type ConversionProblem } from './jsonInput';
import { fromPlain, object, raw, value, type OutEntry, type OutValue } from './jsonOut';

/** `args_schema`, read so arguments can be added in the shape the file already uses. */
export interface ArgsPlan {
  readonly declared: ReadonlySet<string>;
  /** The new `args_schema` value with `added` declared, or undefined to leave the key as it is (or absent). */
  build(added: readonly OutEntry[]): OutValue | undefined;
}

export function planArgs(text: string, root: Node, problems: ConversionProblem[]): ArgsPlan | undefined {
  const p = propertyOf(root, 'args_schema');
  if (!p || p.value.type === 'null') {
    return { declared: new Set(), build: (added) => (added.length > 0 ? object(added) : undefined) };
  }
  if (p.value.type === 'object') {
    const type = propertyOf(p.value, 'type');
    const props = propertyOf(p.value, 'properties');
    if (type?.value.value === 'object' && props?.value.type === 'object') {
      // Shape A: add to `properties`, keep every other key as written.
      const container = props.value;
      return {
        declared: new Set(properties(container).map((q) => q.key)),
        build: (added) =>
          added.length === 0
            ? undefined
            : object(properties(p.value).map((q) => [q.key, q.key === 'properties' ? object([...properties(container).map((r) => [r.key, raw(text, r.value)] as const), ...added]) : raw(text, q.value)] as const)),
      };
    }
    return {
      declared: new Set(properties(p.value).map((q) => q.key)),
      build: (added) => (added.length === 0 ? undefined : object([...properties(p.value).map((q) => [q.key, raw(text, q.value)] as const), ...added])),
    };
  }
  if (p.value.type === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(p.value.value as string);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      // Truto's API documents args_schema as an object; the string form is written out as one.
      const schema = parsed as Record<string, unknown>;
      const shapeA = schema.type === 'object' && typeof schema.properties === 'object' && schema.properties !== null && !Array.isArray(schema.properties);
      const container = (shapeA ? schema.properties : schema) as Record<string, unknown>;
      return {
        declared: new Set(Object.keys(container)),
        build: (added) => {
          const args = object([...Object.entries(container).map(([k, v]) => [k, fromPlain(v)] as const), ...added]);
          return shapeA ? object(Object.entries(schema).map(([k, v]) => [k, k === 'properties' ? args : fromPlain(v)] as const)) : args;
        },
      };
    }
  }
  problems.push(at(p.value, `args_schema is ${p.value.type === 'string' ? 'a string that does not hold a JSON object' : TYPE_NAMES[p.value.type]}, so the arguments runtime 4 needs (integrated_account_id) cannot be added to it. Write it as an object, then convert.`));
  return undefined;
}

export function argSpec(format: string, description: string): OutValue {
  return object([
    ['type', value('string')],
    ['format', value(format)],
    ['required', value(true)],
    ['description', value(description)],
  ]);
}
