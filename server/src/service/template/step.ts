import type { ObjectASTNode, StringASTNode } from 'vscode-json-languageservice';

/** Where a template's runtime puts its steps: flat legacy steps (1–3) or named nodes (4+). */
export type ResourcesFormat = 'legacy' | 'nodes';

/**
 * A string value of a step's field: the JSON string node itself (its `value` is the text). No
 * record of its own: a 10,000-step template has tens of thousands of them per version.
 */
export type StringField = StringASTNode;

/** One element of `resources`: a legacy step or a runtime 4 node. */
export interface Step {
  readonly index: number;
  readonly node: ObjectASTNode;
  /** Legacy steps and request nodes. */
  readonly resource: StringField | undefined;
  readonly method: StringField | undefined;
  readonly dependsOn: StringField | undefined;
  readonly loopOn: StringField | undefined;
  /** Runtime 4 nodes. */
  readonly name: StringField | undefined;
  readonly type: StringField | undefined;
  /** A destination's `resources_to_persist` entries that are strings (undefined when the key is absent or not an array). */
  readonly resourcesToPersist: readonly StringField[] | undefined;
}

/** Runtime 4 node types whose nodes read or write run state (and so need a job-level `state_key`). */
export const STATE_NODE_TYPES: ReadonlySet<string> = new Set(['get_state', 'update_state', 'delete_state']);

/** The key other steps name in `depends_on`: a legacy step's resource path, a runtime 4 node's name. */
export function keyOfStep(step: Step, format: ResourcesFormat): string | undefined {
  return format === 'legacy' ? step.resource?.value : step.name?.value;
}

/**
 * The keys under which `{{resources.…}}` reads a step's output. A legacy step: its resource path.
 * A runtime 4 node: its name and, for a request node, its resource path (`ticketing/tickets`, or a
 * proxy resource's single segment), which is how Truto keys request output.
 */
export function outputKeysOf(step: Step, format: ResourcesFormat): readonly string[] {
  if (format === 'legacy') return step.resource ? [step.resource.value] : [];
  const keys: string[] = [];
  if (step.name) keys.push(step.name.value);
  if (step.type?.value === 'request' && step.resource && step.resource.value !== step.name?.value) keys.push(step.resource.value);
  return keys;
}

/** What to call a step in messages: "node" in runtime 4, "step" before. */
export function stepNoun(format: ResourcesFormat): 'node' | 'step' {
  return format === 'nodes' ? 'node' : 'step';
}
