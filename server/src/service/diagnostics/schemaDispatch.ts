import type { ASTNode, JSONDocument, JSONSchema as PublicSchema } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lastPropertyValue } from '../template/jsonAst';

/**
 * The JSON schema validation of a template, with the schema's chains of `if` on a node's `type`
 * resolved for each node before the JSON service validates: the same diagnostics, in the same
 * order, in about three quarters of the time for a runtime 4 template.
 *
 * Why: the schema says which keys a runtime 4 node takes with a chain of `if`/`else` on its
 * `type` (`definitions/v4Node`: request, else transform, else destination, …), so that every JSON
 * tool understands it. The JSON service evaluates that chain for every node, one `if` after
 * another: each failing `if` is a validation of the node of its own, with an error message
 * formatted and thrown away. In a profile of a 10,000-node template the `if`s were about a quarter
 * of the schema validation, itself the largest part of a first open and of every edit. Measured,
 * CPU ms of the JSON service's doValidation, warm, 12 rounds: 10,000-node runtime-4 chain 195–219
 * as it is, 142–174 dispatched; 2,000-node fan-out 76–97 and 53–63.
 *
 * How: the chain is read once per resolved schema (dispatchPlan) into a table from `type` value
 * to branch. For each validation, the `resources` array's item schema is replaced by a list of
 * schemas, one per item (JSON schema's positional `items`), each the node schema without its
 * chain and with the branch that item's `type` selects added to its `allOf`. The JSON service then
 * validates each node against its own branch only. It is the same validation: `allOf` is applied
 * where the `if` was (after `type` and the node's own `allOf`, before its object keywords), with
 * the same merge of results, and an item's branch is chosen exactly as the chain would (the
 * conditions recognised are only those of the form `{ type?: object, required: [k], properties:
 * { k: { const: "…" } } }`, on the last `k` of the node as the service reads it). A chain stops at
 * a link of any other shape, which the service then evaluates as written, and a schema without
 * such a chain is validated as it is. test/unit/schemaDispatch.test.ts holds the diagnostics to
 * the JSON service's own on generated templates (every node type, broken nodes, non-objects,
 * broken JSON) and on a schema of its own with every kind of chain the dispatch reads.
 */

/** A schema as the JSON service reads it: its public type leaves out the keywords of drafts 2019-09 and 2020-12. */
type JSONSchema = PublicSchema & { prefixItems?: unknown; unevaluatedProperties?: unknown; unevaluatedItems?: unknown };
type JSONSchemaRef = JSONSchema | boolean;

/** A link of a chain: its `if` holds when the item is an object whose `key` is the string `value`. */
interface Link {
  readonly key: string;
  readonly value: string;
  /** The `if` has `type: object`: an item that is not an object fails it (otherwise it holds). */
  readonly objectOnly: boolean;
  readonly then: JSONSchemaRef | undefined;
}

/** An item schema whose `if`/`else` chain dispatches on one key's constant. */
interface Chain {
  /** The item schema without `if`, `then` and `else`. */
  readonly base: JSONSchema;
  readonly links: readonly Link[];
  /** What the chain applies when no link holds: the last `else`, as written (it may hold other conditions). */
  readonly rest: JSONSchemaRef | undefined;
  /** The item schema for each branch (undefined: none), made once. */
  readonly variants: Map<JSONSchemaRef | undefined, JSONSchema>;
}

/** Where a chain is: the `items` of the root property `key`, in the root schema or in its top-level `then` or `else`. */
interface Site {
  readonly branch: 'self' | 'then' | 'else';
  readonly key: string;
  readonly chain: Chain;
}

/** The sites of each resolved schema (the JSON service resolves a schema once, until settings change). */
const plans = new WeakMap<JSONSchema, readonly Site[]>();

/** Keywords of a constant's schema that do not change whether a value matches it. */
const ANNOTATIONS = new Set(['const', 'doNotSuggest', 'description', 'markdownDescription', 'title', '$comment', 'errorMessage']);

