// The template graph at 500 nodes (and 100, 1,000): model time (parse + graph) and dagre layout
// time, as the graph panel runs them. Prints figures only (shared machines: no assertions).
//   node esbuild.mjs && node out/test/bench/graphLayout.js [--sizes=100,500,1000] [--runs=5]
import { TextDocument } from 'vscode-languageserver-textdocument';
import { layoutGraph } from '../../client/src/webviews/graph/webview/layout';
import { graphOfDocument } from '../../server/src/graph/graphOfDocument';
import { generateShape, TEMPLATE_SHAPES } from '../support/templateShapes';

const argument = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sizes = (argument('sizes') ?? '100,500,1000').split(',').map(Number);
const runs = Number(argument('runs') ?? 5);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log('| shape | nodes | edges | model ms | layout ms |');
console.log('|---|---|---|---|---|');
for (const shape of TEMPLATE_SHAPES) {
  for (const size of sizes) {
    const text = generateShape(shape, size);
    const model: number[] = [];
    const layout: number[] = [];
    let edges = 0;
    for (let run = 0; run < runs; run++) {
      let started = performance.now();
      const graph = graphOfDocument(TextDocument.create(`bench://${shape}/${size}/${run}`, 'synctemplate', 1, text));
      model.push(performance.now() - started);
      edges = graph.edges.length;
      // Box sizes as the webview measures them: about 7 px per character of the longest line.
      const nodes = graph.nodes.map((n) => ({ id: n.id, width: 28 + 7 * Math.max(n.label.length, n.detail?.length ?? 0), height: n.detail ? 48 : 34 }));
      started = performance.now();
      layoutGraph(nodes, graph.edges);
      layout.push(performance.now() - started);
    }
    console.log(`| ${shape} | ${size} | ${edges} | ${median(model).toFixed(1)} | ${median(layout).toFixed(1)} |`);
  }
}
