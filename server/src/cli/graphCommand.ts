import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { graphOfDocument } from '../graph/graphOfDocument';
import { countsByNode } from '../graph/graphProblems';
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from '../graph/graphText';
import { createLanguageService } from '../service/languageService';
import type { SynctemplateSettings } from '../service/settings';
import type { CommandIO } from './checkCommand';
import { readTemplateFile } from './readInput';

export { GRAPH_FORMATS };

export interface GraphOptions {
  readonly file: string;
  readonly format: GraphFormat;
  readonly settings: SynctemplateSettings;
}

/**
 * Prints the template's step or node graph (the one the editor's graph panel draws), with each
 * node's error count from the same checks as `check`. Exit codes: 0 printed, 2 unreadable input.
 * Errors in the template do not fail the command: `check` is the gate, this is the picture.
 */
export async function runGraph(options: GraphOptions, io: CommandIO): Promise<number> {
  const text = readTemplateFile(options.file, io);
  if (text === undefined) return 2;
  const document = TextDocument.create(pathToFileURL(resolve(options.file)).toString(), 'synctemplate', 1, text);
  const graph = graphOfDocument(document);
  const service = createLanguageService({ snippetSupport: false, markdownSupport: false });
  const diagnostics = await service.validate(document, options.settings);
  const errors = countsByNode(graph, diagnostics.filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error));
  io.stdout(renderGraph(graph, options.format, errors));
  return 0;
}
