import { keyOfStep, outputKeysOf, type ResourcesFormat, type Step } from './step';
import { buildUpstreamIndex, type UpstreamIndex } from './upstreamIndex';

/**
 * The `depends_on` graph of either format, behind one interface: legacy steps are keyed by their
 * `resource` path, runtime 4 nodes by their `name`. Several steps may share a key (a duplicate): a
 * child then has several parents. Every graph rule (unknown parents, cycles, scoping, completion)
 * reads this interface only, so it can be reimplemented (for instance for linear-cost upstream
 * queries) without touching them.
 *
 * Upstream questions are answered by an index (upstreamIndex.ts) built once per version in linear
 * time: no step's set of ancestors is ever built unless a caller iterates one. The sets returned
 * below are views: `has` asks the index (constant time on a depends_on forest); iterating or
 * asking the size collects the members into that view only (the graph keeps nothing per step).
 */
export interface StepGraph {
  /** The key other steps use in `depends_on`. */
  keyOf(step: Step): string | undefined;
  /** Steps with this key. */
  stepsWithKey(key: string): readonly Step[];
  /** Whether some step has this key. */
  hasKey(key: string): boolean;
  /**
   * The steps whose output `step` can read through `{{resources.…}}`: its ancestors through
   * `depends_on` and, for a runtime 4 destination, the nodes named in `resources_to_persist` and
   * their ancestors (a destination often has no depends_on: what it persists ties it to them).
   */
  upstream(step: Step): ReadonlySet<Step>;
  /** The output keys (see outputKeysOf) of every step in upstream(step): scoping checks make one lookup per use. */
  upstreamKeys(step: Step): ReadonlySet<string>;
  /** upstreamKeys(step).has(key), answered by the index without a set (O(log n) on a depends_on forest). */
  hasUpstreamKey(step: Step, key: string): boolean;
  /** Steps whose output is read under this key (a legacy resource path; a node name or a request's resource path). */
  stepsWithOutputKey(key: string): readonly Step[];
  readonly keys: readonly string[];
  /** The steps `step.depends_on` names (empty when it names none, or nothing). */
  parents(step: Step): readonly Step[];
  /** Every step reached by following `depends_on` upwards, without `step` itself unless in a cycle. */
  ancestors(step: Step): ReadonlySet<Step>;
  /** Every step that reaches `step` through `depends_on`. */
  descendants(step: Step): ReadonlySet<Step>;
  /** Whether `ancestor` is reached from `of` by following `depends_on` upwards (a step is its own ancestor only in a cycle). */
  isAncestor(ancestor: Step, of: Step): boolean;
  /** Visits every ancestor of `step` once, nearest first along each chain, collecting nothing; stops when `visit` returns true. */
  forEachAncestor(step: Step, visit: (ancestor: Step) => boolean | void): void;
  /** The cycles `depends_on` forms, each as its steps in order (a step that names itself is a cycle of one). */
  readonly cycles: readonly (readonly Step[])[];
}

