import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type JSONDocument, type JSONSchema } from 'vscode-json-languageservice';
import { createJsonService } from '../../server/src/service/jsonService';
import { dispatchingDocument, dispatchPlan, sameSchema } from '../../server/src/service/diagnostics/schemaDispatch';
import { generateShape } from '../support/templateShapes';
import { readdirSync } from 'node:fs';
import { readExample, repoPath } from '../support/fixtures';

/** As jsonDiagnostics.ts asks for them. */
const SETTINGS = { comments: 'error', trailingCommas: 'error', schemaValidation: 'error', schemaRequest: 'error' } as const;

const jsonService = createJsonService({});

/** The JSON service's diagnostics of a text, validated as it is and with the `type` chains dispatched. */
async function bothWays(text: string) {
  const document = TextDocument.create('file:///dispatch.synctemplate.json', 'synctemplate', 1, text);
  const json = jsonService.parseJSONDocument(document);
  const asIs = await jsonService.doValidation(document, json, SETTINGS);
  const dispatched = await jsonService.doValidation(document, dispatchingDocument(json), SETTINGS);
  return { asIs, dispatched };
}

/** Holds the dispatched diagnostics to the service's own on every text `texts` generates. */
async function sameOnEvery(texts: fc.Arbitrary<string>, seed: number, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(texts, async (text) => {
      const { asIs, dispatched } = await bothWays(text);
      assert.deepEqual(dispatched, asIs, text);
    }),
    { seed, numRuns },
  );
}

// Values written as JSON text, so that a node can hold the same key twice (the service reads the last).
const NODE_TYPES = ['request', 'transform', 'spool', 'add_context', 'destination', 'event', 'get_state', 'update_state', 'delete_state'];
const typeValue = fc.oneof(
  fc.constantFrom(...NODE_TYPES.map((t) => JSON.stringify(t))),
  fc.constantFrom('"Request"', '"unknown"', '""', '42', 'null', 'true', '["request"]', '{"const": "request"}'),
);
const keyValues: Record<string, fc.Arbitrary<string>> = {
  name: fc.constantFrom('"n0"', '"n1"', '"node-2"', '""', '7'),
  type: typeValue,
  depends_on: fc.constantFrom('"n0"', '["n0", "n1"]', '3', '""'),
  run_if: fc.constantFrom('"$exists(args.x)"', '"{{args.x}}"', '5', '""'),
  debug: fc.constantFrom('true', '"yes"'),
  config: fc.constantFrom(
    '{}',
    '"config"',
    '{"expression": "$.a"}',
    '{"expression": 1}',
    '{"key": "last_synced_at"}',
    '{"key": "k", "value": "{{args.x}}"}',
    '{"key": "k", "value_expression": "$now()"}',
    '{"name": "start"}',
    '{"name": "later"}',
    '{"id": "{{args.webhook_id}}"}',
    '{"id": "x", "extra": 1}',
    '{"default": "{{args.start_date}}", "key": "k"}',
  ),
  resource: fc.constantFrom('"ticketing/tickets"', '"contacts"', '1'),
  // The step's and request node's `method`: an `anyOf` of the known methods and a custom name.
  method: fc.constantFrom('"list"', '"get"', '"delete"', '"custom_method"', '"LIST"', '"bad method!"', '""', '2', 'null', '{}', '["list"]'),
  integrated_account_id: fc.constantFrom('"{{args.integrated_account_id}}"', '3'),
  query: fc.constantFrom('{}', '{"a": {"gt": "{{args.x}}"}}', '[]'),
  body: fc.constantFrom('{}', '"b"'),
  loop_on: fc.constantFrom('"resources.a.b"', '4'),
  recurse: fc.constantFrom('{"if": "{{resources.a.next}}"}', '{}', 'true'),
  destination_type: fc.constantFrom('"webhook"', '"datastore"', '"superquery"', '"other"', '1'),
  resources_to_persist: fc.constantFrom('["n0"]', '"n0"', '[]'),
  persist: fc.constantFrom('true', '"no"'),
  unknown_key: fc.constantFrom('1', '"x"'),
};
const property = fc.constantFrom(...Object.keys(keyValues)).chain((key) => keyValues[key].map((value) => `${JSON.stringify(key)}: ${value}`));
const objectNode = fc.tuple(fc.option(typeValue, { nil: undefined, freq: 4 }), fc.array(property, { maxLength: 8 }), fc.option(typeValue, { nil: undefined, freq: 6 })).map(
  ([first, rest, last]) => `{${[...(first === undefined ? [] : [`"type": ${first}`]), ...rest, ...(last === undefined ? [] : [`"type": ${last}`])].join(', ')}}`,
);
const item = fc.oneof({ arbitrary: objectNode, weight: 8 }, { arbitrary: fc.constantFrom('1', '"request"', 'null', 'true', '[]', '[{"type": "request"}]'), weight: 1 });
const runtime = fc.constantFrom('"default_runtime_version": 4, ', '"default_runtime_version": 3, ', '', '"default_runtime_version": "4", ', '"default_runtime_version": 4.5, ');
const template = fc
  .tuple(runtime, fc.array(item, { maxLength: 10 }), fc.constantFrom('', '"resources": "none", ', '"resources": [], '))
  .map(([version, items, earlier]) => `{"label": "t", ${version}${earlier}"resources": [${items.join(', ')}]}`);
