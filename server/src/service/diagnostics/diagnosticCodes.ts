import { DiagnosticSeverity } from 'vscode-languageserver-types';

/**
 * Every diagnostic code the service reports itself, with its default severity. The JSON
 * language service's own codes (numbers for syntax errors) pass through unchanged; schema
 * problems that carry no code of their own are given `schema`.
 *
 * Severity policy lives here and in severityPolicy.ts only, so a user override applies the
 * same way to every code.
 */
export const DEFAULT_SEVERITIES = {
  /** A schema problem found by the JSON language service (wrong type, unknown key, bad enum value, …). */
  schema: DiagnosticSeverity.Error,
  /** The document nests deeper than the service analyses. */
  'nesting-depth': DiagnosticSeverity.Error,
} as const satisfies Record<string, DiagnosticSeverity>;

export type SynctemplateCode = keyof typeof DEFAULT_SEVERITIES;

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'synctemplate';
