import { modify } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Placeholder, ShapePath } from '../template/placeholderParser';
import { outputKeysOf, type Step } from '../template/step';
import type { PlaceholderString, TemplateModel } from '../template/templateModel';
import { editDistance } from '../text/closestName';
import { detectIndentation, jsonModify, replaceOffsets } from '../text/jsonEdits';
import { addDependsOnFix } from './dependsOnFix';
import { finding } from './diagnosticCodes';
import type { Finding, QuickFix } from './finding';
import type { PlaceholderCheck } from './placeholderWalk';
import { unresolvedOutcome } from './placeholderDiagnostics';

/** How many upstream nodes a message lists. */
const LISTED = 8;

/** Document offsets of tokens `first..last` of a path. */
function tokenRange(string: PlaceholderString, placeholder: Placeholder, path: ShapePath, first: number, last: number): { start: number; end: number } {
  const start = placeholder.start + path.offsets[first];
  const end = placeholder.start + path.offsets[last] + path.tokens[last].text.length;
  return { start: string.raw.toDocumentOffset(start), end: string.raw.toDocumentOffset(end) };
}

/** How a node is named in a list: `"tickets" (ticketing/tickets)`. */
function describeNode(step: Step): string {
  const name = step.name?.value ?? `node ${step.index + 1}`;
  return step.type?.value === 'request' && step.resource ? `"${name}" (${step.resource.value})` : `"${name}"`;
}

