import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
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
