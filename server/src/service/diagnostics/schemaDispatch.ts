import type { ASTNode, JSONDocument, JSONSchema as PublicSchema, ObjectASTNode } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lastPropertyValue } from '../template/jsonAst';

/**
 * The JSON schema validation of a template, with four kinds of work the JSON service would do
 * for nothing decided per item before it validates: the same diagnostics, in the same order, sooner.
 *
 * 1. The chains of `if` on a node's `type`. The schema says which keys a runtime 4 node takes with
 * a chain of `if`/`else` on its `type` (`definitions/v4Node`: request, else transform, else
 * destination, …), so that every JSON tool understands it. The JSON service evaluates that chain
 * for every node, one `if` after another: each failing `if` is a validation of the node of its
 * own, with an error message formatted and thrown away; in a profile of a 10,000-node template,
 * about a quarter of the schema validation. The chain is read once per resolved schema
 * (dispatchPlan) into a table from `type` value to branch, and each node is validated against the
 * node schema without its chain and with the branch its `type` selects added to its `allOf`. It
 * is the same validation: `allOf` is applied where the `if` was (after `type` and the node's own
 * `allOf`, before its object keywords), with the same merge of results, and an item's branch is
 * chosen exactly as the chain would (the conditions recognised are only those of the form
 * `{ type?: object, required: [k], properties: { k: { const: "…" } } }`, on the last `k` of the
 * node as the service reads it). A chain stops at a link of any other shape, which the service
 * then evaluates as written.
 * 2. An `anyOf` that a property's value makes idle: the `method` of a step or request node is a
 * known method or a custom name (`anyOf` of an `enum` and a `pattern`), and for a known one the
 * other alternative changes nothing (Narrowing, below), so that property is validated without it.
 * 3. An `allOf` member that only says the item's type (the legacy step's `{ type: 'object',
 * errorMessage }`), for an item of that type (typeGuardsOf).
 * 4. A runtime 4 node's common keys (`name`, `type`, …), which the node schema and its branch
 * both validate, with the same schema: the branch's problems are the base's, reported once
 * (repeatedProperties).
 *
 * How: for each validation, the item schema of the `resources` array is replaced by a list of
 * schemas, one per item (JSON schema's positional `items`), each made once per branch, set of
 * idle `anyOf`s and type. A schema with none of these is validated as it is. Measured, CPU ms of
 * the JSON service's doValidation of 10,000 items, warm, medians of 11 rounds, as written and
 * dispatched in the same process: runtime 4 chain 287 and 165, fan-out 293 and 174; legacy groups
 * 147 and 102, chain 146 and 101. test/unit/schemaDispatch.test.ts holds the diagnostics to the
 * JSON service's own on generated templates (every node type and method, broken nodes,
 * non-objects, broken JSON) and on a schema of its own with every kind of chain, `anyOf`, type
 * guard and repeated property the dispatch reads.
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

/**
 * A property of an object schema whose `anyOf` adds nothing to the validation of a string its
 * first alternative lists. That alternative is `{ type: 'string', enum: [strings] }` and
 * annotations, so such a string matches it with no problem, and the service keeps it as the best
 * match (another alternative that matches too adds its counts, none for a string; one that fails
 * never beats it). Into the property's result the service then merges the best match's problems
 * (none), its counts of matched properties (none, for a string) and its processed properties
 * (none), not its enum match: the `anyOf` leaves the result as it was. Dropped for such a value,
 * it spares the service the other alternatives: for the `method` of a step or request node, a
 * pattern compiled and tested and two results made and merged, about a sixth of the schema
 * validation of a legacy template.
 */
interface Narrowing {
  readonly key: string;
  readonly values: ReadonlySet<string>;
}

/** What the item schemas with one branch need of it. */
interface BranchPlan {
  /** The branch's own narrowings. */
  readonly narrowings: readonly Narrowing[];
  /** The base's properties that the branch validates with the same schema (repeatedProperties). */
  readonly repeated: readonly string[];
  /** The item schema made for each set of narrowed properties and type. */
  readonly variants: Map<number, JSONSchema>;
}

/** A member of an item schema's `allOf` that says only which type the item is (typeGuardsOf). */
interface TypeGuard {
  readonly index: number;
  readonly type: string;
}

/**
 * How an array's items are validated per item: the `if`/`else` chain on one key's constant
 * (links, possibly none), and the properties whose `anyOf` an item's value makes idle.
 */
