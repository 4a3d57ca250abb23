import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getLanguageService, type ASTNode, type JSONDocument } from 'vscode-json-languageservice';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseStrictJson } from '../../server/src/service/strictJsonParse';
import { ParsedDocumentCache } from '../../server/src/service/parsedDocument';
import { createJsonService } from '../../server/src/service/jsonService';
import { createLanguageService } from '../../server/src/service/languageService';
import { MAX_NESTING_DEPTH } from '../../server/src/service/nestingGuard';
import { generateShape, TEMPLATE_SHAPES } from '../support/templateShapes';

/**
 * The fast path must build exactly the tree the JSON language service's parser builds, or step
 * aside: whenever it returns a tree, the service's parse of the same text has no problem and no
 * comment and an equal tree (same classes, same properties in the same order, same offsets,
 * lengths, values and parents); on strict JSON it must not step aside.
 */
const json = getLanguageService({});

/** The service's document, with the problems and comments its parser found (not in the public type). */
function serviceParse(text: string): JSONDocument & { readonly syntaxErrors: readonly Diagnostic[]; readonly comments: readonly Range[] } {
  return json.parseJSONDocument(TextDocument.create('file:///t.json', 'json', 1, text)) as JSONDocument & { syntaxErrors: Diagnostic[]; comments: Range[] };
}

/** Asserts two trees are the same, node for node; `path` says where they differ. */
function assertSameTree(fast: ASTNode | undefined, service: ASTNode | undefined, fastParent: ASTNode | undefined, serviceParent: ASTNode | undefined, path: string): void {
  if (!fast || !service) {
    assert.equal(fast, service, `${path}: one tree has no node`);
    return;
  }
  assert.equal(Object.getPrototypeOf(fast), Object.getPrototypeOf(service), `${path}: class`);
  // The same own properties in the same order: the same hidden classes for the service's code.
  assert.deepEqual(Object.keys(fast), Object.keys(service), `${path}: properties`);
  assert.equal(fast.type, service.type, `${path}: type`);
  assert.equal(fast.offset, service.offset, `${path}: offset`);
  assert.equal(fast.length, service.length, `${path}: length`);
  assert.equal(fast.parent, fastParent, `${path}: parent (fast)`);
  assert.equal(service.parent, serviceParent, `${path}: parent (service)`);
  switch (fast.type) {
    case 'object':
      assert.equal(fast.properties.length, (service as typeof fast).properties.length, `${path}: property count`);
      fast.properties.forEach((p, i) => assertSameTree(p, (service as typeof fast).properties[i], fast, service, `${path}.{${i}}`));
      break;
    case 'array':
      assert.equal(fast.items.length, (service as typeof fast).items.length, `${path}: item count`);
      fast.items.forEach((item, i) => assertSameTree(item, (service as typeof fast).items[i], fast, service, `${path}[${i}]`));
      break;
    case 'property': {
      const other = service as typeof fast;
      assert.equal(fast.colonOffset, other.colonOffset, `${path}: colon`);
      assertSameTree(fast.keyNode, other.keyNode, fast, other, `${path}.key`);
      assertSameTree(fast.valueNode, other.valueNode, fast, other, `${path}.value`);
      break;
    }
    case 'number':
      assert.ok(Object.is(fast.value, service.value), `${path}: value ${fast.value} vs ${String(service.value)}`);
      assert.equal(fast.isInteger, (service as typeof fast).isInteger, `${path}: isInteger`);
      break;
    default:
      assert.ok(Object.is(fast.value, service.value), `${path}: value`);
  }
}

/** Checks one text: a fast tree is the service's tree; `strict` texts must get one. */
function check(text: string, strict: boolean): void {
  const fast = parseStrictJson(text);
  if (!fast) {
    assert.ok(!strict, `the fast path stepped aside on strict JSON: ${JSON.stringify(text.slice(0, 200))}`);
    return;
  }
  const service = serviceParse(text);
  assert.deepEqual(service.syntaxErrors, [], `the fast path accepted a text the service reports: ${JSON.stringify(text.slice(0, 200))}`);
  assert.deepEqual(service.comments, []);
  assertSameTree(fast, service.root, undefined, undefined, '$');
}

// Strict JSON written the ways a file may be: any JSON whitespace between tokens, any escape.
const whitespace = fc.array(fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\r'), { maxLength: 3 }).map((w) => w.join(''));
const stringText = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => JSON.stringify(s).slice(1, -1)),
    fc.constantFrom('\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0041', '\\uD83D', '\\u00e9', '{{args.a}}', '$count(x)', '//', '\u2028', '\u00a0'),
  ),
  { maxLength: 5 },
).map((pieces) => `"${pieces.join('')}"`);
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.integer().map(String),
  fc.constantFrom('0', '-0', '1e400', '-1E+2', '2e-3', '0.5', '10.0', '1E5', '123456789012345678901234567890'),
);
type Written = { text: string };
const value: fc.Memo<Written> = fc.memo((n) =>
  n <= 1
    ? fc.oneof(stringText, numberText, fc.constantFrom('true', 'false', 'null')).map((text) => ({ text }))
    : fc.oneof(
        { weight: 2, arbitrary: fc.oneof(stringText, numberText, fc.constantFrom('true', 'false', 'null')).map((text) => ({ text })) },
        fc.array(fc.tuple(whitespace, value(n - 1), whitespace), { maxLength: 4 }).chain((items) =>
          whitespace.map((inside) => ({ text: `[${items.length === 0 ? inside : items.map(([a, v, b]) => `${a}${v.text}${b}`).join(',')}]` })),
        ),
        fc.uniqueArray(fc.tuple(stringText, whitespace, value(n - 1), whitespace), { maxLength: 4, selector: ([key]) => JSON.parse(key) as string }).chain((entries) =>
          whitespace.map((inside) => ({
            text: `{${entries.length === 0 ? inside : entries.map(([key, a, v, b]) => `${a}${key}${b}:${a}${v.text}${b}`).join(',')}}`,
          })),
        ),
      ),
);
const document = fc.tuple(whitespace, value(4), whitespace).map(([a, v, b]) => `${a}${v.text}${b}`);

