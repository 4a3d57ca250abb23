/**
 * User settings the language service honours. The LSP adapter reads them through
 * `workspace/configuration` (section `synctemplate`); the CLI builds them from flags.
 */

/** A severity a user may give a diagnostic code, or `off` to silence it. */
export type SeverityOverride = 'error' | 'warning' | 'information' | 'hint' | 'off';

const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface SynctemplateSettings {
  /** Diagnostic code → severity (or `off`). Codes not listed keep their default severity. */
  readonly diagnostics: Readonly<Record<string, SeverityOverride>>;
  /** Whether the server formats documents. */
  readonly formatEnable: boolean;
}

/**
 * Settings, or a promise of them: the LSP adapter asks the client for a document's settings and
 * validates while the answer is on its way (they only decide the severities, applied last).
 */
export type PendingSettings = SynctemplateSettings | PromiseLike<SynctemplateSettings>;

export const DEFAULT_SETTINGS: SynctemplateSettings = Object.freeze({
  diagnostics: Object.freeze({}),
  formatEnable: true,
});

export function isSeverityOverride(value: unknown): value is SeverityOverride {
  return typeof value === 'string' && (SEVERITY_OVERRIDES as readonly string[]).includes(value);
}

/**
 * Turns whatever a client sent as configuration into settings. Settings come from users'
 * files and from arbitrary LSP clients, so anything malformed is dropped, never thrown on.
 */
export function normalizeSettings(raw: unknown): SynctemplateSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const source = raw as { diagnostics?: unknown; format?: unknown };
  const diagnostics: Record<string, SeverityOverride> = {};
  if (typeof source.diagnostics === 'object' && source.diagnostics !== null && !Array.isArray(source.diagnostics)) {
    for (const [code, level] of Object.entries(source.diagnostics as Record<string, unknown>)) {
      const normalized = typeof level === 'string' ? level.toLowerCase() : level;
      // Accept the spellings VS Code itself uses for severities too.
      const alias = normalized === 'info' ? 'information' : normalized === 'none' || normalized === 'ignore' ? 'off' : normalized;
      if (isSeverityOverride(alias)) diagnostics[code] = alias;
    }
  }
  let formatEnable = true;
  if (typeof source.format === 'object' && source.format !== null) {
    const enable = (source.format as { enable?: unknown }).enable;
    if (typeof enable === 'boolean') formatEnable = enable;
  }
  return { diagnostics, formatEnable };
}
