import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isIndexToken } from '../../server/src/service/template/pathQuery';
import { generalShape, simpleShape } from '../../server/src/service/template/placeholderParser';

/** What simpleShape takes: dot-separated tokens of ASCII word characters and `-`, none empty, at most one known cast, and a default without a colon. */
const SIMPLE = /^\{\{[\w-]+(\.[\w-]+)*(:(str|int|num|bool|json|any|null|undefined|ignore-empty-str))?(\?:[^:]+)?\}\}$/;

/** Inner texts from characters that matter to the path parser: word characters, dots, digits, signs, and every character that makes a path not simple. */
const inner = fc
  .array(fc.constantFrom('a', 'resources', 'args', 'crm', 'id', 'x-y', '_', '0', '12', '-1', '-', '.', '.', '..', ' ', ':', ':int', '|', '?:', '/', '/a/', '*', '**', 'é', '\t', '0:2', ':str', ':null', ':undefined', ':ignore-empty-str', ':bool', ':float', ': int', ':int ', '?:none', '?:0', '?: x y', '?', '?:?', '?:a|b'), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

describe('placeholder shapes: the simple form read directly', () => {
  it('gives exactly the general parser\'s shape for every simple path, and declines everything else', () => {
    fc.assert(
      fc.property(inner, (text) => {
        const placeholder = `{{${text}}}`;
        const simple = simpleShape(placeholder);
        assert.equal(simple !== undefined, SIMPLE.test(placeholder), placeholder);
        if (simple) assert.deepStrictEqual(simple, generalShape(placeholder), placeholder);
      }),
      { numRuns: 20_000, seed: 11 },
    );
  });

  it('reads the paths that references and checks use (resources keys, args, indices)', () => {
    const cases: [string, { unifiedKey?: string; argName?: string; readsResource: boolean; kinds: string[] }][] = [
      ['{{resources.crm.contacts.id}}', { unifiedKey: 'crm/contacts', readsResource: true, kinds: ['prop', 'prop', 'prop', 'prop'] }],
      ['{{resources.crm}}', { readsResource: true, kinds: ['prop', 'prop'] }],
      ['{{args.page_size}}', { argName: 'page_size', readsResource: false, kinds: ['prop', 'prop'] }],
      ['{{resources.crm.0.id}}', { readsResource: true, kinds: ['prop', 'prop', 'index', 'prop'] }],
      ['{{args.page_size:int}}', { argName: 'page_size', readsResource: false, kinds: ['prop', 'prop'] }],
      ['{{resources.crm.contacts.id:ignore-empty-str}}', { unifiedKey: 'crm/contacts', readsResource: true, kinds: ['prop', 'prop', 'prop', 'prop'] }],
      ['{{resources.crm.contacts.name?:none}}', { unifiedKey: 'crm/contacts', readsResource: true, kinds: ['prop', 'prop', 'prop', 'prop'] }],
      ['{{args.page_size:int?:100}}', { argName: 'page_size', readsResource: false, kinds: ['prop', 'prop'] }],
      ['{{args.-1}}', { readsResource: false, kinds: ['prop', 'index'] }], // an index, not an argument name
    ];
    for (const [text, expected] of cases) {
      const shape = simpleShape(text);
      assert.ok(shape, text);
      assert.deepStrictEqual(shape, generalShape(text), text);
      const [path] = shape.paths;
      assert.deepEqual(
        { unifiedKey: path.unifiedKey, argName: path.argName, readsResource: path.readsResource, kinds: path.tokens.map((t) => t.kind) },
        { unifiedKey: undefined, argName: undefined, ...expected },
        text,
      );
    }
  });

  it("tells an index token from a name as wild-wild-parser's /^-?\\d+$/ does, also where the first character decides alone", () => {
    const token = fc.array(fc.constantFrom('0', '7', '12', '-', '-1', 'a', 'x', '_', '.', ' ', ':', '/', '١', 'é', ''), { maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(token, (chars) => assert.equal(isIndexToken(chars), /^-?\d+$/u.test(chars), JSON.stringify(chars))),
      { numRuns: 5_000, seed: 7 },
    );
  });
});
