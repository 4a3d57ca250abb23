/**
 * Upstream questions on the `depends_on` graph, answered without materialising each step's set of
 * ancestors (which costs the square of the depth for a long chain: 10,000 steps → 50 million set
 * entries). Pure, over integer step indices: the step graph (stepGraph.ts) maps steps to indices.
 *
 * The idea: most steps have exactly one parent, so the parent relation is mostly a forest. Each
 * step with exactly one parent keeps it as its *tree parent*; a step with several parents (its
 * `depends_on` names a duplicated key), or one picked to break a cycle of single parents, is a
 * *junction*: a root of the forest whose ancestors are searched through its parents. One
 * depth-first pass numbers the forest (pre-order entry `tin`, last entry in the subtree `tout`),
 * so "is a a tree ancestor of b" is two comparisons. Per key, the outermost steps with that key
 * (their intervals are disjoint, sorted by `tin`) answer "does some tree ancestor of b have key
 * k" with one binary search. Above a junction, the search continues from the junction's parents
 * over the (usually tiny) graph of junctions only, with memoised answers per (junction, key).
 * (The step graph puts one node per key between a step and the steps that share that key, so a
 * duplicated key makes one junction, however many steps depend on it.)
 *
 * Build time and memory are linear in steps + depends_on edges; on a forest every answer is O(1)
 * (isUpstream) or O(log n) (hasUpstreamKey); with junctions a query visits each reachable junction
 * at most once, and a key query's negative answer is remembered for every junction it visited.
 */

export interface UpstreamIndex {
  /** Number of steps the index covers (indices 0 … size-1). */
  readonly size: number;
  /** Whether `a` is reached from `b` by following parents (a step is its own upstream only in a cycle). */
  isUpstream(a: number, b: number): boolean;
  /** Whether some step upstream of `b` has key `key` (a key id given to the builder; others never match). */
  hasUpstreamKey(b: number, key: number): boolean;
  /**
   * Visits every step upstream of `b` once, nearest parents first along each chain; stops early
   * when `visit` returns true. Lazy: nothing is collected.
   */
  forEachUpstream(b: number, visit: (a: number) => boolean | void): void;
  /** Visits every step that has `b` upstream (each once); stops early when `visit` returns true. */
  forEachDownstream(b: number, visit: (a: number) => boolean | void): void;
  /** The parents of `b` (as given, unknown ones left out). */
  parentsOf(b: number): ArrayLike<number>;
}

/**
 * Builds the index. `parentsOf(i)` lists the parents of step `i` (indices in 0 … size-1, unknown
 * parents already left out; several when a key is duplicated; cycles allowed). `keysOf(i)` lists
 * the keys step `i` is known by, as small non-negative ids (none, one, or several: a runtime 4
 * request is read under its name and its resource path); several steps may share a key. Each
 * answer is read at once, before the next call: the callers may return one reused list.
 */