export function buildStepGraph(steps: readonly Step[], format: ResourcesFormat): StepGraph {
  const keyOf = (step: Step): string | undefined => keyOfStep(step, format);
  const NONE: readonly Step[] = [];
  const size = steps.reduce((max, s) => Math.max(max, s.index + 1), 0);
  const stepAt: (Step | undefined)[] = new Array<Step | undefined>(size);
  for (const step of steps) stepAt[step.index] = step;
  // Each distinct key once, numbered in order of first appearance, with its steps: one string map
  // answers every key question (a key is hashed once per lookup, and looked up once per step).
  const { ids: keyIds, steps: stepsOfKey } = numberKeys(steps, (step, add) => {
    const key = keyOf(step);
    if (key !== undefined) add(key);
  });
  const withKey = (key: string): readonly Step[] => {
    const id = keyIds.get(key);
    return id === undefined ? NONE : stepsOfKey[id];
  };
  // Output keys: a legacy step's only output key is its key (outputKeysOf), so the same numbering.
  const output =
    format === 'legacy'
      ? { ids: keyIds, steps: stepsOfKey }
      : numberKeys(steps, (step, add) => {
          for (const key of outputKeysOf(step, format)) add(key);
        });
  const outputKeyId = (key: string): number | undefined => output.ids.get(key);

  // The graph as integers, for the upstream index and the cycle search: nodes 0 … size-1 are the
  // steps by position; then one node per key (size + its number), whose parents are the steps with
  // that key. A step's one parent is the node of the key its depends_on names, so a key that m
  // steps share and k steps depend on costs m + k edges, not m × k (a duplicated key would
  // otherwise multiply them).
  const stepParentNode = new Int32Array(size).fill(-1);
  for (const step of steps) {
    const id = step.dependsOn ? keyIds.get(step.dependsOn.value) : undefined;
    if (id !== undefined) stepParentNode[step.index] = size + id;
  }
  const parents = (step: Step): readonly Step[] => {
    const node = step.index < size ? stepParentNode[step.index] : -1;
    return node < 0 ? NONE : stepsOfKey[node - size];
  };
  const nodeCount = size + stepsOfKey.length;
  // The index's builder reads each answer before asking again (buildUpstreamIndex): the one-element
  // answers (almost every step and key) share one list instead of a list per step and per call.
  const oneParent = [0];
  const oneKey = [0];
  const NO_INDICES: readonly number[] = [];
  const nodeParents = (i: number): readonly number[] => {
    if (i >= size) {
      const list = stepsOfKey[i - size];
      if (list.length !== 1) return list.map((step) => step.index);
      oneParent[0] = list[0].index;
      return oneParent;
    }
    if (stepParentNode[i] < 0) return NO_INDICES;
    oneParent[0] = stepParentNode[i];
    return oneParent;
  };
  const stepOutputKeyIds = (i: number): readonly number[] => {
    const step = i < size ? stepAt[i] : undefined;
    if (!step) return NO_INDICES;
    if (format === 'legacy') {
      const id = step.resource ? keyIds.get(step.resource.value) : undefined;
      if (id === undefined) return NO_INDICES;
      oneKey[0] = id;
      return oneKey;
    }
    return outputKeysOf(step, format).map((key) => outputKeyId(key)!);
  };
  // The index is built on the first upstream question (many versions are only ever asked for keys and parents).
  let built: UpstreamIndex | undefined;
  const index = (): UpstreamIndex => (built ??= buildUpstreamIndex(nodeCount, nodeParents, stepOutputKeyIds));
  /** Whether `step` is one of this version's steps (a stale step from another version is in no relation). */
  const owns = (step: Step): boolean => stepAt[step.index] === step;
  const isAncestor = (ancestor: Step, of: Step): boolean => owns(ancestor) && owns(of) && index().isUpstream(ancestor.index, of.index);
  const forEachAncestor = (step: Step, visit: (ancestor: Step) => boolean | void): void => {
    if (owns(step)) index().forEachUpstream(step.index, (i) => (i < size ? visit(stepAt[i]!) : undefined));
  };
  const ancestors = (step: Step): ReadonlySet<Step> =>
    new LazySet<Step>(
      (ancestor) => isAncestor(ancestor, step),
      (into) => forEachAncestor(step, (ancestor) => void into.add(ancestor)),
    );
  /** The nodes a runtime 4 destination persists (what ties it to them when it has no depends_on). */
  const persistedNodes = (step: Step): readonly Step[] =>
    format === 'nodes' && step.type?.value === 'destination' && step.resourcesToPersist ? step.resourcesToPersist.flatMap((entry) => withKey(entry.value)) : NONE;
  const upstream = (step: Step): ReadonlySet<Step> => {
    const sources = persistedNodes(step);
    if (sources.length === 0) return ancestors(step);
    return new LazySet<Step>(
      (other) => isAncestor(other, step) || sources.some((source) => source === other || isAncestor(other, source)),
      (into) => {
        forEachAncestor(step, (ancestor) => void into.add(ancestor));
        for (const source of sources) {
          if (into.has(source)) continue;
          into.add(source);
          forEachAncestor(source, (ancestor) => void into.add(ancestor));
        }
      },
    );
  };
  const hasUpstreamKey = (step: Step, key: string): boolean => {
    const id = outputKeyId(key);
    if (id === undefined || !owns(step)) return false;
    if (index().hasUpstreamKey(step.index, id)) return true;
    return persistedNodes(step).some((source) => outputKeysOf(source, format).includes(key) || index().hasUpstreamKey(source.index, id));
  };

  return {
    keyOf,
    stepsWithKey: withKey,
    hasKey: (key) => keyIds.has(key),
    upstream,
    hasUpstreamKey,
    upstreamKeys: (step) =>
      new LazySet<string>(
        (key) => hasUpstreamKey(step, key),
        (into) => {
          for (const source of upstream(step)) for (const key of outputKeysOf(source, format)) into.add(key);
        },
      ),
    stepsWithOutputKey: (key) => {
      const id = output.ids.get(key);
      return id === undefined ? NONE : output.steps[id];
    },
    keys: [...keyIds.keys()],
    parents,
    ancestors,
    descendants: (step) =>
      new LazySet<Step>(
        (descendant) => isAncestor(step, descendant),
        (into) => {
          if (owns(step)) index().forEachDownstream(step.index, (i) => void (i < size && into.add(stepAt[i]!)));
        },
      ),
    isAncestor,
    forEachAncestor,
    // Only steps that depend on something can be in a cycle.
    cycles: steps.some((s) => s.dependsOn) ? findCycles(stepAt, nodeCount, stepParentNode, stepsOfKey, parents) : [],
  };
}

/**
 * Numbers the distinct keys that `keysOf` gives the steps (calling `add` once per key), in order of
 * first appearance, with the steps that have each (a step listed once per key).
 */
function numberKeys(steps: readonly Step[], keysOf: (step: Step, add: (key: string) => void) => void): { ids: Map<string, number>; steps: Step[][] } {
  const ids = new Map<string, number>();
  const stepsOfKey: Step[][] = [];
  let current: Step | undefined;
  const add = (key: string): void => {
    const id = ids.get(key);
    if (id === undefined) {
      ids.set(key, stepsOfKey.length);
      stepsOfKey.push([current!]);
    } else if (stepsOfKey[id][stepsOfKey[id].length - 1] !== current) stepsOfKey[id].push(current!);
  };
  for (const step of steps) {
    current = step;
    keysOf(step, add);
  }
  return { ids, steps: stepsOfKey };
}

