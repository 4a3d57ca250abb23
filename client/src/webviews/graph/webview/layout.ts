import { graphlib, layout } from '@dagrejs/dagre';

/**
 * Positions for the graph's boxes and edge routes, by dagre (layered layout, top to bottom).
 * Pure (no DOM): the webview calls it, and the benchmark runs it in Node at 500 nodes.
 */
export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}
export interface LayoutEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
}
export interface Point {
  readonly x: number;
  readonly y: number;
}
export interface PlacedNode {
  /** Centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly edges: ReadonlyMap<string, readonly Point[]>;
}

export const LAYOUT_MARGIN = 16;
/**
 * Above this many nodes, ranks come from dagre's tight-tree ranker instead of network simplex:
 * a little less compact, but about a third faster at 500 nodes (test/bench/graphLayout.ts).
 */
export const FAST_RANKER_ABOVE = 200;

export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): GraphLayout {
  // A multigraph: a node may both depend on another and be persisted by it.
  const graph = new graphlib.Graph({ multigraph: true });
  graph.setGraph({
    rankdir: 'TB',
    nodesep: 28,
    ranksep: 44,
    edgesep: 12,
    marginx: LAYOUT_MARGIN,
    marginy: LAYOUT_MARGIN,
    ranker: nodes.length > FAST_RANKER_ABOVE ? 'tight-tree' : 'network-simplex',
  });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  for (const edge of edges) graph.setEdge(edge.from, edge.to, { minlen: 1 }, edge.id);
  layout(graph);

  const placed = new Map<string, PlacedNode>();
  for (const node of nodes) {
    const label = graph.node(node.id) as { x?: number; y?: number } | undefined;
    placed.set(node.id, { x: label?.x ?? 0, y: label?.y ?? 0, width: node.width, height: node.height });
  }
  const routes = new Map<string, readonly Point[]>();
  for (const edge of edges) {
    const label = graph.edge({ v: edge.from, w: edge.to, name: edge.id }) as { points?: Point[] } | undefined;
    routes.set(edge.id, label?.points ?? []);
  }
  const size = graph.graph() as { width?: number; height?: number };
  return { width: Math.max(size.width ?? 0, 1), height: Math.max(size.height ?? 0, 1), nodes: placed, edges: routes };
}
