import * as vscode from 'vscode';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { forgetGraphDocument, graphOfDocument } from '../../../../server/src/graph/graphOfDocument';
import { countsByNode, nodeAt } from '../../../../server/src/graph/graphProblems';
import type { TemplateGraph } from '../../../../server/src/graph/templateGraph';
import { graphHtml } from './graphHtml';
import { GRAPH_VIEW_TYPE, type GraphStrings, type GraphWebviewState, type HostMessage, type ViewNode, type WebviewMessage } from './protocol';

const LANGUAGE_ID = 'synctemplate';
/** Typing pauses this long before the graph is redrawn. */
const REDRAW_DELAY_MS = 250;
/** How long the command waits for the first drawing before it returns anyway. */
const FIRST_DRAW_TIMEOUT_MS = 15_000;

/** What `synctemplate.showGraph` returns to callers (tests, automation). */
export interface ShowGraphResult {
  readonly uri: string;
  /** Elements the webview drew, once it has (`drawn: false` if it did not within 15 s). */
  readonly drawn: boolean;
  readonly nodes: number;
  readonly edges: number;
  readonly layoutMs: number;
}

/**
 * The "Show Template Graph" command and its panels: one webview panel per template, beside the
 * editor, redrawn while typing (debounced), with error counts from the diagnostics the editor
 * shows, the node under the cursor highlighted, and clicks revealing nodes in the editor. The
 * graph is computed here from the pure model (server/src/graph), not asked of the server.
 */
