import type { ASTNode, ObjectASTNode, PropertyASTNode, StringASTNode } from 'vscode-json-languageservice';
import type { ParsedDocument } from '../parsedDocument';
import { readArgsSchema, type ArgsSchema } from './argsSchema';
import { asArray, asObject, property, propertyValue } from './jsonAst';
import { parsePlaceholders, type Placeholder } from './placeholderParser';
import { plainRawString, decodeRawString, type RawString } from './rawString';
import { buildStepGraph, type StepGraph } from './stepGraph';
import type { ResourcesFormat, Step, StringField } from './step';

export type { ResourcesFormat, Step, StringField } from './step';

/** A string value in which the engine replaces placeholders. */
export interface PlaceholderString {
  readonly node: StringASTNode;
  readonly raw: RawString;
  readonly placeholders: readonly Placeholder[];
  /** The step the string belongs to; undefined for job-level fields (`mutex_key`, `state_key`). */
  readonly step: Step | undefined;
  /** The field it sits in, for messages: `id`, `query`, `body`, `mutex_key`, … */
  readonly field: string;
}

export interface TemplateModel {
  readonly root?: ObjectASTNode;
  readonly runtimeVersion?: { readonly value: unknown; readonly node: ASTNode };
  readonly format: ResourcesFormat;
  readonly args: ArgsSchema;
  readonly resourcesNode?: ASTNode;
  readonly steps: readonly Step[];
  readonly graph: StepGraph;
  /** Every string with a `{` that the engine treats as a template (others cannot matter). */
  readonly placeholderStrings: readonly PlaceholderString[];
}

/** Fields of a legacy step whose strings are templates (any depth below `query` and `body`). */
const LEGACY_PLACEHOLDER_FIELDS = ['id', 'query', 'body'];
/** Fields of a runtime 4 node that are not templates: names, enums, and JSONata. */
const NODE_NON_TEMPLATE_FIELDS = new Set([
  'name',
  'type',
  'depends_on',
  'resource',
  'method',
  'destination_type',
  'loop_on',
  'resources_to_persist',
  'delete_tracking',
  'run_if',
  'debug',
]);
/** JSONata fields under a node's `config`. */
const NODE_JSONATA_CONFIG_FIELDS = new Set(['expression', 'value_expression']);
/** Job-level fields whose strings are templates. */
const JOB_PLACEHOLDER_FIELDS = ['mutex_key', 'state_key'];

function readStep(node: ObjectASTNode, index: number): Step {
  // One pass over the step's keys; a plain object literal keeps every Step the same shape.
  let resource: StringField | undefined;
  let method: StringField | undefined;
  let dependsOn: StringField | undefined;
  let loopOn: StringField | undefined;
  let name: StringField | undefined;
  let type: StringField | undefined;
  let resourcesToPersist: StringField[] | undefined;
  for (const p of node.properties) {
    const value = p.valueNode;
    if (value?.type === 'array' && p.keyNode.value === 'resources_to_persist' && !resourcesToPersist) {
      resourcesToPersist = [];
      for (const item of value.items) if (item.type === 'string') resourcesToPersist.push(item);
      continue;
    }
    if (value?.type !== 'string') continue;
    switch (p.keyNode.value) {
      case 'resource':
        resource ??= value;
        break;
      case 'method':
        method ??= value;
        break;
      case 'depends_on':
        dependsOn ??= value;
        break;
      case 'loop_on':
        loopOn ??= value;
        break;
      case 'name':
        name ??= value;
        break;
      case 'type':
        type ??= value;
        break;
      default:
        break;
    }
  }
  return { index, node, resource, method, dependsOn, loopOn, name, type, resourcesToPersist };
}

function formatFor(version: unknown): ResourcesFormat {
  return typeof version === 'number' && version >= 4 ? 'nodes' : 'legacy';
}

/**
 * Builds the template's symbols in one pass over the JSON tree: args (both shapes), steps,
 * the `depends_on` graph, and every template string with its placeholders. Memoised per
 * document version; every placeholder-aware feature reads this.
 */
export function templateModel(parsed: ParsedDocument): TemplateModel {
  return parsed.memo('templateModel', () => buildTemplateModel(parsed));
}

