// The graph's layout off the webview's main thread: dagre at 500 nodes takes long enough (about a
// second on a slow machine) that scrolling and clicking would stall. Bundled on its own
// (dist/graphLayoutWorker.js); main.ts starts it from a blob and falls back to laying out inline.
import { layoutGraph, type LayoutEdge, type LayoutNode, type Point, type PlacedNode } from './layout';

export interface LayoutRequest {
  readonly id: number;
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
}
export interface LayoutResponse {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly (readonly [string, PlacedNode])[];
  readonly edges: readonly (readonly [string, readonly Point[]])[];
  readonly ms: number;
}

// A dedicated worker's global scope; typed by hand (the DOM and WebWorker libs cannot be mixed).
const scope = self as unknown as { onmessage: ((event: { data: LayoutRequest }) => void) | null; postMessage(message: LayoutResponse): void };
scope.onmessage = ({ data }) => {
  const started = performance.now();
  const layout = layoutGraph(data.nodes, data.edges);
  scope.postMessage({ id: data.id, width: layout.width, height: layout.height, nodes: [...layout.nodes], edges: [...layout.edges], ms: performance.now() - started });
};
