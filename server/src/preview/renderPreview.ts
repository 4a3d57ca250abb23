import type { PreviewEntry, PreviewNote, PreviewReport } from './previewTypes';

const MARK: Record<PreviewNote['severity'], string> = { info: 'note', warning: 'WARNING', error: 'ERROR' };

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

function oneLine(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 100 ? `${text.slice(0, 97)}…` : text;
}

function headline(entry: PreviewEntry, number: number): string {
  const what = entry.status === 'request' || (entry.method && entry.resource)
    ? `${entry.method ?? '?'} ${entry.resource ?? '?'}`
    : entry.type;
  const status = entry.status === 'request' ? '' : ` [${entry.status}]`;
  const where = entry.step === entry.resource ? '' : ` (${entry.step})`;
  return `${number}. ${what}${where}${status}`;
}

function context(entry: PreviewEntry): string[] {
  const lines: string[] = [];
  if (entry.loop) lines.push(`loop_on ${entry.loop.path}: element ${entry.loop.index + 1} of ${entry.loop.count} = ${oneLine(entry.loop.element)}`);
  if (entry.parent) lines.push(`for ${entry.parent.synthetic ? 'the SYNTHETIC record' : `record ${entry.parent.index + 1}`} of ${entry.parent.step}: ${oneLine(entry.parent.record)}`);
  return lines;
}

const FIELDS = ['integrated_account_id', 'id', 'query', 'body', 'output'] as const;

function summary(report: PreviewReport): string {
  const requests = report.entries.filter((e) => e.status === 'request').length;
  return `${requests} request${requests === 1 ? '' : 's'}, ${report.entries.length} entr${report.entries.length === 1 ? 'y' : 'ies'}, ${report.unresolved} unresolved`;
}

/** The preview for a terminal. */
export function renderText(report: PreviewReport, title: string): string {
  const lines: string[] = [`Preview of ${title} (${report.format === 'legacy' ? 'runtime 1–3 steps' : 'runtime 4 nodes'}${report.argsFile ? `, sample values from ${report.argsFile}` : ''})`, ''];
  for (const note of report.notes) lines.push(`${MARK[note.severity]}: ${note.message}`);
  if (report.notes.length > 0) lines.push('');
  report.entries.forEach((entry, i) => {
    lines.push(headline(entry, i + 1));
    for (const line of context(entry)) lines.push(`   ${line}`);
    for (const field of FIELDS) {
      if (entry[field] === undefined) continue;
      const text = json(entry[field]);
      lines.push(`   ${field}: ${text.split('\n').join('\n   ')}`);
    }
    for (const note of entry.notes) lines.push(`   ${MARK[note.severity]}${note.field ? ` (${note.field})` : ''}: ${note.message}`);
    lines.push('');
  });
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

/** The preview as markdown, for the editor's read-only document. */
export function renderMarkdown(report: PreviewReport, title: string): string {
  const out: string[] = [
    `# Preview: ${title}`,
    '',
    `${report.format === 'legacy' ? 'Runtime 1–3 steps' : 'Runtime 4 nodes'}${report.argsFile ? ` · sample values from \`${report.argsFile}\`` : ' · no sample arguments file'} · ${summary(report)}. Nothing is sent: this lists what a run would send.`,
    '',
  ];
  for (const note of report.notes) out.push(`> **${MARK[note.severity]}**: ${note.message}`, '>');
  if (report.notes.length > 0) out.push('');
  report.entries.forEach((entry, i) => {
    out.push(`## ${headline(entry, i + 1)}`, '');
    for (const line of context(entry)) out.push(`- ${line.replace(/SYNTHETIC/, '**synthetic**')}`);
    if (context(entry).length > 0) out.push('');
    for (const field of FIELDS) {
      if (entry[field] === undefined) continue;
      out.push(`**${field}**`, '', '```json', json(entry[field]), '```', '');
    }
    for (const note of entry.notes) out.push(`- **${MARK[note.severity]}**${note.field ? ` \`${note.field}\`` : ''}: ${note.message}`);
    if (entry.notes.length > 0) out.push('');
  });
  return `${out.join('\n')}\n`;
}