/** The template string a JSON string node is, if the engine treats it as one. */
export function templateStringOf(parsed: ParsedDocument, node: StringASTNode): PlaceholderString | undefined {
  if (!node.value.includes('{')) return undefined;
  // One string is placed by climbing to its step (or the root): no need to walk the whole template.
  const model = templateModel(parsed);
  const keys: string[] = [];
  // A string that is itself the value of its first key (`"query": "…"`, JSONata in runtime 4).
  const direct = () => node.parent?.type === 'property' && keys.length === 1;
  let child: ASTNode = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'property') {
      if (parent.keyNode === child) return undefined; // a key, never a template
      keys.unshift(parent.keyNode.value);
      continue;
    }
    if (parent.type === 'object' && parent.parent?.type === 'array' && parent.parent === model.resourcesNode) {
      const step = model.steps.find((s) => s.node === parent);
      if (!step || !isTemplateField(model.format, 'step', keys, direct())) return undefined;
      return templateString(parsed, node, step, keys[0]);
    }
    if (parent === model.root) {
      return isTemplateField(model.format, 'job', keys, direct()) ? templateString(parsed, node, undefined, keys[0]) : undefined;
    }
  }
  return undefined;
}

function templateString(parsed: ParsedDocument, node: StringASTNode, step: Step | undefined, field: string): PlaceholderString {
  const raw = stringRaw(parsed.document.getText(), node);
  return { node, raw, placeholders: parsePlaceholders(raw.value), step, field };
}

/**
 * Whether a string is a template, from the keys leading to it (from its step object, or from the
 * root for job-level fields). The same rules as forEachTemplateString, for one string at a time;
 * a test checks that both agree on every string of a sample of templates.
 */
export function isTemplateField(format: ResourcesFormat, where: 'step' | 'job', keys: readonly string[], directValue: boolean): boolean {
  const [first, second] = keys;
  if (first === undefined) return false;
  if (where === 'job') return JOB_PLACEHOLDER_FIELDS.includes(first);
  if (format === 'legacy') return LEGACY_PLACEHOLDER_FIELDS.includes(first);
  if (NODE_NON_TEMPLATE_FIELDS.has(first)) return false;
  if ((first === 'query' || first === 'body') && keys.length === 1 && directValue) return false; // JSONata
  if (first === 'config') return second !== undefined && !NODE_JSONATA_CONFIG_FIELDS.has(second);
  return true;
}

function buildTemplateModel(parsed: ParsedDocument): TemplateModel {
  const root = asObject(parsed.json?.root);
  const versionProperty = property(root, 'default_runtime_version');
  const runtimeVersion = versionProperty?.valueNode ? { value: versionProperty.valueNode.value, node: versionProperty.valueNode } : undefined;
  const format = formatFor(runtimeVersion?.value);
  const args = readArgsSchema(root);
  const resourcesNode = propertyValue(root, 'resources');
  const steps: Step[] = [];
  asArray(resourcesNode)?.items.forEach((item, index) => {
    const stepNode = asObject(item);
    if (stepNode) steps.push(readStep(stepNode, index));
  });
  return new BuiltTemplateModel(parsed, root, runtimeVersion, format, args, resourcesNode, steps, buildStepGraph(steps, format));
}

/**
 * A class, not an object literal with a getter: such a literal gets a hidden class of its own,
 * holding the getter's closure and through it the whole document version, and code optimised
 * for one model would keep that version alive after it is replaced (see stepTemplateFields).
 */
class BuiltTemplateModel implements TemplateModel {
  constructor(
    private readonly parsed: ParsedDocument,
    readonly root: ObjectASTNode | undefined,
    readonly runtimeVersion: { readonly value: unknown; readonly node: ASTNode } | undefined,
    readonly format: ResourcesFormat,
    readonly args: ArgsSchema,
    readonly resourcesNode: ASTNode | undefined,
    readonly steps: readonly Step[],
    readonly graph: StepGraph,
  ) {}

  // Materialised only when a feature asks (hover, completion, navigation, tokens); validation
  // streams over the same strings instead (see forEachTemplateString), retaining nothing.
  get placeholderStrings(): readonly PlaceholderString[] {
    return this.parsed.memo('templateStrings', () => {
      const strings: PlaceholderString[] = [];
      forEachTemplateString(this.parsed, this, (string) => strings.push(string));
      return strings;
    });
  }
}

/**
 * Visits every string with a `{` that the engine treats as a template, parsed into placeholders:
 * a legacy step's `id`, `query` and `body` (any depth), a runtime 4 node's template fields, and the
 * job-level `mutex_key` and `state_key`. The one definition of "where placeholders are read".
 */
