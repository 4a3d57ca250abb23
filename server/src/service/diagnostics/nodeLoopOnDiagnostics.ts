import type { TextDocument } from 'vscode-languageserver-textdocument';
import { contextPathOf, type ContextPath } from '../template/references';
import type { Step } from '../template/step';
import type { TemplateModel } from '../template/templateModel';
import { closestName } from '../text/closestName';
import { replaceOffsets } from '../text/jsonEdits';
import { declareArgFix } from './argDiagnostics';
import { addDependsOnFix } from './dependsOnFix';
import { finding } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';

/**
 * Runtime 4 `loop_on`: a path into the context, written without braces. On a request it must
 * resolve to an argument (`unknown-arg`, `loop-on-not-array`) or to the output of a node upstream
 * (`unknown-resource`); on a destination it iterates what is written (`payload.records`). Written in
 * braces, or as a bare argument or node name (the legacy forms), it is `loop-on-form`. A bare name
 * that is neither may be an add_context or account context key: nothing is said.
 */
export function nodeLoopOnDiagnostics(document: TextDocument, model: TemplateModel): Finding[] {
  if (model.format !== 'nodes') return [];
  const findings: Finding[] = [];
  const text = document.getText();
  for (const step of model.steps) {
    if (!step.loopOn) continue;
    const path = contextPathOf(text, step.loopOn);
    if (path) checkLoopOn(document, model, step, path, findings);
  }
  return findings;
}

function checkLoopOn(document: TextDocument, model: TemplateModel, step: Step, path: ContextPath, findings: Finding[]): void {
  const node = step.loopOn!;
  const { graph, args } = model;
  const [root, second] = path.segments;
  const rewrite = (to: string, why: string): void => {
    findings.push(
      finding(document, 'loop-on-form', node.offset, node.offset + node.length, `In runtime 4, "loop_on" is a path into the context, written without braces: ${why} Write "${to}".`, () => [
        { title: `Change to "${to}"`, edits: [replaceOffsets(document, node.offset, node.offset + node.length, JSON.stringify(to))], isPreferred: true },
      ]),
    );
  };
  if (path.form === 'placeholder') {
    rewrite(path.path, 'the braces become part of the path Truto looks up, so it finds nothing to loop over.');
    return;
  }
  if (path.segments.length === 1) {
    const name = root.text;
    if (args.args.has(name)) rewrite(`args.${name}`, `"${name}" alone is looked up at the top of the context, where arguments are not.`);
    else if (graph.stepsWithKey(name).some((s) => graph.upstream(step).has(s))) {
      rewrite(`resources.${name}`, `"${name}" alone is looked up at the top of the context, where node outputs are not.`);
    }
    return;
  }
  if (root.text === 'args') {
    const name = second.text;
    const declared = args.args.get(name);
    if (!declared) {
      if (!args.knowable || !model.root) return;
      const suggestion = closestName(name, args.args.keys());
      findings.push(
        finding(
          document,
          'unknown-arg',
          second.start,
          second.end,
          `"loop_on" names the argument "${name}", which args_schema does not declare: the node has nothing to loop over.${suggestion ? ` Did you mean "${suggestion}"?` : ' Declare it in args_schema (type array).'}`,
          () => {
            const fixes: QuickFix[] = [];
            if (suggestion) fixes.push({ title: `Change to "${suggestion}"`, edits: [replaceOffsets(document, second.start, second.end, suggestion)], isPreferred: true });
            if (args.shape !== 'string') fixes.push(declareArgFix(document, model, name, { type: 'array', required: false }));
            return fixes;
          },
        ),
      );
      return;
    }
    if (path.segments.length === 2 && declared.types.length > 0 && !declared.types.includes('array')) {
      findings.push(
        finding(
          document,
          'loop-on-not-array',
          second.start,
          second.end,
          `"loop_on" repeats the node for each element of "${name}", but args_schema declares it as ${declared.types.join(' or ')}, not array: the node runs once at most. Declare it with "type": "array" or loop over an array.`,
        ),
      );
    }
    return;
  }
  if (root.text === 'resources') checkLoopOnResource(document, model, step, path, findings);
}

function checkLoopOnResource(document: TextDocument, model: TemplateModel, step: Step, path: ContextPath, findings: Finding[]): void {
  const { graph } = model;
  const [, first, second] = path.segments;
  const unified = second ? `${first.text}/${second.text}` : undefined;
  if (graph.hasUpstreamKey(step, first.text) || (unified !== undefined && graph.hasUpstreamKey(step, unified))) return;
  const upstream = [...graph.upstream(step)];
  if (unified === undefined && upstream.some((s) => s.type?.value === 'request' && s.resource?.value.startsWith(`${first.text}/`))) return;
  const byName = graph.stepsWithKey(first.text);
  const byPath = unified !== undefined ? graph.stepsWithOutputKey(unified) : [];
  const end = byName.length === 0 && second && (byPath.length > 0 || path.segments.length > 2) ? second.end : first.end;
  const self = step.name?.value ?? `node ${step.index + 1}`;
  const candidates = byName.length > 0 ? byName : byPath;
  const target = candidates[0]?.name?.value;
  const canDepend = target !== undefined && !step.dependsOn && !candidates.some((c) => c === step || graph.descendants(step).has(c));
  const what = candidates.length > 0 ? `the output of node "${target ?? first.text}", which is not upstream of "${self}" through depends_on` : `no node upstream of "${self}" (nothing is named "${first.text}"${unified ? ` or syncs "${unified}"` : ''})`;
  findings.push(
    finding(
      document,
      'unknown-resource',
      first.start,
      end,
      `"loop_on" iterates ${what}, so the node has nothing to loop over.${canDepend ? ` Add "depends_on": "${target}".` : ''}`,
      canDepend
        ? () => [addDependsOnFix(document, step.index, target)]
        : undefined,
    ),
  );
}
