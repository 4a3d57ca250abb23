// The graph panel's webview: draws the graph the host sends (dagre layout, SVG), keeps the zoom,
// reports clicks and keys back as "reveal", and marks the node holding the editor's cursor.
// Bundled on its own (esbuild: dist/graphWebview.js + .css), loaded under a strict CSP.
import type { GraphStrings, GraphWebviewState, HostMessage, ViewEdge, ViewNode, WebviewMessage } from '../protocol';
import './graph.css';
import { layoutGraph, type GraphLayout } from './layout';
import type { LayoutRequest, LayoutResponse } from './layoutWorker';
import { edgePath, shapeInset, shapePath } from './shapes';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): GraphWebviewState | undefined;
  setState(state: GraphWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const strings = JSON.parse(document.body.dataset.strings ?? '{}') as GraphStrings;
const SVG_NS = 'http://www.w3.org/2000/svg';
const MAX_TEXT_WIDTH = 280;
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 3;

const post = (message: WebviewMessage): void => vscode.postMessage(message);
const format = (template: string, ...values: (string | number)[]): string => template.replace(/\{(\d+)\}/g, (_, i: string) => String(values[Number(i)] ?? ''));

// Page skeleton ---------------------------------------------------------------------------------

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) created.setAttribute(key, value);
  if (text !== undefined) created.textContent = text;
  return created;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const created = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) created.setAttribute(key, String(value));
  return created;
}

const toolbar = element('div', { id: 'toolbar', role: 'toolbar', 'aria-label': strings.graphLabel });
const summary = element('span', { id: 'summary', 'aria-live': 'polite' });
const legend = element('span', { id: 'legend' });
for (const [className, text] of [
  ['depends_on', strings.dependsOn],
  ['persists', strings.persist],
] as const) {
  const item = element('span', { class: 'legend-item' });
  const sample = svg('svg', { width: 26, height: 8, 'aria-hidden': 'true' });
  sample.append(svg('line', { x1: 1, y1: 4, x2: 25, y2: 4, class: `edge ${className}` }));
  item.append(sample, document.createTextNode(text));
  legend.append(item);
}
legend.append(element('span', { class: 'legend-item' }, `↻ ${strings.loopOn}`));
const zoomOut = element('button', { type: 'button', title: strings.zoomOut, 'aria-label': strings.zoomOut }, '−');
const zoomIn = element('button', { type: 'button', title: strings.zoomIn, 'aria-label': strings.zoomIn }, '+');
const fit = element('button', { type: 'button', title: strings.fit, 'aria-label': strings.fit }, strings.fit);
const buttons = element('span', { id: 'zoom' });
buttons.append(zoomOut, zoomIn, fit);
toolbar.append(summary, legend, buttons);
const viewport = element('div', { id: 'viewport' });
const empty = element('p', { id: 'empty', hidden: '' }, strings.empty);
document.body.append(toolbar, viewport, empty);

