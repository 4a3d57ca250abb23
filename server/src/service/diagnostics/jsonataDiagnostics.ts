import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { FUNCTION_CATALOGUE } from '../jsonata/functionCatalogue';
import { forEachJobJsonata, forEachStepJsonata, type JsonataString } from '../jsonata/jsonataFields';
import { jsonataName } from '../jsonata/names';
import { outputKeysOf, type Step } from '../template/step';
import type { TemplateModel } from '../template/templateModel';
import { closestName } from '../text/closestName';
import { replaceOffsets } from '../text/jsonEdits';
import type { UnknownArgReporter } from './argDiagnostics';
import { finding } from './diagnosticCodes';
import type { Finding } from './finding';

/**
 * Checks of the JSONata a template holds (where: jsonata/jsonataFields.ts):
 * - `jsonata-syntax`: the `jsonata` parser rejects the text (at the character it names);
 * - `unknown-arg`: `args.x` not declared (the same code and fixes as placeholders);
 * - `unknown-resource`: `resources.<node>` / `` resources.`<model>`.`<resource>` `` not upstream;
 * - `jsonata-dashed-name`: `resources.knowledge-base` (a subtraction for JSONata);
 * - `placeholder-in-jsonata`: `{{…}}`, which nothing replaces in JSONata;
 * - `jsonata-unknown-function`: `$f(…)` that is neither built in, nor Truto's, nor bound.
 * Only paths read from the expression's input are checked; any other root (sync_job_run,
 * tenant_id, account context keys, add_context keys, variables, payload…) is never reported.
 * Every fact about a text is computed once per distinct text (jsonata/analysis.ts); the checks
 * here only place it, and run per node so that stepResults.ts can reuse unchanged nodes.
 */
export interface JsonataChecks {
  /** Checks one node's JSONata; adds the arguments it reads to `usedArgs`. */
  step(step: Step, usedArgs: Set<string>): void;
  /** Checks the job-level JSONata (`args_validation`). */
  job(usedArgs: Set<string>): void;
}

const LISTED = 5;

