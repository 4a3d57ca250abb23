import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { validate } from './diagnostics/validate';
import { ParsedDocumentCache } from './parsedDocument';
import { DEFAULT_SETTINGS } from './settings';
import { AfterValidationsPause } from './validationsPause';
import { STARTER_APIS, STARTERS, starterTemplate } from './starters/starterTemplates';

/**
 * The starter templates (one or more per format), analysed once per process after the first
 * validation of a long-lived service (the language server: LanguageServiceOptions.longLived) and
 * kept for its life, where no feature sees them: under 300 KB of heap (measured with
 * everything a first validation sets up).
 *
 * Why: V8 frees the hidden classes of objects once none is alive (a closed document's parse tree,
 * model and findings), and then deoptimises the code that was optimised for them. With no template
 * open, the next one opened ran partly unoptimised: its first diagnostics took 1.4–1.6× as long as
 * with another template open (the bench's "nothing else open" table; `--trace-deopt`: about 30
 * functions, "weak objects", at every full collection). Keeping one small analysed template of
 * each format alive keeps those classes, as any open template does (a 3-step one did as well as
 * a 10,000-step one): measured at 10,000 steps, CPU time of a first open with nothing else open
 * 387 → 326 ms (chain), 382 → 318 ms (groups), 646 → 531 ms (runtime-4 chain).
 */
let kept: Promise<ParsedDocumentCache | undefined> | undefined;
let stage: 'none' | 'waiting' | 'analysing' | 'done' = 'none';
let startAnalysis: (() => void) | undefined;

/**
 * The kept templates are analysed once the server has validated nothing for VALIDATIONS_PAUSE_MS
 * after its first validation. Not at once: the analysis starts synchronously (a starter parsed and
 * checked before its first await), and the language server writes the first diagnostics on a later
 * turn of the event loop, so they waited for it. Measured over LSP, first diagnostics of a
 * server's first template (median of 7): 58 → 48 ms (200 steps), 172 → 151 ms (2,000), 449 → 429
 * ms (10,000). Not at a fixed delay either: the edits that follow an open then waited for it (the
 * bench's first template over LSP, 100 ms after: its edits 61 ms against the JSON server's 33;
 * with this, 42–51 ms against 42–44). It only matters once no template is open, long after the
 * editing stops.
 */
const analysisPause = new AfterValidationsPause(() => startAnalysis?.());

/**
 * Called on every validation of a long-lived service: the first call schedules the analysis of the
 * kept templates, once per process, and each call until it starts puts it off again
 * (analysisPause). Never throws, never rejects.
 */
export function keepTemplatesAlive(jsonService: JsonLanguageService): void {
  if (stage === 'analysing' || stage === 'done') return;
  if (!kept) {
    stage = 'waiting';
    // An optimisation only: if it fails, nothing is lost but speed.
    kept = new Promise<void>((resolve) => (startAnalysis = resolve))
      .then(() => analyseStarters(jsonService))
      .catch(() => undefined)
      .finally(() => (stage = 'done'));
  }
  analysisPause.validated();
}

/** Where the kept templates are (for tests: the first diagnostics must be out before `analysing`). */
export function keepAliveStage(): typeof stage {
  return stage;
}

/** How many templates are kept (0 before the first validation), once they are analysed: for tests and the bench. */
export async function keptTemplateCount(): Promise<number> {
  return (await kept)?.size ?? 0;
}

/** A cache of its own: no feature of any language service reads these documents. */
async function analyseStarters(jsonService: JsonLanguageService): Promise<ParsedDocumentCache | undefined> {
  stage = 'analysing';
  const api = STARTER_APIS[0]?.api;
  if (api === undefined) return undefined;
  const cache = new ParsedDocumentCache(jsonService);
  for (const starter of STARTERS) {
    const template = starterTemplate(starter.id, api);
    if (!template) continue;
    const document = TextDocument.create(`synctemplate-keep-alive:///${template.fileName}`, 'synctemplate', 1, template.text);
    await validate(cache.get(document), jsonService, DEFAULT_SETTINGS);
  }
  return cache;
}
