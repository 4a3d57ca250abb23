import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Step, StringField } from '../../server/src/service/template/step';
import { buildStepGraph } from '../../server/src/service/template/stepGraph';
import { buildUpstreamIndex } from '../../server/src/service/template/upstreamIndex';

/** The plain answer: every step reached by following parents from `b` (itself only through a cycle). */
function walkUpstream(parents: readonly (readonly number[])[], b: number): Set<number> {
  const seen = new Set<number>();
  const stack = [...parents[b]];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...parents[at]);
  }
  return seen;
}

interface Graph {
  readonly parents: number[][];
  /** The keys each step is known by (none, one, or several). */
  readonly keys: number[][];
  readonly keyCount: number;
}

/**
 * Templates as they are written: each step has a key (or none; several steps may share one) and
 * an optional depends_on naming a key: parents are the steps with that key (none when unknown).
 * Few keys per step make duplicates, and depends_on pointing anywhere makes cycles.
 */
const templateGraph: fc.Arbitrary<Graph> = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      keyCount: fc.integer({ min: 1, max: n + 2 }),
      steps: fc.array(
        fc.record({ key: fc.integer({ min: -1, max: n + 1 }), outputKey: fc.option(fc.integer({ min: 0, max: n + 1 }), { freq: 4 }), dependsOn: fc.option(fc.integer({ min: 0, max: n + 3 }), { freq: 3 }) }),
        { minLength: n, maxLength: n },
      ),
    }),
  )
  .map(({ keyCount, steps }) => {
    // depends_on names a step's own key; a second (output) key, as a runtime 4 request's resource path, is only read.
    const ownKeys = steps.map((s) => (s.key < 0 ? -1 : s.key % keyCount));
    const parents = steps.map((s) => (s.dependsOn === null ? [] : ownKeys.flatMap((k, i) => (k === s.dependsOn ? [i] : []))));
    const keys = steps.map((s, i) => [...(ownKeys[i] >= 0 ? [ownKeys[i]] : []), ...(s.outputKey !== null ? [s.outputKey % (keyCount + 2)] : [])]);
    return { parents, keys, keyCount: keyCount + 2 };
  });

/** Forests: each step's one parent comes earlier (the common shape), keys unique. */
const forest: fc.Arbitrary<Graph> = fc.array(fc.option(fc.nat(), { freq: 4 }), { minLength: 1, maxLength: 60 }).map((choices) => {
  const parents = choices.map((c, i) => (c === null || i === 0 ? [] : [c % i]));
  return { parents, keys: parents.map((_, i) => [i]), keyCount: parents.length };
});

/** Any parent lists at all: several parents, self-loops, long cycles, repeated parents. */
const anyGraph: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 30 }).chain((n) =>
  fc
    .record({
      parents: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
      keys: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }), { minLength: n, maxLength: n }),
    })
    .map(({ parents, keys }) => ({ parents, keys, keyCount: 6 })),
);

/** Long single-parent chains closed into cycles, with branches hanging off them. */
const cyclesAndChains: fc.Arbitrary<Graph> = fc.integer({ min: 2, max: 50 }).chain((n) =>
  fc.record({ close: fc.integer({ min: 0, max: n - 1 }), branches: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 10 }), keyMod: fc.integer({ min: 1, max: n }) }).map(({ close, branches, keyMod }) => {
    const parents: number[][] = Array.from({ length: n }, (_, i) => (i === 0 ? [close] : [i - 1]));
    for (const b of branches) parents.push([b]);
    return { parents, keys: parents.map((_, i) => [i % keyMod]), keyCount: keyMod };
  }),
);

function checkAgainstWalk({ parents, keys, keyCount }: Graph, order: readonly number[]): void {
  const n = parents.length;
  const index = buildUpstreamIndex(n, (i) => parents[i], (i) => keys[i]);
  const upstream = parents.map((_, b) => walkUpstream(parents, b));
  // Questions in a scrambled order, twice, so memoised answers are read back as well as computed.
  for (const round of [0, 1]) {
    for (const raw of order) {
      const b = (raw + round * 7) % n;
      for (let a = 0; a < n; a++) assert.equal(index.isUpstream(a, b), upstream[b].has(a), `isUpstream(${a}, ${b})`);
      for (let key = -1; key <= keyCount; key++) {
        const expected = key >= 0 && [...upstream[b]].some((a) => keys[a].includes(key));
        assert.equal(index.hasUpstreamKey(b, key), expected, `hasUpstreamKey(${b}, ${key})`);
      }
    }
  }
  for (let b = 0; b < n; b++) {
    const visited: number[] = [];
    index.forEachUpstream(b, (a) => void visited.push(a));
    assert.equal(new Set(visited).size, visited.length, `forEachUpstream(${b}) visits each step once`);
    assert.deepEqual(new Set(visited), upstream[b], `forEachUpstream(${b})`);
    // A visitor may walk again meanwhile (nested walks keep their own marks).
    const outer: number[] = [];
    index.forEachUpstream(b, (a) => {
      outer.push(a);
      const inner: number[] = [];
      index.forEachUpstream(a, (x) => void inner.push(x));
      assert.deepEqual(new Set(inner), upstream[a]);
    });
    assert.deepEqual(new Set(outer), upstream[b]);
    // Stopping early stops.
    if (visited.length > 1) {
      let calls = 0;
      index.forEachUpstream(b, () => ++calls === 2);
      assert.equal(calls, 2);
    }
    const down: number[] = [];
    index.forEachDownstream(b, (d) => void down.push(d));
    assert.deepEqual(new Set(down), new Set(parents.flatMap((_, d) => (upstream[d].has(b) ? [d] : []))), `forEachDownstream(${b})`);
    assert.deepEqual(Array.from(index.parentsOf(b)), parents[b]);
  }
}