describe('strict JSON fast path', () => {
  it('builds the service tree for strict JSON, never stepping aside', () => {
    fc.assert(
      fc.property(document, (text) => check(text, true)),
      { seed: 7, numRuns: 2_000 },
    );
  });

  it('on any edit of it, either builds the service tree or steps aside (errors, comments, other whitespace, duplicates)', () => {
    const inserted = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '/', '//x\n', '/*x*/', 'x', '1', '-', '.', 'e', 'true', 'n', '\v', '\f', '\u00a0', '\ufeff', '\u2028', '\u0001', '\n', ' ', '"k":1,', ',"k":1');
    fc.assert(
      fc.property(document, fc.nat(), fc.nat({ max: 3 }), inserted, (text, at, removed, piece) => {
        const cut = at % (text.length + 1);
        check(`${text.slice(0, cut)}${piece}${text.slice(cut + removed)}`, false);
      }),
      { seed: 8, numRuns: 4_000 },
    );
  });

  it('builds the service tree for every generated template shape', () => {
    for (const shape of TEMPLATE_SHAPES) check(generateShape(shape, 60), true);
  });

  it('steps aside on a duplicate key (the service warns about it) but not on repeated "//" keys', () => {
    assert.equal(parseStrictJson('{"a": 1, "b": 2, "a": 3}'), undefined);
    const many = `{${Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ')}, "k7": 0}`;
    assert.equal(parseStrictJson(many), undefined, 'a duplicate in an object past the linear check');
    check(`{${Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`, true);
    check('{"//": "a note", "x": 1, "//": "another"}', true);
  });

  it('steps aside on what the service reports or treats as trivia', () => {
    for (const text of ['', '   ', '{"a": 1,}', '[1,]', '[1 2]', '{"a" 1}', '{"a": 1} // c', '\ufeff{}', '{"a":\v1}', '01', '1.', '-', '.5', '1e', 'truex', 'nul', '"a\nb"', '"\\x"', '"\\u12"', '{"a": "b"', '{} {}']) {
      assert.equal(parseStrictJson(text), undefined, JSON.stringify(text));
      // …and the service's own parse reports something (or finds nothing to parse).
      const service = serviceParse(text);
      assert.ok(service.syntaxErrors.length > 0 || service.comments.length > 0 || service.root === undefined || /[\v\ufeff]/.test(text), JSON.stringify(text));
    }
  });

  it('parses nesting up to the guard and steps aside beyond it (the nesting guard then reports it)', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    check(nested(MAX_NESTING_DEPTH), true);
    assert.equal(parseStrictJson(nested(MAX_NESTING_DEPTH + 1)), undefined);
    assert.equal(parseStrictJson(`${'{"a":'.repeat(MAX_NESTING_DEPTH + 1)}1${'}'.repeat(MAX_NESTING_DEPTH + 1)}`), undefined);
  });

  it('is not tried while a document stays broken, and is again once a version parses cleanly; diagnostics as a fresh service gives them', async () => {
    const cache = new ParsedDocumentCache(createJsonService({}));
    const ours = createLanguageService();
    const valid = generateShape('v4-chain', 12);
    const at = valid.indexOf('"type": ');
    const broken = `${valid.slice(0, at)}"type" ${valid.slice(at + '"type":'.length)}`; // a missing colon
    const stillBroken = `${broken.slice(0, 1)}   ${broken.slice(1)}`;
    const fixed = `${valid.slice(0, 1)}  ${valid.slice(1)}`;
    const typed = `${valid.slice(0, 1)}    ${valid.slice(1)}`;
    const steps: [string, boolean][] = [[valid, true], [broken, false], [stillBroken, false], [fixed, true], [typed, true]];
    for (const [version, [text, strict]] of steps.entries()) {
      const document = TextDocument.create('file:///a.synctemplate.json', 'synctemplate', version + 1, text);
      assert.equal(cache.get(document).strict, strict, `version ${version + 1}`);
      // The same diagnostics as a service that sees this text first (so parses it without history).
      const fresh = createLanguageService();
      assert.deepEqual(await ours.validate(document), await fresh.validate(TextDocument.create('file:///b.synctemplate.json', 'synctemplate', 1, text)), `version ${version + 1}`);
    }
  });
});
