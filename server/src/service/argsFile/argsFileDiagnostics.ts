import type { ASTNode } from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { finding } from '../diagnostics/diagnosticCodes';
import type { Finding } from '../diagnostics/finding';
import type { ParsedDocument } from '../parsedDocument';
import type { ArgDefinition } from '../template/argsSchema';
import { asObject } from '../template/jsonAst';
import { templateModel, type TemplateModel } from '../template/templateModel';
import { closestName } from '../text/closestName';
import { jsonModify, replaceOffsets } from '../text/jsonEdits';
import type { QuickFix } from '../diagnostics/finding';
import { formatProblem } from './argFormats';
import { argsFileModel, plainValue } from './argsFileModel';

/** The JSON type of a value, in args_schema's words. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value; // string, boolean, object
}

const KNOWN_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

/** Whether `value` has one of the declared types; undefined when the declaration cannot be judged. */
function matchesType(value: unknown, types: readonly string[]): boolean | undefined {
  if (types.length === 0 || types.some((t) => !KNOWN_TYPES.has(t))) return undefined;
  const actual = jsonType(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function describeTypes(types: readonly string[]): string {
  return types.length === 1 ? types[0] : `one of ${types.join(', ')}`;
}

/** A value of the declared type to start from, for the quick fix that adds an argument. */
function sampleValue(definition: ArgDefinition): unknown {
  switch (definition.types[0]) {
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'null':
      return null;
    default:
      return '';
  }
}

/** Renames a key in place (its quotes kept). */
function renameKeyFix(document: TextDocument, key: ASTNode, to: string): () => QuickFix[] {
  return () => [{ title: `Change to "${to}"`, edits: [replaceOffsets(document, key.offset, key.offset + key.length, JSON.stringify(to))], isPreferred: true }];
}

function span(node: ASTNode): [number, number] {
  return [node.offset, node.offset + node.length];
}

/**
 * What a run with these sample arguments would be refused for, or would do by surprise, checked
 * against the template's `args_schema` as Truto checks `args` when a run starts (domain §10.3):
 * a required argument missing, a value of the wrong type or format, an argument the schema does
 * not declare, and `records` for a step the template does not have.
 */
export function argsFileFindings(args: ParsedDocument, template: ParsedDocument | undefined, templateName: string): Finding[] {
  const document = args.document;
  const model = argsFileModel(args);
  if (!model.root) return [];
  if (!template) {
    const [start] = span(model.root);
    return [
      finding(
        document,
        'sample-args-no-template',
        start,
        start + 1,
        `There is no template ${templateName} beside this file, so the sample arguments are not checked and cannot be previewed. Name this file after its template: <name>.synctemplate.args.json beside <name>.synctemplate.json.`,
      ),
    ];
  }
  if (!template.json?.root) return [];
  const templateModelValue = templateModel(template);
  const findings: Finding[] = [];
  argFindings(document, model.args?.valueNode, model.args?.keyNode, model.root, templateModelValue, findings);
  recordFindings(document, model.records?.valueNode, templateModelValue, findings);
  return findings;
}

function argFindings(
  document: TextDocument,
  argsNode: ASTNode | undefined,
  argsKey: ASTNode | undefined,
  root: ASTNode,
  model: TemplateModel,
  findings: Finding[],
): void {
  const schema = model.args;
  const argsObject = asObject(argsNode);
  if (argsNode && !argsObject) return; // the section's own schema reports a non-object
  const given = new Map<string, { key: ASTNode; value: ASTNode | undefined }>();
  for (const p of argsObject?.properties ?? []) if (!given.has(p.keyNode.value)) given.set(p.keyNode.value, { key: p.keyNode, value: p.valueNode });

  // Missing required arguments: on the `args` key (or the whole file when there is none).
  const missing: ArgDefinition[] = [];
  for (const definition of schema.args.values()) {
    if (definition.required === true && !definition.hasDefault && !given.has(definition.name)) missing.push(definition);
  }
  const [missingStart, missingEnd] = argsKey ? span(argsKey) : [root.offset, root.offset + 1];
  for (const definition of missing) {
    findings.push(
      finding(
        document,
        'sample-arg-missing',
        missingStart,
        missingEnd,
        `The required argument "${definition.name}" is missing: Truto refuses to start a run without it. Add "${definition.name}" to args${definition.types.length > 0 ? ` (${describeTypes(definition.types)})` : ''}.`,
        () => [{ title: `Add "${definition.name}" to args`, edits: jsonModify(document, ['args', definition.name], sampleValue(definition)), isPreferred: missing.length === 1 }],
      ),
    );
  }

  for (const [name, { key, value }] of given) {
    const definition = schema.args.get(name);
    if (!definition) {
      if (!schema.knowable || schema.shape === 'absent') continue;
      const suggestion = closestName(name, schema.args.keys());
      findings.push(
        finding(
          document,
          'sample-arg-unknown',
          ...span(key),
          `The template's args_schema does not declare "${name}": no placeholder can read it by that name, and Truto may refuse the run.${suggestion ? ` Did you mean "${suggestion}"?` : ' Declare it in the template, or remove it here.'}`,
          suggestion && !given.has(suggestion) ? renameKeyFix(document, key, suggestion) : undefined,
        ),
      );
      continue;
    }
    if (!value) continue;
    const plain = plainValue(value);
    const typeOk = matchesType(plain, definition.types);
    if (typeOk === false) {
      findings.push(
        finding(
          document,
          'sample-arg-type',
          ...span(value),
          `"${name}" is declared as ${describeTypes(definition.types)} but this value is ${jsonType(plain)}: Truto rejects args that do not match args_schema. Give a ${describeTypes(definition.types)} value.`,
        ),
      );
      continue;
    }
    if (definition.format && typeof plain === 'string') {
      const expected = formatProblem(definition.format, plain);
      if (expected) {
        findings.push(
          finding(
            document,
            'sample-arg-format',
            ...span(value),
            `"${name}" has format "${definition.format}" but "${plain}" is not ${expected}: a run with this value is refused or reads the wrong data.`,
          ),
        );
      }
    }
  }
}

function recordFindings(document: TextDocument, recordsNode: ASTNode | undefined, model: TemplateModel, findings: Finding[]): void {
  const records = asObject(recordsNode);
  if (!records || !model.resourcesNode) return;
  const keys = model.graph.keys;
  const what = model.format === 'legacy' ? 'step with the resource' : 'node named';
  for (const p of records.properties) {
    const key = p.keyNode.value;
    if (model.graph.hasKey(key)) continue;
    const suggestion = closestName(key, keys);
    findings.push(
      finding(
        document,
        'sample-records-unknown-step',
        ...span(p.keyNode),
        `The template has no ${what} "${key}", so these records are never used by the preview.${suggestion ? ` Did you mean "${suggestion}"?` : keys.length > 0 ? ` Keys here are ${model.format === 'legacy' ? 'resource paths' : 'node names'}: ${keys.slice(0, 6).map((k) => `"${k}"`).join(', ')}.` : ''}`,
        suggestion && !records.properties.some((q) => q.keyNode.value === suggestion) ? renameKeyFix(document, p.keyNode, suggestion) : undefined,
      ),
    );
  }
}
