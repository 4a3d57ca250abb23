import type { ASTNode, ObjectASTNode, StringASTNode } from 'vscode-json-languageservice';
import type { ParsedDocument } from '../parsedDocument';
import { readArgsSchema, type ArgsSchema } from './argsSchema';
import { asArray, asObject, asString, forEachStringValue, property, propertyValue } from './jsonAst';
import { parsePlaceholders, type Placeholder } from './placeholderParser';
import { decodeRawString, type RawString } from './rawString';
import { buildStepGraph, type StepGraph } from './stepGraph';

/** Where a template's runtime puts its steps: flat legacy steps (1–3) or named nodes (4+). */
export type ResourcesFormat = 'legacy' | 'nodes';

export interface StringField {
  readonly node: StringASTNode;
  readonly value: string;
}

/** One element of `resources`. */
export interface Step {
  readonly index: number;
  readonly node: ObjectASTNode;
  /** Legacy steps and request nodes. */
  readonly resource?: StringField;
  readonly method?: StringField;
  readonly dependsOn?: StringField;
  readonly loopOn?: StringField;
  /** Runtime 4 nodes. */
  readonly name?: StringField;
  readonly type?: StringField;
}

/** A string value in which the engine replaces placeholders. */
export interface PlaceholderString {
  readonly node: StringASTNode;
  readonly raw: RawString;
  readonly placeholders: readonly Placeholder[];
  /** The step the string belongs to; undefined for job-level fields (`mutex_key`, `state_key`). */
  readonly step?: Step;
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
  /** Every string the engine treats as a template, whether or not it holds a placeholder. */
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

function stringField(object: ObjectASTNode, key: string): StringField | undefined {
  const node = asString(propertyValue(object, key));
  return node ? { node, value: node.value } : undefined;
}

function readStep(node: ObjectASTNode, index: number): Step {
  const fields: Record<string, StringField> = {};
  for (const key of ['resource', 'method', 'depends_on', 'loop_on', 'name', 'type']) {
    const field = stringField(node, key);
    if (field) fields[key] = field;
  }
  return {
    index,
    node,
    ...(fields.resource ? { resource: fields.resource } : {}),
    ...(fields.method ? { method: fields.method } : {}),
    ...(fields.depends_on ? { dependsOn: fields.depends_on } : {}),
    ...(fields.loop_on ? { loopOn: fields.loop_on } : {}),
    ...(fields.name ? { name: fields.name } : {}),
    ...(fields.type ? { type: fields.type } : {}),
  };
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
  const index = parsed.memo('templateStringIndex', () => new Map(templateModel(parsed).placeholderStrings.map((s) => [s.node, s])));
  return index.get(node);
}

function buildTemplateModel(parsed: ParsedDocument): TemplateModel {
  const text = parsed.document.getText();
  const root = asObject(parsed.json?.root);
  const versionProperty = property(root, 'default_runtime_version');
  const runtimeVersion = versionProperty?.valueNode ? { value: versionProperty.valueNode.value, node: versionProperty.valueNode } : undefined;
  const format = formatFor(runtimeVersion?.value);
  const args = readArgsSchema(root);
  const resourcesNode = propertyValue(root, 'resources');
  const steps: Step[] = [];
  const placeholderStrings: PlaceholderString[] = [];

  const collect = (node: ASTNode | undefined, field: string, step: Step | undefined): void => {
    forEachStringValue(node, (stringNode) => {
      const entry = { node: stringNode, ...(step ? { step } : {}), field };
      if (!stringNode.value.includes('{{')) {
        // Most strings hold no placeholder: decode positions only if a feature asks for one.
        placeholderStrings.push({ ...entry, raw: lazyRaw(text, stringNode), placeholders: [] });
        return;
      }
      const raw = decodeRawString(text.slice(stringNode.offset, stringNode.offset + stringNode.length), stringNode.offset);
      placeholderStrings.push({ ...entry, raw, placeholders: parsePlaceholders(raw.value) });
    });
  };

  asArray(resourcesNode)?.items.forEach((item, index) => {
    const stepNode = asObject(item);
    if (!stepNode) return;
    const step = readStep(stepNode, index);
    steps.push(step);
    if (format === 'legacy') {
      for (const key of LEGACY_PLACEHOLDER_FIELDS) collect(propertyValue(stepNode, key), key, step);
      return;
    }
    for (const p of stepNode.properties) {
      const key = p.keyNode.value;
      if (NODE_NON_TEMPLATE_FIELDS.has(key)) continue;
      if ((key === 'query' || key === 'body') && p.valueNode?.type === 'string') continue; // JSONata
      if (key === 'config') {
        for (const configProperty of asObject(p.valueNode)?.properties ?? []) {
          if (!NODE_JSONATA_CONFIG_FIELDS.has(configProperty.keyNode.value)) collect(configProperty.valueNode, 'config', step);
        }
        continue;
      }
      collect(p.valueNode, key, step);
    }
  });
  for (const key of JOB_PLACEHOLDER_FIELDS) collect(propertyValue(root, key), key, undefined);

  return {
    ...(root ? { root } : {}),
    ...(runtimeVersion ? { runtimeVersion } : {}),
    format,
    args,
    ...(resourcesNode ? { resourcesNode } : {}),
    steps,
    graph: buildStepGraph(steps, format),
    placeholderStrings,
  };
}

/** A RawString for a string without braces: decoded only if a feature asks for a position in it. */
function lazyRaw(text: string, node: StringASTNode): RawString {
  let decoded: RawString | undefined;
  const get = () => (decoded ??= decodeRawString(text.slice(node.offset, node.offset + node.length), node.offset));
  return {
    get value() {
      return node.value;
    },
    offset: node.offset,
    toDocumentOffset: (index) => get().toDocumentOffset(index),
    toDecodedIndex: (documentOffset) => get().toDecodedIndex(documentOffset),
  };
}
