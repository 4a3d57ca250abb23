import type { Step } from '../service/template/templateModel';
import { getPath, isPlainObject, setPath, splitPath } from './contextPaths';
import { evaluateJsonata } from './jsonataRunner';
import { resolveField } from './placeholderResolution';
import { stepRecords, type PreviewModel } from './previewModel';
import type { PreviewEntry, PreviewNote, SampleValues } from './previewTypes';
import { MAX_REQUESTS_PER_STEP } from './legacyPreview';

type Context = Record<string, unknown>;

/** What a node left for the nodes after it. */
interface NodeResult {
  readonly ran: boolean;
  /** What `resources.<name>` reads. */
  readonly output?: unknown;
  /** Records a request or spool hands downstream (destinations send these). */
  readonly records?: unknown[];
}

/** Nodes of these types run only when the run reaches that event (their subtree runs then). */
const EVENT_PHASES = ['start', undefined, 'complete', 'error'] as const;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Runtime 4: nodes in run order. Requests resolve their placeholders with Truto's engine (and
 * string `query`/`body` with its JSONata); `run_if`, `transform` and `add_context` are evaluated
 * with `@truto/truto-jsonata` on the sample records; `get_state` reads the sample state (or its
 * default). Destinations, state writes and `recurse` are not simulated: they are listed with what
 * they would receive. An evaluation error is reported at its node; the rest still runs.
 */
