import type { ParsedDocument } from '../service/parsedDocument';
import { plainValue } from '../service/argsFile/argsFileModel';
import { templateModel, type Step, type TemplateModel } from '../service/template/templateModel';
import { setPath, splitPath, isPlainObject } from './contextPaths';
import type { PreviewNote, SampleValues } from './previewTypes';

/** The template as the preview walks it: steps in run order, with their plain JSON. */
export interface PreviewModel {
  readonly model: TemplateModel;
  /** Steps whose parents come first; a step in a `depends_on` cycle is left out (see `cyclic`). */
  readonly order: readonly Step[];
  readonly cyclic: readonly Step[];
  readonly plain: (step: Step) => Record<string, unknown>;
  /** The key of a step (`resource` in runtime 1–3, `name` in runtime 4), or a stand-in. */
  readonly keyOf: (step: Step) => string;
  /** The one synthetic record a step returns when the args file gives none. */
  readonly syntheticRecord: (step: Step) => Record<string, unknown>;
}

export function previewModel(parsed: ParsedDocument): PreviewModel {
  const model = templateModel(parsed);
  const plainCache = new Map<Step, Record<string, unknown>>();
  const plain = (step: Step) => {
    let value = plainCache.get(step);
    if (!value) {
      const converted = plainValue(step.node);
      value = isPlainObject(converted) ? converted : {};
      plainCache.set(step, value);
    }
    return value;
  };
  const keyOf = (step: Step) => model.graph.keyOf(step) ?? `#${step.index + 1}`;

  // Run order: a step runs after the step it depends on; otherwise in file order.
  const order: Step[] = [];
  const placed = new Set<Step>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const step of model.steps) {
      if (placed.has(step)) continue;
      const parents = model.graph.parents(step);
      if (parents.every((p) => placed.has(p))) {
        order.push(step);
        placed.add(step);
        progress = true;
      }
    }
  }
  const cyclic = model.steps.filter((s) => !placed.has(s));

  // Fields the template reads from each step's records, for synthetic records.
  const fieldsRead = new Map<string, string[][]>();
  for (const string of model.placeholderStrings) {
    for (const placeholder of string.placeholders) {
      for (const alternative of placeholder.alternatives) {
        const segments = splitPath(alternative.path);
        if (segments[0] !== 'resources' || segments.length < 2) continue;
        const list = fieldsRead.get(segments.slice(1).join('.')) ?? [];
        fieldsRead.set(segments.slice(1).join('.'), list);
        list.push(segments.slice(1));
      }
    }
  }
  const syntheticRecord = (step: Step): Record<string, unknown> => {
    // Legacy records are read as resources.<api>.<resource>; runtime 4 as resources.<name> or resources.<model>.<resource>.
    const prefixes = [model.format === 'legacy' ? keyOf(step).split('/') : [keyOf(step)]];
    if (model.format === 'nodes' && step.resource) prefixes.push(step.resource.value.split('/'));
    let record: Record<string, unknown> = {};
    for (const lists of fieldsRead.values()) {
      for (const segments of lists) {
        for (const prefix of prefixes) {
          if (segments.length <= prefix.length || prefix.some((p, i) => segments[i] !== p)) continue;
          const field = segments.slice(prefix.length);
          if (field.some((s) => /^-?\d+$/.test(s))) continue;
          record = setPath(record, field, `<synthetic ${keyOf(step)}.${field.join('.')}>`);
        }
      }
    }
    if (Object.keys(record).length === 0) record = { id: `<synthetic ${keyOf(step)}.id>` };
    return record;
  };
  return { model, order, cyclic, plain, keyOf, syntheticRecord };
}

/** Reads the args file's JSON; problems are notes, never exceptions. */
export function sampleValues(argsText: string | undefined, notes: PreviewNote[]): SampleValues {
  const empty: SampleValues = { args: {}, records: {}, state: {}, context: {} };
  if (argsText === undefined) return empty;
  let parsed: unknown;
  try {
    parsed = JSON.parse(argsText);
  } catch (error) {
    notes.push({ severity: 'error', message: `The args file is not valid JSON (${(error as Error).message}); the preview runs without sample values.` });
    return empty;
  }
  if (!isPlainObject(parsed)) {
    notes.push({ severity: 'error', message: 'The args file must be an object { "args": {…}, "records": {…}, "state": {…} }; the preview runs without sample values.' });
    return empty;
  }
  const section = (key: string): Record<string, unknown> => {
    const value = parsed[key];
    if (value === undefined) return {};
    if (isPlainObject(value)) return value;
    notes.push({ severity: 'error', message: `"${key}" in the args file must be an object; it is ignored.` });
    return {};
  };
  return { args: section('args'), records: section('records'), state: section('state'), context: section('context') };
}

/**
 * The run's `args`: the sample values, plus each declared default the sample leaves out (with a
 * note: Truto's own handling of defaults is not documented).
 */
export function runArgs(model: TemplateModel, sample: Record<string, unknown>, notes: PreviewNote[]): Record<string, unknown> {
  const args: Record<string, unknown> = { ...sample };
  for (const definition of model.args.args.values()) {
    if (definition.name in args || !definition.hasDefault) continue;
    args[definition.name] = definition.defaultValue;
    notes.push({ severity: 'info', message: `args.${definition.name} is not in the sample args; the preview uses its args_schema default ${JSON.stringify(definition.defaultValue)}.` });
  }
  return args;
}

/** The records a step returns: the args file's, or one synthetic record. */
export function stepRecords(preview: PreviewModel, step: Step, sample: SampleValues): { records: unknown[]; synthetic: boolean } {
  const given = sample.records[preview.keyOf(step)];
  if (Array.isArray(given)) return { records: given, synthetic: false };
  return { records: [preview.syntheticRecord(step)], synthetic: true };
}

