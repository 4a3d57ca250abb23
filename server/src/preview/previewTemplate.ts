import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocumentCache } from '../service/parsedDocument';
import { previewLegacy } from './legacyPreview';
import { previewNodes } from './nodePreview';
import { previewModel, runArgs, sampleValues } from './previewModel';
import type { PreviewNote, PreviewReport } from './previewTypes';

export interface PreviewInput {
  /** The template's text (the editor's buffer, unsaved edits included). */
  readonly templateText: string;
  /** The sample arguments file's text; undefined when there is none. */
  readonly argsText?: string;
  /** Shown in the report (a file name or path). */
  readonly argsFile?: string;
}

/** The synthetic run row `sync_job_run` reads in runtime 4 (fixed, so a preview is reproducible). */
const SYNTHETIC_RUN = { id: '<synthetic sync_job_run.id>', status: 'running', started_at: new Date('2024-01-01T00:00:00.000Z') };
/** What `{{previous_run_date}}` is when the args file's state gives none (runtime 1–3). */
const SYNTHETIC_PREVIOUS_RUN_DATE = '1970-01-01T00:00:00.000Z';

const parser = getLanguageService({});

/**
 * Every request a run of the template would make with the sample values, in run order, with
 * placeholders resolved by `@truto/replace-placeholders` and runtime 4 JSONata by
 * `@truto/truto-jsonata`. Never throws on any template or args file; never touches the network.
 */
export async function previewTemplate(input: PreviewInput): Promise<PreviewReport> {
  const notes: PreviewNote[] = [];
  const document = TextDocument.create('synctemplate-preview://template', 'synctemplate', 1, input.templateText);
  const parsed = new ParsedDocumentCache(parser).get(document);
  const preview = previewModel(parsed);
  const { model } = preview;
  if (!parsed.json?.root || !model.root) {
    return { format: model.format, notes: [{ severity: 'error', message: 'The template is not a JSON object: nothing to preview.' }], entries: [], unresolved: 1 };
  }
  if (input.argsText === undefined) {
    notes.push({ severity: 'info', message: 'No sample arguments file: every argument is missing. Create <name>.synctemplate.args.json beside the template ({ "args": {…}, "records": {…}, "state": {…} }).' });
  }
  const sample = sampleValues(input.argsText, notes);
  const args = runArgs(model, sample.args, notes);
  let entries;
  if (model.format === 'legacy') {
    const hasDate = Object.prototype.hasOwnProperty.call(sample.state, 'previous_run_date');
    const usesDate = input.templateText.includes('previous_run_date');
    if (usesDate && !hasDate) notes.push({ severity: 'info', message: `{{previous_run_date}} is the previous run's date, supplied by Truto; the preview uses ${SYNTHETIC_PREVIOUS_RUN_DATE} (set "state": { "previous_run_date": … } in the args file to choose).` });
    const base = { ...sample.context, args, previous_run_date: hasDate ? sample.state.previous_run_date : SYNTHETIC_PREVIOUS_RUN_DATE };
    entries = previewLegacy(preview, sample, base);
  } else {
    const base = { sync_job_run: SYNTHETIC_RUN, ...sample.context, args };
    entries = await previewNodes(preview, sample, base);
  }
  return {
    format: model.format,
    ...(model.runtimeVersion ? { runtimeVersion: model.runtimeVersion.value } : {}),
    ...(input.argsFile ? { argsFile: input.argsFile } : {}),
    notes,
    entries,
    unresolved: entries.filter((e) => e.unresolved).length,
  };
}