interface ItemPlan {
  /** The item schema without `if`, `then` and `else` when it has a chain; as written otherwise. */
  readonly base: JSONSchema;
  readonly links: readonly Link[];
  /** What the chain applies when no link holds: the last `else`, as written (it may hold other conditions). */
  readonly rest: JSONSchemaRef | undefined;
  /** Of the base's own properties. */
  readonly narrowings: readonly Narrowing[];
  /** The base's `allOf` members that only say the item's type. */
  readonly guards: readonly TypeGuard[];
  /** Per branch (undefined: none): what itemSchema needs of it, made once. */
  readonly branches: Map<JSONSchemaRef | undefined, BranchPlan>;
}

/** Where an item plan applies: the `items` of the root property `key`, in the root schema or in its top-level `then` or `else`. */
interface Site {
  readonly branch: 'self' | 'then' | 'else';
  readonly key: string;
  readonly plan: ItemPlan;
}

/** The sites of each resolved schema (the JSON service resolves a schema once, until settings change). */
const plans = new WeakMap<JSONSchema, readonly Site[]>();

/**
 * Keywords that add no problem of their own: annotations, and `errorMessage`, which only words the
 * problems of other keywords. A schema made only of these and the keywords named where it is read
 * (`const` for a chain's condition, `type` and `enum` for an idle `anyOf`, `type` for a type guard)
 * has a problem exactly when those keywords have one. (`deprecated` and `deprecationMessage` are
 * not here: they add a problem.)
 */
const NO_PROBLEM_KEYWORDS = new Set([
  'description',
  'markdownDescription',
  'title',
  '$comment',
  'errorMessage',
  'doNotSuggest',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'enumSortTexts',
  'enumDetails',
  'suggestSortText',
  'default',
  'examples',
  'defaultSnippets',
]);

/** Whether every keyword of `schema` is one of `validating` or adds no problem of its own. */
function onlyKeywords(schema: object, validating: readonly string[]): boolean {
  return Object.keys(schema).every((keyword) => validating.includes(keyword) || NO_PROBLEM_KEYWORDS.has(keyword));
}

/**
 * The JSON service's validation of `json`, dispatched per item (see above).
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
 * `schema` with the item schema of each site replaced by one schema per item of `root`'s array
 * there. A site in the root's `then` or `else` is left as it is when `holds` (whether the root
 * satisfies the root's `if`) says the service will not apply that branch: no list is made for a
 * legacy template's items against the runtime 4 node chain, nor for a runtime 4 template's nodes
 * against the legacy step.
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
    const perItem = array.items.map((item) => itemSchema(site.plan, item));
    // `items` as a list is positional up to draft 2019-09, `prefixItems` from 2020-12: the service
    // reads the one of the schema's draft (and `items` as a list means nothing more in 2020-12).
    const replaced: JSONSchema = { ...container, properties: { ...container.properties, [site.key]: { ...property, items: perItem, prefixItems: perItem } } };
    result = site.branch === 'self' ? replaced : { ...result, [site.branch]: replaced };
  }
  return result;
}

/** The sites of a resolved schema; none when its shape is not one this module knows to be equivalent. */
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
      const plan = planOf(property.items);
      if (plan) sites.push({ branch, key, plan });
    }
  }
  return sites;
}

/** The plan of an item schema: its chain, if it has one, its narrowings and type guards; none when it has none of them. */
function planOf(item: JSONSchema): ItemPlan | undefined {
  const chain = chainOf(item);
  const base = chain?.base ?? item;
  const narrowings = narrowingsOf(base);
  const guards = typeGuardsOf(base);
  if (!chain && narrowings.length === 0 && guards.length === 0) return undefined;
  return { base, links: chain?.links ?? [], rest: chain?.rest, narrowings, guards, branches: new Map() };
}

/** The chain of an item schema, if it starts with a discriminating `if` and keeps the keyword order the dispatch relies on. */
function chainOf(item: JSONSchema): Pick<ItemPlan, 'base' | 'links' | 'rest'> | undefined {
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
  return { base, links, rest: link };
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
  if (typeof constant !== 'object' || constant === null || typeof constant.const !== 'string' || !onlyKeywords(constant, ['const'])) return undefined;
  return { key, value: constant.const, objectOnly: condition.type === 'object' };
}

