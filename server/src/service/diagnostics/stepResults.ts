import type { TextDocument } from 'vscode-languageserver-textdocument';
import { INCREMENTAL_MEMO_KEY, type ParsedDocument } from '../parsedDocument';
import { forEachJobTemplateString, forEachStepTemplateString, type PlaceholderString, type Step, type TemplateModel } from '../template/templateModel';
import { keyOfStep } from '../template/step';
import { stepSpans, unchangedStep, type StepSpans } from '../template/stepSpans';
import { argChecks } from './argDiagnostics';
import type { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DEFAULT_SEVERITIES, finding, type SynctemplateCode } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';
import { placeholderChecks } from './placeholderDiagnostics';
import type { PlaceholderCheck } from './placeholderWalk';
import { resourceReferenceChecks } from './resourceReferenceDiagnostics';
import { nodeScopeChecks } from './nodeScopeDiagnostics';
import { addContextKeys } from '../template/addContextKeys';
import { detachedString } from '../text/detachedString';
import { jsonataChecks, type JsonataChecks } from './jsonataDiagnostics';

/**
 * Incremental placeholder checks. After an edit, most steps of a template are unchanged, so their
 * findings are reused from the previous version instead of walked again. A step's findings depend
 * only on its own text and on the template's structure (arguments, step keys, depends_on, runtime
 * format), so a step is reused when the structure signature is the same (then so are the steps
 * and their order) and its text is equal to the same step's text before (a string comparison,
 * cheaper than hashing every step). Positions are kept relative to the step, and quick fixes of a
 * reused finding are recomputed from the current version when asked for.
 */

/**
 * A finding of one step, relative to the step's start offset. Its message is a copy
 * (detachedString): reused version after version, a message quoting the step's text would
 * otherwise keep the text of the version that first found it alive.
 */
interface StepFinding {
  readonly code: SynctemplateCode;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** Set when the check gave this finding a severity other than its code's default. */
  readonly severity?: DiagnosticSeverity;
}

/**
 * The results of one version, by step position (with an equal signature, the steps are the same
 * ones in the same order). Parallel lists rather than a record per step: a 10,000-step template
 * keeps these for every open document.
 */
interface StepResults extends StepSpans {
  readonly signature: string;
  readonly findings: readonly (readonly StepFinding[])[];
  /** Arguments each step's placeholders read (for unused-arg); equal lists are one list. */
  readonly usedArgs: readonly (readonly string[])[];
}

/**
 * What a step's findings may depend on besides its own text: the arguments, and every fact the
 * graph answers from (keys and depends_on; in runtime 4 also each node's type, a request's
 * resource path, what a destination persists) and the keys add_context nodes add.
 */
function structureSignature(model: TemplateModel, contextKeys: readonly string[]): string {
  const parts: string[] = [model.format, model.args.shape, String(model.args.knowable), [...model.args.args.keys()].join('\u0001')];
  if (model.format === 'legacy') {
    // keyOfStep, not model.graph.keyOf: see stepTemplateFields (templateModel.ts) on hot code calling a version's closures.
    for (const step of model.steps) parts.push(`${keyOfStep(step, model.format) ?? ''}\u0002${step.dependsOn?.value ?? ''}`);
  } else {
    parts.push(contextKeys.join('\u0001'));
    for (const step of model.steps) {
      const type = step.type?.value ?? '';
      const resource = type === 'request' ? (step.resource?.value ?? '') : '';
      const persisted = step.resourcesToPersist?.map((entry) => entry.value).join('\u0003') ?? '';
      parts.push(`${step.name?.value ?? ''}\u0002${step.dependsOn?.value ?? ''}\u0002${type}\u0002${resource}\u0002${persisted}`);
    }
  }
  return parts.join('\u0000');
}

/** The shared empty list (findings, arguments) of the many steps that have none. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * One list per distinct set of argument names within a version: most steps of a template read
 * the same few arguments, so thousands of steps share a handful of lists. Looked up by the
 * names in order; a set holds each name once.
 */
class ArgListPool {
  private readonly lists = new Map<string, readonly string[]>();

  listOf(names: ReadonlySet<string>): readonly string[] {
    if (names.size === 0) return NONE;
    const list = [...names];
    const key = list.join('\u0000');
    const known = this.lists.get(key);
    if (known) return known;
    this.lists.set(key, list);
    return list;
  }
}

function messageOf(f: Finding): string {
  return typeof f.diagnostic.message === 'string' ? f.diagnostic.message : f.diagnostic.message.value;
}

/** Every check the shared walk runs, in order. */
function stepChecks(parsed: ParsedDocument, model: TemplateModel, findings: Finding[]): { args: ReturnType<typeof argChecks>; checks: PlaceholderCheck[]; contextKeys: readonly string[]; jsonata: JsonataChecks } {
  const document = parsed.document;
  const contextKeys = addContextKeys(parsed).map((key) => key.name);
  const args = argChecks(document, model, findings);
  const checks: PlaceholderCheck[] = [
    args,
    resourceReferenceChecks(document, model, findings, new Set(contextKeys)),
    nodeScopeChecks(document, model, findings),
    placeholderChecks(document, findings),
  ];
  // JSONata fields (jsonataDiagnostics.ts) are checked per step too, so reused steps keep their findings.
  return { args, checks, contextKeys, jsonata: jsonataChecks(document, model, findings, args) };
}

