import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

export interface FileReport {
  readonly file: string;
  /** In document order. */
  readonly diagnostics: readonly Diagnostic[];
}

export function inDocumentOrder(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export function severityName(severity: DiagnosticSeverity | undefined): SeverityName {
  switch (severity ?? DiagnosticSeverity.Error) {
    case DiagnosticSeverity.Error:
      return 'error';
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'information';
    default:
      return 'hint';
  }
}

/** Diagnostic messages may be markdown (LSP 3.18); the CLI prints their text. */
export function messageText(message: Diagnostic['message']): string {
  return typeof message === 'string' ? message : message.value;
}

function oneLine(message: Diagnostic['message']): string {
  return messageText(message).replace(/\s*\n\s*/g, ' ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `file:line:col severity code message`, one line per diagnostic (1-based, like compilers), then a summary. */
export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const counts: Record<SeverityName, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { file, diagnostics } of reports) {
    for (const d of diagnostics) {
      const severity = severityName(d.severity);
      counts[severity]++;
      const code = d.code === undefined ? '' : ` ${d.code}`;
      lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity}${code} ${oneLine(d.message)}`);
    }
  }
  const summary = `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.information + counts.hint, 'note')} in ${plural(reports.length, 'file')}`;
  lines.push(summary);
  return `${lines.join('\n')}\n`;
}

/** Machine-readable report: every file with its diagnostics (1-based positions), plus unusable inputs. */
export function formatJson(reports: readonly FileReport[], problems: readonly string[]): string {
  const files = reports.map(({ file, diagnostics }) => ({
    file,
    diagnostics: diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: severityName(d.severity),
      code: d.code ?? null,
      message: messageText(d.message),
      source: d.source ?? 'synctemplate',
    })),
  }));
  const all = files.flatMap((f) => f.diagnostics);
  const summary = {
    files: files.length,
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    notes: all.filter((d) => d.severity === 'information' || d.severity === 'hint').length,
  };
  return `${JSON.stringify({ files, problems, summary }, null, 2)}\n`;
}

/** GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request. */
export function formatGithub(reports: readonly FileReport[]): string {
  const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const lines: string[] = [];
  for (const { file, diagnostics } of reports) {
    for (const d of diagnostics) {
      const severity = severityName(d.severity);
      const command = severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
      const properties = [
        `file=${escapeProperty(file)}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${d.range.end.character + 1}`,
        `title=${escapeProperty(`synctemplate ${d.code ?? ''}`.trim())}`,
      ];
      lines.push(`::${command} ${properties.join(',')}::${escapeData(messageText(d.message))}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** SARIF 2.1.0, for code-scanning dashboards. */
export function formatSarif(reports: readonly FileReport[], version: string): string {
  const level = (d: Diagnostic) => {
    const severity = severityName(d.severity);
    return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
  };
  const rules = new Map<string, { id: string }>();
  const results = reports.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => {
      const ruleId = String(d.code ?? 'synctemplate');
      rules.set(ruleId, { id: ruleId });
      return {
        ruleId,
        level: level(d),
        message: { text: messageText(d.message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: file.split('\\').join('/') },
              region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
            },
          },
        ],
      };
    }),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'synctemplate', version, informationUri: 'https://truto.one', rules: [...rules.values()] } }, results }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