const canvas = svg('svg', { id: 'graph', role: 'group', 'aria-label': strings.graphLabel });
const defs = svg('defs');
for (const name of ['arrow', 'arrow-persists', 'arrow-problem', 'arrow-adjacent']) {
  // Sized in user space: a thicker (highlighted) edge keeps the same arrowhead.
  const marker = svg('marker', { id: name, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 Z', class: `arrowhead ${name}` }));
  defs.append(marker);
}
const edgeLayer = svg('g', { class: 'edges' });
const nodeLayer = svg('g', { class: 'nodes' });
canvas.append(defs, edgeLayer, nodeLayer);
viewport.append(canvas);

// Text measurement (canvas 2D, with the panel's own font) ----------------------------------------

const measureContext = document.createElement('canvas').getContext('2d');
const fontFamily = getComputedStyle(document.body).fontFamily || 'sans-serif';
function textWidth(text: string, size: number, weight = 'normal'): number {
  if (!measureContext) return text.length * size * 0.6;
  measureContext.font = `${weight} ${size}px ${fontFamily}`;
  return measureContext.measureText(text).width;
}
/** The text, cut with an ellipsis to fit `max` pixels (the full text is in the tooltip). */
function fitText(text: string, size: number, weight = 'normal'): string {
  if (textWidth(text, size, weight) <= MAX_TEXT_WIDTH) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (textWidth(`${text.slice(0, middle)}…`, size, weight) <= MAX_TEXT_WIDTH) low = middle;
    else high = middle - 1;
  }
  return `${text.slice(0, low)}…`;
}

// State -----------------------------------------------------------------------------------------

interface Drawn {
  readonly node: ViewNode;
  readonly group: SVGGElement;
  readonly badge: SVGGElement;
  readonly badgeText: SVGTextElement;
  readonly title: SVGTitleElement;
}

let uri = vscode.getState()?.uri ?? '';
let zoom = vscode.getState()?.zoom ?? 0;
let layoutKey = '';
let contentKey = '';
let layout: GraphLayout | undefined;
let drawn = new Map<string, Drawn>();
let edgeElements = new Map<string, SVGPathElement>();
let edgesByNode = new Map<string, SVGPathElement[]>();
let selectedId: string | undefined;
let focusableId: string | undefined;

function saveState(): void {
  if (uri) vscode.setState({ uri, zoom });
}

/** What is drawn (text, kinds, edges); error counts and the selection are decorations on top. */
function contentKeyOf(nodes: readonly ViewNode[], edges: readonly ViewEdge[]): string {
  return JSON.stringify([nodes.map((n) => [n.id, n.kind, n.label, n.detail, n.loopOn]), edges.map((e) => [e.id, e.kind, e.from, e.to, e.inCycle, e.dangling])]);
}

/** What the layout depends on: box sizes (rounded up, so typing in a name rarely moves anything) and edges. */
function layoutKeyOf(sized: readonly SizedNode[], edges: readonly ViewEdge[]): string {
  return JSON.stringify([sized.map((s) => [s.node.id, s.width, s.height]), edges.map((e) => [e.from, e.to, e.id])]);
}

// Drawing ---------------------------------------------------------------------------------------

const LABEL_SIZE = 13;
const DETAIL_SIZE = 11;
const PADDING_X = 14;
const PADDING_Y = 8;
const LABEL_LINE = 17;
const DETAIL_LINE = 15;

function linesOf(node: ViewNode): { text: string; className: string; size: number; weight: string }[] {
  const lines = [{ text: fitText(node.label, LABEL_SIZE, '600'), className: 'label', size: LABEL_SIZE, weight: '600' }];
  const detail = node.kind === 'missing' ? strings.notDefined : node.detail;
  if (detail) lines.push({ text: fitText(detail, DETAIL_SIZE), className: 'detail', size: DETAIL_SIZE, weight: 'normal' });
  if (node.loopOn !== undefined) lines.push({ text: fitText(`↻ ${strings.loopOn}: ${node.loopOn}`, DETAIL_SIZE), className: 'loop', size: DETAIL_SIZE, weight: 'normal' });
  return lines;
}

function problemsText(node: ViewNode): string {
  const parts: string[] = [];
  if (node.errors > 0) parts.push(node.errors === 1 ? strings.oneError : format(strings.errors, node.errors));
  if (node.warnings > 0) parts.push(node.warnings === 1 ? strings.oneWarning : format(strings.warnings, node.warnings));
  return parts.join(', ');
}

function describe(node: ViewNode): string {
  const detail = node.kind === 'missing' ? strings.notDefined : node.detail;
  return [node.label, detail, node.loopOn !== undefined ? `${strings.loopOn}: ${node.loopOn}` : undefined, problemsText(node) || undefined].filter(Boolean).join(', ');
}

interface SizedNode {
  readonly node: ViewNode;
  readonly lines: ReturnType<typeof linesOf>;
  readonly width: number;
  readonly height: number;
}

const WIDTH_STEP = 24;

function sizeOf(node: ViewNode): SizedNode {
  const lines = linesOf(node);
  const textMax = Math.max(...lines.map((l) => textWidth(l.text, l.size, l.weight)));
  const width = Math.max(72, Math.ceil((textMax + 2 * PADDING_X + shapeInset(node.kind)) / WIDTH_STEP) * WIDTH_STEP);
  const height = 2 * PADDING_Y + lines.reduce((sum, l) => sum + (l.className === 'label' ? LABEL_LINE : DETAIL_LINE), 0) + (node.kind.endsWith('_state') ? 8 : 0);
  return { node, lines, width, height };
}

// Layout in a worker --------------------------------------------------------------------------

/**
 * The layout worker, started once from dist/graphLayoutWorker.js. A webview's resources are on
 * another origin than the page, and a worker must be same-origin, so the script is fetched and
 * started from a blob (the CSP allows exactly that: connect-src for the bundle, worker-src blob:).
 * undefined: not tried yet; null: unavailable, lay out inline.
 */
let worker: Promise<Worker | null> | undefined;
let layoutRequests = 0;
const pendingLayouts = new Map<number, (response: LayoutResponse | null) => void>();

function layoutWorker(): Promise<Worker | null> {
  worker ??= (async () => {
    try {
      const source = document.body.dataset.worker;
      if (!source || typeof Worker === 'undefined') return null;
      const response = await fetch(source);
      if (!response.ok) return null;
      const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
      const started = new Worker(url);
      started.onmessage = (event: MessageEvent<LayoutResponse>) => {
        pendingLayouts.get(event.data.id)?.(event.data);
        pendingLayouts.delete(event.data.id);
      };
      started.onerror = () => {
        // A worker that fails once is not trusted again: every waiting layout runs inline.
        worker = Promise.resolve(null);
        for (const resolve of pendingLayouts.values()) resolve(null);
        pendingLayouts.clear();
      };
      return started;
    } catch {
      return null;
    }
  })();
  return worker;
}

/** dagre's layout of the boxes, in the worker when it runs, else here; with its time (ms). */
async function computeLayout(sized: readonly SizedNode[], edges: readonly ViewEdge[]): Promise<{ layout: GraphLayout; ms: number; where: 'worker' | 'inline' }> {
  const request: LayoutRequest = {
    id: ++layoutRequests,
    nodes: sized.map(({ node, width, height }) => ({ id: node.id, width, height })),
    edges: edges.map((e) => ({ id: e.id, from: e.from, to: e.to })),
  };
  const running = await layoutWorker();
  if (running) {
    const response = await new Promise<LayoutResponse | null>((resolve) => {
      pendingLayouts.set(request.id, resolve);
      running.postMessage(request);
    });
    if (response) {
      return { layout: { width: response.width, height: response.height, nodes: new Map(response.nodes), edges: new Map(response.edges) }, ms: response.ms, where: 'worker' };
    }
  }
  const started = performance.now();
  const inline = layoutGraph(request.nodes, request.edges);
  return { layout: inline, ms: performance.now() - started, where: 'inline' };
}

/** Builds the SVG for the current layout (cheap next to the layout itself). */
function draw(sized: readonly SizedNode[], edges: readonly ViewEdge[]): void {
  if (!layout) return;
  canvas.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
  edgeLayer.replaceChildren();
  nodeLayer.replaceChildren();
  edgeElements = new Map();
  edgesByNode = new Map();
  for (const edge of edges) {
    const route = layout.edges.get(edge.id) ?? [];
    const problem = edge.inCycle || edge.dangling;
    const path = svg('path', {
      d: edgePath(route),
      class: `edge ${edge.kind}${edge.inCycle ? ' in-cycle' : ''}${edge.dangling ? ' dangling' : ''}`,
      'data-id': edge.id,
      'data-from': edge.from,
      'data-to': edge.to,
      'marker-end': `url(#${problem ? 'arrow-problem' : edge.kind === 'persists' ? 'arrow-persists' : 'arrow'})`,
    });
    path.dataset.marker = path.getAttribute('marker-end') ?? '';
    edgeLayer.append(path);
    edgeElements.set(edge.id, path);
    for (const end of [edge.from, edge.to]) {
      const list = edgesByNode.get(end);
      if (list) list.push(path);
      else edgesByNode.set(end, [path]);
    }
  }
  drawn = new Map();
  for (const { node, lines, width, height } of sized) {
    const place = layout.nodes.get(node.id);
    if (!place) continue;
    const group = svg('g', {
      class: `node kind-${node.kind}`,
      'data-id': node.id,
      transform: `translate(${place.x - width / 2},${place.y - height / 2})`,
      role: 'button',
      tabindex: -1,
    });
    const title = svg('title');
    group.append(title, svg('path', { d: shapePath(node.kind, width, height), class: 'shape' }));
    let y = PADDING_Y + (node.kind.endsWith('_state') ? 8 : 0);
    for (const line of lines) {
      const lineHeight = line.className === 'label' ? LABEL_LINE : DETAIL_LINE;
      const text = svg('text', { x: width / 2, y: y + lineHeight / 2, class: line.className, 'text-anchor': 'middle', 'dominant-baseline': 'central' });
      text.textContent = line.text;
      group.append(text);
      y += lineHeight;
    }
    const badge = svg('g', { class: 'badge', transform: `translate(${width - 4},4)` });
    const badgeText = svg('text', { x: 0, y: 0, 'text-anchor': 'middle', 'dominant-baseline': 'central' });
    badge.append(svg('circle', { r: 9, cx: 0, cy: 0 }), badgeText);
    group.append(badge);
    nodeLayer.append(group);
    drawn.set(node.id, { node, group, badge, badgeText, title });
  }
}

/** Error and warning marks, tooltips and accessible names: cheap, redone on every message. */
function decorate(nodes: readonly ViewNode[]): void {
  for (const node of nodes) {
    const entry = drawn.get(node.id);
    if (!entry) continue;
    drawn.set(node.id, { ...entry, node });
    entry.group.classList.toggle('has-errors', node.errors > 0);
    entry.group.classList.toggle('has-warnings', node.errors === 0 && node.warnings > 0);
    const count = node.errors > 0 ? node.errors : node.warnings;
    entry.badge.classList.toggle('shown', count > 0);
    entry.badgeText.textContent = count > 99 ? '99+' : String(count);
    const description = describe(node);
    entry.group.setAttribute('aria-label', description);
    entry.title.textContent = `${description}\n${node.kind === 'missing' ? strings.referenceHint : strings.nodeHint}`;
  }
}

function applyZoom(): void {
  if (!layout) return;
  canvas.setAttribute('width', String(Math.round(layout.width * zoom)));
  canvas.setAttribute('height', String(Math.round(layout.height * zoom)));
  saveState();
}

function fitZoom(): number {
  if (!layout) return 1;
  const available = Math.min((viewport.clientWidth - 8) / layout.width, (viewport.clientHeight - 8) / layout.height);
  return Math.max(MIN_ZOOM, Math.min(1, available));
}

function setZoom(next: number, anchor?: { x: number; y: number }): void {
  const previous = zoom;
  zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, next));
  // Keep the point under the pointer (or the centre) where it is.
  const ax = anchor?.x ?? viewport.clientWidth / 2;
  const ay = anchor?.y ?? viewport.clientHeight / 2;
  const gx = (viewport.scrollLeft + ax) / previous;
  const gy = (viewport.scrollTop + ay) / previous;
  applyZoom();
  viewport.scrollLeft = gx * zoom - ax;
  viewport.scrollTop = gy * zoom - ay;
}

