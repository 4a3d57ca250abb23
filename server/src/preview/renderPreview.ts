import type { PreviewEntry, PreviewNote, PreviewReport } from './previewTypes';

const MARK: Record<PreviewNote['severity'], string> = { info: 'note', warning: 'WARNING', error: 'ERROR' };

/** JSON on one line, with a space after `:` and `,` (strings are JSON-escaped as usual). */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : inlineJson(item))).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** JSON that keeps short objects and arrays on one line, so a request reads at a glance. */
export function compactJson(value: unknown, indent = ''): string {
  const flat = inlineJson(value);
  if (flat.length + indent.length <= 72 || typeof value !== 'object' || value === null) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + compactJson(item === undefined ? null : item, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

function json(value: unknown): string {
  return compactJson(value);
}

function oneLine(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 100 ? `${text.slice(0, 97)}…` : text;
}

function headline(entry: PreviewEntry, number: number): string {
  const status = entry.status === 'request' || entry.status === 'evaluated' ? '' : ` [${entry.status.replace('-', ' ')}]`;
  if (entry.method !== undefined && entry.resource !== undefined) {
    const node = entry.step === entry.resource ? '' : ` (${entry.type === 'request' ? 'node' : entry.type} ${entry.step})`;
    return `${number}. ${entry.method} ${entry.resource}${node}${status}`;
  }
  return `${number}. ${entry.step}: ${entry.type}${entry.method !== undefined ? ` · ${entry.method}` : ''}${status}`;
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
    const fields = FIELDS.filter((field) => entry[field] !== undefined);
    if (fields.length > 0) {
      out.push('```json', compactJson(Object.fromEntries(fields.map((field) => [field, entry[field]]))), '```', '');
    }
    for (const note of entry.notes) out.push(`- **${MARK[note.severity]}**${note.field ? ` \`${note.field}\`` : ''}: ${note.message}`);
    if (entry.notes.length > 0) out.push('');
  });
  return `${out.join('\n')}\n`;
}