/**
 * The JSON service's validation of `json`, dispatching the schema's `type` chains (see above).
 * Reads the schema the service resolved through the document's `validate`, which the service calls
 * with it; any other use of the document is the document's own.
 */
export function dispatchingDocument(json: JSONDocument): JSONDocument {
  const validate = (json as InternalDocument).validate;
  if (typeof validate !== 'function') return json;
  const proxy: InternalDocument = Object.create(json) as InternalDocument;
  proxy.validate = (textDocument, schema, severity, schemaDraft) => {
    // Whether the root satisfies a condition of the root schema, by the service's own validation.
    // Only speed depends on it: a branch left as it is still holds the whole chain.
    const holds = (condition: JSONSchema): boolean => {
      const problems = validate.call(json, WITHOUT_POSITIONS, condition, severity, schemaDraft);
      return Array.isArray(problems) && problems.length === 0;
    };
    return validate.call(json, textDocument, schema && dispatchedOrAsIs(schema, json.root, holds), severity, schemaDraft);
  };
  return proxy;
}

/**
 * What the document's `validate` maps its problems' offsets with, when only their number counts:
 * the text document's positionAt would compute every line's offset on its first call (2 ms for a
 * 600 KB template) whenever the root's `if` fails, as it does for every legacy template.
 */
const WITHOUT_POSITIONS = { positionAt: () => ({ line: 0, character: 0 }) } as unknown as TextDocument;

/** The JSON service's document with the method its doValidation calls (not in its public type). */
type InternalDocument = JSONDocument & {
  validate(textDocument: TextDocument, schema: JSONSchema | undefined, severity?: number, schemaDraft?: number): unknown;
};

/** dispatchedSchema, or the schema as it is if that fails: a faster validation is never worth a lost one. */
function dispatchedOrAsIs(schema: JSONSchema, root: ASTNode | undefined, holds: (condition: JSONSchema) => boolean): JSONSchema {
  try {
    return dispatchedSchema(schema, root, holds);
  } catch {
    return schema;
  }
}

/**
 * `schema` with the item schema of each chain site replaced by one schema per item of `root`'s
 * array there. A site in the root's `then` or `else` is left as it is when `holds` (whether the
 * root satisfies the root's `if`) says the service will not apply that branch: no list is made for
 * a legacy template's items against the runtime 4 node chain.
 */
export function dispatchedSchema(schema: JSONSchema, root: ASTNode | undefined, holds?: (condition: JSONSchema) => boolean): JSONSchema {
  if (root?.type !== 'object') return schema;
  let sites = plans.get(schema);
  if (!sites) {
    sites = dispatchPlan(schema);
    plans.set(schema, sites);
  }
  let result = schema;
  let conditionHolds: boolean | undefined;
  for (const site of sites) {
    if (site.branch !== 'self' && holds && typeof schema.if === 'object') {
      conditionHolds ??= holds(schema.if);
      if (conditionHolds !== (site.branch === 'then')) continue;
    }
    const array = lastPropertyValue(root, site.key);
    if (array?.type !== 'array') continue;
    const container = site.branch === 'self' ? result : (result[site.branch] as JSONSchema);
    const property = container.properties![site.key] as JSONSchema;
    const perItem = array.items.map((item) => variant(site.chain, branchOf(site.chain, item)));
    // `items` as a list is positional up to draft 2019-09, `prefixItems` from 2020-12: the service
    // reads the one of the schema's draft (and `items` as a list means nothing more in 2020-12).
    const replaced: JSONSchema = { ...container, properties: { ...container.properties, [site.key]: { ...property, items: perItem, prefixItems: perItem } } };
    result = site.branch === 'self' ? replaced : { ...result, [site.branch]: replaced };
  }
  return result;
}

