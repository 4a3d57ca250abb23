import type { TemplateGraph, TemplateGraphNode } from './templateGraph';

/**
 * Which graph node a diagnostic or a cursor belongs to, by range containment. Positions are
 * line/character, so LSP diagnostics and `vscode.Diagnostic`s (same shape) both fit.
 */
export interface PositionLike {
  readonly line: number;
  readonly character: number;
}
export interface RangeLike {
  readonly start: PositionLike;
  readonly end: PositionLike;
}

function compare(a: PositionLike, b: PositionLike): number {
  return a.line - b.line || a.character - b.character;
}

/** The graph's steps in document order (`resources` order is document order). */
function placedNodes(graph: TemplateGraph): (TemplateGraphNode & { range: RangeLike })[] {
  return graph.nodes.filter((n): n is TemplateGraphNode & { range: RangeLike } => n.range !== undefined);
}

/** The step whose object contains `position` (binary search: steps do not overlap). */
function nodeContaining(nodes: readonly (TemplateGraphNode & { range: RangeLike })[], position: PositionLike): (TemplateGraphNode & { range: RangeLike }) | undefined {
  let low = 0;
  let high = nodes.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const node = nodes[middle];
    if (compare(position, node.range.start) < 0) high = middle - 1;
    else if (compare(position, node.range.end) > 0) low = middle + 1;
    else return node;
  }
  return undefined;
}

/**
 * How many of `diagnostics` lie inside each node's step object (start and end both inside).
 * Diagnostics outside every step (job-level fields, the `resources` array itself) count for no
 * node. The caller picks which diagnostics count (errors, warnings): severities are numbered
 * differently in LSP and in the `vscode` API.
 */
export function countsByNode(graph: TemplateGraph, diagnostics: readonly { readonly range: RangeLike }[]): Map<string, number> {
  const nodes = placedNodes(graph);
  const counts = new Map<string, number>();
  for (const { range } of diagnostics) {
    const node = nodeContaining(nodes, range.start);
    if (!node || compare(range.end, node.range.end) > 0) continue;
    counts.set(node.id, (counts.get(node.id) ?? 0) + 1);
  }
  return counts;
}

/** The node whose step object contains `position` (for "the selection in the editor"). */
export function nodeAt(graph: TemplateGraph, position: PositionLike): TemplateGraphNode | undefined {
  return nodeContaining(placedNodes(graph), position);
}
