import type { ResourcesFormat, Step } from './templateModel';

/**
 * The `depends_on` graph. Legacy steps are keyed by their `resource` path, runtime 4 nodes by
 * their `name`. Several steps may share a key (a duplicate): a child then has several parents.
 */
export interface StepGraph {
  /** The key other steps use in `depends_on`. */
  keyOf(step: Step): string | undefined;
  /** Steps with this key. */
  stepsWithKey(key: string): readonly Step[];
  /** Whether some step has this key. */
  hasKey(key: string): boolean;
  /** The keys of every step upstream of `step` (for scoping checks: one lookup per use). */
  ancestorKeys(step: Step): ReadonlySet<string>;
  readonly keys: readonly string[];
  /** The steps `step.depends_on` names (empty when it names none, or nothing). */
  parents(step: Step): readonly Step[];
  /** Every step reached by following `depends_on` upwards, without `step` itself unless in a cycle. */
  ancestors(step: Step): ReadonlySet<Step>;
  /** Every step that reaches `step` through `depends_on`. */
  descendants(step: Step): ReadonlySet<Step>;
  /** The cycles `depends_on` forms, each as its steps in order (a step that names itself is a cycle of one). */
  readonly cycles: readonly (readonly Step[])[];
}

export function buildStepGraph(steps: readonly Step[], format: ResourcesFormat): StepGraph {
  const keyOf = (step: Step): string | undefined => (format === 'legacy' ? step.resource?.value : step.name?.value);
  const byKey = new Map<string, Step[]>();
  for (const step of steps) {
    const key = keyOf(step);
    if (key === undefined) continue;
    const list = byKey.get(key);
    if (list) list.push(step);
    else byKey.set(key, [step]);
  }
  const NONE: readonly Step[] = [];
  // Each step's parents and children, looked up once, by the step's position in `resources`.
  const parentsByIndex: (readonly Step[])[] = [];
  const childrenByIndex: Step[][] = [];
  for (const step of steps) parentsByIndex[step.index] = step.dependsOn ? (byKey.get(step.dependsOn.value) ?? NONE) : NONE;
  const parents = (step: Step): readonly Step[] => parentsByIndex[step.index] ?? NONE;
  for (const step of steps) {
    for (const parent of parents(step)) (childrenByIndex[parent.index] ??= []).push(step);
  }
  const children = { get: (step: Step): readonly Step[] | undefined => childrenByIndex[step.index] };

  const reach = (start: Step, next: (s: Step) => readonly Step[]): Set<Step> => {
    const seen = new Set<Step>();
    const stack = [...next(start)];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      stack.push(...next(current));
    }
    return seen;
  };
  const ancestorCache: Set<Step>[] = [];
  const ancestorKeyCache: Set<string>[] = [];
  const descendantCache: Set<Step>[] = [];

  return {
    keyOf,
    stepsWithKey: (key) => byKey.get(key) ?? NONE,
    hasKey: (key) => byKey.has(key),
    ancestorKeys(step) {
      let keys = ancestorKeyCache[step.index];
      if (!keys) {
        keys = new Set<string>();
        for (const ancestor of this.ancestors(step)) {
          const key = keyOf(ancestor);
          if (key !== undefined) keys.add(key);
        }
        ancestorKeyCache[step.index] = keys;
      }
      return keys;
    },
    keys: [...byKey.keys()],
    parents,
    ancestors(step) {
      return (ancestorCache[step.index] ??= reach(step, parents));
    },
    descendants(step) {
      return (descendantCache[step.index] ??= reach(step, (s) => children.get(s) ?? NONE));
    },
    // Only steps that depend on something can be in a cycle.
    cycles: steps.some((s) => s.dependsOn) ? findCycles(steps, parents) : [],
  };
}

/**
 * Strongly connected components of the parent relation (Tarjan, iterative so that a
 * 10,000-step chain cannot overflow the stack); each component with a cycle is returned as
 * one cycle through it, in `depends_on` order.
 */
function findCycles(steps: readonly Step[], parents: (s: Step) => readonly Step[]): Step[][] {
  // Arrays indexed by the step's position in `resources` (steps are few; no maps needed).
  const size = steps.reduce((max, s) => Math.max(max, s.index + 1), 0);
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack: Step[] = [];
  const components: Step[][] = [];
  let counter = 0;
  for (const start of steps) {
    if (index[start.index] >= 0) continue;
    const work: { step: Step; next: number }[] = [{ step: start, next: 0 }];
    index[start.index] = low[start.index] = counter++;
    stack.push(start);
    onStack[start.index] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const at = frame.step.index;
      const edges = parents(frame.step);
      if (frame.next < edges.length) {
        const target = edges[frame.next++];
        if (index[target.index] < 0) {
          index[target.index] = low[target.index] = counter++;
          stack.push(target);
          onStack[target.index] = 1;
          work.push({ step: target, next: 0 });
        } else if (onStack[target.index]) {
          low[at] = Math.min(low[at], index[target.index]);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parentAt = work[work.length - 1].step.index;
        low[parentAt] = Math.min(low[parentAt], low[at]);
      }
      if (low[at] === index[at]) {
        const component: Step[] = [];
        let member: Step;
        do {
          member = stack.pop()!;
          onStack[member.index] = 0;
          component.push(member);
        } while (member !== frame.step);
        const selfLoop = component.length === 1 && parents(component[0]).includes(component[0]);
        if (component.length > 1 || selfLoop) components.push(component);
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
