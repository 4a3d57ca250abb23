import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TemplateModel } from '../template/templateModel';
import { closestName } from '../text/closestName';
import { replaceOffsets } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding } from './finding';

/**
 * The `depends_on` graph of legacy steps: a name no step has (`depends-on-unknown`), cycles
 * (`depends-on-cycle`, on every edge of the cycle, the whole cycle named), and two steps with
 * the same `resource` path when something depends on that path (`duplicate-step`).
 */
export function dependsOnDiagnostics(document: TextDocument, model: TemplateModel): Finding[] {
  if (model.format !== 'legacy') return [];
  const findings: Finding[] = [];
  const { graph } = model;

  for (const step of model.steps) {
    const dependsOn = step.dependsOn;
    if (!dependsOn || graph.stepsWithKey(dependsOn.value).length > 0) continue;
    const { node } = dependsOn;
    const self = graph.keyOf(step);
    const suggestion = closestName(dependsOn.value, graph.keys.filter((k) => k !== self));
    findings.push(
      finding(
        document,
        'depends-on-unknown',
        node.offset,
        node.offset + node.length,
        `No step has "resource": "${dependsOn.value}", so this step has no parent to run for.${suggestion ? ` Did you mean "${suggestion}"?` : ` Steps in this template: ${graph.keys.map((k) => `"${k}"`).join(', ') || 'none'}.`}`,
        suggestion
          ? () => [{ title: `Change to "${suggestion}"`, edits: [replaceOffsets(document, node.offset, node.offset + node.length, JSON.stringify(suggestion))], isPreferred: true }]
          : undefined,
      ),
    );
  }

  for (const cycle of graph.cycles) {
    const members = new Set(cycle);
    const names = cycle.map((s) => graph.keyOf(s) ?? `step ${s.index + 1}`);
    const description = cycle.length === 1 ? `"${names[0]}" depends on itself` : `depends_on forms a cycle: ${[...names, names[0]].map((n) => `"${n}"`).join(' → ')}`;
    for (const step of [...cycle].sort((a, b) => a.index - b.index)) {
      const dependsOn = step.dependsOn;
      if (!dependsOn || !graph.parents(step).some((p) => members.has(p))) continue;
      const { node } = dependsOn;
      findings.push(finding(document, 'depends-on-cycle', node.offset, node.offset + node.length, `${description}. None of these steps can start: remove one depends_on.`));
    }
  }

  const dependedOn = new Set(model.steps.map((s) => s.dependsOn?.value).filter((v): v is string => v !== undefined));
  for (const key of graph.keys) {
    const steps = graph.stepsWithKey(key);
    if (steps.length < 2 || !dependedOn.has(key)) continue;
    for (const step of steps) {
      const node = step.resource!.node;
      findings.push(
        finding(
          document,
          'duplicate-step',
          node.offset,
          node.offset + node.length,
          `${steps.length} steps have "resource": "${key}", and another step depends on "${key}": which parent it runs for is ambiguous. Keep one step per resource path that others depend on.`,
        ),
      );
    }
  }
  return findings;
}
