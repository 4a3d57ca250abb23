import type { GraphNodeKind, TemplateGraph, TemplateGraphNode } from './templateGraph';

/**
 * Text renderings of the template graph for docs and CI: Mermaid (renders on GitHub and in most
 * Markdown tools), Graphviz DOT, and JSON for scripts. Output depends only on the template (and
 * the error counts passed in), so it is stable across runs and machines.
 */
export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** Per-node error counts (see graphProblems.countsByNode); nodes without errors are absent. */
export type ErrorCounts = ReadonlyMap<string, number>;

export function renderGraph(graph: TemplateGraph, format: GraphFormat, errors: ErrorCounts = new Map()): string {
  switch (format) {
    case 'mermaid':
      return mermaid(graph, errors);
    case 'dot':
      return dot(graph, errors);
    case 'json':
      return json(graph, errors);
  }
}

/** The lines drawn inside a node: its label, then its detail, its loop and its errors. */
function nodeLines(node: TemplateGraphNode, errors: ErrorCounts): string[] {
  const lines = [node.label];
  if (node.kind === 'missing') lines.push('not defined');
  if (node.detail) lines.push(node.detail);
  if (node.loopOn !== undefined) lines.push(`↻ loop_on: ${node.loopOn}`);
  const count = errors.get(node.id) ?? 0;
  if (count > 0) lines.push(`⚠ ${count} ${count === 1 ? 'error' : 'errors'}`);
  // A name may hold any character: control characters and line breaks become spaces.
  return lines.map((line) => line.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' '));
}

// Mermaid ----------------------------------------------------------------------------------------

/** Mermaid's shape brackets per kind, around a quoted label. */
const MERMAID_SHAPES: Record<GraphNodeKind, readonly [string, string]> = {
  step: ['[', ']'],
  request: ['[', ']'],
  transform: ['[/', '/]'],
  add_context: ['[\\', '\\]'],
  spool: ['[[', ']]'],
  get_state: ['[(', ')]'],
  update_state: ['[(', ')]'],
  delete_state: ['[(', ')]'],
  event: ['([', '])'],
  destination: ['{{', '}}'],
  node: ['(', ')'],
  missing: ['(', ')'],
};

/**
 * Inside a quoted Mermaid label, `"` ends the label, `#…;` is an entity, `<`/`>`/`&` are HTML and
 * a backtick starts Markdown: each becomes a numeric entity code (`#34;`), which Mermaid decodes.
 */
function mermaidText(text: string): string {
  return text.replace(/[#"<>&`]/g, (c) => `#${c.charCodeAt(0)};`);
}

function mermaid(graph: TemplateGraph, errors: ErrorCounts): string {
  const out = ['flowchart TD'];
  for (const node of graph.nodes) {
    const [open, close] = MERMAID_SHAPES[node.kind];
    out.push(`  ${node.id}${open}"${nodeLines(node, errors).map(mermaidText).join('<br/>')}"${close}`);
  }
  graph.edges.forEach((edge) => {
    out.push(edge.kind === 'persists' ? `  ${edge.from} -.->|persist| ${edge.to}` : `  ${edge.from} --> ${edge.to}`);
  });
  // Styles last, and only those used, so a clean template's output stays short.
  const missing = graph.nodes.filter((n) => n.kind === 'missing').map((n) => n.id);
  const failing = graph.nodes.filter((n) => (errors.get(n.id) ?? 0) > 0).map((n) => n.id);
  const cycleEdges = graph.edges.flatMap((e, i) => (e.inCycle ? [i] : []));
  if (missing.length > 0) out.push('  classDef missing stroke:#d73a49,stroke-dasharray:5 5,color:#d73a49', `  class ${missing.join(',')} missing`);
  if (failing.length > 0) out.push('  classDef error stroke:#d73a49,stroke-width:3px', `  class ${failing.join(',')} error`);
  if (cycleEdges.length > 0) out.push(`  linkStyle ${cycleEdges.join(',')} stroke:#d73a49,stroke-width:2px`);
  return `${out.join('\n')}\n`;
}

// DOT --------------------------------------------------------------------------------------------

const DOT_SHAPES: Record<GraphNodeKind, string> = {
  step: 'box',
  request: 'box',
  transform: 'parallelogram',
  add_context: 'trapezium',
  spool: 'box3d',
  get_state: 'cylinder',
  update_state: 'cylinder',
  delete_state: 'cylinder',
  event: 'ellipse',
  destination: 'hexagon',
  node: 'box',
  missing: 'box',
};

/** A DOT double-quoted string: backslashes (escape sequences such as `\N`) and quotes escaped. */
function dotString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function dotAttributes(attributes: readonly (readonly [string, string])[]): string {
  return attributes.map(([key, value]) => `${key}=${value}`).join(', ');
}

function dot(graph: TemplateGraph, errors: ErrorCounts): string {
  const out = ['digraph template {', '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const node of graph.nodes) {
    const attributes: [string, string][] = [
      ['label', dotString(nodeLines(node, errors).join('\n')).replace(/\n/g, '\\n')],
      ['shape', DOT_SHAPES[node.kind]],
    ];
    if (node.kind === 'node') attributes.push(['style', 'rounded']);
    if (node.kind === 'missing') attributes.push(['style', 'dashed'], ['color', '"#d73a49"'], ['fontcolor', '"#d73a49"']);
    if (node.loopOn !== undefined) attributes.push(['peripheries', '2']);
    if ((errors.get(node.id) ?? 0) > 0) attributes.push(['color', '"#d73a49"'], ['penwidth', '2.5']);
    out.push(`  ${node.id} [${dotAttributes(attributes)}];`);
  }
  for (const edge of graph.edges) {
    const attributes: [string, string][] = [];
    if (edge.kind === 'persists') attributes.push(['style', 'dashed'], ['label', '"persist"']);
    if (edge.dangling) attributes.push(['color', '"#d73a49"']);
    if (edge.inCycle) attributes.push(['color', '"#d73a49"'], ['penwidth', '2']);
    out.push(`  ${edge.from} -> ${edge.to}${attributes.length > 0 ? ` [${dotAttributes(attributes)}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

// JSON -------------------------------------------------------------------------------------------

function json(graph: TemplateGraph, errors: ErrorCounts): string {
  return `${JSON.stringify(
    {
      format: graph.format,
      nodes: graph.nodes.map((n) => ({
        id: n.id,
        kind: n.kind,
        label: n.label,
        ...(n.detail !== undefined ? { detail: n.detail } : {}),
        ...(n.loopOn !== undefined ? { loopOn: n.loopOn } : {}),
        ...(n.index !== undefined ? { index: n.index } : {}),
        // 1-based, as the check command prints positions.
        ...(n.selectionRange ? { line: n.selectionRange.start.line + 1, column: n.selectionRange.start.character + 1 } : {}),
        errors: errors.get(n.id) ?? 0,
      })),
      edges: graph.edges.map((e) => ({ id: e.id, kind: e.kind, from: e.from, to: e.to, ...(e.inCycle ? { inCycle: true } : {}), ...(e.dangling ? { dangling: true } : {}) })),
    },
    null,
    2,
  )}\n`;
}
