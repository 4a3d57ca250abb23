import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import jsonata from 'jsonata';
import { parseJsonata, parseJsonataBatch, selfContained } from '../../server/src/service/jsonata/parse';
import suite from '../support/jsonataSuiteExpressions.json';
import { generateShape } from '../support/templateShapes';

/**
 * parse.ts runs the `jsonata` parser with an Object.create that copies instead of inheriting (its
 * comment says why). These tests hold it to the unchanged parser: the same AST, node for node, and
 * the same error, on jsonata's own test-suite expressions, the bench's runtime-4 expressions and
 * generated valid and broken ones. A `jsonata` upgrade whose parser changes a symbol after making
 * tokens of it fails here.
 */

type Verdict = { ast: unknown; error?: undefined } | { ast?: undefined; error: Record<string, unknown> };

/** The unchanged parser, as parse.ts calls it. */
function reference(text: string): Verdict {
  try {
    return { ast: jsonata(text).ast() };
  } catch (thrown) {
    return { error: thrown as Record<string, unknown> };
  }
}

/**
 * Structural equality of the data: own enumerable properties, as JSON.stringify and Object.keys see
 * them (the unchanged parser's tokens inherit `id`, `lbp`, `nud` and `led` from their symbol; an
 * AST is read by field name, so where a field lives does not matter, whether it is data does).
 * Functions are the parser's fresh closures on every parse: ignored. Returns the path of the first
 * difference.
 */
