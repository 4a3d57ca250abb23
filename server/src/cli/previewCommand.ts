import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { argsFileFor, isArgsFileName, templateFor } from '../service/argsFile/argsFileNames';
import { createLanguageService } from '../service/languageService';
import type { SynctemplateSettings } from '../service/settings';
import { loadPreviewEngine } from '../preview/loadPreviewEngine';
import type { CommandIO } from './checkCommand';
import { formatText, inDocumentOrder } from './outputFormats';
import { fileErrorCode } from './readInput';

export const PREVIEW_FORMATS = ['text', 'json'] as const;
export type PreviewFormat = (typeof PREVIEW_FORMATS)[number];

export interface PreviewOptions {
  readonly file: string;
  /** The sample arguments file; default: `<name>.synctemplate.args.json` beside the template. */
  readonly args?: string;
  readonly format: PreviewFormat;
  readonly settings: SynctemplateSettings;
  /** Where dist/preview.js is (the CLI bundle's own directory). */
  readonly engineDirectory: string;
}

function read(file: string, io: CommandIO, what: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`synctemplate: ${file}: the ${what} cannot be read (${fileErrorCode(error)})\n`);
    return undefined;
  }
}

/**
 * `synctemplate preview <file>`: every request a run would make with the sample values, resolved
 * by Truto's own engines, sending nothing. Exit 0 when every request resolved, 1 when the
 * template has errors or a request could not be resolved, 2 when a file cannot be read.
 */
export async function runPreview(options: PreviewOptions, io: CommandIO): Promise<number> {
  // Given the args file by mistake: preview its template.
  const file = isArgsFileName(options.file) ? (templateFor(options.file) ?? options.file) : options.file;
  const templateText = read(file, io, 'template');
  if (templateText === undefined) return 2;
  const argsFile = options.args ?? argsFileFor(file);
  let argsText: string | undefined;
  if (argsFile !== undefined && (options.args !== undefined || existsSync(argsFile))) {
    argsText = read(argsFile, io, 'sample arguments file');
    if (argsText === undefined) return 2;
  }

  // The template's own errors (and the args file's) come first: a run would be refused anyway.
  const templateUri = pathToFileURL(resolve(file)).toString();
  const template = TextDocument.create(templateUri, 'synctemplate', 1, templateText);
  const service = createLanguageService({ snippetSupport: false, markdownSupport: false, readDocument: async (uri) => (uri === templateUri ? template : undefined) });
  const reports = [{ file, diagnostics: inDocumentOrder(await service.validate(template, options.settings)) }];
  if (argsText !== undefined && argsFile !== undefined) {
    // Checked as the args file of this template, whatever its name.
    const argsUri = argsFileFor(templateUri) ?? `${templateUri}.args.json`;
    const argsDocument = TextDocument.create(argsUri, 'synctemplate-args', 1, argsText);
    reports.push({ file: argsFile, diagnostics: inDocumentOrder(await service.validate(argsDocument, options.settings)) });
  }
  const isError = (severity: DiagnosticSeverity | undefined) => (severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error;
  const errors = reports.some((r) => r.diagnostics.some((d) => isError(d.severity)));

  const engine = loadPreviewEngine(options.engineDirectory);
  const report = await engine.previewTemplate({ templateText, ...(argsText !== undefined ? { argsText } : {}), ...(argsText !== undefined && argsFile ? { argsFile } : {}) });
  if (options.format === 'json') {
    const problems = reports.flatMap((r) => r.diagnostics.filter((d) => isError(d.severity)).map((d) => ({ file: r.file, line: d.range.start.line + 1, column: d.range.start.character + 1, code: d.code ?? null, message: typeof d.message === 'string' ? d.message : d.message.value })));
    io.stdout(`${JSON.stringify({ template: file, ...report, errors: problems }, null, 2)}\n`);
  } else {
    if (errors) io.stdout(formatText(reports.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => isError(d.severity)) }))) + '\n');
    io.stdout(engine.renderText(report, file));
  }
  return errors || report.unresolved > 0 ? 1 : 0;
}
