import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import replacePlaceholders from '@truto/replace-placeholders';
import { parsePlaceholders, type Alternative } from '../../server/src/service/template/placeholderParser';
import { simplePath } from '../../server/src/service/template/pathQuery';
import { predict, type Prediction } from '../support/placeholderModel';

/** Runs the real engine and says what happened, in the model's terms. */
function engine(text: string, context: Record<string, unknown>): Prediction {
  try {
    return { value: replacePlaceholders(text, context) };
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('Unsupported type')) return { throws: 'type' };
    if (message.startsWith('Invalid query') || message.startsWith('Invalid regular expression') || message.includes('flags')) {
      return { throws: 'query' };
    }
    throw error;
  }
}

/**
 * Strings mixing well-formed and broken placeholders: paths (props, indices, slices, regexps,
 * unions, empty segments, characters the engine rejects), whitespace, casts valid and not,
 * several alternatives, defaults (with types, colons, URLs), and plain text around them.
 */
const segment = fc.oneof(
  { arbitrary: fc.constantFrom('args', 'resources', 'user_id', 'ids', 'a', 'b', 'x-y', 'e', 'n', 'tickets'), weight: 12 },
  { arbitrary: fc.constantFrom('0', '-1', '', '/a/', '/?/', '/b/zz', '0:'), weight: 3 },
  { arbitrary: fc.constantFrom('é', '$x', 'ids[0]', '*'), weight: 1 },
);
const path = fc
  .tuple(fc.constantFrom('', '', '', '.'), fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '', '', ' b', ' a.e'))
  .map(([lead, segments, union]) => lead + segments.join('.') + union);
const space = fc.constantFrom('', '', '', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u0085');
const type = fc.constantFrom('str', 'int', 'num', 'bool', 'json', 'any', 'null', 'undefined', 'ignore-empty-str', 'float', 'nullish', '00', '2', ' ', '');
const alternative = fc
  .tuple(space, path, space, fc.array(fc.tuple(space, type, space).map(([a, t, b]) => `:${a}${t}${b}`), { maxLength: 2 }))
  .map(([a, p, b, types]) => a + p + b + types.join(''));
const defaultPart = fc
  .tuple(fc.constantFrom('b', '5', ' b ', 'true', '2024-01-01T00:00:00Z', 'https://x.io/a', 'a?:b', '', '-'), fc.option(type, { nil: undefined }))
  .map(([value, t]) => `?:${value}${t === undefined ? '' : `:${t}`}`);
const placeholder = fc
  .tuple(fc.constantFrom('{{', '{{', '{{', '{', '{{{'), fc.array(alternative, { minLength: 1, maxLength: 3 }), fc.option(defaultPart, { nil: undefined }), fc.constantFrom('}}', '}}', '}}', '}', '}}}'))
  .map(([open, alternatives, d, close]) => open + alternatives.join('|') + (d ?? '') + close);
const text = fc.constantFrom('', 'x=', 'text ', ' ', '"', '\\', '{', '}', '/');
const stringsArbitrary = fc
  .array(fc.oneof({ arbitrary: placeholder, weight: 4 }, { arbitrary: text, weight: 1 }), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));

const RUNS = 12_000;

/** Builds a context in which each simple alternative path resolves to a distinct marker value. */
function contextFor(alternatives: readonly Alternative[]): { context: Record<string, unknown>; complete: boolean } {
  const context: Record<string, unknown> = {};
  let complete = true;
  alternatives.forEach((alternative, k) => {
    const tokens = simplePath(alternative.query);
    if (!tokens || tokens.length === 0 || tokens.some((t) => t.kind !== 'prop' || t.text === '')) {
      if (alternative.query.error === undefined) complete = false; // unions, regexps, indices: not modelled here
      return;
    }
    const value = k % 7 === 6 ? null : k % 5 === 4 ? '' : String(10 + k);
    let node: Record<string, unknown> = context;
    for (let i = 0; i < tokens.length - 1; i++) {
      const existing = node[tokens[i].text];
      if (existing === undefined) node[tokens[i].text] = {};
      else if (typeof existing !== 'object' || existing === null) return; // a shorter path already holds a value
      node = node[tokens[i].text] as Record<string, unknown>;
    }
    const last = tokens[tokens.length - 1].text;
    if (!(last in node)) node[last] = value;
  });
  return { context, complete };
}