export async function previewNodes(preview: PreviewModel, sample: SampleValues, base: Context): Promise<PreviewEntry[]> {
  const { model } = preview;
  const results = new Map<Step, NodeResult>();
  let addedContext: Context = {};
  const entries: PreviewEntry[] = [];

  // Which event a node waits for: the `config.name` of the first event node upstream of it.
  const phaseOf = (step: Step): string | undefined => {
    for (let current: Step | undefined = step, guard = 0; current && guard < 10_000; guard++) {
      if (current.type?.value === 'event') return str((preview.plain(current).config as Context | undefined)?.name);
      current = model.graph.parents(current)[0];
    }
    return undefined;
  };
  const ordered = EVENT_PHASES.flatMap((phase) => preview.order.filter((s) => (phaseOf(s) ?? undefined) === phase || (phase === undefined && !['start', 'complete', 'error'].includes(phaseOf(s) ?? ''))));

  for (const step of ordered) {
    const plain = preview.plain(step);
    const name = preview.keyOf(step);
    const type = step.type?.value ?? str(plain.type) ?? 'unknown';
    const phase = phaseOf(step);

    // The context this node sees: args, platform values, add_context keys, upstream outputs.
    let context: Context = { ...base, ...addedContext, resources: { ...(base.resources as Context | undefined) } };
    const ancestors = [...model.graph.ancestors(step)].sort((a, b) => a.index - b.index);
    let blockedBy: string | undefined;
    for (const ancestor of ancestors) {
      const result = results.get(ancestor);
      if (!result) continue;
      if (!result.ran && model.graph.parents(step).includes(ancestor)) blockedBy = preview.keyOf(ancestor);
      if (!result.ran) continue;
      context = setPath(context, ['resources', preview.keyOf(ancestor)], result.output);
      if (ancestor.resource && result.records) context = setPath(context, ['resources', ...ancestor.resource.value.split('/')], result.records);
    }
    if (phase === 'complete' || phase === 'error') context = setPath(context, ['sync_job_run', 'status'], phase === 'complete' ? 'completed' : 'failed');
    // A destination (its run_if and its config) sees the records it writes as payload.records.
    if (type === 'destination') context = { ...context, payload: { records: persistedRecords(preview, plain, results).flatMap((p) => p.records) } };

    const entryBase = { step: name, index: step.index, type };
    if (blockedBy) {
      results.set(step, { ran: false });
      entries.push({ ...entryBase, status: 'skipped', unresolved: false, notes: [{ severity: 'info', message: `Does not run: ${blockedBy}, which it depends on, did not run.` }] });
      continue;
    }
    if (phase === 'error') {
      results.set(step, { ran: false });
      entries.push({ ...entryBase, status: 'not-simulated', unresolved: false, notes: [{ severity: 'info', message: 'Runs only when the run fails (after an error event); not simulated.' }] });
      continue;
    }
    if (typeof plain.run_if === 'string') {
      const outcome = await evaluateJsonata(plain.run_if, context);
      if (!outcome.ok) {
        results.set(step, { ran: false });
        entries.push({ ...entryBase, status: 'error', unresolved: true, notes: [{ severity: 'error', field: 'run_if', message: `run_if fails: ${outcome.error}. The run fails at this node.` }] });
        continue;
      }
      if (!outcome.value) {
        results.set(step, { ran: false });
        entries.push({ ...entryBase, status: 'skipped', unresolved: false, notes: [{ severity: 'info', field: 'run_if', message: `run_if is ${JSON.stringify(outcome.value) ?? 'undefined'} with the sample values: the node does not run.` }] });
        continue;
      }
    }

    const parentResults = model.graph.parents(step).map((p) => results.get(p)).filter((r): r is NodeResult => r !== undefined && r.ran);
    const upstreamRecords = parentResults.flatMap((r) => r.records ?? (Array.isArray(r.output) ? r.output : r.output === undefined ? [] : [r.output]));

    switch (type) {
      case 'request': {
        const { records, synthetic } = stepRecords(preview, step, sample);
        const produced = await requestEntries(step, name, plain, context, entries);
        if (synthetic && produced) {
          entries[entries.length - 1] = {
            ...entries[entries.length - 1],
            notes: [...entries[entries.length - 1].notes, { severity: 'info', message: `${name} has no sample records: the nodes after it see one synthetic record (add some under "records" in the args file).` }],
          };
        }
        results.set(step, produced ? { ran: true, output: records, records } : { ran: false });
        break;
      }
      case 'transform':
      case 'add_context': {
        const expression = str((plain.config as Context | undefined)?.expression);
        if (expression === undefined) {
          results.set(step, { ran: false });
          entries.push({ ...entryBase, status: 'error', unresolved: true, notes: [{ severity: 'error', field: 'config.expression', message: 'No config.expression: the node has nothing to evaluate.' }] });
          break;
        }
        const outcome = await evaluateJsonata(expression, context);
        if (!outcome.ok) {
          results.set(step, { ran: false });
          entries.push({ ...entryBase, status: 'error', unresolved: true, notes: [{ severity: 'error', field: 'config.expression', message: `The expression fails: ${outcome.error}. The run fails at this node.` }] });
          break;
        }
        const notes: PreviewNote[] = [];
        if (type === 'add_context') {
          if (isPlainObject(outcome.value)) addedContext = { ...addedContext, ...outcome.value };
          else notes.push({ severity: 'warning', field: 'config.expression', message: `add_context must return an object; it returned ${JSON.stringify(outcome.value) ?? 'undefined'}, so no keys are added.` });
        } else if (outcome.value === undefined || outcome.value === null || (Array.isArray(outcome.value) && outcome.value.length === 0)) {
          notes.push({ severity: 'info', field: 'config.expression', message: 'The transform returned nothing: the batch is dropped and the nodes after it get no records.' });
        }
        const records = type === 'transform' ? (Array.isArray(outcome.value) ? outcome.value : outcome.value === undefined || outcome.value === null ? [] : [outcome.value]) : upstreamRecords;
        results.set(step, { ran: true, output: outcome.value, records });
        entries.push({ ...entryBase, status: 'evaluated', output: outcome.value, unresolved: notes.some((n) => n.severity !== 'info'), notes });
        break;
      }
      case 'spool':
        results.set(step, { ran: true, output: upstreamRecords, records: upstreamRecords });
        entries.push({ ...entryBase, status: 'evaluated', output: upstreamRecords, unresolved: false, notes: [{ severity: 'info', message: `Collects every upstream batch into one (${upstreamRecords.length} sample records).` }] });
        break;
      case 'get_state': {
        const config = (plain.config ?? {}) as Context;
        const key = resolveField(config.key, context, 'config.key');
        const notes: PreviewNote[] = [...key.notes];
        let value: unknown;
        if (typeof key.value === 'string' && Object.prototype.hasOwnProperty.call(sample.state, key.value)) {
          value = sample.state[key.value];
        } else {
          const fallback = resolveField(config.default, context, 'config.default');
          value = fallback.value;
          notes.push(...fallback.notes, { severity: 'info', field: 'config.default', message: `No sample state for ${JSON.stringify(key.value)}: the default is used, as on a first run.` });
        }
        const output = { value };
        results.set(step, { ran: true, output, records: upstreamRecords });
        entries.push({ ...entryBase, status: 'evaluated', output, unresolved: key.unresolved, notes });
        break;
      }
      case 'update_state':
      case 'delete_state': {
        const config = (plain.config ?? {}) as Context;
        const key = resolveField(config.key, context, 'config.key');
        const notes: PreviewNote[] = [...key.notes];
        let output: unknown = { key: key.value };
        let unresolved = key.unresolved;
        if (type === 'update_state') {
          if (typeof config.value_expression === 'string') {
            const outcome = await evaluateJsonata(config.value_expression, context);
            if (outcome.ok) output = { key: key.value, value: outcome.value };
            else {
              unresolved = true;
              notes.push({ severity: 'error', field: 'config.value_expression', message: `The expression fails: ${outcome.error}.` });
            }
            if (outcome.ok && outcome.value === undefined) notes.push({ severity: 'info', field: 'config.value_expression', message: 'The expression returns undefined: nothing would be written.' });
          } else if ('value' in config) {
            const value = resolveField(config.value, context, 'config.value');
            notes.push(...value.notes);
            unresolved ||= value.unresolved;
            output = { key: key.value, value: value.value };
          }
        }
        notes.push({ severity: 'info', message: `Writes the run state: not simulated${phase === 'complete' ? ' (runs after the complete event; sync_job_run.status is "completed" here)' : ''}.` });
        results.set(step, { ran: true, output, records: upstreamRecords });
        entries.push({ ...entryBase, status: 'not-simulated', output, unresolved, notes });
        break;
      }
      case 'event':
        results.set(step, { ran: true, output: upstreamRecords, records: upstreamRecords });
        entries.push({ ...entryBase, status: 'evaluated', output: { name: (plain.config as Context | undefined)?.name }, unresolved: false, notes: [] });
        break;
      case 'destination':
        entries.push(...destinationEntries(preview, step, name, plain, context, results));
        results.set(step, { ran: true, output: undefined, records: upstreamRecords });
        break;
      default:
        results.set(step, { ran: false });
        entries.push({ ...entryBase, status: 'not-simulated', unresolved: false, notes: [{ severity: 'info', message: `Node type ${JSON.stringify(type)} is not known to the preview.` }] });
    }
  }
  for (const step of preview.cyclic) {
    entries.push({ step: preview.keyOf(step), index: step.index, type: step.type?.value ?? 'unknown', status: 'error', unresolved: true, notes: [{ severity: 'error', message: 'This node is in a depends_on cycle: it never runs. Break the cycle.' }] });
  }
  return entries;
}