export function forEachTemplateString(parsed: ParsedDocument, model: TemplateModel, visit: (string: PlaceholderString) => void): void {
  for (const step of model.steps) forEachStepTemplateString(parsed, model, step, visit);
  forEachJobTemplateString(parsed, model, visit);
}

/** The template strings of one step. */
export function forEachStepTemplateString(parsed: ParsedDocument, model: TemplateModel, step: Step, visit: (string: PlaceholderString) => void): void {
  const text = parsed.document.getText();
  for (const { value, field } of stepTemplateFields(model, step)) collectTemplateStrings(text, value, field, step, visit);
}

/** A value of a step's field in which placeholders are replaced, and the field it belongs to. */
export interface StepTemplateField {
  readonly value: ASTNode | undefined;
  /** `id`, `query`, `config`, `recurse`, … */
  readonly field: string;
}

/**
 * The values of a step's fields in which placeholders are replaced (a string, or an object or
 * array whose strings at any depth are templates), with the field each belongs to. The one
 * definition of which fields of a step are templates.
 *
 * A list rather than a visitor callback, on purpose: hot code that calls a closure made for one
 * document version can be optimised with that closure embedded, and V8 then keeps the closure's
 * whole version (its JSON tree, tens of megabytes for a large template) alive for as long as the
 * optimised code lives (test/unit/retainedText.test.ts).
 */
export function stepTemplateFields(model: TemplateModel, step: Step): StepTemplateField[] {
  const fields: StepTemplateField[] = [];
  const stepNode = step.node;
  if (model.format === 'legacy') {
    // One pass over the step's keys, keeping the first of each template field (as propertyValue
    // would), then listed in the fields' order.
    const firsts: (PropertyASTNode | undefined)[] = [];
    for (const p of stepNode.properties) {
      const at = LEGACY_PLACEHOLDER_FIELDS.indexOf(p.keyNode.value);
      if (at >= 0) firsts[at] ??= p;
    }
    for (let at = 0; at < LEGACY_PLACEHOLDER_FIELDS.length; at++) {
      const value = firsts[at]?.valueNode;
      if (value) fields.push({ value, field: LEGACY_PLACEHOLDER_FIELDS[at] });
    }
    return fields;
  }
  for (const p of stepNode.properties) {
    const key = p.keyNode.value;
    if (NODE_NON_TEMPLATE_FIELDS.has(key)) continue;
    if ((key === 'query' || key === 'body') && p.valueNode?.type === 'string') continue; // JSONata
    if (key === 'config') {
      for (const configProperty of asObject(p.valueNode)?.properties ?? []) {
        if (!NODE_JSONATA_CONFIG_FIELDS.has(configProperty.keyNode.value)) fields.push({ value: configProperty.valueNode, field: 'config' });
      }
      continue;
    }
    fields.push({ value: p.valueNode, field: key });
  }
  return fields;
}

/** The template strings of the job itself (`mutex_key`, `state_key`). */
export function forEachJobTemplateString(parsed: ParsedDocument, model: TemplateModel, visit: (string: PlaceholderString) => void): void {
  const text = parsed.document.getText();
  for (const key of JOB_PLACEHOLDER_FIELDS) collectTemplateStrings(text, propertyValue(model.root, key), key, undefined, visit);
}

/** Visits every string with a `{` at any depth of `node`, parsed into placeholders. */
function collectTemplateStrings(text: string, node: ASTNode | undefined, field: string, step: Step | undefined, visit: (string: PlaceholderString) => void): void {
  if (!node) return;
  if (node.type === 'string') {
    // A string without braces can hold neither a placeholder nor a near miss: skip it.
    if (!node.value.includes('{')) return;
    const raw = stringRaw(text, node);
    visit({ node, raw, placeholders: parsePlaceholders(raw.value), step, field });
  } else if (node.type === 'object') {
    for (const p of node.properties) collectTemplateStrings(text, p.valueNode, field, step, visit);
  } else if (node.type === 'array') {
    for (const item of node.items) collectTemplateStrings(text, item, field, step, visit);
  }
}

/**
 * Positions for a string node. An escape always takes more raw characters than it decodes to,
 * so a string whose raw length is its value's length plus its quotes has none: no decoding.
 */
export function stringRaw(text: string, node: StringASTNode): RawString {
  const closed = node.length >= 2 && text.charCodeAt(node.offset + node.length - 1) === 34;
  if (node.length === node.value.length + (closed ? 2 : 1)) return plainRawString(node.value, node.offset);
  return decodeRawString(text.slice(node.offset, node.offset + node.length), node.offset);
}