/** Runs the placeholder checks on one step only, on a scratch list (for fresh quick fixes). */
function freshStepFindings(parsed: ParsedDocument, model: TemplateModel, step: Step): Finding[] {
  const scratch: Finding[] = [];
  const { checks, jsonata } = stepChecks(parsed, model, scratch);
  forEachStepTemplateString(parsed, model, step, (string) => visitString(checks, string));
  jsonata.step(step, new Set());
  return scratch;
}

/** The arguments a string's placeholders read. */
function addArgNames(string: PlaceholderString, into: Set<string>): void {
  for (const placeholder of string.placeholders) for (const path of placeholder.paths) if (path.argName !== undefined) into.add(path.argName);
}

function visitString(checks: readonly PlaceholderCheck[], string: PlaceholderString): void {
  for (const check of checks) check.string?.(string);
  for (const placeholder of string.placeholders) for (const check of checks) check.placeholder?.(string, placeholder);
}

/**
 * The placeholder findings of the whole template, pushed onto `findings`: reused for unchanged
 * steps, walked for the others and the job-level fields. Then every check's `finish` runs.
 */
export function placeholderFindings(parsed: ParsedDocument, model: TemplateModel, findings: Finding[]): void {
  const document: TextDocument = parsed.document;
  const text = document.getText();
  const { args, checks, contextKeys, jsonata } = stepChecks(parsed, model, findings);
  const signature = structureSignature(model, contextKeys);
  const previous = parsed.previousResults<StepResults>();
  const reusable = previous && previous.signature === signature ? previous : undefined;
  const count = model.steps.length;
  const spans = stepSpans(model.steps);
  const stepFindingLists: (readonly StepFinding[])[] = new Array<readonly StepFinding[]>(count);
  const usedArgLists: (readonly string[])[] = new Array<readonly string[]>(count);
  // One scratch set for every walked step (cleared per step), and shared lists: a first open of a
  // 10,000-step template otherwise allocates a set and three arrays per step.
  const usedArgs = new Set<string>();
  const sharedArgLists = new ArgListPool();

  model.steps.forEach((step, position) => {
    const base = step.node.offset;
    if (reusable && unchangedStep(reusable, text, spans, position)) {
      const knownFindings = reusable.findings[position];
      const knownArgs = reusable.usedArgs[position];
      stepFindingLists[position] = knownFindings;
      usedArgLists[position] = knownArgs;
      args.markUsed(knownArgs);
      for (const f of knownFindings) {
        const start = base + f.start;
        const end = base + f.end;
        const reused = finding(document, f.code, start, end, f.message, (): readonly QuickFix[] => {
          const fresh = freshStepFindings(parsed, model, step).find(
            (candidate) => candidate.diagnostic.code === f.code && document.offsetAt(candidate.diagnostic.range.start) === start && document.offsetAt(candidate.diagnostic.range.end) === end,
          );
          return fresh?.fixes?.() ?? [];
        });
        // Keep a severity the check chose for this one finding (placeholder-in-jsonata that breaks the parse).
        findings.push(f.severity === undefined ? reused : { ...reused, diagnostic: { ...reused.diagnostic, severity: f.severity } });
      }
      return;
    }
    const first = findings.length;
    usedArgs.clear();
    forEachStepTemplateString(parsed, model, step, (string) => {
      visitString(checks, string);
      addArgNames(string, usedArgs);
    });
    jsonata.step(step, usedArgs);
    const used = sharedArgLists.listOf(usedArgs);
    args.markUsed(used);
    let stepFindings: readonly StepFinding[] = NONE;
    if (findings.length > first) {
      const list: StepFinding[] = [];
      for (let i = first; i < findings.length; i++) {
        const f = findings[i];
        const code = f.diagnostic.code as SynctemplateCode;
        const severity = f.diagnostic.severity !== DEFAULT_SEVERITIES[code] ? f.diagnostic.severity : undefined;
        list.push({ code, start: document.offsetAt(f.diagnostic.range.start) - base, end: document.offsetAt(f.diagnostic.range.end) - base, message: detachedString(messageOf(f)), ...(severity === undefined ? {} : { severity }) });
      }
      stepFindings = list;
    }
    stepFindingLists[position] = stepFindings;
    usedArgLists[position] = used;
  });

  const jobArgs = new Set<string>();
  forEachJobTemplateString(parsed, model, (string) => {
    visitString(checks, string);
    addArgNames(string, jobArgs);
  });
  jsonata.job(jobArgs);
  args.markUsed([...jobArgs]);
  for (const check of checks) check.finish?.();
  parsed.memo<StepResults>(INCREMENTAL_MEMO_KEY, () => ({ signature, text, spans, findings: stepFindingLists, usedArgs: usedArgLists }));
  // What the next version needs is in this version's memo: the older one can go.
  parsed.releasePreviousResults();
}
