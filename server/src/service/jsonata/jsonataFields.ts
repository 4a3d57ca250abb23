import type { ASTNode, StringASTNode } from 'vscode-json-languageservice';
import type { ParsedDocument } from '../parsedDocument';
import { asObject, asString, propertyValue } from '../template/jsonAst';
import type { RawString } from '../template/rawString';
import { stringRaw, templateModel, type Step, type TemplateModel } from '../template/templateModel';
import { analyseJsonata, isJsonataAnalysed, type JsonataAnalysis } from './analysis';

/**
 * The one definition of where a template holds JSONata (domain file §7, §13):
 * - `args_validation` at job level, in every runtime;
 * - on every runtime 4 node: `run_if`, `config.expression` (transform, add_context, destinations),
 *   `config.value_expression` (update_state), and `query` / `body` when they are strings (an
 *   object `query`/`body` is a placeholder template; in runtime 1–3 a string one is a schema error).
 * templateModel.ts leaves exactly these out of the placeholder fields.
 */

/** Node fields whose string value is JSONata. */
const NODE_FIELDS = new Set(['run_if', 'query', 'body']);
/** Fields under a node's `config` whose string value is JSONata. */
const NODE_CONFIG_FIELDS = new Set(['expression', 'value_expression']);
/** Job-level fields whose string value is JSONata. */
const JOB_FIELDS = new Set(['args_validation']);

/** A JSON string the engine evaluates as JSONata. */
export interface JsonataString {
  readonly node: StringASTNode;
  readonly raw: RawString;
  /** The node it belongs to; undefined for `args_validation`. */
  readonly step: Step | undefined;
  /** For messages: `run_if`, `config.expression`, `query`, `args_validation`, … */
  readonly field: string;
  /** The expression, parsed and analysed once per distinct text. */
  readonly analysis: JsonataAnalysis;
}

function jsonataString(text: string, node: StringASTNode, step: Step | undefined, field: string): JsonataString {
  const raw = stringRaw(text, node);
  return { node, raw, step, field, analysis: analyseJsonata(raw.value) };
}

/**
 * The JSON string nodes of one node's JSONata fields, with the key each is under and whether that
 * key is in `config` (none in runtime 1–3): where the fields are, written once for every reader.
 */
function forEachStepJsonataNode(model: TemplateModel, step: Step, visit: (node: StringASTNode, key: string, inConfig: boolean) => void): void {
  if (model.format !== 'nodes') return;
  for (const p of step.node.properties) {
    const key = p.keyNode.value;
    const value = p.valueNode;
    if (NODE_FIELDS.has(key)) {
      if (value?.type === 'string') visit(value, key, false);
    } else if (key === 'config') {
      for (const c of asObject(value)?.properties ?? []) {
        const inner = c.valueNode;
        if (NODE_CONFIG_FIELDS.has(c.keyNode.value) && inner?.type === 'string') visit(inner, c.keyNode.value, true);
      }
    }
  }
}

/** The job-level JSONata string nodes (`args_validation`), with their keys. */
function forEachJobJsonataNode(model: TemplateModel, visit: (node: StringASTNode, key: string) => void): void {
  for (const key of JOB_FIELDS) {
    const node = asString(propertyValue(model.root, key));
    if (node) visit(node, key);
  }
}

/** The JSONata strings of one node (none in runtime 1–3). */
export function forEachStepJsonata(text: string, model: TemplateModel, step: Step, visit: (string: JsonataString) => void): void {
  forEachStepJsonataNode(model, step, (node, key, inConfig) => visit(jsonataString(text, node, step, inConfig ? `config.${key}` : key)));
}

/** The job-level JSONata strings (`args_validation`). */
export function forEachJobJsonata(text: string, model: TemplateModel, visit: (string: JsonataString) => void): void {
  forEachJobJsonataNode(model, (node, key) => visit(jsonataString(text, node, undefined, key)));
}

/**
 * The distinct expression texts of the template that are not analysed yet, without analysing them
 * (so that they can be analysed in one batch: jsonata/analysisWorker.ts). A string node's value is
 * its decoded text, as stringRaw decodes it. Cached texts are left out as they are met: a template
 * whose every expression is known costs a lookup per expression, and no set of them.
 */
export function unanalysedJsonataTexts(model: TemplateModel): Set<string> {
  const texts = new Set<string>();
  const add = (node: StringASTNode): void => {
    if (!isJsonataAnalysed(node.value)) texts.add(node.value);
  };
  for (const step of model.steps) forEachStepJsonataNode(model, step, add);
  forEachJobJsonataNode(model, add);
  return texts;
}

/** Every JSONata string of the template. */
export function forEachJsonata(text: string, model: TemplateModel, visit: (string: JsonataString) => void): void {
  for (const step of model.steps) forEachStepJsonata(text, model, step, visit);
  forEachJobJsonata(text, model, visit);
}

/** Every JSONata string of the document, memoised per version (for navigation and colouring). */
export function jsonataStrings(parsed: ParsedDocument): readonly JsonataString[] {
  return parsed.memo('jsonataStrings', () => {
    const strings: JsonataString[] = [];
    if (parsed.json?.root) forEachJsonata(parsed.document.getText(), templateModel(parsed), (s) => strings.push(s));
    return strings;
  });
}

/** The JSONata string a JSON string node is, if the engine evaluates it as JSONata (one climb, no walk). */
export function jsonataStringOf(parsed: ParsedDocument, node: StringASTNode): JsonataString | undefined {
  const property = node.parent;
  if (property?.type !== 'property' || property.valueNode !== node) return undefined;
  const key = property.keyNode.value;
  const object: ASTNode | undefined = property.parent;
  if (object?.type !== 'object') return undefined;
  const model = templateModel(parsed);
  const text = parsed.document.getText();
  if (object === model.root) return JOB_FIELDS.has(key) ? jsonataString(text, node, undefined, key) : undefined;
  if (model.format !== 'nodes') return undefined;
  const stepOf = (candidate: ASTNode | undefined) => (candidate?.type === 'object' && candidate.parent === model.resourcesNode ? model.steps.find((s) => s.node === candidate) : undefined);
  if (NODE_FIELDS.has(key)) {
    const step = stepOf(object);
    return step ? jsonataString(text, node, step, key) : undefined;
  }
  if (NODE_CONFIG_FIELDS.has(key)) {
    const configProperty = object.parent;
    if (configProperty?.type !== 'property' || configProperty.keyNode.value !== 'config') return undefined;
    const step = stepOf(configProperty.parent);
    return step ? jsonataString(text, node, step, `config.${key}`) : undefined;
  }
  return undefined;
}