/**
 * What an alternative finds in a context built by contextFor (or in `{}`): the first union
 * branch that matches; an empty branch (`{{.}}`) is the context itself. Branches with regexps,
 * slices or indices match nothing in these contexts (they hold no arrays and are only built
 * when every alternative is a plain property path).
 */
function lookup(context: Record<string, unknown>, alternative: Alternative): unknown {
  for (const tokens of alternative.query.branches) {
    if (tokens.length === 0) return context;
    if (tokens.some((t) => t.kind !== 'prop' && t.kind !== 'index')) continue;
    let node: unknown = context;
    for (const token of tokens) {
      if (token.kind === 'index') {
        const index = Number(token.text);
        node = Array.isArray(node) ? node[index < 0 ? node.length + index : index] : undefined;
      } else if (typeof node === 'object' && node !== null && !Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, token.text)) {
        node = (node as Record<string, unknown>)[token.text];
      } else {
        node = undefined;
      }
      if (node === undefined) break;
    }
    if (node !== undefined) return node;
  }
  return undefined;
}

describe('placeholder parser agrees with @truto/replace-placeholders', () => {
  it(`on ${RUNS} generated strings: spans, paths, casts, defaults, flags and errors`, (t) => {
    let placeholders = 0;
    let modelled = 0;
    let throwing = 0;
    fc.assert(
      fc.property(stringsArbitrary, (text) => {
        const parsed = parsePlaceholders(text);
        placeholders += parsed.length;
        // 1. The same spans, in the same order.
        assert.deepEqual(parsed.map((p) => p.text), text.match(/{{([\w-./|:?\s]+)}}/gi) ?? [], `spans of ${JSON.stringify(text)}`);
        for (const p of parsed) assert.equal(text.slice(p.start, p.end), p.text);
        // 2. Nothing resolves (empty context): defaults, flags, literal pass-through, errors.
        const empty = engine(text, {});
        assert.deepEqual(predict(text, parsed, (a) => lookup({}, a)), empty, `empty context: ${JSON.stringify(text)}`);
        if ('throws' in empty) throwing++;
        // 3. Every simple path resolves to its own marker: which alternative wins and how it is cast.
        const { context, complete } = contextFor(parsed.flatMap((p) => p.alternatives));
        if (complete) {
          modelled++;
          const actual = engine(text, context);
          assert.deepEqual(predict(text, parsed, (a) => lookup(context, a)), actual, `context ${JSON.stringify(context)}: ${JSON.stringify(text)}`);
          if ('throws' in actual) throwing++;
        }
      }),
      { seed: 20261128, numRuns: RUNS, endOnFailure: true },
    );
    t.diagnostic(`${placeholders} placeholders; ${modelled} strings also checked with every path resolving; ${throwing} engine errors`);
    // The generator must really exercise the grammar, or the agreement means nothing.
    assert.ok(placeholders > RUNS / 2, `only ${placeholders} placeholders generated`);
    assert.ok(modelled > RUNS / 3, `only ${modelled} strings modelled with a context`);
    assert.ok(throwing > RUNS / 20, `only ${throwing} throwing cases`);
  });

  it('agrees on the documented edge cases', () => {
    const context = { a: 'x', n: null, e: '', ids: ['p', 'q'], args: { ts: '5', flag: 'true', obj: '{"k":1}' } };
    const cases = [
      '{{ }}', '{{|a}}', '{{a|}}', '{{zz|}}', '{{a: }}', '{{a:float}}', '{{n:float}}', '{{zz?:2024-01-01T00:00:00Z}}', '{{zz?:b: int}}',
      '{{zz?:b:int}}', '{{ids.0:2}}', '{{zz?:a?:b}}', '{{a:nullish}}', '{{e:ignore-empty-str|a}}', 'x{{args.ts:int}}y', '{{args.ts:int}}',
      '{{args.flag:bool}}', '{{args.obj:json}}', 'p{{zz:undefined}}q', '{{zz:null}}', 'p{{zz:null}}q', '{{a}}{{a}}', '{{ a : int | b }}',
      '{{zz?:https://example.com/a}}', '{{args.ids[0]}}', '{{args.$x}}', '{{a.b[0]}}', '{{zz ?: b }}',
    ];
    for (const text of cases) {
      const parsed = parsePlaceholders(text);
      const expected = engine(text, context);
      const model = predict(text, parsed, (alternative) => lookup(context, alternative));
      if (parsed.every((p) => p.alternatives.every((a) => simplePath(a.query) || a.query.error))) {
        assert.deepEqual(model, expected, text);
      }
    }
  });
});
