import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, QuickFix } from './finding';

/**
 * Every diagnostic code the service reports itself, with its default severity. The JSON
 * language service's syntax errors keep their numeric codes; its schema problems are `schema`.
 * Severity policy lives here and in severityPolicy.ts only, so an override applies the same
 * way to every code.
 */
export const DEFAULT_SEVERITIES = {
  /** A schema problem found by the JSON language service (wrong type, unknown key, bad enum value, …). */
  schema: DiagnosticSeverity.Error,
  /** The document nests deeper than the service analyses. */
  'nesting-depth': DiagnosticSeverity.Error,
  /** `{{args.x}}` or `loop_on` names an argument `args_schema` does not declare. */
  'unknown-arg': DiagnosticSeverity.Error,
  /** `{{resources.a.b…}}` reads a step that is not upstream through `depends_on`. */
  'unknown-resource': DiagnosticSeverity.Error,
  /** A placeholder root one edit away from `args` or `resources`. */
  'unknown-root': DiagnosticSeverity.Warning,
  /** `depends_on` names no step. */
  'depends-on-unknown': DiagnosticSeverity.Error,
  /** `depends_on` forms a cycle. */
  'depends-on-cycle': DiagnosticSeverity.Error,
  /** Two steps share the `resource` path a `depends_on` names (legacy; runtime 4 names are errors). */
  'duplicate-step': DiagnosticSeverity.Warning,
  /** `loop_on` names an argument whose declared type is not `array`. */
  'loop-on-not-array': DiagnosticSeverity.Warning,
  /** `loop_on` written as `args.x` or `{{args.x}}` instead of the bare name. */
  'loop-on-form': DiagnosticSeverity.Warning,
  /** An argument is declared and never used. */
  'unused-arg': DiagnosticSeverity.Warning,
  /** `{{…}}` the engine does not read as a placeholder (sent literally), or reads surprisingly. */
  'placeholder-syntax': DiagnosticSeverity.Warning,
  /** A placeholder that makes the engine throw at run time. */
  'placeholder-type': DiagnosticSeverity.Error,
  /** A cast inside a longer string, where the result is always text. */
  'cast-has-no-effect': DiagnosticSeverity.Warning,
  /** `{{a|b}}` where `b` looks like a literal: `|` is a path fallback. */
  'fallback-looks-literal': DiagnosticSeverity.Information,
  /** `args_schema` written as a JSON string. */
  'args-schema-string': DiagnosticSeverity.Warning,
  /** `default_runtime_version` missing, or `integration_name` set above runtime 4. */
  'runtime-version': DiagnosticSeverity.Information,
  /** Two runtime 4 nodes share a `name` (on every copy). */
  'duplicate-node-name': DiagnosticSeverity.Error,
  /** A `resources_to_persist` entry names no node. */
  'unknown-node': DiagnosticSeverity.Error,
  /** `{{previous_run_date}}` in a runtime 4 template (legacy only; read a cursor with `get_state`). */
  'legacy-root-in-v4': DiagnosticSeverity.Warning,
  /** `{{payload.…}}` outside a destination's config. */
  'payload-outside-destination': DiagnosticSeverity.Warning,
  /** State nodes without a job-level `state_key`. */
  'state-without-state-key': DiagnosticSeverity.Warning,
  /** `update_state` not downstream of an `event` node named `complete`. */
  'cursor-advances-on-failure': DiagnosticSeverity.Warning,
  /** A destination `config.id` that is a literal rather than an argument. */
  'destination-id-literal': DiagnosticSeverity.Information,
  /** A JSONata field does not parse. */
  'jsonata-syntax': DiagnosticSeverity.Error,
  /** `$f(…)` is neither a JSONata built-in, nor a Truto extension, nor bound in the expression. */
  'jsonata-unknown-function': DiagnosticSeverity.Error,
  /** A dashed name without backticks (JSONata reads `a-b` as a subtraction). */
  'jsonata-dashed-name': DiagnosticSeverity.Warning,
  /** `{{…}}` inside JSONata, where nothing replaces it. */
  'placeholder-in-jsonata': DiagnosticSeverity.Warning,
  /** Sample arguments file: a required argument of args_schema is missing. */
  'sample-arg-missing': DiagnosticSeverity.Error,
  /** Sample arguments file: a value whose JSON type is not the declared type. */
  'sample-arg-type': DiagnosticSeverity.Error,
  /** Sample arguments file: a value that does not match the argument's `format` (date, date-time, uuid, email, uri, Truto ids). */
  'sample-arg-format': DiagnosticSeverity.Warning,
  /** Sample arguments file: an argument args_schema does not declare. */
  'sample-arg-unknown': DiagnosticSeverity.Warning,
  /** Sample arguments file: `records` keyed by a step or node the template does not have. */
  'sample-records-unknown-step': DiagnosticSeverity.Warning,
  /** Sample arguments file with no template beside it. */
  'sample-args-no-template': DiagnosticSeverity.Information,
} as const satisfies Record<string, DiagnosticSeverity>;

export type SynctemplateCode = keyof typeof DEFAULT_SEVERITIES;

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'synctemplate';

/** Codes whose diagnostics mark code that has no effect (editors fade it). */
const UNNECESSARY: ReadonlySet<SynctemplateCode> = new Set(['unused-arg']);

/** A finding with our code, its default severity, and a range given as document offsets. */
export function finding(
  document: TextDocument,
  code: SynctemplateCode,
  start: number,
  end: number,
  message: string,
  fixes?: () => readonly QuickFix[],
): Finding {
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(start), end: document.positionAt(end) },
    severity: DEFAULT_SEVERITIES[code],
    code,
    source: DIAGNOSTIC_SOURCE,
    message,
    ...(UNNECESSARY.has(code) ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
  return fixes ? { diagnostic, fixes } : { diagnostic };
}
