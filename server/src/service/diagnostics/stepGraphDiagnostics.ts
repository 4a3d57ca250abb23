import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { StringField } from '../template/step';
import { stepNoun } from '../template/step';
import type { TemplateModel } from '../template/templateModel';
import { closestName } from '../text/closestName';
import { replaceOffsets } from '../text/jsonEdits';
import { finding } from './diagnosticCodes';
import type { Finding } from './finding';

/** How many names a message lists when nothing close was found (a 10,000-node template stays readable). */
const LISTED_NAMES = 8;

function listNames(keys: readonly string[]): string {
  if (keys.length === 0) return 'none';
  const shown = keys.slice(0, LISTED_NAMES).map((k) => `"${k}"`).join(', ');
  return keys.length > LISTED_NAMES ? `${shown} and ${keys.length - LISTED_NAMES} more` : shown;
}

/**
 * The `depends_on` graph of either format, one implementation for both: a name no step or node
 * has (`depends-on-unknown`), cycles and self-dependencies (`depends-on-cycle`, on every edge of
 * the cycle, the whole cycle named). Runtime 4 also: two nodes with one name
 * (`duplicate-node-name`, on every copy) and `resources_to_persist` entries naming no node
 * (`unknown-node`). Legacy also: two steps with the same `resource` path when something depends
 * on that path (`duplicate-step`).
 */
export function stepGraphDiagnostics(document: TextDocument, model: TemplateModel): Finding[] {
  const findings: Finding[] = [];
  const { graph, format } = model;
  const noun = stepNoun(format);
  const nodes = format === 'nodes';
  const rename = (field: StringField, suggestion: string | undefined) =>
    suggestion
      ? () => [{ title: `Change to "${suggestion}"`, edits: [replaceOffsets(document, field.offset, field.offset + field.length, JSON.stringify(suggestion))], isPreferred: true }]
      : undefined;

  for (const step of model.steps) {
    const dependsOn = step.dependsOn;
    if (!dependsOn || graph.hasKey(dependsOn.value)) continue;
    const self = graph.keyOf(step);
    const suggestion = closestName(dependsOn.value, graph.keys.filter((k) => k !== self));
    const missing = nodes ? `No node is named "${dependsOn.value}"` : `No step has "resource": "${dependsOn.value}"`;
    const consequence = nodes ? 'so this node waits for a parent that never runs, and it never runs either' : 'so this step has no parent to run for';
    findings.push(
      finding(
        document,
        'depends-on-unknown',
        dependsOn.offset,
        dependsOn.offset + dependsOn.length,
        `${missing}, ${consequence}.${suggestion ? ` Did you mean "${suggestion}"?` : ` ${nodes ? 'Nodes' : 'Steps'} in this template: ${listNames(graph.keys.filter((k) => k !== self))}.`}`,
        rename(dependsOn, suggestion),
      ),
    );
  }

  for (const cycle of graph.cycles) {
    const members = new Set(cycle);
    const names = cycle.map((s) => graph.keyOf(s) ?? `${noun} ${s.index + 1}`);
    const description = cycle.length === 1 ? `"${names[0]}" depends on itself` : `depends_on forms a cycle: ${[...names, names[0]].map((n) => `"${n}"`).join(' → ')}`;
    for (const step of [...cycle].sort((a, b) => a.index - b.index)) {
      const dependsOn = step.dependsOn;
      if (!dependsOn || !graph.parents(step).some((p) => members.has(p))) continue;
      const plural = cycle.length === 1 ? `This ${noun} waits for itself and never runs` : `None of these ${noun}s can start`;
      findings.push(finding(document, 'depends-on-cycle', dependsOn.offset, dependsOn.offset + dependsOn.length, `${description}. ${plural}: remove ${cycle.length === 1 ? 'the' : 'one'} depends_on.`));
    }
  }

  if (nodes) {
    for (const key of graph.keys) {
      const copies = graph.stepsWithKey(key);
      if (copies.length < 2) continue;
      for (const step of copies) {
        const node = step.name!;
        findings.push(
          finding(
            document,
            'duplicate-node-name',
            node.offset,
            node.offset + node.length,
            `${copies.length} nodes are named "${key}". Node names must be unique in a job: depends_on, resources_to_persist and {{resources.${key}…}} cannot tell these nodes apart. Rename all but one.`,
          ),
        );
      }
    }
    for (const step of model.steps) {
      if (step.type?.value !== 'destination' || !step.resourcesToPersist) continue;
      for (const entry of step.resourcesToPersist) {
        if (graph.hasKey(entry.value)) continue;
        const suggestion = closestName(entry.value, graph.keys.filter((k) => k !== graph.keyOf(step)));
        findings.push(
          finding(
            document,
            'unknown-node',
            entry.offset,
            entry.offset + entry.length,
            `No node is named "${entry.value}", so this destination never receives records from it.${suggestion ? ` Did you mean "${suggestion}"?` : ` Nodes in this template: ${listNames(graph.keys)}.`}`,
            rename(entry, suggestion),
          ),
        );
      }
    }
    return findings;
  }

  const dependedOn = new Set(model.steps.map((s) => s.dependsOn?.value).filter((v): v is string => v !== undefined));
  for (const key of graph.keys) {
    const steps = graph.stepsWithKey(key);
    if (steps.length < 2 || !dependedOn.has(key)) continue;
    for (const step of steps) {
      const node = step.resource!;
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