/** A template cut short or with one character gone: the parser leaves properties without values and holes in arrays. */
const broken = fc.tuple(template, fc.nat(), fc.boolean()).map(([text, at, cut]) => (cut ? text.slice(0, at % text.length) : text.slice(0, at % text.length) + text.slice((at % text.length) + 1)));

/**
 * Properties whose `anyOf` starts with a string `enum`, which the dispatch leaves out for a string
 * the enum lists: `m`, whose other alternative fails for `"long"` (and which lists the string `"null"`, not the value); `p`, with a keyword of its own
 * beside the `anyOf` (kept); `k`, in a branch. And `q`, whose first alternative has a keyword that
 * can fail, so it is never left out.
 */
const M: JSONSchema = { description: 'm', anyOf: [{ type: 'string', enum: ['x', 'y', 'long', 'null'], enumDescriptions: ['x', 'y', 'long', 'the text null'] }, { type: 'string', maxLength: 2 }] };
const P: JSONSchema = { minLength: 2, anyOf: [{ type: 'string', enum: ['x', 'long'] }, { type: 'number' }] };
const K: JSONSchema = { anyOf: [{ type: 'string', enum: ['y', 'z'] }, { type: 'string', minLength: 5 }, { type: 'object', required: ['a'] }] };
const Q: JSONSchema = { anyOf: [{ type: 'string', enum: ['x', 'y'], minLength: 2 }, { type: 'number' }] };

/**
 * A schema of its own, with every case the dispatch must treat as the JSON service does, which the
 * bundled schema does not all have: an `if` without `type: object` (it holds for a value that is
 * not an object) after one with it, a link on another key, a base with its own `allOf`, a chain that goes on past a link
 * with a keyword of its own, a link whose `then` is missing, a condition of another form, a last
 * `else` with keywords of its own, and chains in the root schema, its `then` and its `else`; and
 * the `anyOf`s above, in a base, in a branch and in an item schema without a chain.
 */
