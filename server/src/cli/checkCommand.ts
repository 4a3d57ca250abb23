import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { argsFileFor, isArgsFileName } from '../service/argsFile/argsFileNames';
import { createLanguageService } from '../service/languageService';
import type { SynctemplateSettings } from '../service/settings';
import { findFiles } from './findFiles';
import { formatGithub, formatJson, formatSarif, formatText, inDocumentOrder, type FileReport } from './outputFormats';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions {
  readonly patterns: readonly string[];
  readonly format: CheckFormat;
  readonly version: string;
  readonly settings: SynctemplateSettings;
}

export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: 0 clean (warnings allowed), 1 errors found, 2 unusable input. */
export async function runCheck(options: CheckOptions, io: CommandIO): Promise<number> {
  const { files: found, problems } = await findFiles(options.patterns);
  // A template's sample arguments file (<name>.synctemplate.args.json) is checked with it.
  const files = [...new Set(found.flatMap((file) => {
    const args = argsFileFor(file);
    return args && existsSync(args) ? [file, args] : [file];
  }))];
  const readDocument = async (uri: string) => {
    try {
      return TextDocument.create(uri, 'synctemplate', 0, await readFile(fileURLToPath(uri), 'utf8'));
    } catch {
      return undefined;
    }
  };
  const service = createLanguageService({ snippetSupport: false, markdownSupport: false, readDocument });
  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    const document = TextDocument.create(pathToFileURL(resolve(file)).toString(), isArgsFileName(file) ? 'synctemplate-args' : 'synctemplate', 1, text);
    const diagnostics: Diagnostic[] = await service.validate(document, options.settings);
    service.forget(document.uri);
    reports.push({ file, diagnostics: inDocumentOrder(diagnostics) });
  }
  const output = {
    text: () => formatText(reports),
    json: () => formatJson(reports, problems),
    sarif: () => formatSarif(reports, options.version),
    github: () => formatGithub(reports),
  }[options.format]();
  io.stdout(output);
  for (const problem of problems) io.stderr(`synctemplate: ${problem}\n`);
  if (problems.length > 0) return 2;
  const hasErrors = reports.some((report) => report.diagnostics.some((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error));
  return hasErrors ? 1 : 0;
}
