import type { Step } from '../service/template/templateModel';
import { getPath, setPath, splitPath } from './contextPaths';
import { resolveField } from './placeholderResolution';
import { stepRecords, type PreviewModel } from './previewModel';
import type { PreviewEntry, PreviewNote, SampleValues } from './previewTypes';

/** Requests listed per step at most; a note says how many more the run would make. */
export const MAX_REQUESTS_PER_STEP = 100;

type Context = Record<string, unknown>;

/** Where a parent's record came from, carried to the child's entries. */
interface ParentRef {
  readonly step: string;
  readonly index: number;
  readonly synthetic: boolean;
  readonly record: unknown;
}

interface Instance {
  readonly context: Context;
  readonly parent?: ParentRef;
}

/** `loop_on` as a context path: a bare argument name, `args.x` or `{{args.x}}` all mean `args.x`. */
export function legacyLoopPath(loopOn: string): string[] {
  const inner = loopOn.trim().replace(/^\{\{\s*/, '').replace(/\s*\}\}$/, '');
  const segments = splitPath(inner);
  return segments[0] === 'args' || segments[0] === 'resources' ? segments : ['args', ...segments];
}

/** The path in the context where a step's record is seen by its children: `resources.<api>.<resource>`. */
export function legacyRecordPath(resource: string): string[] {
  return ['resources', ...resource.split('/').filter((s) => s.length > 0)];
}

/**
 * Runtime 1–3: each step runs once, once per `loop_on` element (the looped argument is the
 * current element), and a child once per record of its parent (`{{resources.<api>.<resource>…}}`
 * is that record). Steps in run order; every request with its resolved id, query and body.
 */
export function previewLegacy(preview: PreviewModel, sample: SampleValues, base: Context): PreviewEntry[] {
  const entries: PreviewEntry[] = [];
  // The contexts each step runs in (at most MAX_REQUESTS_PER_STEP are kept: a chain of steps with many
  // records multiplies), and how many there are in all.
  const instances = new Map<Step, Instance[]>();
  const instanceCounts = new Map<Step, number>();
  for (const step of preview.order) {
    const plain = preview.plain(step);
    const key = preview.keyOf(step);
    const parents = preview.model.graph.parents(step);
    let own: Instance[];
    let instanceCount = 1;
    if (parents.length === 0) {
      own = [{ context: base }];
    } else {
      own = [];
      instanceCount = 0;
      for (const parent of parents) {
        const parentKey = preview.keyOf(parent);
        const { records, synthetic } = stepRecords(preview, parent, sample);
        instanceCount += (instanceCounts.get(parent) ?? 0) * records.length;
        for (const instance of instances.get(parent) ?? []) {
          for (let index = 0; index < records.length && own.length < MAX_REQUESTS_PER_STEP; index++) {
            const record = records[index];
            own.push({ context: setPath(instance.context, legacyRecordPath(parentKey), record), parent: { step: parentKey, index, synthetic, record } });
          }
        }
      }
    }
    instances.set(step, own);
    instanceCounts.set(step, instanceCount);
    let listed = 0;
    let total = 0;
    let runsPerInstance = 1;
    for (const instance of own) {
      const { runs, count } = loopRuns(step, instance.context);
      runsPerInstance = count;
      total += count;
      for (const run of runs) {
        if (listed >= MAX_REQUESTS_PER_STEP) break;
        listed++;
        entries.push(requestEntry(step, key, plain, run.context, instance.parent, run.loop, run.notes));
      }
    }
    // Contexts not kept run as many times as the last one kept (exact when loop_on reads an argument).
    total += Math.max(0, instanceCount - own.length) * runsPerInstance;
    if (total > listed) {
      entries.push({ step: key, index: step.index, type: 'step', status: 'request', unresolved: false, notes: [{ severity: 'info', message: `…and ${total - listed} more requests of ${key} (only the first ${MAX_REQUESTS_PER_STEP} are listed).` }] });
    }
  }
  for (const step of preview.cyclic) {
    entries.push({ step: preview.keyOf(step), index: step.index, type: 'step', status: 'error', unresolved: true, notes: [{ severity: 'error', message: 'This step is in a depends_on cycle: it never runs. Break the cycle.' }] });
  }
  return entries;
}

interface LoopRun {
  readonly context: Context;
  readonly loop?: PreviewEntry['loop'];
  readonly notes: PreviewNote[];
}

/** The runs of a step in one context: once, or once per `loop_on` element (at most MAX_REQUESTS_PER_STEP built), with how many there are. */
function loopRuns(step: Step, context: Context): { runs: LoopRun[]; count: number } {
  if (!step.loopOn) return { runs: [{ context, notes: [] }], count: 1 };
  const segments = legacyLoopPath(step.loopOn.value);
  const path = segments.join('.');
  const value = getPath(context, segments);
  if (!Array.isArray(value)) {
    const what = value === undefined ? 'is not in the sample values' : `is ${JSON.stringify(value)}, not an array`;
    return { runs: [{ context, notes: [{ severity: 'warning', field: 'loop_on', message: `loop_on ${path} ${what}: the run has nothing to loop over. Give an array in the sample args.` }] }], count: 1 };
  }
  const runs = value.slice(0, MAX_REQUESTS_PER_STEP).map((element, index) => ({ context: setPath(context, segments, element), loop: { path, index, count: value.length, element }, notes: [] }));
  return { runs, count: value.length };
}

function requestEntry(step: Step, key: string, plain: Record<string, unknown>, context: Context, parent: ParentRef | undefined, loop: PreviewEntry['loop'], loopNotes: PreviewNote[]): PreviewEntry {
  const notes: PreviewNote[] = [...loopNotes];
  let unresolved = loopNotes.some((n) => n.severity !== 'info');
  const fields: Record<string, unknown> = {};
  for (const field of ['id', 'query', 'body'] as const) {
    if (!(field in plain)) continue;
    const resolved = resolveField(plain[field], context, field);
    fields[field] = resolved.value;
    notes.push(...resolved.notes);
    unresolved ||= resolved.unresolved;
  }
  if (parent?.synthetic) notes.push({ severity: 'info', message: `${parent.step} has no sample records: a synthetic record stands in for its records (add some under "records" in the args file).` });
  if (plain.persist === false) notes.push({ severity: 'info', message: 'persist: false: the records only feed the steps that depend on this one.' });
  return {
    step: key,
    index: step.index,
    type: 'step',
    status: 'request',
    ...(typeof plain.method === 'string' ? { method: plain.method } : {}),
    ...(typeof plain.resource === 'string' ? { resource: plain.resource } : {}),
    ...fields,
    ...(loop ? { loop } : {}),
    ...(parent ? { parent } : {}),
    unresolved,
    notes,
  };
}