export function buildUpstreamIndex(size: number, parentsOf: (index: number) => ArrayLike<number>, keysOf?: (index: number) => ArrayLike<number>): UpstreamIndex {
  const n = size;
  // Parents as one flat list (CSR): parentList[parentStart[i] … parentStart[i+1]).
  const parentStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) parentStart[i + 1] = parentStart[i] + parentsOf(i).length;
  const parentList = new Int32Array(parentStart[n]);
  for (let i = 0; i < n; i++) {
    const parents = parentsOf(i);
    for (let j = 0; j < parents.length; j++) parentList[parentStart[i] + j] = parents[j];
  }

  // Tree parent: the one parent of a single-parent step; -1 for roots and junctions.
  const treeParent = new Int32Array(n).fill(-1);
  const junction = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const count = parentStart[i + 1] - parentStart[i];
    if (count === 1) treeParent[i] = parentList[parentStart[i]];
    else if (count > 1) junction[i] = 1;
  }
  // Single parents may still close a cycle (each step has at most one tree parent, so these are
  // simple cycles): cut each one at the step where the walk meets itself, which becomes a junction.
  const walkMark = new Int32Array(n).fill(-1);
  for (let start = 0; start < n; start++) {
    if (walkMark[start] >= 0) continue;
    let at = start;
    while (at >= 0 && walkMark[at] < 0) {
      walkMark[at] = start;
      at = treeParent[at];
    }
    if (at >= 0 && walkMark[at] === start) {
      treeParent[at] = -1;
      junction[at] = 1;
    }
  }

  // Tree children (CSR), then one iterative pre-order pass: tin, tout, the root of each tree.
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (treeParent[i] >= 0) childStart[treeParent[i] + 1]++;
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i];
  const childList = new Int32Array(childStart[n]);
  {
    const fill = childStart.slice(0, n);
    for (let i = 0; i < n; i++) if (treeParent[i] >= 0) childList[fill[treeParent[i]]++] = i;
  }
  const tin = new Int32Array(n);
  const tout = new Int32Array(n);
  const rootOf = new Int32Array(n);
  const order = new Int32Array(n); // steps in pre-order
  {
    const stack = new Int32Array(n);
    const nextChild = new Int32Array(n);
    let counter = 0;
    for (let r = 0; r < n; r++) {
      if (treeParent[r] >= 0) continue;
      let depth = 0;
      stack[depth++] = r;
      order[counter] = r;
      tin[r] = counter++;
      rootOf[r] = r;
      nextChild[r] = childStart[r];
      while (depth > 0) {
        const at = stack[depth - 1];
        if (nextChild[at] < childStart[at + 1]) {
          const child = childList[nextChild[at]++];
          order[counter] = child;
          tin[child] = counter++;
          rootOf[child] = r;
          nextChild[child] = childStart[child];
          stack[depth++] = child;
        } else {
          tout[at] = counter - 1;
          depth--;
        }
      }
    }
  }

  // Per key, the outermost steps with that key, in pre-order (their intervals are disjoint).
  // Each step's keys are read once, into a flat list (CSR) like the parents.
  const keyStart = new Int32Array(n + 1);
  const keyValues: number[] = [];
  let keyCount = 0;
  for (let i = 0; i < n; i++) {
    const keys = keysOf ? keysOf(i) : [];
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] < 0) continue;
      keyValues.push(keys[j]);
      if (keys[j] >= keyCount) keyCount = keys[j] + 1;
    }
    keyStart[i + 1] = keyValues.length;
  }
  const keyRootStart = new Int32Array(keyCount + 1);
  const keyRoots = new Int32Array(keyValues.length);
  if (keyCount > 0) {
    const lastEnd = new Int32Array(keyCount).fill(-1);
    // Two passes over the steps in pre-order: count the outermost steps per key, then place them.
    const pass = (place: (key: number, step: number) => void): void => {
      lastEnd.fill(-1);
      for (let t = 0; t < n; t++) {
        const step = order[t];
        for (let j = keyStart[step]; j < keyStart[step + 1]; j++) {
          const key = keyValues[j];
          if (lastEnd[key] >= t) continue; // inside an earlier step with the same key
          lastEnd[key] = tout[step];
          place(key, step);
        }
      }
    };
    pass((key) => keyRootStart[key + 1]++);
    for (let k = 0; k < keyCount; k++) keyRootStart[k + 1] += keyRootStart[k];
    const fill = keyRootStart.slice(0, keyCount);
    pass((key, step) => (keyRoots[fill[key]++] = step));
  }

  /** The outermost step with key `key` that is `x` or a tree ancestor of `x`, or -1. */
  const keyTreeAncestor = (x: number, key: number): number => {
    let low = keyRootStart[key];
    let high = keyRootStart[key + 1] - 1;
    const at = tin[x];
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (tin[keyRoots[mid]] <= at) {
        found = keyRoots[mid];
        low = mid + 1;
      } else high = mid - 1;
    }
    return found >= 0 && tout[found] >= at ? found : -1;
  };
  /** Whether `a` is `x` or a tree ancestor of `x`. */
  const treeAncestorOrSelf = (a: number, x: number): boolean => tin[a] <= tin[x] && tin[x] <= tout[a];

  // Scratch for searches over junctions (queries are synchronous and never nest).
  const stamp = new Int32Array(n);
  let generation = 0;
  const stack = new Int32Array(n);
  const visited = new Int32Array(n);
  /** Memoised (junction, key) answers: key * n + junction → answer. */
  const keyMemo = new Map<number, boolean>();

  /**
   * Searches the junctions reachable from junction `from` (itself included) for a parent `p`
   * with `hit(p)`: every step upstream of a junction lies on the tree path above one of the
   * parents of a reachable junction (that path ends at the parent's root, a junction or a root).
   * `known` answers for junctions already memoised (undefined: unknown); `remember` is told the
   * junctions searched, and whether the answer was found (then only `from` is sure to reach it).
   */
  const searchJunctions = (from: number, hit: (p: number) => boolean, known?: (j: number) => boolean | undefined, remember?: (searched: Int32Array, count: number, found: boolean) => void): boolean => {
    generation++;
    let depth = 0;
    let count = 0;
    stamp[from] = generation;
    stack[depth++] = from;
    visited[count++] = from;
    let found = false;
    search: while (depth > 0) {
      const c = stack[--depth];
      for (let e = parentStart[c]; e < parentStart[c + 1]; e++) {
        const p = parentList[e];
        if (hit(p)) {
          found = true;
          break search;
        }
        const r = rootOf[p];
        if (!junction[r] || stamp[r] === generation) continue;
        const answer = known?.(r);
        if (answer === true) {
          found = true;
          break search;
        }
        stamp[r] = generation;
        if (answer === false) continue;
        stack[depth++] = r;
        visited[count++] = r;
      }
    }
    remember?.(visited, count, found);
    return found;
  };

  /**
   * Marks for the lazy walks, stamped with a generation so that nothing is cleared or allocated per
   * walk (a walk over a few steps costs a few steps, not the size of the template). One set per
   * nesting level: a visitor may start another walk while its own is under way.
   */
  const walkMarks: { visited: Int32Array; expanded: Int32Array; generation: number }[] = [];
  let walkDepth = 0;
  const withMarks = (walk: (visited: Int32Array, expanded: Int32Array, generation: number) => void): void => {
    const marks = (walkMarks[walkDepth] ??= { visited: new Int32Array(n), expanded: new Int32Array(n), generation: 0 });
    marks.generation++;
    walkDepth++;
    try {
      walk(marks.visited, marks.expanded, marks.generation);
    } finally {
      walkDepth--;
    }
  };

  // Children lists over every parent edge, built on the first downstream question only.
  let downStart: Int32Array | undefined;
  let downList: Int32Array | undefined;
  const buildDownstream = (): void => {
    const start = new Int32Array(n + 1);
    for (let e = 0; e < parentList.length; e++) start[parentList[e] + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const list = new Int32Array(parentList.length);
    const fill = start.slice(0, n);
    for (let i = 0; i < n; i++) for (let e = parentStart[i]; e < parentStart[i + 1]; e++) list[fill[parentList[e]]++] = i;
    downStart = start;
    downList = list;
  };

  return {
    size: n,
    isUpstream(a, b) {
      if (a !== b && treeAncestorOrSelf(a, b)) return true;
      const r = rootOf[b];
      if (!junction[r]) return false;
      return searchJunctions(r, (p) => treeAncestorOrSelf(a, p));
    },
    hasUpstreamKey(b, key) {
      if (key < 0 || key >= keyCount || keyRootStart[key] === keyRootStart[key + 1]) return false;
      const outer = keyTreeAncestor(b, key);
      // An outer step with the key that is not `b` itself is a tree ancestor of `b`; if it is
      // `b`, no tree ancestor has the key (it would enclose `b`).
      if (outer >= 0 && outer !== b) return true;
      const r = rootOf[b];
      if (!junction[r]) return false;
      const base = key * n;
      const memo = keyMemo.get(base + r);
      if (memo !== undefined) return memo;
      return searchJunctions(
        r,
        (p) => keyTreeAncestor(p, key) >= 0,
        (j) => keyMemo.get(base + j),
        (searched, count, found) => {
          // Found: `r` reaches it (other searched junctions may not). Not found: nothing reachable
          // from `r` has the key, so nothing reachable from any junction searched has it either.
          if (found) keyMemo.set(base + r, true);
          else for (let i = 0; i < count; i++) keyMemo.set(base + searched[i], false);
        },
      );
    },
    forEachUpstream(b, visit) {
      withMarks((visited, expanded, generation) => {
        const pending: number[] = [];
        // Visits the tree path from `x` up to its root, stopping at a step already visited (its
        // own path was visited then); queues the root if it is a junction.
        const climb = (x: number): boolean => {
          for (let y = x; y >= 0 && visited[y] !== generation; y = treeParent[y]) {
            visited[y] = generation;
            if (visit(y) === true) return true;
            if (treeParent[y] < 0 && junction[y] && expanded[y] !== generation) pending.push(y);
          }
          return false;
        };
        if (treeParent[b] >= 0) {
          if (climb(treeParent[b])) return;
        } else if (junction[b]) pending.push(b);
        // (When `b` has a tree parent, `climb` queued its root if that root is a junction.)
        while (pending.length > 0) {
          const c = pending.pop()!;
          if (expanded[c] === generation) continue;
          expanded[c] = generation;
          for (let e = parentStart[c]; e < parentStart[c + 1]; e++) if (climb(parentList[e])) return;
        }
      });
    },
    forEachDownstream(b, visit) {
      if (!downStart) buildDownstream();
      const start = downStart!;
      const list = downList!;
      withMarks((seen, _unused, generation) => {
        const pending: number[] = [b];
        while (pending.length > 0) {
          const at = pending.pop()!;
          for (let e = start[at]; e < start[at + 1]; e++) {
            const child = list[e];
            if (seen[child] === generation) continue;
            seen[child] = generation;
            if (visit(child) === true) return;
            pending.push(child);
          }
        }
      });
    },
    parentsOf(b) {
      return parentList.subarray(parentStart[b], parentStart[b + 1]);
    },
  };
}