function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? undefined : path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = (value: object): string[] =>
    Object.keys(value)
      .filter((key) => key !== 'stack' && typeof (value as Record<string, unknown>)[key] !== 'function')
      .sort();
  const keysA = keys(a);
  const keysB = keys(b);
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${path} {${keysA.join(',')}} vs {${keysB.join(',')}}`;
  for (const key of keysA) {
    const found = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** Parses texts as the language service does: one by one (parseJsonata), or together (parseJsonataBatch). */
type ParseAll = (texts: readonly string[]) => Verdict[];
const oneByOne: ParseAll = (texts) => texts.map((text) => parseJsonata(text) as Verdict);
const batched: ParseAll = (texts) => parseJsonataBatch(texts) as Verdict[];

function assertSameAsParser(texts: Iterable<string>, parseAll: ParseAll = oneByOne): { parsed: number; rejected: number } {
  let parsed = 0;
  let rejected = 0;
  const list = [...texts];
  const verdicts = parseAll(list);
  assert.equal(verdicts.length, list.length);
  for (const [i, text] of list.entries()) {
    const ours = verdicts[i];
    const theirs = reference(text);
    assert.equal(ours.error === undefined, theirs.error === undefined, `parses or not: ${JSON.stringify(text)}`);
    const found = difference(ours.error ?? ours.ast, theirs.error ?? theirs.ast);
    assert.equal(found, undefined, `differs at ${found} for ${JSON.stringify(text)}`);
    assert.equal(JSON.stringify(ours.ast), JSON.stringify(theirs.ast), `as JSON, for ${JSON.stringify(text)}`);
    if (ours.error) rejected++;
    else parsed++;
  }
  return { parsed, rejected };
}

/** Pieces of JSONata syntax that combine into valid and broken expressions. */
const FRAGMENTS = [
  'a', 'b.c', 'resources.`crm`.contacts', 'args.x', '$', '$$', '$v', '$count(', '$map(', '$sum(', ')', '(', '[', ']', '{', '}', ',', ';', ':', ':=', '.', '..',
  '+', '-', '*', '/', '%', '&', '=', '!=', '<', '<=', '>', '>=', '~>', '?', '?:', '??', 'and', 'or', 'in', 'true', 'false', 'null', '"s"', "'t'", '"\\u00e9"',
  '"\\x"', '"open', '`q`', '1', '2.5', '1e3', '1e999', '/ab+/i', '/[/', 'function($a){$a}', 'λ($x, $y)<n-n:n>{$x+$y}', '@$i', '#$j', '^(x)', '^(>y, <z)',
  '|a|{"b":1}|', '|a|{},["c"]|', '**', '*.', '{}', '[]', '$e := 1;', '/* c */', '/* open', ' ', '\n', 'é', '😀', '{{args.x}}',
];

const generated = fc.sample(fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 10 }).map((parts) => parts.join('')), { numRuns: 4000, seed: 20261129 });

describe('parseJsonata gives what the unchanged jsonata parser gives', () => {
  it("on every expression of jsonata's own test suite", () => {
    const { parsed, rejected } = assertSameAsParser(suite.expressions);
    assert.ok(parsed > 1500 && rejected > 30, `parsed ${parsed}, rejected ${rejected}`);
  });

  it('on the runtime-4 expressions of every bench shape', () => {
    const texts = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') texts.add(value);
      else if (value && typeof value === 'object') for (const item of Object.values(value)) collect(item);
    };
    for (const shape of ['v4-chain', 'v4-fan-out'] as const) {
      const template = JSON.parse(generateShape(shape, 40)) as { resources: { run_if?: unknown; config?: { expression?: unknown } }[] };
      for (const node of template.resources) collect([node.run_if, node.config?.expression]);
    }
    const { parsed } = assertSameAsParser(texts);
    assert.ok(parsed > 20, `parsed ${parsed}`);
  });

  it('on 4,000 generated expressions, valid and broken', () => {
    const { parsed, rejected } = assertSameAsParser(generated);
    assert.ok(parsed > 250 && rejected > 1000, `parsed ${parsed}, rejected ${rejected}`);
  });

  it('leaves Object.create as it found it, after a parse and after a syntax error', () => {
    const create = Object.create;
    assert.ok(parseJsonata('a.b').ast);
    assert.equal(Object.create, create);
    assert.ok(parseJsonata('a.(').error);
    assert.equal(Object.create, create);
    const inherited = Object.create({ kept: 1 }) as { kept: number };
    assert.equal(Object.hasOwn(inherited, 'kept'), false, 'objects made after a parse inherit again');
  });
});

/** The texts in an order of their own (a seeded shuffle), so that each has other neighbours in a batch. */
function shuffled(texts: readonly string[], seed: number): string[] {
  return fc.sample(fc.shuffledSubarray([...texts], { minLength: texts.length, maxLength: texts.length }), { numRuns: 1, seed })[0];
}

describe('parseJsonataBatch gives each text what the unchanged parser gives alone, whatever its neighbours', () => {
  it("on jsonata's own test-suite expressions, in their order and shuffled", () => {
    const batchable = suite.expressions.filter(selfContained).length;
    assert.ok(batchable > 1000, `only ${batchable} of ${suite.expressions.length} are batched: the test would not exercise batches`);
    for (const order of [suite.expressions, shuffled(suite.expressions, 1), shuffled(suite.expressions, 2), shuffled(suite.expressions, 3)]) {
      const { parsed, rejected } = assertSameAsParser(order, batched);
      assert.ok(parsed > 1500 && rejected > 30, `parsed ${parsed}, rejected ${rejected}`);
    }
  });

  it('on 4,000 generated expressions, valid and broken, mixed in batches', () => {
    const batchable = generated.filter(selfContained);
    assert.ok(batchable.length > 1000 && batchable.some((text) => parseJsonata(text).error) && batchable.some((text) => !parseJsonata(text).error));
    assertSameAsParser(generated, batched);
    assertSameAsParser(shuffled(generated, 4), batched);
  });

  it('on texts that would read into their neighbours if they were batched as they are', () => {
    // Each list, written one after another with commas between, parses as an array of a
    // different number of items, or of the same number but other ASTs; alone each is an error or
    // something else again.
    const neighbours = [
      ['"a', 'b", "c"'],
      ["'a", "b', 'c'"],
      ['`a', 'b`', 'c'],
      ['f(1', '2)'],
      ['f(1', '2), 3'],
      ['a, b', 'c'],
      ['a]', '[b'],
      ['{"a": 1', '"b": 2}'],
      ['|a|{}', 'x|'],
      ['/* a', '*/ 1'],
      ['1..5', '2'],
      ['[1..3]', '2'],
      ['a.b%.c', 'a.b.%'],
      ['$match(s, /a,b/)', 'x'],
      ['4 /', '2'],
      ['1 +', '2'],
      ['', '1'],
      ['1', ''],
      [' ', '/* only a comment */', '1'],
      ['function($a)<n:n', 'x>{1}'],
      ['1 2', '3'],
      ['a ? b', 'c : d'],
      ['a ?: b', 'c ?? d'],
      ['a; b', 'c'],
    ];
    for (const texts of neighbours) {
      assertSameAsParser(texts, batched);
      assertSameAsParser([...texts, ...texts, '1', ...texts], batched);
    }
  });

  it('on the runtime-4 expressions of every bench shape, which are all batched', () => {
    const texts = new Set<string>();
    for (const shape of ['v4-chain', 'v4-fan-out'] as const) {
      const template = JSON.parse(generateShape(shape, 300)) as { resources: { run_if?: unknown; config?: { expression?: unknown } }[] };
      for (const node of template.resources) for (const value of [node.run_if, node.config?.expression]) if (typeof value === 'string') texts.add(value);
    }
    assert.ok([...texts].every(selfContained));
    const { parsed } = assertSameAsParser(texts, batched);
    assert.ok(parsed > 150, `parsed ${parsed}`);
  });
});