/** A request node's entries, one per `loop_on` element; false when it does not run at all. */
async function requestEntries(step: Step, name: string, plain: Context, context: Context, entries: PreviewEntry[]): Promise<boolean> {
  const runs: { context: Context; loop?: PreviewEntry['loop']; notes: PreviewNote[] }[] = [];
  let totalRuns = 1;
  if (typeof plain.loop_on === 'string') {
    const segments = splitPath(plain.loop_on.replace(/^\{\{\s*|\s*\}\}$/g, ''));
    const path = segments.join('.');
    const value = getPath(context, segments);
    if (!Array.isArray(value)) {
      const what = value === undefined ? 'is not in the context' : `is ${JSON.stringify(value)}, not an array`;
      runs.push({ context, notes: [{ severity: 'warning', field: 'loop_on', message: `loop_on ${path} ${what}: the node has nothing to loop over.` }] });
    } else {
      if (value.length === 0) {
        entries.push({ step: name, index: step.index, type: 'request', status: 'skipped', unresolved: false, notes: [{ severity: 'info', field: 'loop_on', message: `loop_on ${path} is empty: no request is made.` }] });
        return false;
      }
      totalRuns = value.length;
      value.slice(0, MAX_REQUESTS_PER_STEP).forEach((element, index) => runs.push({ context: setPath(context, segments, element), loop: { path, index, count: value.length, element }, notes: [] }));
    }
  } else {
    runs.push({ context, notes: [] });
  }
  for (const run of runs) {
    const notes: PreviewNote[] = [...run.notes];
    let unresolved = run.notes.some((n) => n.severity !== 'info');
    const fields: Context = {};
    for (const field of ['integrated_account_id', 'id', 'query', 'body'] as const) {
      if (!(field in plain)) continue;
      const value = plain[field];
      if (typeof value === 'string' && (field === 'query' || field === 'body')) {
        // A string query/body is JSONata that returns the object.
        const outcome = await evaluateJsonata(value, run.context);
        if (outcome.ok) fields[field] = outcome.value;
        else {
          unresolved = true;
          notes.push({ severity: 'error', field, message: `The ${field} expression fails: ${outcome.error}. The run fails at this node.` });
        }
        continue;
      }
      const resolved = resolveField(value, run.context, field);
      fields[field] = resolved.value;
      notes.push(...resolved.notes);
      unresolved ||= resolved.unresolved;
    }
    if (isPlainObject(plain.recurse)) notes.push({ severity: 'info', field: 'recurse', message: 'recurse: the request repeats while recurse.if is truthy, merging recurse.config into the next call; the repeats are not simulated.' });
    entries.push({
      step: name,
      index: step.index,
      type: 'request',
      status: unresolved && notes.some((n) => n.severity === 'error') ? 'error' : 'request',
      ...(typeof plain.method === 'string' ? { method: plain.method } : {}),
      ...(typeof plain.resource === 'string' ? { resource: plain.resource } : {}),
      ...fields,
      ...(run.loop ? { loop: run.loop } : {}),
      unresolved,
      notes,
    });
  }
  if (totalRuns > MAX_REQUESTS_PER_STEP) {
    entries.push({ step: name, index: step.index, type: 'request', status: 'request', unresolved: false, notes: [{ severity: 'info', message: `…and ${totalRuns - MAX_REQUESTS_PER_STEP} more requests (only the first ${MAX_REQUESTS_PER_STEP} are listed).` }] });
  }
  return true;
}