/** Edits that insert `value` as the first element of the array at `path`, formatted like the document. */
export function insertFirstItem(document: TextDocument, path: (string | number)[], value: unknown): TextEdit[] {
  const text = document.getText();
  const { tabSize, insertSpaces } = detectIndentation(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return modify(text, [...path, 0], value, { isArrayInsertion: true, formattingOptions: { tabSize, insertSpaces, eol } }).map((edit) => ({
    range: { start: document.positionAt(edit.offset), end: document.positionAt(edit.offset + edit.length) },
    newText: edit.content,
  }));
}

/**
 * Runtime 4 placeholder scopes (domain §8), in every template string of a node and the job-level
 * fields:
 * - `unknown-resource`: `{{resources.<node-name>…}}` or `{{resources.<model>.<resource>…}}` must read a
 *   node upstream through depends_on (for a destination, also what it persists; inside a request's
 *   `recurse`, the node's own output; below an event node, any node that exists). Fields below the
 *   output are unknowable and never reported.
 * - `payload-outside-destination`: `{{payload.…}}` exists only while a destination writes.
 * - `legacy-root-in-v4`: `{{previous_run_date}}` is never set in runtime 4.
 * Other roots are never reported here: account context keys, `tenant_id`, `sync_job_run` and the keys
 * add_context nodes add cannot be pinned down statically.
 */
export function nodeScopeChecks(document: TextDocument, model: TemplateModel, findings: Finding[]): PlaceholderCheck {
  if (model.format !== 'nodes') return {};
  const { graph } = model;

  const belowEvent = (step: Step): boolean => {
    let found = false;
    graph.forEachAncestor(step, (ancestor) => (found = ancestor.type?.value === 'event'));
    return found;
  };

  const resourceUse = (string: PlaceholderString, placeholder: Placeholder, path: ShapePath): void => {
    const from = string.step;
    const first = path.tokens[1].text;
    const unified = path.unifiedKey;
    // The common case, answered by the graph's index without collecting anything: what is read is upstream.
    if (from && (graph.hasUpstreamKey(from, first) || (unified !== undefined && graph.hasUpstreamKey(from, unified)))) return;
    if (from && string.field === 'recurse' && outputKeysOf(from, 'nodes').some((k) => k === first || k === unified)) return;
    const upstream = from ? graph.upstream(from) : new Set<Step>();
    // `{{resources.ticketing}}` (nothing after) reads the outputs under a request path's first segment.
    if (unified === undefined) for (const source of upstream) if (source.type?.value === 'request' && source.resource?.value.startsWith(`${first}/`)) return;

    const outcome = unresolvedOutcome(placeholder, placeholder.isWholeString);
    const byName = graph.stepsWithKey(first);
    const byPath = unified !== undefined ? graph.stepsWithOutputKey(unified) : [];
    const named = byName.length > 0;
    // The name a node is read by (one segment), or a request's `<model>.<resource>` (two): when
    // nothing matches, a path with a field after two segments most likely means a resource path.
    const twoSegments = !named && unified !== undefined && (byPath.length > 0 || path.tokens.length > 3);
    const range = tokenRange(string, placeholder, path, 1, twoSegments ? 2 : 1);
    if (!from) {
      findings.push(finding(document, 'unknown-resource', range.start, range.end, `${placeholder.text} reads a node's output, but this field belongs to the whole job, where no node output exists: ${outcome}.`));
      return;
    }
    const self = from.name?.value ?? `node ${from.index + 1}`;
    const candidates = named ? byName : byPath;
    // Below an event node (start, complete, error) a node runs once for the run, not per batch: what
    // it can read of the run's outputs is not known statically, so an existing node is never reported.
    if (candidates.length > 0 && belowEvent(from)) return;
    if (candidates.length > 0) {
      const target = candidates[0];
      const targetName = target.name?.value;
      const what = named ? `the output of node "${first}"` : `the output of the request node ${describeNode(target)}`;
      const canDepend = targetName !== undefined && !from.dependsOn && !candidates.some((c) => c === from || graph.descendants(from).has(c));
      findings.push(
        finding(
          document,
          'unknown-resource',
          range.start,
          range.end,
          `${placeholder.text} reads ${what}, but that node is not upstream of "${self}" through depends_on, so at run time ${outcome}.${canDepend ? ` Add "depends_on": "${targetName}" to this node.` : ''}`,
          canDepend ? () => [addDependsOnFix(document, from.index, targetName)] : undefined,
        ),
      );
      return;
    }
    const sources = [...upstream].sort((a, b) => a.index - b.index);
    let suggestion: { text: string; start: number; end: number } | undefined;
    for (const source of sources) {
      if (source.name && editDistance(source.name.value, first, 2) <= 2) {
        const at = tokenRange(string, placeholder, path, 1, 1);
        suggestion = { text: source.name.value, ...at };
        break;
      }
      if (unified !== undefined && source.type?.value === 'request' && source.resource && editDistance(source.resource.value, unified, 2) <= 2) {
        const at = tokenRange(string, placeholder, path, 1, 2);
        suggestion = { text: source.resource.value.replace('/', '.'), ...at };
        break;
      }
    }
    const listed = sources.slice(0, LISTED).map(describeNode).join(', ') + (sources.length > LISTED ? ` and ${sources.length - LISTED} more` : '');
    const fix = suggestion;
    findings.push(
      finding(
        document,
        'unknown-resource',
        range.start,
        range.end,
        `No node upstream of "${self}" is named "${first}"${unified !== undefined ? ` or syncs "${unified}"` : ''}, so ${placeholder.text} never finds a value and ${outcome}.${
          sources.length > 0 ? ` Upstream of this node: ${listed}.` : ' This node has no depends_on, so it cannot read any node output.'
        }${fix ? ` Did you mean "resources.${fix.text}"?` : ''}`,
        fix ? () => [{ title: `Change to resources.${fix.text}`, edits: [replaceOffsets(document, fix.start, fix.end, fix.text)], isPreferred: true }] : undefined,
      ),
    );
  };

  const payloadUse = (string: PlaceholderString, placeholder: Placeholder, path: ShapePath): void => {
    if (string.step?.type?.value === 'destination') return;
    const { start, end } = tokenRange(string, placeholder, path, 0, 0);
    const where = string.step ? `a ${string.step.type?.value ?? 'node'} node` : `the job-level "${string.field}"`;
    findings.push(
      finding(
        document,
        'payload-outside-destination',
        start,
        end,
        `"payload" exists only while a destination writes its records; in ${where} ${placeholder.text} never finds a value and ${unresolvedOutcome(placeholder, placeholder.isWholeString)}. Read records with {{resources.<node>…}} instead, or move this into a destination's config.`,
      ),
    );
  };

  const previousRunDate = (string: PlaceholderString, placeholder: Placeholder, path: ShapePath): void => {
    const { start, end } = tokenRange(string, placeholder, path, 0, 0);
    findings.push(
      finding(
        document,
        'legacy-root-in-v4',
        start,
        end,
        `{{previous_run_date}} is set only by the legacy runtimes (1–3): in runtime 4 ${placeholder.text} never finds a value and ${unresolvedOutcome(placeholder, placeholder.isWholeString)}. Keep a cursor in run state instead: a get_state node reads it ({{resources.<node>.value}}), an update_state node after the "complete" event writes it.`,
        () => previousRunDateFixes(document, model, string.step, start, end),
      ),
    );
  };

  return {
    placeholder: (string, placeholder) => {
      const paths = placeholder.paths;
      for (let p = 0; p < paths.length; p++) {
        const path = paths[p];
        const root = path.tokens[0].text;
        if (path.readsResource) resourceUse(string, placeholder, path);
        else if (root === 'payload') payloadUse(string, placeholder, path);
        else if (root === 'previous_run_date' && path.tokens.length === 1) previousRunDate(string, placeholder, path);
      }
    },
  };
}

/** A node name not yet used, from `base` (`cursor`, `cursor-2`, …). */
function freshName(model: TemplateModel, base: string): string {
  if (!model.graph.hasKey(base)) return base;
  for (let n = 2; ; n++) if (!model.graph.hasKey(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Quick fixes for `{{previous_run_date}}` in a node: read an upstream get_state node's value; or, for
 * a node without depends_on, insert a get_state node that reads a cursor, make the node depend on it,
 * and read its value (the cursor is written by an update_state node, which the message explains).
 */
function previousRunDateFixes(document: TextDocument, model: TemplateModel, step: Step | undefined, start: number, end: number): QuickFix[] {
  if (!step) return [];
  const state = [...model.graph.upstream(step)].find((s) => s.type?.value === 'get_state' && s.name !== undefined);
  if (state) {
    const replacement = `resources.${state.name!.value}.value`;
    return [{ title: `Read the cursor of "${state.name!.value}" ({{${replacement}}})`, edits: [replaceOffsets(document, start, end, replacement)], isPreferred: true }];
  }
  if (step.dependsOn || model.resourcesNode?.type !== 'array') return [];
  const name = freshName(model, 'cursor');
  const node = { name, type: 'get_state', config: { key: 'last_synced_at', default: '1970-01-01T00:00:00.000Z' } };
  return [
    {
      title: `Read a cursor with a new get_state node "${name}"`,
      edits: [
        ...insertFirstItem(document, ['resources'], node),
        ...jsonModify(document, ['resources', step.index, 'depends_on'], name),
        replaceOffsets(document, start, end, `resources.${name}.value`),
      ],
      isPreferred: true,
    },
  ];
}
