import fc from 'fast-check';
import replacePlaceholders from '@truto/replace-placeholders';
import type { PreviewReport } from '../../server/src/preview/previewTypes';

/**
 * Generated runtime 1–3 templates with sample values, and what a run of each sends by the
 * documented semantics (domain §6) computed independently of the preview, calling Truto's
 * placeholder engine directly: the differential tests of the preview (unit and CLI) share them.
 */
export type Json = Record<string, unknown>;

export function setIn(target: Json, path: readonly string[], value: unknown): Json {
  if (path.length === 0) return value as Json;
  const [head, ...rest] = path;
  return { ...target, [head]: setIn((target[head] as Json | undefined) ?? {}, rest, value) };
}

/** JSON equality as the CLI prints it (undefined keys vanish). */
export function asJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

// ---------------------------------------------------------------- generated legacy templates

export interface GenStep {
  parent: number | undefined;
  loop: boolean;
  id: string | undefined;
  query: Record<string, string>;
  records: Json[] | undefined;
}

export const resourceOf = (i: number) => `api${i}/res-${i}`;
const recordPath = (i: number) => ['resources', `api${i}`, `res-${i}`];

/** Placeholder texts over the paths a step can see: args, its parent's record, missing keys. */
function placeholderPool(parent: number | undefined): fc.Arbitrary<string> {
  const paths = ['args.name', 'args.count', 'args.flag', 'args.missing', 'args.list', 'args.obj', 'args.obj.k', 'args.list.0', 'args.list.-1', 'previous_run_date'];
  if (parent !== undefined) paths.push(`resources.api${parent}.res-${parent}.id`, `resources.api${parent}.res-${parent}.nested.value`, `resources.api${parent}.res-${parent}.absent`);
  const path = fc.constantFrom(...paths);
  const cast = fc.constantFrom('', '', ':int', ':num', ':bool', ':json', ':str', ':any', ':undefined', ':null', ':ignore-empty-str');
  const alternative = fc.tuple(path, cast).map(([p, c]) => `${p}${c}`);
  const fallback = fc.option(fc.constantFrom('?:fallback', '?:7:int', '?:true:bool', '?: spaced', '?:https://example.com/x'), { nil: undefined });
  const inner = fc.tuple(fc.array(alternative, { minLength: 1, maxLength: 3 }), fallback).map(([alts, def]) => `${alts.join('|')}${def ?? ''}`);
  const placeholder = inner.map((i) => `{{${i}}}`);
  return fc.oneof(
    { arbitrary: placeholder, weight: 4 },
    { arbitrary: fc.tuple(fc.constantFrom('x=', 'id/', ''), placeholder, fc.constantFrom('', '/end', '-')).map(([a, p, b]) => a + p + b), weight: 2 },
    { arbitrary: fc.constant('plain text'), weight: 1 },
    { arbitrary: fc.tuple(placeholder, placeholder).map(([a, b]) => `${a}:${b}`), weight: 1 },
  );
}

const recordArb = fc.record({ id: fc.constantFrom('r1', 'r2', '7', ''), nested: fc.record({ value: fc.constantFrom('v', '3', 'true') }) }) as fc.Arbitrary<Json>;

export const legacyTemplate = fc.integer({ min: 1, max: 4 }).chain((count) =>
  fc.tuple(
    ...Array.from({ length: count }, (_, i) =>
      fc.option(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { nil: undefined }).chain((parentPick) => {
        const parent = i === 0 ? undefined : parentPick;
        const pool = placeholderPool(parent);
        return fc.record({
          parent: fc.constant(parent),
          loop: fc.boolean(),
          id: fc.option(pool, { nil: undefined }),
          query: fc.dictionary(fc.constantFrom('a', 'b', 'c-d'), pool, { maxKeys: 3 }),
          records: fc.option(fc.array(recordArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
        }) as fc.Arbitrary<GenStep>;
      }),
    ),
  ),
);

export const sampleArgs = fc.record({
  name: fc.constantFrom('ann', '', '12'),
  count: fc.constantFrom('42', '4.5', 'x', 3),
  flag: fc.constantFrom('true', 'false', 'maybe', true),
  list: fc.array(fc.constantFrom('u1', 'u2', '3'), { maxLength: 3 }),
  obj: fc.constantFrom({ k: 'v' }, '{"k":1}', 'not json'),
}, { requiredKeys: ['name', 'list'] }) as fc.Arbitrary<Json>;

export function legacyText(steps: GenStep[]): string {
  return JSON.stringify({
    label: 'generated',
    default_runtime_version: 3,
    args_schema: { name: { type: 'string' }, count: { type: 'string' }, flag: { type: 'string' }, list: { type: 'array' }, obj: { type: 'object' } },
    resources: steps.map((s, i) => ({
      resource: resourceOf(i),
      method: 'list',
      ...(s.parent !== undefined ? { depends_on: resourceOf(s.parent) } : {}),
      ...(s.loop ? { loop_on: 'list' } : {}),
      ...(s.id !== undefined ? { id: s.id } : {}),
      ...(Object.keys(s.query).length > 0 ? { query: s.query } : {}),
    })),
  });
}

/**
 * The documented semantics (domain §6), independently: a root step runs once; a child once per
 * record of its parent, `resources.<api>.<resource>` being that record; `loop_on` once per element,
 * the looped argument being the element. Values by calling the engine directly.
 */
export function expectedLegacy(steps: GenStep[], args: Json, report: PreviewReport): { step: string; id?: unknown; query?: unknown; loop?: unknown }[] {
  const base: Json = { args, previous_run_date: '1970-01-01T00:00:00.000Z' };
  const contexts: Json[][] = [];
  const expected: { step: string; id?: unknown; query?: unknown; loop?: unknown }[] = [];
  steps.forEach((s, i) => {
    let own: Json[] = [base];
    if (s.parent !== undefined) {
      const parent = s.parent;
      const records = steps[parent].records ?? [report.entries.find((e) => e.parent?.step === resourceOf(parent))?.parent?.record as Json];
      own = contexts[parent].flatMap((ctx) => records.map((r) => setIn(ctx, recordPath(parent), r)));
    }
    contexts[i] = own;
    for (const ctx of own) {
      const runs: { ctx: Json; loop?: unknown }[] = [];
      if (s.loop && Array.isArray(args.list)) (args.list as unknown[]).forEach((el) => runs.push({ ctx: setIn(ctx, ['args', 'list'], el), loop: el }));
      else runs.push({ ctx });
      for (const run of runs) {
        expected.push({
          step: resourceOf(i),
          ...(s.id !== undefined ? { id: asJson(replacePlaceholders(s.id, run.ctx)) } : {}),
          ...(Object.keys(s.query).length > 0 ? { query: asJson(replacePlaceholders(s.query, run.ctx)) } : {}),
          ...(run.loop !== undefined ? { loop: run.loop } : {}),
        });
      }
    }
  });
  return expected;
}

export function engineThrows(steps: GenStep[], args: Json): boolean {
  // Some generated texts make the engine throw (a default with ":word"): the preview reports those at the step instead.
  try {
    expectedLegacy(steps, args, { format: 'legacy', notes: [], entries: [], unresolved: 0 });
    return false;
  } catch {
    return true;
  }
}

export function actualLegacy(report: PreviewReport): { step: string; id?: unknown; query?: unknown; loop?: unknown }[] {
  return report.entries.map((e) => ({
    step: e.step,
    ...('id' in e ? { id: asJson(e.id) } : {}),
    ...('query' in e ? { query: asJson(e.query) } : {}),
    ...(e.loop ? { loop: e.loop.element } : {}),
  }));
}