// Selection and focus ---------------------------------------------------------------------------

function setFocusable(id: string | undefined): void {
  if (focusableId !== undefined) drawn.get(focusableId)?.group.setAttribute('tabindex', '-1');
  focusableId = id !== undefined && drawn.has(id) ? id : drawn.keys().next().value;
  if (focusableId !== undefined) drawn.get(focusableId)?.group.setAttribute('tabindex', '0');
}

function select(id: string | undefined): void {
  if (selectedId !== undefined) {
    drawn.get(selectedId)?.group.classList.remove('selected');
    for (const path of edgesByNode.get(selectedId) ?? []) {
      path.classList.remove('adjacent');
      path.setAttribute('marker-end', path.dataset.marker ?? '');
    }
  }
  selectedId = id !== undefined && drawn.has(id) ? id : undefined;
  const entry = selectedId !== undefined ? drawn.get(selectedId) : undefined;
  if (!entry || selectedId === undefined) return;
  entry.group.classList.add('selected');
  for (const path of edgesByNode.get(selectedId) ?? []) {
    path.classList.add('adjacent');
    path.setAttribute('marker-end', 'url(#arrow-adjacent)');
  }
  // The node that has the keyboard focus, if any, keeps it; otherwise Tab lands on the selection.
  if (!nodeLayer.contains(document.activeElement)) setFocusable(selectedId);
  scrollIntoViewIfNeeded(entry.group);
}

