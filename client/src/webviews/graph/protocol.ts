/**
 * Messages between the graph panel (extension host, graphPanel.ts) and its webview
 * (webview/main.ts). Plain data only: both sides are bundled separately.
 */

/** The view type of the panel, also the serializer's key. */
export const GRAPH_VIEW_TYPE = 'synctemplate.graph';

export type GraphNodeKindName =
  | 'request'
  | 'transform'
  | 'spool'
  | 'add_context'
  | 'destination'
  | 'event'
  | 'get_state'
  | 'update_state'
  | 'delete_state'
  | 'step'
  | 'node'
  | 'missing';

export interface ViewNode {
  readonly id: string;
  readonly kind: GraphNodeKindName;
  readonly label: string;
  readonly detail?: string;
  readonly loopOn?: string;
  readonly errors: number;
  readonly warnings: number;
}

export interface ViewEdge {
  readonly id: string;
  readonly kind: 'depends_on' | 'persists';
  readonly from: string;
  readonly to: string;
  readonly inCycle: boolean;
  readonly dangling: boolean;
}

/** Every string the webview shows, localised by the host (vscode.l10n.t). */
export interface GraphStrings {
  readonly graphLabel: string;
  readonly empty: string;
  readonly notDefined: string;
  readonly loopOn: string;
  readonly dependsOn: string;
  readonly persist: string;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly fit: string;
  /** `{0}` nodes, `{1}` edges. */
  readonly summary: string;
  /** `{0}` errors. */
  readonly errors: string;
  readonly oneError: string;
  /** `{0}` warnings. */
  readonly warnings: string;
  readonly oneWarning: string;
  readonly nodeHint: string;
  readonly referenceHint: string;
  /** `{0}` nodes. */
  readonly layingOut: string;
}

export type HostMessage =
  | {
      readonly type: 'graph';
      readonly uri: string;
      /** Document version the graph was read from. */
      readonly version: number;
      readonly nodes: readonly ViewNode[];
      readonly edges: readonly ViewEdge[];
      /** The node holding the editor's cursor. */
      readonly selected: string | undefined;
    }
  | { readonly type: 'select'; readonly id: string | undefined };

export type WebviewMessage =
  | { readonly type: 'ready' }
  /** Show the node in the editor; `focusEditor` moves the keyboard focus there (click, Enter) or not (Space). */
  | { readonly type: 'reveal'; readonly id: string; readonly focusEditor: boolean }
  /** Drawn: how many elements, and how long the layout took (0 when only decorations changed). */
  | { readonly type: 'rendered'; readonly version: number; readonly nodes: number; readonly edges: number; readonly layoutMs: number };

/** What the webview keeps across reloads (vscode.setState), read back by the panel serializer. */
export interface GraphWebviewState {
  readonly uri: string;
  readonly zoom?: number;
}