const ITEM: JSONSchema = {
  // Type guards (members 1 and 2: idle for an object, and for an array), and members that are not.
  allOf: [
    { properties: { n: { type: 'number' } } },
    { type: 'object', errorMessage: 'An item is an object.' },
    { type: 'array', description: 'never, with the rest' },
    { type: 'object', minProperties: 1 },
    { type: 'number', errorMessage: 'Not a guard: numbers are left to the service.' },
  ],
  required: ['t'],
  properties: { t: { type: 'string' }, m: M, p: P, q: Q },
  // Reads which keys `properties` lists: a key the branch validates instead is still listed.
  additionalProperties: { type: 'number' },
  if: { type: 'object', required: ['t'], properties: { t: { const: 'b', description: 'the b kind' } } },
  // `t` and `m` again, with the same schemas (`t` a copy): validated by the branch only; `p` with another schema.
  then: { type: 'object', required: ['b'], properties: { b: { enum: [1, 2] }, k: K, m: M, t: { type: 'string' }, p: { minLength: 4 } } },
  else: {
    if: { required: ['t'], properties: { t: { const: 'a' } } },
    then: { required: ['a'], not: { type: 'string' }, properties: { a: { type: 'string', minLength: 2 } } },
    else: {
      // A link on another key: its value is read for it, not taken from the links on `t`.
      if: { required: ['u'], properties: { u: { const: 'x' } } },
      then: { required: ['n'], properties: { n: { minimum: 2 } } },
      else: {
        // A link with a keyword of its own: the chain stops here, and the service validates the rest as written.
        if: { type: 'object', required: ['t'], properties: { t: { const: 'e' } } },
        required: ['n'],
        else: {
          if: { required: ['t', 'u'] },
          then: { maxProperties: 2 },
          else: { type: 'object', required: ['z'], properties: { z: { const: 1 } } },
        },
      },
    },
  },
};
const SYNTHETIC: JSONSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: ITEM }, other: { items: ITEM, minItems: 1 }, plain: { type: 'array', items: { allOf: [{ type: 'object', errorMessage: 'A plain item is an object.' }], required: ['m'], properties: { m: M, k: K, q: Q } } } },
  if: { required: ['kind'], properties: { kind: { const: 'b' } } },
  then: { properties: { items: { items: ITEM } } },
  else: { properties: { list: { type: 'array', items: ITEM } } },
};
const syntheticService = getLanguageService({});
syntheticService.configure({ validate: true, schemas: [{ uri: 'test://synthetic.json', fileMatch: ['*'], schema: SYNTHETIC }] });

const syntheticValue = fc.constantFrom('"a"', '"b"', '"c"', '"e"', '5', '"xyz"', '"x"', '"y"', '"z"', '"long"', '"null"', '1', '3', 'null', '{}', '{"a": 1}');
const syntheticItem = fc.oneof(
  { arbitrary: fc.array(fc.tuple(fc.constantFrom('t', 't', 'n', 'a', 'b', 'u', 'z', 'm', 'm', 'p', 'k', 'k', 'q', 'extra'), syntheticValue), { maxLength: 6 }).map((pairs) => `{${pairs.map(([k, v]) => `"${k}": ${v}`).join(', ')}}`), weight: 6 },
  { arbitrary: fc.constantFrom('"a"', '"str"', '7', 'null', '[]', 'true'), weight: 2 },
);
const syntheticList = fc.array(syntheticItem, { maxLength: 6 }).map((items) => `[${items.join(', ')}]`);
const syntheticDocument = fc
  .tuple(fc.constantFrom('', '"kind": "b", ', '"kind": "a", '), syntheticList, fc.option(syntheticList, { nil: undefined }), fc.option(syntheticList, { nil: undefined }), fc.option(syntheticList, { nil: undefined }))
  .map(([kind, items, other, list, plain]) => `{${kind}"items": ${items}${other ? `, "other": ${other}` : ''}${list ? `, "list": ${list}` : ''}${plain ? `, "plain": ${plain}` : ''}}`);

