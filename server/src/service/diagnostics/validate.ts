import type { LanguageService as JsonLanguageService } from 'vscode-json-languageservice';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../parsedDocument';
import type { PendingSettings } from '../settings';
import { templateModel } from '../template/templateModel';
import { stepGraphDiagnostics } from './stepGraphDiagnostics';
import { nodeAuthoringDiagnostics } from './nodeAuthoringDiagnostics';
import { nodeLoopOnDiagnostics } from './nodeLoopOnDiagnostics';
import { trutoMergeDiagnostics } from './trutoMergeDiagnostics';
import type { Finding } from './finding';
import { jsonDiagnostics } from './jsonDiagnostics';
import { placeholderFindings } from './stepResults';
import { runtimeVersionDiagnostics } from './runtimeVersionDiagnostics';
import { applySeverityPolicy } from './severityPolicy';
import { unanalysedJsonataTexts } from '../jsonata/jsonataFields';
import { prefetchJsonataAnalyses } from '../jsonata/analysisWorker';

/**
 * What the template itself gets wrong, beyond JSON and the schema: placeholders, arguments,
 * step references, the depends_on graph, the runtime version. Each kind of check lives in a
 * file of its own in this folder. Computed once per document version, and incrementally: the
 * placeholder findings of steps unchanged since the previous version are reused.
 */
export function templateFindings(parsed: ParsedDocument): readonly Finding[] {
  return parsed.memo('findings', () => {
    if (!parsed.json?.root) return [];
    const { document } = parsed;
    const model = templateModel(parsed);
    const findings: Finding[] = [
      ...runtimeVersionDiagnostics(document, model),
      ...stepGraphDiagnostics(document, model),
      ...nodeLoopOnDiagnostics(document, model),
      ...nodeAuthoringDiagnostics(document, model),
      ...trutoMergeDiagnostics(document, model),
    ];
    // One walk over the placeholders for every check that looks at them, reusing unchanged steps.
    placeholderFindings(parsed, model, findings);
    return findings;
  });
}

/**
 * Every diagnostic of a document, after the user's severity overrides. The settings are awaited
 * only for those overrides, once the checks have run: a first open does not wait for the client's
 * answer to `workspace/configuration` before it starts.
 */
export async function validate(parsed: ParsedDocument, jsonService: JsonLanguageService, settings: PendingSettings): Promise<Diagnostic[]> {
  // On a first open (no earlier version's results to reuse), the template's JSONata expressions are
  // parsed at once, in batches: in a worker (analysisWorker.ts) while the JSON service validates the
  // schema here, or, when there are too few to be worth starting one, here once it has; the checks
  // below then read them from the cache. An edit re-checks only the steps it changed, whose few
  // expressions are parsed when asked: no scan of every node on each keystroke.
  const firstAnalysis = parsed.json?.root && parsed.peek('findings') === undefined && parsed.previousResults() === undefined;
  const prefetch = firstAnalysis ? prefetchJsonataAnalyses(unanalysedJsonataTexts(templateModel(parsed))) : undefined;
  const json = await parsed.memo('diagnostics:json', () => jsonDiagnostics(parsed, jsonService));
  await prefetch?.finish();
  const diagnostics = [...json, ...templateFindings(parsed).map((f) => f.diagnostic)];
  return applySeverityPolicy(diagnostics, await settings);
}