/** At most this many narrowings per schema, so that an item's set of them fits a bit mask with its branch's and its type's code. */
const MAX_NARROWINGS = 13;
const NO_NARROWINGS: readonly Narrowing[] = [];

/** The properties of an object schema (not those of its `allOf` and the like) whose `anyOf` starts with a string `enum` (see Narrowing). */
function narrowingsOf(schema: JSONSchemaRef | undefined): readonly Narrowing[] {
  if (typeof schema !== 'object' || schema === null || typeof schema.properties !== 'object' || schema.properties === null) return NO_NARROWINGS;
  const narrowings: Narrowing[] = [];
  for (const [key, property] of Object.entries(schema.properties) as [string, JSONSchemaRef][]) {
    if (typeof property !== 'object' || property === null || !Array.isArray(property.anyOf) || property.anyOf.length < 2) continue;
    const first = property.anyOf[0];
    if (typeof first !== 'object' || first === null || first.type !== 'string' || !Array.isArray(first.enum)) continue;
    if (!first.enum.every((value) => typeof value === 'string') || !onlyKeywords(first, ['type', 'enum'])) continue;
    narrowings.push({ key, values: new Set(first.enum as string[]) });
    if (narrowings.length === MAX_NARROWINGS) break;
  }
  return narrowings.length === 0 ? NO_NARROWINGS : narrowings;
}

/** The narrowings an item's values allow, as bits: its last value of the key is a string the `enum` lists. */
function narrowedBits(item: ObjectASTNode, narrowings: readonly Narrowing[]): number {
  let bits = 0;
  for (let i = 0; i < narrowings.length; i++) {
    const value = lastPropertyValue(item, narrowings[i].key);
    if (value?.type === 'string' && narrowings[i].values.has(value.value)) bits |= 1 << i;
  }
  return bits;
}

/** `schema` with the `anyOf` of the properties whose bits are set left out. */
function narrowed<S extends JSONSchemaRef>(schema: S, narrowings: readonly Narrowing[], bits: number): S {
  if (typeof schema !== 'object' || schema === null || bits === 0) return schema;
  const properties = { ...schema.properties };
  for (let i = 0; i < narrowings.length; i++) {
    if ((bits & (1 << i)) === 0) continue;
    const { anyOf: _idle, ...rest } = properties[narrowings[i].key] as JSONSchema;
    properties[narrowings[i].key] = rest;
  }
  return { ...schema, properties };
}

/**
 * The members of an item schema's `allOf` that only say which type the item is (`{ type: 'object',
 * errorMessage: '…' }`: the legacy step's message for a step that is not an object), by index.
 * For an item of that type, such a member adds nothing: its type matches, and it has no keyword of
 * that type's to apply (the service still walks an object's properties for it).
 */
function typeGuardsOf(schema: JSONSchema): readonly TypeGuard[] {
  if (!Array.isArray(schema.allOf)) return NO_GUARDS;
  const guards: TypeGuard[] = [];
  schema.allOf.forEach((member, index) => {
    if (typeof member !== 'object' || member === null || typeof member.type !== 'string' || !GUARD_TYPES.has(member.type)) return;
    if (onlyKeywords(member, ['type'])) guards.push({ index, type: member.type });
  });
  return guards.length === 0 ? NO_GUARDS : guards;
}

/** Node types a type guard may name (not `number` or `integer`, which a guard rarely names), with the code of an item's schema made for the type. */
const GUARD_TYPES = new Map([
  ['object', 1],
  ['array', 2],
  ['string', 3],
  ['boolean', 4],
  ['null', 5],
]);
const NO_GUARDS: readonly TypeGuard[] = [];

/** `schema` without the type guards of `type` in its `allOf`. */
function unguarded(schema: JSONSchema, guards: readonly TypeGuard[], type: string | undefined): JSONSchema {
  if (type === undefined) return schema;
  const dropped = new Set(guards.filter((guard) => guard.type === type).map((guard) => guard.index));
  const allOf = schema.allOf!.filter((_, index) => !dropped.has(index));
  if (allOf.length > 0) return { ...schema, allOf };
  const { allOf: _none, ...rest } = schema;
  return rest;
}

/**
 * The branch the chain applies to an item, as the JSON service decides it: an `if` holds for an
 * object whose last property `key` has the string value (`required` and `properties` read the
 * last of duplicate keys, and a key without a value is missing), and for anything that is not
 * an object unless the `if` asks for an object.
 */