describe('schema validation dispatched per item (schemaDispatch.ts)', () => {
  it('gives the JSON service’s own diagnostics for a schema with every kind of chain, on generated documents', async () => {
    const sites: string[] = [];
    await fc.assert(
      fc.asyncProperty(syntheticDocument, async (text) => {
        const document = TextDocument.create('file:///synthetic.json', 'json', 1, text);
        const json = syntheticService.parseJSONDocument(document);
        const proxy = dispatchingDocument(json) as JSONDocument & { validate: (...args: unknown[]) => unknown };
        const validate = proxy.validate;
        proxy.validate = (...args: unknown[]) => {
          if (sites.length === 0) sites.push(...dispatchPlan(args[1] as JSONSchema).map((s) => `${s.branch} ${s.key} ${s.plan.links.map((l) => l.value).join(',')} [${s.plan.narrowings.map((n) => n.key).join(',')}] {${s.plan.guards.map((g) => `${g.index}:${g.type}`).join(',')}}`));
          return validate(...args);
        };
        assert.deepEqual(await syntheticService.doValidation(document, proxy), await syntheticService.doValidation(document, json), text);
      }),
      { seed: 5, numRuns: 1500 },
    );
    // The chain stops at the link with a keyword of its own: from there on it is the rest. The
    // base's `m` and `p` are narrowed, not `q`; `plain` has narrowings and no chain.
    const item = 'b,a,x [m,p] {1:object,2:array}';
    assert.deepEqual(sites, [`self items ${item}`, `self other ${item}`, 'self plain  [m,k] {0:object}', `then items ${item}`, `else list ${item}`]);
  });

  it('gives the JSON service’s own diagnostics, in the same order, on generated templates', async () => {
    await sameOnEvery(template, 20261130, 1500);
  });

  it('gives the JSON service’s own diagnostics on broken text (values missing, holes, cut short)', async () => {
    await sameOnEvery(broken, 30, 800);
  });

  it('gives the same diagnostics on the bench shapes and the shipped examples', async () => {
    const texts = [
      ...(['groups', 'chain', 'v4-chain', 'v4-fan-out'] as const).map((shape) => generateShape(shape, 60)),
      ...readdirSync(repoPath('examples'))
        .filter((n) => n.endsWith('.synctemplate.json'))
        .map(readExample),
    ];
    for (const text of texts) {
      const { asIs, dispatched } = await bothWays(text);
      assert.deepEqual(dispatched, asIs);
    }
    // And with a problem in every node (a key no node takes), so that there is something to compare.
    const noisy = generateShape('v4-chain', 60).replaceAll('"depends_on":', '"bogus": 1, "depends_on":');
    const { asIs, dispatched } = await bothWays(noisy);
    assert.ok(asIs.length >= 50, `${asIs.length} diagnostics`);
    assert.deepEqual(dispatched, asIs);
  });

  it('hands the JSON service a per-item list for the branch the root applies only, each item’s `method` without its `anyOf` when it is a known method, and a step without its type guard when it is an object', async () => {
    /** The `resources` items of the root's `then` and `else`, in the whole schema the service was handed. */
    const handed = async (text: string) => {
      const document = TextDocument.create('file:///handed.synctemplate.json', 'synctemplate', 1, text);
      const parsed = jsonService.parseJSONDocument(document) as JSONDocument & { validate: (...args: unknown[]) => unknown };
      const schemas: JSONSchema[] = [];
      const spied = Object.create(parsed) as typeof parsed;
      spied.validate = (...args: unknown[]) => {
        schemas.push(args[1] as JSONSchema);
        return parsed.validate(...args);
      };
      await jsonService.doValidation(document, dispatchingDocument(spied), SETTINGS);
      // The last schema is the whole one (before it, the root's `if` alone).
      const items = (branch: 'then' | 'else') => {
        const resources = (schemas.at(-1)?.[branch] as JSONSchema | undefined)?.properties?.resources;
        return typeof resources === 'object' ? resources.items : undefined;
      };
      return { then: items('then'), else: items('else') };
    };
    const methodOf = (schema: JSONSchema | undefined) => schema?.properties?.method as JSONSchema | undefined;
    const template = (format: 'legacy' | 'v4', methods: string[]) =>
      JSON.stringify({
        ...(format === 'v4' ? { default_runtime_version: 4 } : {}),
        resources: methods.map((method, i) => (format === 'v4' ? { name: `n${i}`, type: 'request', resource: 'crm/contacts', method } : { resource: 'crm/contacts', method })),
      });

    const v4 = await handed(generateShape('v4-fan-out', 20));
    assert.ok(Array.isArray(v4.then) && v4.then.length === 20, 'a schema per node');
    assert.ok(v4.else !== undefined && !Array.isArray(v4.else), 'the legacy step as written');
    const legacy = await handed(generateShape('groups', 20));
    assert.ok(Array.isArray(legacy.else) && legacy.else.length === 20, 'a schema per step');
    assert.ok(legacy.then !== undefined && !Array.isArray(legacy.then), 'the node chain as written');

    // A known method's `anyOf` is left out; a custom one's is kept (its pattern is checked).
    const steps = (await handed(template('legacy', ['list', 'move-stage', 'delete']))).else as JSONSchema[];
    assert.deepEqual(
      steps.map((step) => methodOf(step)?.anyOf?.length),
      [undefined, 2, undefined],
    );
    assert.ok(methodOf(steps[0])?.markdownDescription, 'the rest of the property schema is kept');
    // The step's type guard (its message for a step that is not an object) is left out for an object only.
    assert.deepEqual(
      ((await handed('{"resources": [{"resource": "a/b", "method": "list"}, 7]}')).else as JSONSchema[]).map((step) => step.allOf?.length),
      [undefined, 1],
    );
    // In a runtime 4 request node, the `method` of its branch (the last of its allOf).
    const nodes = (await handed(template('v4', ['get', 'download']))).then as JSONSchema[];
    assert.deepEqual(
      nodes.map((node) => methodOf(node.allOf?.at(-1) as JSONSchema)?.anyOf?.length),
      [undefined, 2],
    );
    // A node's common keys are validated by its branch, which lists them again, not twice.
    const branch = nodes[0].allOf?.at(-1) as JSONSchema;
    for (const key of ['name', 'type', 'depends_on', 'run_if', 'debug']) {
      assert.equal(nodes[0].properties?.[key], true, key);
      assert.equal(typeof branch.properties?.[key], 'object', key);
    }
  });

  it('calls two schemas the same only when they are the same JSON value, and ends on a cycle', () => {
    assert.equal(sameSchema({ type: 'string', enum: ['a', 'b'] }, { enum: ['a', 'b'], type: 'string' }), true);
    assert.equal(sameSchema({ enum: ['a', 'b'] }, { enum: ['b', 'a'] }), false);
    assert.equal(sameSchema({ items: [1] }, { items: { 0: 1 } }), false);
    assert.equal(sameSchema({ a: undefined }, { b: undefined }), false);
    // Not JSON: the same only as itself.
    assert.equal(sameSchema({ pattern: /a/ }, { pattern: /b/ }), false);
    // Two copies of a recursive schema, each resolved into a cycle: not the same, and no stack overflow.
    const cycle = (): Record<string, unknown> => {
      const tree: Record<string, unknown> = { type: 'object' };
      tree.properties = { child: tree };
      return tree;
    };
    assert.equal(sameSchema(cycle(), cycle()), false);
  });

  it('dispatches the bundled schema: the JSON service hands the document its schema, and the node chain, the step’s `method` and its type guard are recognised', async () => {
    const document = TextDocument.create('file:///dispatch.synctemplate.json', 'synctemplate', 1, generateShape('v4-chain', 10));
    const proxy = dispatchingDocument(jsonService.parseJSONDocument(document)) as JSONDocument & { validate: (...args: unknown[]) => unknown };
    const validate = proxy.validate;
    let schema: JSONSchema | undefined;
    proxy.validate = (...args: unknown[]) => {
      schema = args[1] as JSONSchema;
      return validate(...args);
    };
    await jsonService.doValidation(document, proxy, SETTINGS);
    assert.ok(schema, 'the JSON service no longer validates through the document: the dispatch never runs');
    const sites = dispatchPlan(schema);
    assert.deepEqual(
      sites.map((s) => [s.branch, s.key, s.plan.narrowings.map((n) => n.key)]),
      [
        ['then', 'resources', []],
        ['else', 'resources', ['method']],
      ],
    );
    // One link per node type: a node of any type is validated against its own branch only.
    assert.deepEqual(sites[0].plan.links.map((l) => l.value).sort(), [...NODE_TYPES].sort());
    // A legacy step has no chain; its `method` lists the known methods, and its `allOf` says it is an object.
    assert.deepEqual(sites[1].plan.links, []);
    assert.deepEqual(sites[1].plan.guards, [{ index: 0, type: 'object' }]);
    assert.deepEqual([...sites[1].plan.narrowings[0].values], ['list', 'get', 'create', 'update', 'delete']);
  });
});
