import type { Node } from 'jsonc-parser';

/**
 * The converted template as a tree to print. Values the conversion leaves alone stay `raw`: the
 * author's own text (inline objects, escapes, number spelling) is kept as written. They sit at the
 * same depth in the output as in the input (a legacy step and the node it becomes are both items
 * of `resources`), so their own line breaks and indentation still fit.
 */
export type OutValue =
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'value'; readonly value: string | number | boolean | null }
  | { readonly kind: 'array'; readonly items: readonly OutValue[] }
  | { readonly kind: 'object'; readonly entries: readonly OutEntry[] };

export type OutEntry = readonly [key: string, value: OutValue];

export function raw(text: string, node: Node): OutValue {
  return { kind: 'raw', text: text.slice(node.offset, node.offset + node.length) };
}

export function value(v: string | number | boolean | null): OutValue {
  return { kind: 'value', value: v };
}

export function array(items: readonly OutValue[]): OutValue {
  return { kind: 'array', items };
}

export function object(entries: readonly (OutEntry | undefined)[]): OutValue {
  return { kind: 'object', entries: entries.filter((e): e is OutEntry => e !== undefined) };
}

/** A plain JSON value (from JSON.parse) as an OutValue, keys in their order. */
export function fromPlain(plain: unknown): OutValue {
  if (Array.isArray(plain)) return array(plain.map(fromPlain));
  if (typeof plain === 'object' && plain !== null) return object(Object.entries(plain).map(([k, v]) => [k, fromPlain(v)] as const));
  if (typeof plain === 'string' || typeof plain === 'number' || typeof plain === 'boolean') return value(plain);
  return value(null);
}

/**
 * The value of `node` with every string passed through `rewrite`; kept raw (as written) when no
 * string changes, opened only along the paths to the strings that do.
 */
export function rewriteStrings(text: string, node: Node, rewrite: (s: string) => string): OutValue {
  if (node.type === 'string') {
    const next = rewrite(node.value as string);
    return next === node.value ? raw(text, node) : value(next);
  }
  if (node.type === 'object') {
    const entries = (node.children ?? []).map((p) => [p.children![0].value as string, rewriteStrings(text, p.children![1], rewrite)] as const);
    return entries.every(([, v]) => v.kind === 'raw') ? raw(text, node) : object(entries);
  }
  if (node.type === 'array') {
    const items = (node.children ?? []).map((item) => rewriteStrings(text, item, rewrite));
    return items.every((v) => v.kind === 'raw') ? raw(text, node) : array(items);
  }
  return raw(text, node);
}

export interface PrintOptions {
  /** One level of indentation: spaces or a tab, as the input uses. */
  readonly indent: string;
  readonly eol: string;
}

/**
 * An array or object of a few short scalars fits on one line (`["tickets", "comments"]`,
 * `{ "id": "{{args.webhook_id}}" }`), as Truto's own examples write them.
 */
const INLINE_LIMIT = 72;

export function print(out: OutValue, options: PrintOptions, depth = 0): string {
  switch (out.kind) {
    case 'raw':
      return out.text;
    case 'value':
      return JSON.stringify(out.value);
    case 'array': {
      if (out.items.length === 0) return '[]';
      if (out.items.every((item) => item.kind === 'value')) {
        const inline = `[${out.items.map((item) => print(item, options)).join(', ')}]`;
        if (inline.length <= INLINE_LIMIT) return inline;
      }
      const inner = options.indent.repeat(depth + 1);
      return `[${options.eol}${out.items.map((item) => inner + print(item, options, depth + 1)).join(`,${options.eol}`)}${options.eol}${options.indent.repeat(depth)}]`;
    }
    case 'object': {
      if (out.entries.length === 0) return '{}';
      if (out.entries.every(([, v]) => v.kind === 'value')) {
        const inline = `{ ${out.entries.map(([key, v]) => `${JSON.stringify(key)}: ${print(v, options)}`).join(', ')} }`;
        if (inline.length <= INLINE_LIMIT) return inline;
      }
      const inner = options.indent.repeat(depth + 1);
      const lines = out.entries.map(([key, v]) => `${inner}${JSON.stringify(key)}: ${print(v, options, depth + 1)}`);
      return `{${options.eol}${lines.join(`,${options.eol}`)}${options.eol}${options.indent.repeat(depth)}}`;
    }
  }
}