export class GraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, GraphPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      vscode.commands.registerCommand('synctemplate.showGraph', (target?: vscode.Uri | { uri?: string | vscode.Uri }) => this.show(target)),
      vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => this.restore(panel, state),
      }),
      vscode.workspace.onDidChangeTextDocument((event) => this.panels.get(event.document.uri.toString())?.documentChanged(event.document)),
      vscode.languages.onDidChangeDiagnostics((event) => {
        for (const uri of event.uris) this.panels.get(uri.toString())?.scheduleRedraw();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => this.panels.get(event.textEditor.document.uri.toString())?.cursorMoved(event.textEditor)),
    );
  }

  private async show(target?: vscode.Uri | { uri?: string | vscode.Uri }): Promise<ShowGraphResult | undefined> {
    const document = await this.targetDocument(target);
    // Run from the palette while a graph has the focus: that graph's template.
    const focusedGraph = !target && !vscode.window.activeTextEditor ? [...this.panels.values()].find((p) => p.active) : undefined;
    if (focusedGraph) return focusedGraph.firstDrawing();
    if (!document) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a sync job template (*.synctemplate.json) to see its graph.'));
      return undefined;
    }
    const key = document.uri.toString();
    let panel = this.panels.get(key);
    if (panel) panel.reveal();
    else {
      const webviewPanel = vscode.window.createWebviewPanel(
        GRAPH_VIEW_TYPE,
        GraphPanel.title(document.uri),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        GraphPanel.options(this.context.extensionUri),
      );
      panel = this.attach(webviewPanel, document);
    }
    return panel.firstDrawing();
  }

  private async targetDocument(target?: vscode.Uri | { uri?: string | vscode.Uri }): Promise<vscode.TextDocument | undefined> {
    const raw = target instanceof vscode.Uri ? target : target?.uri;
    const uri = typeof raw === 'string' ? vscode.Uri.parse(raw) : raw;
    let document: vscode.TextDocument | undefined;
    try {
      document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    } catch {
      document = undefined; // a file that cannot be opened (deleted, no permission) has no graph
    }
    return document?.languageId === LANGUAGE_ID ? document : undefined;
  }

  /** After a window reload: reopen the template the panel showed, or close the panel if it is gone. */
  private async restore(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const uri = typeof state === 'object' && state !== null && typeof (state as GraphWebviewState).uri === 'string' ? (state as GraphWebviewState).uri : undefined;
    let document: vscode.TextDocument | undefined;
    try {
      document = uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)) : undefined;
    } catch {
      document = undefined; // deleted or moved since
    }
    if (!document || document.languageId !== LANGUAGE_ID || this.panels.has(document.uri.toString())) {
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = GraphPanel.options(this.context.extensionUri);
    webviewPanel.title = GraphPanel.title(document.uri);
    this.attach(webviewPanel, document);
  }

  private attach(webviewPanel: vscode.WebviewPanel, document: vscode.TextDocument): GraphPanel {
    const key = document.uri.toString();
    const panel = new GraphPanel(webviewPanel, document, this.context.extensionUri, () => {
      this.panels.delete(key);
      forgetGraphDocument(key);
    });
    this.panels.set(key, panel);
    return panel;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

class GraphPanel {
  private graph: TemplateGraph | undefined;
  private graphVersion = -1;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly drawWaiters: ((result: ShowGraphResult) => void)[] = [];
  private lastDrawing: ShowGraphResult | undefined;
  private disposed = false;

  static title(uri: vscode.Uri): string {
    const name = uri.path.split('/').pop() ?? uri.path;
    return vscode.l10n.t('Graph: {0}', name);
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewOptions {
    // Scripts run, but only the bundles from dist/ can load (see the CSP in graphHtml).
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
  }

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private document: vscode.TextDocument,
    extensionUri: vscode.Uri,
    private readonly onDispose: () => void,
  ) {
    panel.webview.html = graphHtml(panel.webview, extensionUri, strings());
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.received(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  get active(): boolean {
    return this.panel.active;
  }

  /** Resolves once the webview has drawn the current graph (or after a timeout). */
  firstDrawing(): Promise<ShowGraphResult> {
    if (this.lastDrawing) return Promise.resolve(this.lastDrawing);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ uri: this.document.uri.toString(), drawn: false, nodes: 0, edges: 0, layoutMs: 0 }), FIRST_DRAW_TIMEOUT_MS);
      this.drawWaiters.push((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }

  documentChanged(document: vscode.TextDocument): void {
    this.document = document;
    this.scheduleRedraw();
  }

  scheduleRedraw(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.redraw();
    }, REDRAW_DELAY_MS);
  }

  cursorMoved(editor: vscode.TextEditor): void {
    if (!this.ready || !this.graph || editor.document.version !== this.graphVersion) return; // the redraw sends the selection
    this.post({ type: 'select', id: this.selectedIn(editor) });
  }

  private selectedIn(editor: vscode.TextEditor | undefined): string | undefined {
    return editor && this.graph ? nodeAt(this.graph, editor.selection.active)?.id : undefined;
  }

  private currentGraph(): TemplateGraph {
    if (!this.graph || this.graphVersion !== this.document.version) {
      const text = TextDocument.create(this.document.uri.toString(), LANGUAGE_ID, this.document.version, this.document.getText());
      this.graph = graphOfDocument(text);
      this.graphVersion = this.document.version;
    }
    return this.graph;
  }

  private redraw(): void {
    if (!this.ready || this.disposed) return;
    const graph = this.currentGraph();
    const diagnostics = vscode.languages.getDiagnostics(this.document.uri);
    const errors = countsByNode(graph, diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error));
    const warnings = countsByNode(graph, diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    const nodes: ViewNode[] = graph.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      label: n.label,
      ...(n.detail !== undefined ? { detail: n.detail } : {}),
      ...(n.loopOn !== undefined ? { loopOn: n.loopOn } : {}),
      errors: errors.get(n.id) ?? 0,
      warnings: warnings.get(n.id) ?? 0,
    }));
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.document.uri.toString());
    this.post({ type: 'graph', uri: this.document.uri.toString(), version: this.graphVersion, nodes, edges: graph.edges, selected: this.selectedIn(editor) });
  }

  private received(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        // Also after the webview was hidden and shown again: it starts from nothing.
        this.ready = true;
        this.redraw();
        return;
      case 'reveal':
        void this.revealNode(message.id, message.focusEditor);
        return;
      case 'rendered': {
        this.lastDrawing = { uri: this.document.uri.toString(), drawn: true, nodes: message.nodes, edges: message.edges, layoutMs: message.layoutMs };
        for (const resolve of this.drawWaiters.splice(0)) resolve(this.lastDrawing);
        return;
      }
    }
  }

  /** Selects the node's name (or resource) in an editor showing the template, opening one if none does. */
  private async revealNode(id: string, focusEditor: boolean): Promise<void> {
    const node = this.currentGraph().nodes.find((n) => n.id === id);
    if (!node?.selectionRange) return;
    const { start, end } = node.selectionRange;
    const selection = new vscode.Selection(start.line, start.character, end.line, end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.document.uri.toString());
    const viewColumn = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    if (this.document.isClosed) this.document = await vscode.workspace.openTextDocument(this.document.uri);
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn, preserveFocus: !focusEditor, selection });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const resolve of this.drawWaiters.splice(0)) resolve({ uri: this.document.uri.toString(), drawn: false, nodes: 0, edges: 0, layoutMs: 0 });
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

/** The webview's strings, localised here (the webview has no l10n of its own). */
function strings(): GraphStrings {
  return {
    graphLabel: vscode.l10n.t('Template graph'),
    empty: vscode.l10n.t('This template has no steps or nodes to draw yet: add entries to "resources".'),
    notDefined: vscode.l10n.t('not defined'),
    loopOn: 'loop_on',
    dependsOn: 'depends_on',
    persist: 'resources_to_persist',
    zoomIn: vscode.l10n.t('Zoom in'),
    zoomOut: vscode.l10n.t('Zoom out'),
    fit: vscode.l10n.t('Fit'),
    summary: vscode.l10n.t('{0} nodes, {1} edges'),
    errors: vscode.l10n.t('{0} errors'),
    oneError: vscode.l10n.t('1 error'),
    warnings: vscode.l10n.t('{0} warnings'),
    oneWarning: vscode.l10n.t('1 warning'),
    nodeHint: vscode.l10n.t('Click or press Enter to show it in the editor.'),
    referenceHint: vscode.l10n.t('No node has this name. Click or press Enter to show where it is used.'),
    layingOut: vscode.l10n.t('Laying out {0} nodes…'),
  };
}
