import type { TextDocument } from 'vscode-languageserver-textdocument';
import { asObject, asString, property, propertyValue } from '../template/jsonAst';
import { parsePlaceholders } from '../template/placeholderParser';
import { STATE_NODE_TYPES, type Step } from '../template/step';
import type { TemplateModel } from '../template/templateModel';
import { jsonModify, replaceOffsets } from '../text/jsonEdits';
import { addDependsOnFix } from './dependsOnFix';
import { finding } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';

/** A node's `config` object. */
function configOf(step: Step) {
  return asObject(propertyValue(step.node, 'config'));
}

/** The value of `config.name` of an event node. */
function eventName(step: Step): string | undefined {
  return asString(propertyValue(configOf(step), 'name'))?.value;
}

/**
 * The checks Truto recommends for runtime 4 templates (domain §7, last paragraph), each with what
 * goes wrong at run time:
 * - `state-without-state-key`: get_state / update_state / delete_state without a job-level `state_key`;
 * - `cursor-advances-on-failure`: update_state that does not run after an `event` node named `complete`;
 * - `destination-id-literal`: a destination `config.id` that names one destination for every job.
 */
export function nodeAuthoringDiagnostics(document: TextDocument, model: TemplateModel): Finding[] {
  if (model.format !== 'nodes' || !model.root) return [];
  const findings: Finding[] = [];
  const stateKey = propertyValue(model.root, 'state_key');
  const hasStateKey = stateKey !== undefined && stateKey.type !== 'null' && !(stateKey.type === 'string' && stateKey.value.trim() === '');
  const completeEvents = model.steps.filter((s) => s.type?.value === 'event' && eventName(s) === 'complete');

  for (const step of model.steps) {
    const type = step.type;
    if (!type) continue;
    if (STATE_NODE_TYPES.has(type.value) && !hasStateKey) {
      findings.push(
        finding(
          document,
          'state-without-state-key',
          type.offset,
          type.offset + type.length,
          `This ${type.value} node keeps run state, but the template has no job-level "state_key": Truto cannot tell whose state it is, so state is not kept per integrated account (or not at all) and the cursor does not carry over between runs as intended. Add "state_key", usually "{{args.integrated_account_id}}".`,
          () => stateKeyFixes(document, model, stateKey !== undefined),
        ),
      );
    }
    if (type.value === 'update_state') {
      const ancestors = model.graph.ancestors(step);
      if (!completeEvents.some((event) => ancestors.has(event))) {
        const single = completeEvents.length === 1 ? completeEvents[0] : undefined;
        const target = single?.name?.value;
        const canDepend = target !== undefined && !step.dependsOn && single !== step && !model.graph.descendants(step).has(single!);
        findings.push(
          finding(
            document,
            'cursor-advances-on-failure',
            type.offset,
            type.offset + type.length,
            `This update_state node does not run after an event node named "complete", so it writes state even when the run fails: the next run starts from a cursor past records that were never delivered. Make it depend on an event node with "config": { "name": "complete" }.`,
            canDepend
              ? () => [addDependsOnFix(document, step.index, target)]
              : undefined,
          ),
        );
      }
    }
    if (type.value === 'destination') {
      const id = asString(propertyValue(configOf(step), 'id'));
      if (id && id.value.trim() !== '' && parsePlaceholders(id.value).length === 0 && !id.value.includes('{{')) {
        findings.push(
          finding(
            document,
            'destination-id-literal',
            id.offset,
            id.offset + id.length,
            `config.id is the literal "${id.value}": every sync job made from this template writes to that one destination, whatever its arguments. Template it from an argument, e.g. "{{args.${idArgName(step)}}}", declared with "format": "${idArgName(step)}".`,
            () => destinationIdFixes(document, model, step, id.offset, id.offset + id.length),
          ),
        );
      }
    }
  }
  return findings;
}

/** The argument a destination of this type usually reads its id from. */
function idArgName(step: Step): string {
  const kind = asString(propertyValue(step.node, 'destination_type'))?.value;
  return kind === 'datastore' ? 'datastore_id' : kind === 'superquery' ? 'superquery_id' : 'webhook_id';
}

/** Replace a literal destination id with a declared argument of the matching format or name. */
function destinationIdFixes(document: TextDocument, model: TemplateModel, step: Step, start: number, end: number): QuickFix[] {
  const wanted = idArgName(step);
  const arg = [...model.args.args.values()].find((a) => a.format === wanted) ?? model.args.args.get(wanted);
  if (!arg) return [];
  return [{ title: `Change to "{{args.${arg.name}}}"`, edits: [replaceOffsets(document, start, end, JSON.stringify(`{{args.${arg.name}}}`))], isPreferred: true }];
}

/** Add (or set) `state_key` to the integrated account argument, the key Truto's examples use. */
function stateKeyFixes(document: TextDocument, model: TemplateModel, present: boolean): QuickFix[] {
  const value = '{{args.integrated_account_id}}';
  if (present || property(model.root, 'state_key')) return [{ title: `Set state_key to "${value}"`, edits: jsonModify(document, ['state_key'], value), isPreferred: true }];
  return [{ title: `Add "state_key": "${value}"`, edits: jsonModify(document, ['state_key'], value), isPreferred: true }];
}