export function jsonataChecks(
  document: TextDocument,
  model: TemplateModel,
  findings: Finding[],
  args: { readonly reportUnknown: UnknownArgReporter; readonly checkUnknown: boolean },
): JsonataChecks {
  const text = document.getText();
  const { graph } = model;

  const check = (string: JsonataString, usedArgs: Set<string>): void => {
    const { analysis, raw, field } = string;
    const at = (index: number) => raw.toDocumentOffset(index);
    // Named in messages only: built when a finding is made (most strings have none).
    const whereOf = (): string => (string.step ? `"${field}" of ${describe(string.step)}` : `"${field}"`);

    for (const use of analysis.args) usedArgs.add(use.name);

    // A parse error inside a `{{…}}` written as JSONata syntax (its braces are JSONata's object
    // constructor, not text in a string literal) is the placeholder's doing: one mistake gets one
    // finding, the `placeholder-in-jsonata` below (which then says the expression does not parse).
    const error = analysis.error;
    const causedBy = (p: { start: number; end: number }): boolean =>
      error !== undefined && error.start >= p.start && error.start <= p.end && analysis.tokens.some((t) => t.start === p.start && t.kind === 'operator');
    const errorInPlaceholder = error !== undefined && analysis.placeholders.some(causedBy);
    if (error && !errorInPlaceholder) {
      findings.push(
        finding(document, 'jsonata-syntax', at(error.start), at(error.end), `${whereOf()} is not valid JSONata, so the sync run fails when Truto evaluates it. ${error.message}`),
      );
    }

    for (const placeholder of analysis.placeholders) {
      const inner = placeholder.text.slice(2, -2).trim();
      const path = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(inner) ? inner : undefined;
      const whole = analysis.text.trim() === placeholder.text;
      const start = at(placeholder.start);
      const end = at(placeholder.end);
      const breaks = causedBy(placeholder);
      const found = finding(
          document,
          'placeholder-in-jsonata',
          start,
          end,
          `${placeholder.text} is inside JSONata (${whereOf()}), where placeholders are not replaced: ${
            breaks
              ? 'JSONata reads the braces as its own syntax, so the expression does not parse and the sync run fails when Truto evaluates it'
              : 'JSONata reads the braces as its own syntax or text'
          }. Read the value with a JSONata path instead${path ? ` (${path})` : ''}.`,
          whole && path ? () => [{ title: `Replace with the JSONata path ${path}`, edits: [replaceOffsets(document, start, end, path)], isPreferred: true }] : undefined,
        );
      // Standing in for the jsonata-syntax error it explains, it keeps that error's weight (a run
      // that fails is an error); the user's level for the code still wins (severityPolicy.ts).
      findings.push(breaks ? { ...found, diagnostic: { ...found.diagnostic, severity: DiagnosticSeverity.Error } } : found);
    }

    for (const dashed of analysis.dashed) {
      const start = at(dashed.start);
      const end = at(dashed.end);
      const parts = dashed.text.split('-');
      findings.push(
        finding(
          document,
          'jsonata-dashed-name',
          start,
          end,
          `JSONata reads ${dashed.root}.${dashed.text} as "${dashed.root}.${parts[0]}" minus "${parts.slice(1).join('-')}", not as the name "${dashed.text}", so it never finds a value. Write the name in backticks: ${dashed.root}.\`${dashed.text}\`.`,
          () => [{ title: `Add backticks: \`${dashed.text}\``, edits: [replaceOffsets(document, start, end, `\`${dashed.text}\``)], isPreferred: true }],
        ),
      );
    }

    if (args.checkUnknown) {
      for (const use of analysis.args) {
        if (!use.rootContext || use.dashed || model.args.args.has(use.name)) continue;
        args.reportUnknown(use.name, at(use.start), at(use.end), `${whereOf()} (args.${use.name})`, 'JSONata reads it as undefined at run time', use.backticked ? undefined : jsonataName);
      }
    }

    if (string.step) {
      for (const use of analysis.resources) {
        if (!use.rootContext || use.segments.some((s) => s.dashed)) continue;
        checkResource(string.step, use.segments, at, whereOf);
      }
    }

    for (const call of analysis.calls) {
      if (call.known || call.bound) continue;
      const suggestion = closestName(call.name, FUNCTION_CATALOGUE.keys());
      const start = at(call.start);
      const end = at(call.end);
      findings.push(
        finding(
          document,
          'jsonata-unknown-function',
          start,
          end,
          `$${call.name} is not a JSONata function, a Truto extension, or a function this expression defines: the sync run fails when Truto calls it.${suggestion ? ` Did you mean $${suggestion}?` : ''}`,
          suggestion ? () => [{ title: `Change to $${suggestion}`, edits: [replaceOffsets(document, start, end, `$${suggestion}`)], isPreferred: true }] : undefined,
        ),
      );
    }
  };

  const checkResource = (from: Step, segments: readonly { name: string; start: number; end: number; backticked: boolean }[], at: (index: number) => number, whereOf: () => string): void => {
    const first = segments[0].name;
    // The common case first, asked of the upstream index directly (no set, no key string).
    if (graph.hasUpstreamKey(from, first)) return;
    const unified = segments.length > 1 ? `${first}/${segments[1].name}` : undefined;
    if (unified !== undefined && graph.hasUpstreamKey(from, unified)) return;
    const where = whereOf();
    const upstream = graph.upstream(from);
    // `resources.ticketing` alone reads every output under a request path's first segment.
    for (const source of upstream) if (source.type?.value === 'request' && source.resource?.value.startsWith(`${first}/`)) return;
    // A node whose own keys are read here: the node's output does not exist yet, unless it is an
    // unnamed or unusual shape; say nothing when the node has no name (nothing can be known).
    if (!from.name) return;

    const byName = graph.stepsWithKey(first);
    const byPath = unified !== undefined ? graph.stepsWithOutputKey(unified) : [];
    const twoSegments = byName.length === 0 && unified !== undefined && byPath.length > 0;
    const last = segments[twoSegments ? 1 : 0];
    const start = at(segments[0].start);
    const end = at(last.end);
    const read = `resources.${twoSegments ? `${first}.${segments[1].name}` : first}`;
    const self = from.name.value;
    const candidates = byName.length > 0 ? byName : byPath;
    if (candidates.length > 0) {
      const targetName = candidates[0].name?.value;
      const what = byName.length > 0 ? `the output of node "${first}"` : `the output of the request node ${describe(candidates[0])}`;
      const isSelf = candidates.includes(from);
      findings.push(
        finding(
          document,
          'unknown-resource',
          start,
          end,
          isSelf
            ? `${where} reads ${read}, the output of this node itself, which does not exist while the node decides or computes: JSONata reads it as undefined.`
            : `${where} reads ${what} (${read}), but that node is not upstream of "${self}" through depends_on, so JSONata reads it as undefined at run time.${targetName && !from.dependsOn ? ` Add "depends_on": "${targetName}" to this node.` : ''}`,
        ),
      );
      return;
    }
    const sources = [...upstream].sort((a, b) => a.index - b.index);
    const names = sources.flatMap((s) => outputKeysOf(s, 'nodes')).filter((k) => !k.includes('/'));
    const suggestion = closestName(first, names);
    const listed = sources.slice(0, LISTED).map(describe).join(', ') + (sources.length > LISTED ? ` and ${sources.length - LISTED} more` : '');
    const nameStart = at(segments[0].start);
    const nameEnd = at(segments[0].end);
    findings.push(
      finding(
        document,
        'unknown-resource',
        start,
        end,
        `No node upstream of "${self}" is named "${first}"${unified !== undefined ? ` or syncs "${unified}"` : ''}, so ${where} reads ${read} as undefined at run time.${
          sources.length > 0 ? ` Upstream of this node: ${listed}.` : ' This node has no depends_on, so it cannot read any node output.'
        }${suggestion ? ` Did you mean resources.${jsonataName(suggestion)}?` : ''}`,
        suggestion
          ? () => [{ title: `Change to resources.${jsonataName(suggestion)}`, edits: [replaceOffsets(document, nameStart, nameEnd, segments[0].backticked ? suggestion : jsonataName(suggestion))], isPreferred: true }]
          : undefined,
      ),
    );
  };

  return {
    step: (step, usedArgs) => forEachStepJsonata(text, model, step, (string) => check(string, usedArgs)),
    job: (usedArgs) => forEachJobJsonata(text, model, (string) => check(string, usedArgs)),
  };
}

function describe(step: Step): string {
  const name = step.name ? `"${step.name.value}"` : `node ${step.index + 1}`;
  return step.type?.value === 'request' && step.resource ? `${name} (${step.resource.value})` : name;
}
