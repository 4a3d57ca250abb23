/**
 * What the preview reports: every request (and, in runtime 4, every node) a run would go
 * through with the sample arguments, in run order. Plain JSON: the CLI prints it with
 * `--format json`, and the editor renders it as markdown.
 */

export type NoteSeverity = 'info' | 'warning' | 'error';

export interface PreviewNote {
  readonly severity: NoteSeverity;
  /** Where in the step: `id`, `query.updated_at.gt`, `run_if`, … (absent for the step as a whole). */
  readonly field?: string;
  readonly message: string;
}

export type EntryStatus =
  /** A request the run would send (the resolved values are what the API receives). */
  | 'request'
  /** A node evaluated offline (transform, add_context, get_state, spool, event). */
  | 'evaluated'
  /** A node that writes somewhere or calls out; listed with what it would receive. */
  | 'not-simulated'
  /** Not run: `run_if` was falsy, or an upstream node did not run. */
  | 'skipped'
  /** The engine threw, a JSONata expression failed, or the step cannot run (a cycle). */
  | 'error';

export interface PreviewEntry {
  /** The step's resource path (runtime 1–3) or the node's name (runtime 4). */
  readonly step: string;
  /** Index of the step in `resources`. */
  readonly index: number;
  /** `step` in runtime 1–3; the node type in runtime 4. */
  readonly type: string;
  readonly status: EntryStatus;
  readonly method?: string;
  readonly resource?: string;
  readonly integrated_account_id?: unknown;
  readonly id?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
  /** Which `loop_on` element this request is for. */
  readonly loop?: { readonly path: string; readonly index: number; readonly count: number; readonly element: unknown };
  /** Which parent record this request is for (runtime 1–3 `depends_on`). */
  readonly parent?: { readonly step: string; readonly index: number; readonly synthetic: boolean; readonly record: unknown };
  /** What the node produced or would receive (transform output, state value, destination body, …). */
  readonly output?: unknown;
  /** A placeholder stayed literal, or an engine threw: the run would not send what was meant. */
  readonly unresolved: boolean;
  readonly notes: readonly PreviewNote[];
}

export interface PreviewReport {
  readonly format: 'legacy' | 'nodes';
  readonly runtimeVersion?: unknown;
  /** Where the sample values came from. */
  readonly argsFile?: string;
  /** Notes about the run as a whole (argument defaults used, a missing args file, …). */
  readonly notes: readonly PreviewNote[];
  readonly entries: readonly PreviewEntry[];
  /** Requests (or nodes) that could not be resolved. */
  readonly unresolved: number;
}

/** The sample values of an args file, as JSON. */
export interface SampleValues {
  readonly args: Record<string, unknown>;
  readonly records: Record<string, unknown>;
  readonly state: Record<string, unknown>;
  readonly context: Record<string, unknown>;
}