function branchOf(plan: ItemPlan, item: ASTNode | undefined): JSONSchemaRef | undefined {
  // A hole the parser left in an array is not validated at all.
  if (!item) return undefined;
  // The links of a chain nearly always read one key (`type`): its value is looked up once.
  let key: string | undefined;
  let value: ASTNode | undefined;
  for (const link of plan.links) {
    if (item.type !== 'object') {
      if (!link.objectOnly) return link.then;
      continue;
    }
    if (link.key !== key) {
      key = link.key;
      value = lastPropertyValue(item, key);
    }
    if (value?.type === 'string' && value.value === link.value) return link.then;
  }
  return plan.rest;
}

/**
 * The base's properties that the branch has too, with a schema of the same content: a node's
 * common keys (`name`, `type`, `depends_on`, …), which every runtime 4 node branch lists again so
 * that it can forbid the keys it does not list. Validated by the branch (in the base's `allOf`,
 * before the base's own properties), the same value against the same schema gives the same
 * problems at the same places, which the JSON service then reports once: the base's own
 * validation of that value adds nothing.
 */
function repeatedProperties(base: JSONSchema, branch: JSONSchemaRef | undefined): readonly string[] {
  if (typeof branch !== 'object' || branch === null || typeof branch.properties !== 'object' || typeof base.properties !== 'object') return NO_KEYS;
  const branchProperties = branch.properties;
  const repeated = Object.keys(base.properties).filter((key) => Object.hasOwn(branchProperties, key) && sameSchema(base.properties![key], branchProperties[key]));
  return repeated.length === 0 ? NO_KEYS : repeated;
}
const NO_KEYS: readonly string[] = [];

/**
 * Whether two schemas are the same JSON value (the resolved schema repeats a `$ref`'s target as
 * copies). Anything else than plain objects, arrays and primitives is the same only as itself, and
 * past `depth` levels (a recursive schema resolved into a cycle) nothing is: not the same means
 * validated as written.
 */
export function sameSchema(a: unknown, b: unknown, depth = 32): boolean {
  if (a === b) return true;
  if (depth === 0 || !isJsonContainer(a) || !isJsonContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameSchema(a[key], b[key], depth - 1));
}

function isJsonContainer(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/**
 * `schema` with the `repeated` properties' schemas `true`: still properties of the base (so its
 * `additionalProperties` and the like read them as before), validated by the branch only.
 */
function withoutRepeats(schema: JSONSchema, repeated: readonly string[]): JSONSchema {
  if (repeated.length === 0) return schema;
  const properties = { ...schema.properties };
  for (const key of repeated) properties[key] = true;
  return { ...schema, properties };
}

/**
 * The schema of one item: the plan's base with the branch its chain selects added last to its
 * `allOf`, each with the `anyOf`s the item's values make idle left out, and the base without the
 * type guards the item's type makes idle. Made once per branch, set of narrowed properties and
 * type.
 */
function itemSchema(plan: ItemPlan, item: ASTNode | undefined): JSONSchema {
  const branch = plan.links.length > 0 ? branchOf(plan, item) : undefined;
  let ofBranch = plan.branches.get(branch);
  if (!ofBranch) {
    ofBranch = { narrowings: narrowingsOf(branch), repeated: repeatedProperties(plan.base, branch), variants: new Map() };
    plan.branches.set(branch, ofBranch);
  }
  const baseBits = item?.type === 'object' ? narrowedBits(item, plan.narrowings) : 0;
  const branchBits = item?.type === 'object' ? narrowedBits(item, ofBranch.narrowings) : 0;
  const guarded = item !== undefined && plan.guards.some((guard) => guard.type === item.type) ? item.type : undefined;
  // Up to 13 bits each for the base's and the branch's narrowings, and the type's code above them.
  const key = baseBits | (branchBits << MAX_NARROWINGS) | ((guarded === undefined ? 0 : GUARD_TYPES.get(guarded)!) << (2 * MAX_NARROWINGS));
  let schema = ofBranch.variants.get(key);
  if (!schema) {
    const base = unguarded(withoutRepeats(narrowed(plan.base, plan.narrowings, baseBits), ofBranch.repeated), plan.guards, guarded);
    schema = branch === undefined ? base : { ...base, allOf: [...(base.allOf ?? []), narrowed(branch, ofBranch.narrowings, branchBits)] };
    ofBranch.variants.set(key, schema);
  }
  return schema;
}