function scrollIntoViewIfNeeded(target: Element): void {
  const box = target.getBoundingClientRect();
  const view = viewport.getBoundingClientRect();
  if (box.left >= view.left && box.right <= view.right && box.top >= view.top && box.bottom <= view.bottom) return;
  viewport.scrollLeft += box.left + box.width / 2 - (view.left + view.width / 2);
  viewport.scrollTop += box.top + box.height / 2 - (view.top + view.height / 2);
}

function nodeIdOf(target: EventTarget | null): string | undefined {
  return target instanceof Element ? (target.closest('.node')?.getAttribute('data-id') ?? undefined) : undefined;
}

/** The nearest node in an arrow key's direction, by the layout's centres. */
function neighbour(id: string, key: string): string | undefined {
  const from = layout?.nodes.get(id);
  if (!from || !layout) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const [other, place] of layout.nodes) {
    if (other === id) continue;
    const dx = place.x - from.x;
    const dy = place.y - from.y;
    const [along, across] = key === 'ArrowDown' ? [dy, dx] : key === 'ArrowUp' ? [-dy, dx] : key === 'ArrowRight' ? [dx, dy] : [-dx, dy];
    if (along <= 1) continue;
    const score = along + 2 * Math.abs(across);
    if (score < bestScore) {
      bestScore = score;
      best = other;
    }
  }
  return best;
}

