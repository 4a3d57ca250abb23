import type { TextDocument } from 'vscode-languageserver-textdocument';
import { INCREMENTAL_MEMO_KEY, type ParsedDocument } from '../parsedDocument';
import { forEachJobTemplateString, forEachStepTemplateString, type PlaceholderString, type Step, type TemplateModel } from '../template/templateModel';
import { argChecks } from './argDiagnostics';
import { finding, type SynctemplateCode } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';
import { placeholderChecks } from './placeholderDiagnostics';
import type { PlaceholderCheck } from './placeholderWalk';
import { resourceReferenceChecks } from './resourceReferenceDiagnostics';

/**
 * Incremental placeholder checks. After an edit, most steps of a template are unchanged, so their
 * findings are reused from the previous version instead of walked again. A step's findings depend
 * only on its own text and on the template's structure (arguments, step keys, depends_on, runtime
 * format), so a step is reused when the structure signature is the same (then so are the steps
 * and their order) and its text is equal to the same step's text before (a string comparison,
 * cheaper than hashing every step). Positions are kept relative to the step, and quick fixes of a
 * reused finding are recomputed from the current version when asked for.
 */

/** A finding of one step, relative to the step's start offset. */
interface StepFinding {
  readonly code: SynctemplateCode;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

interface StepResult {
  /** The step's text, to tell whether it changed. */
  readonly text: string;
  readonly findings: readonly StepFinding[];
  /** Arguments the step's placeholders read (for unused-arg). */
  readonly usedArgs: readonly string[];
}

interface StepResults {
  readonly signature: string;
  /** By step position: with an equal signature, the steps are the same ones in the same order. */
  readonly steps: readonly StepResult[];
}


/** What a step's findings may depend on besides its own text. */
function structureSignature(model: TemplateModel): string {
  const parts: string[] = [model.format, model.args.shape, String(model.args.knowable), [...model.args.args.keys()].join('\u0001')];
  for (const step of model.steps) parts.push(`${model.graph.keyOf(step) ?? ''}\u0002${step.dependsOn?.value ?? ''}`);
  return parts.join('\u0000');
}

function messageOf(f: Finding): string {
  return typeof f.diagnostic.message === 'string' ? f.diagnostic.message : f.diagnostic.message.value;
}

/** Runs the placeholder checks on one step only, on a scratch list (for fresh quick fixes). */
function freshStepFindings(parsed: ParsedDocument, model: TemplateModel, step: Step): Finding[] {
  const scratch: Finding[] = [];
  const checks: PlaceholderCheck[] = [argChecks(parsed.document, model, scratch), resourceReferenceChecks(parsed.document, model, scratch), placeholderChecks(parsed.document, scratch)];
  forEachStepTemplateString(parsed, model, step, (string) => visitString(checks, string));
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
  const args = argChecks(document, model, findings);
  const checks: PlaceholderCheck[] = [args, resourceReferenceChecks(document, model, findings), placeholderChecks(document, findings)];
  const signature = structureSignature(model);
  const previous = parsed.previous?.peek<StepResults>(INCREMENTAL_MEMO_KEY);
  const reusable = previous && previous.signature === signature ? previous.steps : undefined;
  const results: StepResult[] = [];

  model.steps.forEach((step, position) => {
    const base = step.node.offset;
    const stepText = text.slice(base, base + step.node.length);
    const before = reusable?.[position];
    const known = before !== undefined && before.text === stepText ? before : undefined;
    if (known) {
      results.push(known);
      args.markUsed(known.usedArgs);
      for (const f of known.findings) {
        const start = base + f.start;
        const end = base + f.end;
        findings.push(
          finding(document, f.code, start, end, f.message, (): readonly QuickFix[] => {
            const fresh = freshStepFindings(parsed, model, step).find(
              (candidate) => candidate.diagnostic.code === f.code && document.offsetAt(candidate.diagnostic.range.start) === start && document.offsetAt(candidate.diagnostic.range.end) === end,
            );
            return fresh?.fixes?.() ?? [];
          }),
        );
      }
      return;
    }
    const first = findings.length;
    const usedArgs = new Set<string>();
    forEachStepTemplateString(parsed, model, step, (string) => {
      visitString(checks, string);
      addArgNames(string, usedArgs);
    });
    args.markUsed([...usedArgs]);
    const stepFindings: StepFinding[] = [];
    for (let i = first; i < findings.length; i++) {
      const f = findings[i];
      stepFindings.push({ code: f.diagnostic.code as SynctemplateCode, start: document.offsetAt(f.diagnostic.range.start) - base, end: document.offsetAt(f.diagnostic.range.end) - base, message: messageOf(f) });
    }
    results.push({ text: stepText, findings: stepFindings, usedArgs: [...usedArgs] });
  });

  const jobArgs = new Set<string>();
  forEachJobTemplateString(parsed, model, (string) => {
    visitString(checks, string);
    addArgNames(string, jobArgs);
  });
  args.markUsed([...jobArgs]);
  for (const check of checks) check.finish?.();
  parsed.memo<StepResults>(INCREMENTAL_MEMO_KEY, () => ({ signature, steps: results }));
  // What the next version needs is in this version's memo: the older one can go.
  parsed.releasePrevious();
}
