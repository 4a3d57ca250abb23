import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { SeverityOverride, SynctemplateSettings } from '../settings';

function toSeverity(level: Exclude<SeverityOverride, 'off'>): DiagnosticSeverity {
  switch (level) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
  }
}

/**
 * Applies the user's `synctemplate.diagnostics` overrides: a code set to `off` is dropped, any
 * other level replaces the severity the diagnostic carries. Codes are matched as strings, so the
 * JSON service's numeric codes (`519` for a trailing comma) can be overridden too.
 *
 * A diagnostic usually carries its code's default severity (diagnosticCodes.ts), but a check may
 * give one finding a different one (an undocumented `default_runtime_version` is a warning, while
 * `runtime-version` is information by default); the user's level for the code still wins.
 */
export function applySeverityPolicy(diagnostics: readonly Diagnostic[], settings: SynctemplateSettings): Diagnostic[] {
  const overrides = settings.diagnostics;
  if (Object.keys(overrides).length === 0) return [...diagnostics];
  const result: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const override = diagnostic.code === undefined ? undefined : overrides[String(diagnostic.code)];
    if (override === 'off') continue;
    result.push(override ? { ...diagnostic, severity: toSeverity(override) } : diagnostic);
  }
  return result;
}