/**
 * A set answered on demand: `has` asks `test` (the upstream index: no set is built); iterating or
 * asking the size collects the members once, into this object only.
 */
class LazySet<T> implements ReadonlySet<T> {
  private members: Set<T> | undefined;

  constructor(
    private readonly test: (value: T) => boolean,
    private readonly collect: (into: Set<T>) => void,
  ) {}

  has(value: T): boolean {
    return this.members ? this.members.has(value) : this.test(value);
  }

  private all(): Set<T> {
    if (!this.members) {
      const members = new Set<T>();
      this.collect(members);
      this.members = members;
    }
    return this.members;
  }

  get size(): number {
    return this.all().size;
  }

  forEach(visit: (value: T, again: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    for (const value of this.all()) visit.call(thisArg, value, value, this);
  }

  entries() {
    return this.all().entries();
  }

  keys() {
    return this.all().keys();
  }

  values() {
    return this.all().values();
  }

  [Symbol.iterator]() {
    return this.all()[Symbol.iterator]();
  }
}

/**
 * Strongly connected components of the parent relation (Tarjan, iterative so that a
 * 10,000-step chain cannot overflow the stack), over the integer graph of steps and key nodes
 * (see buildStepGraph: linear however many steps share a key); each component with a cycle is
 * returned as one cycle through its steps, in `depends_on` order. A component of the integer
 * graph with two nodes or more always holds a step cycle: key nodes only lead to steps, so even a
 * step that names its own key makes a component of two (the step and its key's node).
 *
 * The graph is read from its integer form directly (a step's one parent node, a key node's steps)
 * rather than through `nodeParents`, and a component's list is built only when it has two or more
 * members: on a 10,000-step chain, every step is its own component, and a one-element array per
 * step and per visit was most of this search's allocation (GC time on first open).
 */
function findCycles(
  stepAt: readonly (Step | undefined)[],
  nodeCount: number,
  stepParentNode: Int32Array,
  stepsOfKey: readonly (readonly Step[])[],
  parents: (s: Step) => readonly Step[],
): Step[][] {
  const size = stepParentNode.length;
  const edgeCount = (node: number): number => (node >= size ? stepsOfKey[node - size].length : stepParentNode[node] < 0 ? 0 : 1);
  const edgeAt = (node: number, k: number): number => (node >= size ? stepsOfKey[node - size][k].index : stepParentNode[node]);
  const index = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  // Each node enters the stack and the work list at most once: fixed-size arrays, no growth.
  const stack = new Int32Array(nodeCount);
  let stackSize = 0;
  const workNode = new Int32Array(nodeCount);
  const workNext = new Int32Array(nodeCount);
  let workSize = 0;
  const components: Step[][] = [];
  let counter = 0;
  for (let start = 0; start < stepAt.length; start++) {
    if (!stepAt[start] || index[start] >= 0) continue;
    workNode[workSize] = start;
    workNext[workSize++] = 0;
    index[start] = low[start] = counter++;
    stack[stackSize++] = start;
    onStack[start] = 1;
    while (workSize > 0) {
      const top = workSize - 1;
      const at = workNode[top];
      if (workNext[top] < edgeCount(at)) {
        const target = edgeAt(at, workNext[top]++);
        if (index[target] < 0) {
          index[target] = low[target] = counter++;
          stack[stackSize++] = target;
          onStack[target] = 1;
          workNode[workSize] = target;
          workNext[workSize++] = 0;
        } else if (onStack[target]) {
          low[at] = Math.min(low[at], index[target]);
        }
        continue;
      }
      workSize--;
      if (workSize > 0) {
        const parentAt = workNode[workSize - 1];
        low[parentAt] = Math.min(low[parentAt], low[at]);
      }
      if (low[at] === index[at]) {
        if (stack[stackSize - 1] === at) {
          // A component of one node: never a cycle (see above), so no list for it.
          stackSize--;
          onStack[at] = 0;
          continue;
        }
        const component: Step[] = [];
        let member: number;
        do {
          member = stack[--stackSize];
          onStack[member] = 0;
          const step = stepAt[member];
          if (step) component.push(step);
        } while (member !== at);
        components.push(component);
      }
    }
  }
  return components.map((component) => orderCycle(component, parents));
}

/** Walks `depends_on` inside a component from its first step (in file order) until it comes back. */
function orderCycle(component: Step[], parents: (s: Step) => readonly Step[]): Step[] {
  const members = new Set(component);
  const first = component.reduce((a, b) => (a.index <= b.index ? a : b));
  const cycle: Step[] = [first];
  const seen = new Set<Step>([first]);
  let current = first;
  for (;;) {
    const next = parents(current).find((p) => members.has(p));
    if (!next || next === first || seen.has(next)) break;
    cycle.push(next);
    seen.add(next);
    current = next;
  }
  return cycle;
}
