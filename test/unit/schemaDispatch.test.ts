import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type JSONDocument, type JSONSchema } from 'vscode-json-languageservice';
import { createJsonService } from '../../server/src/service/jsonService';
import { dispatchingDocument, dispatchPlan } from '../../server/src/service/diagnostics/schemaDispatch';
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
  method: fc.constantFrom('"list"', '"get"', '"custom_method"', '2'),
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
 * A schema of its own, with every case the dispatch must treat as the JSON service does, which the
 * bundled schema does not all have: an `if` without `type: object` (it holds for a value that is
 * not an object) after one with it, a base with its own `allOf`, a chain that goes on past a link
 * with a keyword of its own, a link whose `then` is missing, a condition of another form, a last
 * `else` with keywords of its own, and chains in the root schema, its `then` and its `else`.
 */
const ITEM: JSONSchema = {
  allOf: [{ properties: { n: { type: 'number' } } }],
  required: ['t'],
  properties: { t: { type: 'string' } },
  if: { type: 'object', required: ['t'], properties: { t: { const: 'b', description: 'the b kind' } } },
  then: { type: 'object', required: ['b'], properties: { b: { enum: [1, 2] } } },
  else: {
    if: { required: ['t'], properties: { t: { const: 'a' } } },
    then: { required: ['a'], not: { type: 'string' }, properties: { a: { type: 'string', minLength: 2 } } },
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
};
const SYNTHETIC: JSONSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: ITEM }, other: { items: ITEM, minItems: 1 } },
  if: { required: ['kind'], properties: { kind: { const: 'b' } } },
  then: { properties: { items: { items: ITEM } } },
  else: { properties: { list: { type: 'array', items: ITEM } } },
};
const syntheticService = getLanguageService({});
syntheticService.configure({ validate: true, schemas: [{ uri: 'test://synthetic.json', fileMatch: ['*'], schema: SYNTHETIC }] });

const syntheticValue = fc.constantFrom('"a"', '"b"', '"c"', '"e"', '5', '"xyz"', '"x"', '1', '3', 'null', '{}');
const syntheticItem = fc.oneof(
  { arbitrary: fc.array(fc.tuple(fc.constantFrom('t', 't', 'n', 'a', 'b', 'u', 'z', 'extra'), syntheticValue), { maxLength: 5 }).map((pairs) => `{${pairs.map(([k, v]) => `"${k}": ${v}`).join(', ')}}`), weight: 6 },
  { arbitrary: fc.constantFrom('"a"', '"str"', '7', 'null', '[]', 'true'), weight: 2 },
);
const syntheticList = fc.array(syntheticItem, { maxLength: 6 }).map((items) => `[${items.join(', ')}]`);
const syntheticDocument = fc
  .tuple(fc.constantFrom('', '"kind": "b", ', '"kind": "a", '), syntheticList, fc.option(syntheticList, { nil: undefined }), fc.option(syntheticList, { nil: undefined }))
  .map(([kind, items, other, list]) => `{${kind}"items": ${items}${other ? `, "other": ${other}` : ''}${list ? `, "list": ${list}` : ''}}`);

describe('schema validation with the type chains dispatched (schemaDispatch.ts)', () => {
  it('gives the JSON service’s own diagnostics for a schema with every kind of chain, on generated documents', async () => {
    const sites: string[] = [];
    await fc.assert(
      fc.asyncProperty(syntheticDocument, async (text) => {
        const document = TextDocument.create('file:///synthetic.json', 'json', 1, text);
        const json = syntheticService.parseJSONDocument(document);
        const proxy = dispatchingDocument(json) as JSONDocument & { validate: (...args: unknown[]) => unknown };
        const validate = proxy.validate;
        proxy.validate = (...args: unknown[]) => {
          if (sites.length === 0) sites.push(...dispatchPlan(args[1] as JSONSchema).map((s) => `${s.branch} ${s.key} ${s.chain.links.map((l) => l.value).join(',')}`));
          return validate(...args);
        };
        assert.deepEqual(await syntheticService.doValidation(document, proxy), await syntheticService.doValidation(document, json), text);
      }),
      { seed: 5, numRuns: 1500 },
    );
    // The chain stops at the link with a keyword of its own: from there on it is the rest.
    assert.deepEqual(sites, ['self items b,a', 'self other b,a', 'then items b,a', 'else list b,a']);
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

  it('hands the JSON service the per-node list for a runtime 4 template, and none for a legacy one (whose items the `then` never reads)', async () => {
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
      const items = (schemas.at(-1)?.then as JSONSchema | undefined)?.properties?.resources;
      return typeof items === 'object' ? items.items : undefined;
    };
    const v4 = await handed(generateShape('v4-fan-out', 20));
    assert.ok(Array.isArray(v4) && v4.length === 20, 'a schema per node');
    const legacy = await handed(generateShape('groups', 20));
    assert.ok(legacy !== undefined && !Array.isArray(legacy), 'the chain as written');
  });

  it('dispatches the bundled schema’s node chain: the JSON service hands the document its schema, and the chain is recognised', async () => {
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
      sites.map((s) => [s.branch, s.key]),
      [['then', 'resources']],
    );
    // One link per node type: a node of any type is validated against its own branch only.
    assert.deepEqual(sites[0].chain.links.map((l) => l.value).sort(), [...NODE_TYPES].sort());
  });
});