/** A legacy step with just what the graph reads (the graph never looks at the JSON node). */
function legacyStep(index: number, resource: string | undefined, dependsOn: string | undefined): Step {
  const field = (value: string | undefined) => (value === undefined ? undefined : ({ value } as StringField));
  return { index, node: {} as Step['node'], resource: field(resource), method: undefined, dependsOn: field(dependsOn), loopOn: undefined, name: undefined, type: undefined, resourcesToPersist: undefined };
}

const orders = (n: number) => fc.array(fc.nat(), { minLength: 1, maxLength: 2 * n });

describe('upstream index', () => {
  it('answers like a plain walk on templates with duplicates, unknown parents and cycles', () => {
    fc.assert(fc.property(templateGraph.chain((g) => fc.tuple(fc.constant(g), orders(g.parents.length))), ([g, order]) => checkAgainstWalk(g, order)), { seed: 11, numRuns: 400 });
  });

  it('answers like a plain walk on forests', () => {
    fc.assert(fc.property(forest.chain((g) => fc.tuple(fc.constant(g), orders(g.parents.length))), ([g, order]) => checkAgainstWalk(g, order)), { seed: 12, numRuns: 300 });
  });

  it('answers like a plain walk on arbitrary parent lists (several parents, self-loops, repeats)', () => {
    fc.assert(fc.property(anyGraph.chain((g) => fc.tuple(fc.constant(g), orders(g.parents.length))), ([g, order]) => checkAgainstWalk(g, order)), { seed: 13, numRuns: 400 });
  });

  it('answers like a plain walk on long cycles of single parents with branches', () => {
    fc.assert(fc.property(cyclesAndChains.chain((g) => fc.tuple(fc.constant(g), orders(g.parents.length))), ([g, order]) => checkAgainstWalk(g, order)), { seed: 14, numRuns: 300 });
  });

  it('the step graph (one node per key between a step and the steps it depends on) answers like a walk over depends_on', () => {
    const steps = fc.array(fc.record({ resource: fc.option(fc.integer({ min: 0, max: 8 }), { freq: 6 }), dependsOn: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 3 }), gap: fc.boolean() }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(steps, (specs) => {
        // Gaps in positions, as when an item of `resources` is not an object.
        let position = 0;
        const list = specs.map((spec) => legacyStep((position += spec.gap ? 2 : 1), spec.resource === null ? undefined : `api/r${spec.resource}`, spec.dependsOn === null ? undefined : `api/r${spec.dependsOn}`));
        const graph = buildStepGraph(list, 'legacy');
        const parentsOf = (step: Step) => list.filter((p) => step.dependsOn !== undefined && p.resource?.value === step.dependsOn.value);
        const walk = (from: Step, next: (s: Step) => Step[]) => {
          const seen = new Set<Step>();
          const stack = [...next(from)];
          while (stack.length > 0) {
            const at = stack.pop()!;
            if (seen.has(at)) continue;
            seen.add(at);
            stack.push(...next(at));
          }
          return seen;
        };
        for (const step of list) {
          const expected = walk(step, parentsOf);
          assert.deepEqual(new Set(graph.ancestors(step)), expected);
          assert.deepEqual(new Set(graph.upstream(step)), expected);
          assert.deepEqual(new Set(graph.descendants(step)), walk(step, (s) => list.filter((c) => parentsOf(c).includes(s))));
          assert.deepEqual(graph.parents(step), parentsOf(step));
          for (const other of list) {
            assert.equal(graph.isAncestor(other, step), expected.has(other));
            assert.equal(graph.ancestors(step).has(other), expected.has(other));
          }
          for (let k = 0; k <= 9; k++) {
            const key = `api/r${k}`;
            const has = [...expected].some((a) => a.resource?.value === key);
            assert.equal(graph.hasUpstreamKey(step, key), has);
            assert.equal(graph.upstreamKeys(step).has(key), has);
          }
          assert.deepEqual(new Set(graph.upstreamKeys(step)), new Set([...expected].flatMap((a) => (a.resource ? [a.resource.value] : []))));
        }
        // Cycles: one per strongly connected group of steps that are their own ancestors, made of such steps.
        const cyclic = list.filter((step) => walk(step, parentsOf).has(step));
        const sameGroup = (a: Step, b: Step) => a === b || (walk(a, parentsOf).has(b) && walk(b, parentsOf).has(a));
        const groups = cyclic.filter((step, i) => !cyclic.slice(0, i).some((earlier) => sameGroup(earlier, step)));
        assert.equal(graph.cycles.length, groups.length);
        for (const group of groups) assert.equal(graph.cycles.filter((cycle) => cycle.every((member) => sameGroup(member, group))).length, 1);
      }),
      { seed: 15, numRuns: 400 },
    );
  });

  it('handles a 100,000-step chain without recursion or quadratic memory', () => {
    const n = 100_000;
    const parents = (i: number) => (i === 0 ? [] : [i - 1]);
    const index = buildUpstreamIndex(n, parents, (i) => [i]);
    assert.equal(index.isUpstream(0, n - 1), true);
    assert.equal(index.isUpstream(n - 1, 0), false);
    assert.equal(index.hasUpstreamKey(n - 1, 0), true);
    assert.equal(index.hasUpstreamKey(0, n - 1), false);
    let count = 0;
    index.forEachUpstream(n - 1, () => void count++);
    assert.equal(count, n - 1);
  });
});
