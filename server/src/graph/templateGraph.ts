import type { ASTNode } from 'vscode-json-languageservice';
import type { Range } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../service/parsedDocument';
import { asObject, asString, contentRange, propertyValue } from '../service/template/jsonAst';
import { templateModel, type Step, type StringField, type TemplateModel } from '../service/template/templateModel';

/**
 * The graph a template draws: one node per element of `resources` (legacy step or runtime 4
 * node, read through the one template model), `depends_on` edges from parent to child, and
 * `resources_to_persist` edges from a node to the destination that sends its output. A name that
 * is referenced but defined nowhere becomes a `missing` node, so a dangling reference is visible
 * instead of silently dropped. Pure: no `vscode`; the CLI, the extension and the tests share it.
 */
export interface TemplateGraph {
  readonly format: TemplateModel['format'];
  /** Steps in `resources` order, then missing names in order of first reference. */
  readonly nodes: readonly TemplateGraphNode[];
  readonly edges: readonly TemplateGraphEdge[];
}

/** The runtime 4 node types (domain reference §7). */
export const NODE_TYPES = ['request', 'transform', 'spool', 'add_context', 'destination', 'event', 'get_state', 'update_state', 'delete_state'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/**
 * What a node is: a runtime 4 node type, `step` for a legacy step, `node` for a runtime 4 node
 * whose `type` is missing or not one Truto knows, `missing` for a name referenced but not defined.
 */
export type GraphNodeKind = NodeType | 'step' | 'node' | 'missing';

export interface TemplateGraphNode {
  /** Stable for a given template: `n<index in resources>`, or `m<n>` for missing names. Safe as a Mermaid/DOT id. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  /**
   * What to call it: the node's `name` (runtime 4), `<method> <resource>` (legacy), the referenced
   * name (missing), or `resources[i]` when the step has nothing better. Never empty.
   */
  readonly label: string;
  /**
   * The facts worth a second line, in the template's own words (keywords and values, no prose):
   * `request · list ticketing/tickets`, `destination · webhook`, `event · complete`, `get_state · cursor`.
   */
  readonly detail: string | undefined;
  /** The step's `loop_on` value, when it has one. */
  readonly loopOn: string | undefined;
  /** Position in `resources`; undefined for missing nodes. */
  readonly index: number | undefined;
  /** The step object in the document (offsets and line/character); undefined for missing nodes. */
  readonly offset: number | undefined;
  readonly length: number | undefined;
  readonly range: Range | undefined;
  /**
   * Where to put the cursor to show the node: its name (or resource) value, else the step's start;
   * for a missing node, its first reference (the `depends_on` or `resources_to_persist` entry).
   */
  readonly selectionRange: Range | undefined;
}

/** `depends_on`: `from` runs first, `to` runs for each of its records. `persists`: destination `to` sends `from`'s output. */
export type GraphEdgeKind = 'depends_on' | 'persists';

export interface TemplateGraphEdge {
  /** `e<n>` in edge order (stable for a given template). */
  readonly id: string;
  readonly kind: GraphEdgeKind;
  readonly from: string;
  readonly to: string;
  /** Both ends are in one `depends_on` cycle (the run would never start it). */
  readonly inCycle: boolean;
  /** `from` is a missing node: the reference names nothing. */
  readonly dangling: boolean;
}

const NODE_TYPE_SET: ReadonlySet<string> = new Set(NODE_TYPES);

/** The graph of a parsed template, memoised per document version. */
export function templateGraph(parsed: ParsedDocument): TemplateGraph {
  return parsed.memo('templateGraph', () => buildTemplateGraph(parsed, templateModel(parsed)));
}

function buildTemplateGraph(parsed: ParsedDocument, model: TemplateModel): TemplateGraph {
  const document = parsed.document;
  const rangeOf = (offset: number, length: number): Range => ({ start: document.positionAt(offset), end: document.positionAt(offset + length) });
  const idOf = (step: Step): string => `n${step.index}`;
  const text = document.getText();
  // The string's content as written (escapes take more characters than they decode to).
  const contentOf = (field: StringField): Range => {
    const { start, end } = contentRange(text, field);
    return rangeOf(start, end - start);
  };

  const nodes: TemplateGraphNode[] = model.steps.map((step) => {
    const focus = model.format === 'nodes' ? (step.name ?? step.resource) : (step.resource ?? step.name);
    const selection = focus ? contentOf(focus) : rangeOf(step.node.offset, 0);
    return {
      id: idOf(step),
      kind: kindOf(model, step),
      label: labelOf(model, step),
      detail: detailOf(model, step),
      loopOn: step.loopOn?.value,
      index: step.index,
      offset: step.node.offset,
      length: step.node.length,
      range: rangeOf(step.node.offset, step.node.length),
      selectionRange: selection,
    };
  });

  // Names referenced but defined nowhere: one node per distinct name, in order of first reference.
  const missing = new Map<string, TemplateGraphNode>();
  const missingNode = (reference: StringField): TemplateGraphNode => {
    const name = reference.value;
    let node = missing.get(name);
    if (!node) {
      node = {
        id: `m${missing.size}`,
        kind: 'missing',
        label: name === '' ? '""' : name,
        detail: undefined,
        loopOn: undefined,
        index: undefined,
        offset: undefined,
        length: undefined,
        range: undefined,
        selectionRange: contentOf(reference),
      };
      missing.set(name, node);
    }
    return node;
  };

  // Steps of one cycle share a number; an edge is in a cycle when both ends share one.
  const cycleOf = new Map<Step, number>();
  model.graph.cycles.forEach((cycle, n) => cycle.forEach((step) => cycleOf.set(step, n)));

  const edges: TemplateGraphEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (kind: GraphEdgeKind, from: string, to: string, inCycle: boolean, dangling: boolean): void => {
    const key = `${kind} ${from} ${to}`;
    if (seen.has(key)) return; // a name listed twice draws one edge
    seen.add(key);
    edges.push({ id: `e${edges.length}`, kind, from, to, inCycle, dangling });
  };

  for (const step of model.steps) {
    if (step.dependsOn) {
      const parents = model.graph.parents(step);
      if (parents.length === 0) addEdge('depends_on', missingNode(step.dependsOn).id, idOf(step), false, true);
      for (const parent of parents) {
        const cycle = cycleOf.get(step);
        addEdge('depends_on', idOf(parent), idOf(step), cycle !== undefined && cycleOf.get(parent) === cycle, false);
      }
    }
    for (const entry of step.resourcesToPersist ?? []) {
      const sources = model.graph.stepsWithKey(entry.value);
      if (sources.length === 0) addEdge('persists', missingNode(entry).id, idOf(step), false, true);
      for (const source of sources) addEdge('persists', idOf(source), idOf(step), false, false);
    }
  }
  return { format: model.format, nodes: [...nodes, ...missing.values()], edges };
}

function kindOf(model: TemplateModel, step: Step): GraphNodeKind {
  if (model.format === 'legacy') return 'step';
  const type = step.type?.value;
  return type !== undefined && NODE_TYPE_SET.has(type) ? (type as NodeType) : 'node';
}

function labelOf(model: TemplateModel, step: Step): string {
  const fallback = `resources[${step.index}]`;
  if (model.format === 'nodes') return nonEmpty(step.name) ?? fallback;
  const resource = nonEmpty(step.resource);
  const method = nonEmpty(step.method);
  if (!resource) return fallback;
  return method ? `${method} ${resource}` : resource;
}

function detailOf(model: TemplateModel, step: Step): string | undefined {
  if (model.format === 'legacy') return falseValue(propertyValue(step.node, 'persist')) ? 'persist: false' : undefined;
  const type = step.type?.value;
  if (type === undefined) return undefined;
  const parts: string[] = [];
  const config = asObject(propertyValue(step.node, 'config'));
  switch (type) {
    case 'request':
      parts.push([nonEmpty(step.method), nonEmpty(step.resource)].filter(Boolean).join(' '));
      break;
    case 'destination':
      parts.push([stringValue(propertyValue(step.node, 'destination_type')), nonEmpty(step.method)].filter(Boolean).join(' '));
      break;
    case 'event':
      parts.push(stringValue(propertyValue(config, 'name')) ?? '');
      break;
    case 'get_state':
    case 'update_state':
    case 'delete_state':
      parts.push(stringValue(propertyValue(config, 'key')) ?? '');
      break;
    default:
      break;
  }
  const facts = parts.filter((p) => p !== '');
  return [type, ...facts].join(' · ');
}

function nonEmpty(field: StringField | undefined): string | undefined {
  return field && field.value.trim() !== '' ? field.value : undefined;
}

function stringValue(node: ASTNode | undefined): string | undefined {
  const value = asString(node)?.value;
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function falseValue(node: ASTNode | undefined): boolean {
  return node?.type === 'boolean' && node.value === false;
}