/** The chain sites of a resolved schema; none when its shape is not one this module knows to be equivalent. */
export function dispatchPlan(schema: JSONSchema): readonly Site[] {
  const sites: Site[] = [];
  const containers: ['self' | 'then' | 'else', JSONSchemaRef | undefined][] = [
    ['self', schema],
    ['then', schema.then],
    ['else', schema.else],
  ];
  for (const [branch, container] of containers) {
    if (typeof container !== 'object' || container === null || !container.properties) continue;
    for (const [key, property] of Object.entries(container.properties) as [string, JSONSchemaRef][]) {
      if (typeof property !== 'object' || property === null || property.prefixItems !== undefined || typeof property.items !== 'object' || Array.isArray(property.items)) continue;
      const chain = chainOf(property.items);
      if (chain) sites.push({ branch, key, chain });
    }
  }
  return sites;
}

/** The chain of an item schema, if it starts with a discriminating `if` and keeps the keyword order the dispatch relies on. */
function chainOf(item: JSONSchema): Chain | undefined {
  // `not`, `anyOf` and `oneOf` come between `allOf` and `if` in the service's order, and the
  // `unevaluated…` keywords read what the `if`s looked at: with any of them, no dispatch.
  if (item.not !== undefined || item.anyOf !== undefined || item.oneOf !== undefined || item.unevaluatedProperties !== undefined || item.unevaluatedItems !== undefined) return undefined;
  if (item.allOf !== undefined && !Array.isArray(item.allOf)) return undefined;
  const links: Link[] = [];
  let link: JSONSchemaRef | undefined = item;
  while (typeof link === 'object' && link !== null) {
    const condition = discriminator(link.if);
    // Past the item schema itself, a link is an `else` holding nothing but its own chain.
    if (!condition || (link !== item && Object.keys(link).some((k) => k !== 'if' && k !== 'then' && k !== 'else'))) break;
    links.push({ ...condition, then: link.then });
    link = link.else;
  }
  if (links.length === 0) return undefined;
  const { if: _if, then: _then, else: _else, ...base } = item;
  return { base, links, rest: link, variants: new Map() };
}

/** The key and constant of an `if` of the form `{ type?: 'object', required: [key], properties: { key: { const: '…' } } }`. */
function discriminator(condition: JSONSchemaRef | undefined): Omit<Link, 'then'> | undefined {
  if (typeof condition !== 'object' || condition === null) return undefined;
  if (Object.keys(condition).some((k) => k !== 'type' && k !== 'required' && k !== 'properties')) return undefined;
  if (condition.type !== undefined && condition.type !== 'object') return undefined;
  const required = condition.required;
  if (!Array.isArray(required) || required.length !== 1 || typeof required[0] !== 'string') return undefined;
  const key = required[0];
  const properties = condition.properties;
  if (!properties || Object.keys(properties).length !== 1) return undefined;
  const constant = properties[key];
  if (typeof constant !== 'object' || constant === null || typeof constant.const !== 'string' || Object.keys(constant).some((k) => !ANNOTATIONS.has(k))) return undefined;
  return { key, value: constant.const, objectOnly: condition.type === 'object' };
}

/**
 * The branch the chain applies to an item, as the JSON service decides it: an `if` holds for an
 * object whose last property `key` has the string value (`required` and `properties` read the
 * last of duplicate keys, and a key without a value is missing), and for anything that is not
 * an object unless the `if` asks for an object.
 */
function branchOf(chain: Chain, item: ASTNode | undefined): JSONSchemaRef | undefined {
  // A hole the parser left in an array is not validated at all.
  if (!item) return undefined;
  for (const link of chain.links) {
    if (item.type !== 'object') {
      if (!link.objectOnly) return link.then;
      continue;
    }
    const value = lastPropertyValue(item, link.key);
    if (value?.type === 'string' && value.value === link.value) return link.then;
  }
  return chain.rest;
}

/** The item schema for a branch: the chain's base with the branch added last to its `allOf`. */
function variant(chain: Chain, branch: JSONSchemaRef | undefined): JSONSchema {
  let schema = chain.variants.get(branch);
  if (!schema) {
    schema = branch === undefined ? chain.base : { ...chain.base, allOf: [...(chain.base.allOf ?? []), branch] };
    chain.variants.set(branch, schema);
  }
  return schema;
}