/** What a destination writes: the records of each `resources_to_persist` node that ran. */
function persistedRecords(preview: PreviewModel, plain: Context, results: Map<Step, NodeResult>, notes?: PreviewNote[]): { resource: string; records: unknown[] }[] {
  const persisted: { resource: string; records: unknown[] }[] = [];
  for (const persistName of Array.isArray(plain.resources_to_persist) ? plain.resources_to_persist : []) {
    if (typeof persistName !== 'string') continue;
    const node = preview.model.graph.stepsWithKey(persistName)[0];
    const result = node ? results.get(node) : undefined;
    if (!result?.ran) {
      notes?.push({ severity: 'info', field: 'resources_to_persist', message: `${persistName} ${node ? 'did not run' : 'is not a node'}: nothing of it is sent.` });
      continue;
    }
    persisted.push({ resource: node?.resource?.value ?? persistName, records: result.records ?? [] });
  }
  return persisted;
}

/** A destination is not simulated: what it would receive, per persisted node (and per `loop_on` record for datastores). */
function destinationEntries(preview: PreviewModel, step: Step, name: string, plain: Context, context: Context, results: Map<Step, NodeResult>): PreviewEntry[] {
  const config = (plain.config ?? {}) as Context;
  const destinationType = str(plain.destination_type) ?? 'unknown';
  const notes: PreviewNote[] = [];
  const id = resolveField(config.id, context, 'config.id');
  notes.push(...id.notes);
  let unresolved = id.unresolved;
  const persisted = persistedRecords(preview, plain, results, notes);
  const base = { step: name, index: step.index, type: `destination (${destinationType})`, status: 'not-simulated' as const };
  const sendNote: PreviewNote = { severity: 'info', message: `Delivers to the ${destinationType} destination ${JSON.stringify(id.value)}: not simulated (the preview sends nothing).` };
  if (destinationType !== 'datastore') {
    const output = persisted.map((p) => ({ resource: p.resource, records: p.records }));
    return [{ ...base, id: id.value, output, unresolved, notes: [...notes, sendNote] }];
  }
  // Datastore: the method's arguments (config.config) resolved against the payload.
  const records = persisted.flatMap((p) => p.records);
  const method = str(plain.method);
  const payloads: { payload: Context; loop?: PreviewEntry['loop'] }[] = [];
  if (typeof plain.loop_on === 'string') {
    const segments = splitPath(plain.loop_on);
    const path = segments.join('.');
    records.forEach((record, index) => payloads.push({ payload: setPath({ records }, segments.slice(1), record), loop: { path, index, count: records.length, element: record } }));
  } else {
    payloads.push({ payload: { records } });
  }
  return payloads.slice(0, MAX_REQUESTS_PER_STEP).map(({ payload, loop }) => {
    const resolved = resolveField(config.config, { ...context, payload }, 'config.config');
    unresolved ||= resolved.unresolved;
    return {
      ...base,
      ...(method ? { method } : {}),
      id: id.value,
      body: resolved.value,
      ...(loop ? { loop } : {}),
      unresolved: unresolved || resolved.unresolved,
      notes: [...notes, ...resolved.notes, sendNote],
    };
  });
}
