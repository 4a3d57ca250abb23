import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseJsonata } from '../../server/src/service/jsonata/analysis';
import { CHILD_KEYS, LEAF_NODE_TYPES } from '../../server/src/service/jsonata/astWalk';
import { parseJsonata } from '../../server/src/service/jsonata/parse';
import { scanJsonata } from '../../server/src/service/jsonata/scanner';
import suite from '../support/jsonataSuiteExpressions.json';

const spans = (text: string, list: readonly { start: number; end: number }[]) => list.map((s) => text.slice(s.start, s.end));

describe('JSONata analysis (parse once per text, AST walk)', () => {
  it('is computed once per distinct text', () => {
    assert.equal(analyseJsonata('args.a & args.b'), analyseJsonata('args.a & args.b'));
  });

  it('finds args uses (plain, backticked, after $$) with the context they are read in', () => {
    const text = 'args.a & args.`b-c` & $$.args.d & items[args.e = 1] & items.(args.f)';
    const a = analyseJsonata(text);
    assert.deepEqual(a.args.map((u) => `${text.slice(u.start, u.end)}:${u.rootContext}`), ['a:true', 'b-c:true', 'd:true', 'e:false', 'f:false']);
  });

  it('finds resources uses with up to two segments', () => {
    const text = 'resources.`knowledge-base`.pages.id & resources.shape';
    const a = analyseJsonata(text);
    assert.deepEqual(a.resources.map((r) => spans(text, r.segments).join('/')), ['knowledge-base/pages', 'shape']);
  });

  it('joins dashed names written as a subtraction, under args and resources only', () => {
    const text = 'resources.knowledge-base-v2.pages & args.start-date & end-start & resources.a - b';
    const a = analyseJsonata(text);
    assert.deepEqual(a.dashed.map((d) => `${d.root}:${d.text}`), ['resources:knowledge-base-v2', 'args:start-date']);
    assert.deepEqual(spans(text, a.dashed), ['knowledge-base-v2', 'start-date']);
  });

  it('tells bound, known and unknown function calls apart, scope by scope', () => {
    const text = '( $f := function($g){ $g(1) }; $f($uppercase) ) & $f(2) & $dtFromIso(x).plus({"days": 1}).toISO() & x ~> $nope';
    const a = analyseJsonata(text);
    assert.deepEqual(a.calls.map((c) => `${text.slice(c.start, c.end)}:${c.bound ? 'bound' : c.known ? 'known' : 'unknown'}`), [
      '$g:bound',
      '$f:bound',
      '$f:unknown',
      '$dtFromIso:known',
      '$nope:unknown',
    ]);
  });

  it('places syntax errors on the offending token, or on what is unterminated', () => {
    const cases: [string, string][] = [
      ['foo bar', 'bar'],
      ['a = "x" "y"', '"y"'],
      ['a & "open', '"open'],
      ['`open', '`open'],
      ['/* open', '/* open'],
      ['$count(a', 'a'],
      ['"\\q"', '\\q'],
    ];
    for (const [text, covered] of cases) {
      const error = analyseJsonata(text).error;
      assert.ok(error, text);
      assert.equal(text.slice(error.start, error.end), covered, text);
      assert.doesNotMatch(error.message, /\{\{|undefined/);
    }
  });

  it('keeps the args of an expression that does not parse (for unused-arg and rename), never as reportable', () => {
    const a = analyseJsonata('args.a & (');
    assert.ok(a.error);
    assert.deepEqual(a.args.map((u) => [u.name, u.rootContext]), [['a', false]]);
  });

  it('finds {{…}} written inside JSONata, and not object constructors', () => {
    assert.deepEqual(analyseJsonata('"a {{args.x}}"').placeholders.map((p) => p.text), ['{{args.x}}']);
    assert.deepEqual(analyseJsonata('{"a": {"b": 1}}').placeholders, []);
  });

  it('reads the literal keys of a returned object constructor (what add_context adds)', () => {
    assert.deepEqual(analyseJsonata('( $a := 1; { "last_synced_at": $a, `b-c`: 2 } )').objectKeys, ['last_synced_at', 'b-c']);
    assert.deepEqual(analyseJsonata('$merge([{ "a": 1 }])').objectKeys, []);
    assert.deepEqual(analyseJsonata('{ "a": ').objectKeys, []);
  });

  it('the scanner never throws and covers strings, comments, regexes and names', () => {
    const tokens = scanJsonata('$match(a, /x+/i) /* c */ & `q r` & "s\\"t" & 1.5e3 & a/b');
    assert.deepEqual(
      tokens.map((t) => t.kind),
      ['variable', 'operator', 'name', 'operator', 'regex', 'operator', 'comment', 'operator', 'quotedName', 'operator', 'string', 'operator', 'number', 'operator', 'name', 'operator', 'name'],
    );
    for (const text of ['"', '`', '/*', '/', '\\', '$', '']) assert.doesNotThrow(() => scanJsonata(text));
  });

  it('never throws on an expression nested thousands deep (the walk, then the parser, run out of stack)', () => {
    // Repeated texts of growing depth: once the parser's code is optimised (smaller frames) it takes
    // depths at which the walk, still interpreted, ran out of stack and threw out of the checks.
    for (const depth of [500, 1000, 1200, 1400, 1600, 1800, 2000, 2500, 3000, 5000, 20000]) {
      for (let variant = 0; variant < 10; variant++) {
        const text = `${'('.repeat(depth)}args.deep${variant}${')'.repeat(depth)}`;
        const analysis = analyseJsonata(text);
        // Read by the walk, or from the tokens when the walk runs out of stack: the use still counts;
        // when the parser itself runs out, the expression is reported as one it cannot parse.
        if (analysis.error) assert.equal(analysis.error.code, 'S0000', `depth ${depth}`);
        else assert.deepEqual(analysis.args.map((u) => u.name), [`deep${variant}`], `depth ${depth}`);
      }
    }
  });

  it("walks no sub-expression under a leaf node type, because the parser keeps none there (jsonata's own test-suite expressions)", () => {
    // The walk skips CHILD_KEYS on LEAF_NODE_TYPES (astWalk.ts); their stages, predicates and
    // groupings are walked all the same, so only the other keys must be empty.
    const ownKeys = CHILD_KEYS.filter((key) => key !== 'stages' && key !== 'predicate' && key !== 'group');
    const found: string[] = [];
    const leafTypesSeen = new Set<string>();
    const visit = (value: unknown, seen: Set<unknown>): void => {
      if (typeof value !== 'object' || value === null || seen.has(value)) return;
      seen.add(value);
      if (Array.isArray(value)) return value.forEach((item) => visit(item, seen));
      const node = value as Record<string, unknown>;
      if (typeof node.type === 'string' && LEAF_NODE_TYPES.has(node.type)) {
        leafTypesSeen.add(node.type);
        for (const key of ownKeys) if (node[key] !== undefined && node[key] !== null) found.push(`${node.type}.${key}`);
      }
      for (const key of Object.keys(node)) visit(node[key], seen);
    };
    let parsed = 0;
    for (const text of suite.expressions) {
      const { ast } = parseJsonata(text);
      if (ast === undefined) continue;
      parsed++;
      visit(ast, new Set());
    }
    assert.ok(parsed > 1_500, `parsed ${parsed} suite expressions`);
    assert.deepEqual(found, []);
    // Every leaf type occurs, so the check covers each.
    assert.deepEqual([...leafTypesSeen].sort(), [...LEAF_NODE_TYPES].sort());
  });
});