function focusNode(id: string | undefined): void {
  if (id === undefined) return;
  setFocusable(id);
  const entry = drawn.get(id);
  if (!entry) return;
  entry.group.focus();
  scrollIntoViewIfNeeded(entry.group);
}

// Events ----------------------------------------------------------------------------------------

canvas.addEventListener('click', (event) => {
  const id = nodeIdOf(event.target);
  if (id === undefined) return;
  setFocusable(id);
  post({ type: 'reveal', id, focusEditor: true });
});

canvas.addEventListener('keydown', (event) => {
  const id = nodeIdOf(event.target);
  if (id === undefined) return;
  switch (event.key) {
    case 'Enter':
    case ' ':
      event.preventDefault();
      post({ type: 'reveal', id, focusEditor: event.key === 'Enter' });
      return;
    case 'ArrowDown':
    case 'ArrowUp':
    case 'ArrowLeft':
    case 'ArrowRight':
      event.preventDefault();
      focusNode(neighbour(id, event.key));
      return;
    case 'Home':
      event.preventDefault();
      focusNode(drawn.keys().next().value);
      return;
    case 'End':
      event.preventDefault();
      focusNode([...drawn.keys()].pop());
      return;
    default:
      return;
  }
});

zoomIn.addEventListener('click', () => setZoom(zoom * 1.25));
zoomOut.addEventListener('click', () => setZoom(zoom / 1.25));
fit.addEventListener('click', () => {
  setZoom(fitZoom());
  viewport.scrollLeft = 0;
  viewport.scrollTop = 0;
});
viewport.addEventListener(
  'wheel',
  (event) => {
    if (!event.ctrlKey && !event.metaKey) return; // plain wheel scrolls
    event.preventDefault();
    const view = viewport.getBoundingClientRect();
    setZoom(zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1), { x: event.clientX - view.left, y: event.clientY - view.top });
  },
  { passive: false },
);
document.addEventListener('keydown', (event) => {
  if (!(event.ctrlKey || event.metaKey)) return;
  if (event.key === '=' || event.key === '+') setZoom(zoom * 1.25);
  else if (event.key === '-') setZoom(zoom / 1.25);
  else if (event.key === '0') setZoom(fitZoom());
  else return;
  event.preventDefault();
});

/** Messages can arrive while a layout runs: only the newest graph is drawn. */
let generation = 0;
/** The node the editor's cursor is in, as last reported (also while a layout runs). */
let wantedSelection: string | undefined;

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'select') {
    wantedSelection = message.id;
    select(message.id);
    return;
  }
  if (message.type === 'graph') void show(message);
});

async function show(message: Extract<HostMessage, { type: 'graph' }>): Promise<void> {
  const mine = ++generation;
  wantedSelection = message.selected;
  uri = message.uri;
  const { nodes, edges } = message;
  const hasNodes = nodes.length > 0;
  empty.hidden = hasNodes;
  viewport.hidden = !hasNodes;
  let layoutMs = 0;
  const content = contentKeyOf(nodes, edges);
  if (content !== contentKey) {
    const focused = nodeLayer.contains(document.activeElement) ? nodeIdOf(document.activeElement) : undefined;
    const sized = nodes.map(sizeOf);
    const key = layoutKeyOf(sized, edges);
    if (key !== layoutKey || !layout) {
      if (nodes.length > 150) summary.textContent = format(strings.layingOut, nodes.length);
      const result = await computeLayout(sized, edges);
      if (mine !== generation) return; // a newer graph arrived meanwhile: draw that one
      layout = result.layout;
      layoutMs = result.ms;
      layoutKey = key;
      canvas.dataset.layoutMs = layoutMs.toFixed(1);
      canvas.dataset.layoutIn = result.where;
    }
    draw(sized, edges);
    contentKey = content;
    // First drawing: the whole graph if it fits at a readable size, else readable and scrollable.
    if (zoom === 0) zoom = Math.max(0.6, fitZoom());
    applyZoom();
    selectedId = undefined;
    setFocusable(focused ?? message.selected);
    if (focused !== undefined) drawn.get(focused)?.group.focus();
  }
  decorate(nodes);
  select(wantedSelection);
  const errors = nodes.reduce((sum, n) => sum + n.errors, 0);
  summary.textContent = [format(strings.summary, nodes.length, edges.length), errors > 0 ? (errors === 1 ? strings.oneError : format(strings.errors, errors)) : ''].filter(Boolean).join(' · ');
  saveState();
  post({ type: 'rendered', version: message.version, nodes: drawn.size, edges: edgeElements.size, layoutMs });
}

post({ type: 'ready' });
