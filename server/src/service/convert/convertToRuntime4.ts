import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { findExcessiveNesting, MAX_NESTING_DEPTH } from '../nestingGuard';
import { detectIndentation } from '../text/jsonEdits';
import { array, fromPlain, object, print, raw, rewriteStrings, value, type OutEntry, type OutValue } from './jsonOut';
import { pathIsUnder, placeholderPaths, PREVIOUS_RUN_DATE, replacePreviousRunDate } from './legacyPlaceholders';
import { NameAllocator, requestNames } from './nodeNames';

/**
 * "Convert to runtime 4": a legacy template (runtime 1–3, or no version) in, the equivalent
 * runtime 4 node graph out — or, when some part has no faithful equivalent, the reasons and no
 * conversion at all. Pure: text in, result out; the code action and `synctemplate convert` share it.
 *
 * How each legacy feature maps (Truto's own V4 docs, see the domain file §6–§8):
 *
 * - **Steps → `request` nodes** named from their resource path (nodeNames.ts). `resource`,
 *   `method`, `id`, `query`, `body` keep their text. `depends_on` names the parent's node.
 * - **Children.** A legacy child runs once per record of its parent and reads that record as
 *   `{{resources.<api>.<resource>.<field>}}`. In runtime 4 a request runs once per element of its
 *   `loop_on`, and inside the loop the looped path *is* the current element (Truto's
 *   `loop_on: "resources.ticketing.tickets"` + `{{resources.ticketing.tickets.id}}` pattern). So a
 *   child that reads its parent's record gets `loop_on: "resources.<api>.<resource>"` (a proxy
 *   resource `contacts`: `resources.contacts`) and its placeholders stay as written. A child that
 *   reads nothing of its parent only needs the ordering: looping would send the same request once
 *   per parent record and fetch the same records again, so it keeps `depends_on` without a loop.
 * - **`loop_on` over an argument** (`user_ids`, `args.user_ids` or `{{args.user_ids}}`) becomes the
 *   context path `args.user_ids`; inside the loop `{{args.user_ids}}` is the current element, as
 *   in legacy runs, so those placeholders stay.
 * - **`integrated_account_id: "{{args.integrated_account_id}}"`** on every request (runtime 4
 *   requires it; legacy runs took the run's account implicitly), and the argument declared in the
 *   `args_schema` shape the file uses (a flat map when it has none) unless it is declared already.
 * - **`previous_run_date`** (legacy only) becomes Truto's documented incremental pattern: a root
 *   `get_state` node reads the cursor, an `add_context` node exposes it as a top-level key, the
 *   requests whose placeholders read it depend on that node (directly, or through their parent),
 *   and the placeholders read the key instead (`{{previous_run_date}}` → `{{last_synced_at}}`,
 *   casts, fallbacks and defaults kept). An `event` node `complete` and an `update_state` node
 *   depending on it write the run's start time — only when the run completed, so a failed run
 *   does not move the cursor, as a failed legacy run did not become the "previous run". The
 *   job gets `state_key: "{{args.integrated_account_id}}"` (per-account cursors, as Truto
 *   recommends) and `mutex_key` likewise when it has none (two overlapping runs would read and
 *   advance the same cursor). The cursor's default is the Unix epoch: the first run syncs
 *   everything, as a legacy first run or an `ignore_previous_run` run does.
 * - **`persist`.** Legacy runs send every persisted step's records to the run's webhook; a
 *   `persist: false` step only feeds its children. Runtime 4 sends nothing without a
 *   `destination`, so a `webhook` destination lists the persisted nodes in `resources_to_persist`
 *   (the `persist: false` ones are simply left out) with `config.id: "{{args.webhook_id}}"`, and
 *   the argument `webhook_id` (format `webhook_id`) is declared unless it exists. When no step is
 *   persisted there is nothing to send and no destination.
 * - **`integration_name`** is dropped: runtime 4 requests name their account through
 *   `integrated_account_id`, and Truto documents the field as null for node-graph templates.
 *   `args_schema`, `args_validation`, `label`, `description`, `sharing` and the tool's own `$schema`
 *   and `id` are kept as written; a string `args_schema` is written as the object it holds.
 *
 * Refused (nothing converted), each with the place and the reason: JSON errors or duplicate keys;
 * a root or `resources` of the wrong type; a template that is already runtime 4; steps that are not
 * objects, miss `resource`/`method`, have keys legacy steps do not have, or a `query`/`body` that
 * is not an object (runtime 4 would read a string as JSONata); a `loop_on` that names no argument;
 * a `depends_on` naming no step, a duplicated resource path, the step itself, or forming a cycle; a
 * child that loops over an argument and also reads its parent's record (a request has one
 * `loop_on`); a step reading the record of an ancestor other than its parent (runtime 4 keeps only
 * the looped record in scope; carrying it needs an `add_context` node written by hand);
 * `previous_run_date` in `mutex_key`/`state_key` (no state is read at job level); an `args_schema`
 * that cannot be read.
 */

export interface ConversionProblem {
  /** What cannot be converted, why, and what to do. */
  readonly message: string;
  /** Where, in the input text. */
  readonly offset: number;
  readonly length: number;
}

export type ConversionResult =
  | { readonly text: string; /** What the conversion added or dropped that the user should know (arguments a run must now pass). */ readonly notes: readonly string[] }
  | { readonly problems: readonly ConversionProblem[] };

export function isConverted(result: ConversionResult): result is { readonly text: string; readonly notes: readonly string[] } {
  return 'text' in result;
}

const LEGACY_STEP_KEYS = new Set(['resource', 'method', 'id', 'query', 'body', 'loop_on', 'depends_on', 'persist']);
/** The cursor's value before the first run: everything is newer, so the first run is a full sync. */
export const CURSOR_DEFAULT = '1970-01-01T00:00:00.000Z';
/** Writes the run's start time, only when the run completed (Truto's own incremental pattern). */
export const CURSOR_ADVANCE_EXPRESSION = "sync_job_run.status = 'completed' ? sync_job_run.started_at.toISOString()";
const ACCOUNT_ARG = 'integrated_account_id';
const WEBHOOK_ARG = 'webhook_id';
const ACCOUNT_PLACEHOLDER = `{{args.${ACCOUNT_ARG}}}`;

interface LegacyStep {
  readonly index: number;
  readonly node: Node;
  readonly resource: string;
  readonly resourceNode: Node;
  readonly method: Node;
  readonly id?: Node;
  readonly query?: Node;
  readonly body?: Node;
  readonly loopOnArg?: string;
  readonly dependsOn?: Node;
  readonly persist: boolean;
  parent?: LegacyStep;
  readsParent: boolean;
  readsCursor: boolean;
}

interface Property {
  readonly key: string;
  readonly keyNode: Node;
  readonly value: Node;
}

function properties(node: Node): Property[] {
  return (node.children ?? []).flatMap((p) => {
    const [keyNode, valueNode] = p.children ?? [];
    return keyNode && valueNode ? [{ key: keyNode.value as string, keyNode, value: valueNode }] : [];
  });
}

function propertyOf(node: Node, key: string): Property | undefined {
  return properties(node).find((p) => p.key === key);
}

const TYPE_NAMES: Record<Node['type'], string> = { object: 'an object', array: 'an array', property: 'a property', string: 'a string', number: 'a number', boolean: 'a boolean', null: 'null' };

function describeParseError(text: string, error: ParseError): string {
  // A comma right before a closing bracket is reported as a missing name or value: say what it is.
  const before = text.slice(0, error.offset).trimEnd();
  if (before.endsWith(',') && /^\s*[}\]]/.test(text.slice(error.offset))) return 'a trailing comma';
  const names: Record<string, string> = {
    InvalidCommentToken: 'a comment',
    TrailingComma: 'a trailing comma',
    PropertyNameExpected: 'a property name is missing',
    ValueExpected: 'a value is missing',
    CommaExpected: 'a comma is missing',
    ColonExpected: 'a colon is missing',
    CloseBraceExpected: 'a closing brace is missing',
    CloseBracketExpected: 'a closing bracket is missing',
    EndOfFileExpected: 'text after the end of the template',
    UnexpectedEndOfString: 'an unterminated string',
    InvalidSymbol: 'a character JSON does not allow',
  };
  return names[printParseErrorCode(error.error)] ?? `JSON error (${printParseErrorCode(error.error)})`;
}

/** Duplicate keys: Truto would read one of them, and which one the author meant cannot be known. */
function duplicateKeys(root: Node): ConversionProblem[] {
  const problems: ConversionProblem[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const p of properties(node)) {
        if (seen.has(p.key)) {
          problems.push({ message: `"${p.key}" appears twice in the same object: remove the copy that is wrong, then convert.`, offset: p.keyNode.offset, length: p.keyNode.length });
        }
        seen.add(p.key);
        stack.push(p.value);
      }
    } else if (node.type === 'array') {
      stack.push(...(node.children ?? []));
    }
  }
  return problems;
}

function at(node: Node, message: string): ConversionProblem {
  return { message, offset: node.offset, length: node.length };
}

/** The context path a request's output is kept under: `ticketing/tickets` → `resources.ticketing.tickets`. */
function resourcesPath(resource: string): string {
  return `resources.${resource.split('/').filter((s) => s.length > 0).join('.')}`;
}

const LOOP_ON_FORMS = [/^\s*\{\{\s*args\.([\w-]+)\s*\}\}\s*$/, /^\s*args\.([\w-]+)\s*$/, /^\s*([\w-]+)\s*$/];

function loopOnArgument(text: string): string | undefined {
  for (const form of LOOP_ON_FORMS) {
    const match = form.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

function readStep(item: Node, index: number, problems: ConversionProblem[]): LegacyStep | undefined {
  const where = `resources[${index}]`;
  if (item.type !== 'object') {
    problems.push(at(item, `${where} is ${TYPE_NAMES[item.type]}, not a step object: a legacy step is { "resource": …, "method": … }. Fix or remove it, then convert.`));
    return undefined;
  }
  const before = problems.length;
  const fields = new Map(properties(item).map((p) => [p.key, p]));
  for (const p of fields.values()) {
    if (!LEGACY_STEP_KEYS.has(p.key)) {
      problems.push(at(p.keyNode, `${where} has "${p.key}", which a legacy step does not have and runtime 4 has no equivalent for: remove it, then convert.`));
    }
  }
  const stringField = (key: string, required: boolean): Node | undefined => {
    const p = fields.get(key);
    if (!p) {
      if (required) problems.push(at(item, `${where} has no "${key}": a step needs "resource" and "method" before it can become a request node.`));
      return undefined;
    }
    if (p.value.type !== 'string' || (required && (p.value.value as string).trim() === '')) {
      problems.push(at(p.value, `${where}: "${key}" must be a${required ? ' non-empty' : ''} string, not ${TYPE_NAMES[p.value.type]}.`));
      return undefined;
    }
    return p.value;
  };
  const objectField = (key: string): Node | undefined => {
    const p = fields.get(key);
    if (!p) return undefined;
    if (p.value.type !== 'object') {
      problems.push(at(p.value, `${where}: "${key}" is ${TYPE_NAMES[p.value.type]}; a legacy "${key}" is an object of parameters, and in runtime 4 a string "${key}" would be read as a JSONata expression. Write it as an object, then convert.`));
      return undefined;
    }
    return p.value;
  };
  const resourceNode = stringField('resource', true);
  const method = stringField('method', true);
  const id = stringField('id', false);
  const dependsOn = stringField('depends_on', false);
  const loopOn = stringField('loop_on', false);
  const query = objectField('query');
  const body = objectField('body');
  let loopOnArg: string | undefined;
  if (loopOn) {
    loopOnArg = loopOnArgument(loopOn.value as string);
    if (!loopOnArg) problems.push(at(loopOn, `${where}: "loop_on" is "${loopOn.value as string}", which names no argument (legacy loop_on takes an array argument's name, e.g. "user_ids"), so what the step loops over is unknown. Fix it, then convert.`));
  }
  const persistProperty = fields.get('persist');
  if (persistProperty && persistProperty.value.type !== 'boolean') problems.push(at(persistProperty.value, `${where}: "persist" must be true or false, not ${TYPE_NAMES[persistProperty.value.type]}.`));
  if (problems.length > before || !resourceNode || !method) return undefined;
  return {
    index,
    node: item,
    resource: resourceNode.value as string,
    resourceNode,
    method,
    ...(id ? { id } : {}),
    ...(query ? { query } : {}),
    ...(body ? { body } : {}),
    ...(loopOnArg ? { loopOnArg } : {}),
    ...(dependsOn ? { dependsOn } : {}),
    persist: persistProperty?.value.value !== false,
    readsParent: false,
    readsCursor: false,
  };
}

/** Every decoded string under `node` (any depth). */
function stringsUnder(node: Node | undefined, out: string[] = []): string[] {
  if (!node) return out;
  if (node.type === 'string') out.push(node.value as string);
  else if (node.type === 'object') for (const p of properties(node)) stringsUnder(p.value, out);
  else if (node.type === 'array') for (const item of node.children ?? []) stringsUnder(item, out);
  return out;
}

/** Links each step to its parent; reports what makes the depends_on graph unconvertible. */
function linkParents(steps: readonly LegacyStep[], problems: ConversionProblem[]): void {
  const byResource = new Map<string, LegacyStep[]>();
  for (const step of steps) byResource.set(step.resource, [...(byResource.get(step.resource) ?? []), step]);
  for (const step of steps) {
    if (!step.dependsOn) continue;
    const name = step.dependsOn.value as string;
    const parents = byResource.get(name);
    if (!parents) {
      problems.push(at(step.dependsOn, `depends_on "${name}" names no step (a legacy depends_on is another step's "resource" path), so this step's parent is unknown. Fix it, then convert.`));
    } else if (parents.includes(step)) {
      problems.push(at(step.dependsOn, `The step "${name}" depends on itself: Truto can never run it. Remove the depends_on or point it at the parent step, then convert.`));
    } else if (parents.length > 1) {
      problems.push(at(step.dependsOn, `depends_on "${name}": ${parents.length} steps sync that resource, so which one is the parent cannot be told. Remove or merge the duplicate steps, then convert.`));
    } else {
      step.parent = parents[0];
    }
  }
  // Each step has at most one parent, so a cycle is found by climbing: a climb that meets a step
  // of its own path has found one; a climb that meets a step seen before stops (linear overall).
  const seen = new Set<LegacyStep>();
  const inCycle = new Set<LegacyStep>();
  for (const step of steps) {
    const path: LegacyStep[] = [];
    const onPath = new Set<LegacyStep>();
    let current: LegacyStep | undefined = step;
    while (current && !seen.has(current)) {
      seen.add(current);
      onPath.add(current);
      path.push(current);
      current = current.parent;
    }
    if (!current || !onPath.has(current)) continue;
    const cycle = path.slice(path.indexOf(current));
    for (const member of cycle) inCycle.add(member);
    const names = [...cycle, current].map((s) => s.resource).join(' → ');
    problems.push(at(current.dependsOn!, `depends_on forms a cycle (${names}): no step of it can run first. Break the cycle, then convert.`));
  }
  // Cut the links of a cycle, so later climbs end.
  for (const step of inCycle) step.parent = undefined;
}

/** Whether `ancestor` is reached from `step` by following parents (cycles are cut, so the climb ends). */
function isAncestor(ancestor: LegacyStep, step: LegacyStep): boolean {
  for (let a = step.parent; a; a = a.parent) if (a === ancestor) return true;
  return false;
}

/** What each step's placeholders read: its parent's record, a farther ancestor's, the cursor. */
function readReads(steps: readonly LegacyStep[], problems: ConversionProblem[]): Set<string> {
  const roots = new Set<string>();
  // Steps by the context path their records are read under (`resources.ticketing.tickets`).
  const byContextPath = new Map<string, LegacyStep[]>();
  for (const step of steps) {
    const key = resourcesPath(step.resource);
    const list = byContextPath.get(key);
    if (list) list.push(step);
    else byContextPath.set(key, [step]);
  }
  for (const step of steps) {
    const reported = new Set<LegacyStep>();
    for (const path of [step.id, step.query, step.body].flatMap((n) => stringsUnder(n).flatMap(placeholderPaths))) {
      const segments = path.split('.');
      roots.add(segments[0]);
      if (pathIsUnder(path, PREVIOUS_RUN_DATE)) step.readsCursor = true;
      if (segments[0] !== 'resources') continue;
      // The upstream step with the longest matching path (`a/b/c` before `a/b`): look the path's
      // prefixes up, longest first, rather than climbing the ancestors for every placeholder.
      let read: LegacyStep | undefined;
      for (let length = segments.length; length >= 2 && !read; length--) {
        const candidates = byContextPath.get(segments.slice(0, length).join('.'));
        read = candidates?.find((c) => c === step.parent) ?? candidates?.find((c) => isAncestor(c, step));
      }
      if (!read) continue;
      if (read === step.parent) {
        step.readsParent = true;
      } else if (!reported.has(read)) {
        reported.add(read);
        problems.push(
          at(
            step.node,
            `resources[${step.index}] ("${step.resource}") reads {{${path}}}, a record of "${read.resource}", which is not its parent. In runtime 4 a looped request sees only the current element of its own loop_on, so this read has no faithful equivalent. Carry the field down with an add_context node by hand (see Truto's loop_on pattern), or read it from the parent, then convert.`,
          ),
        );
      }
    }
    if (step.readsParent && step.loopOnArg) {
      problems.push(
        at(
          step.node,
          `resources[${step.index}] ("${step.resource}") loops over the argument "${step.loopOnArg}" and also runs once per record of its parent "${step.parent!.resource}", which it reads. A runtime 4 request has a single loop_on, so both loops cannot be kept. Split the step, then convert.`,
        ),
      );
    }
  }
  return roots;
}

/** `args_schema`, read so arguments can be added in the shape the file already uses. */
interface ArgsPlan {
  readonly declared: ReadonlySet<string>;
  /** The new `args_schema` value with `added` declared, or undefined to leave the key as it is (or absent). */
  build(added: readonly OutEntry[]): OutValue | undefined;
}

function planArgs(text: string, root: Node, problems: ConversionProblem[]): ArgsPlan | undefined {
  const p = propertyOf(root, 'args_schema');
  if (!p || p.value.type === 'null') {
    return { declared: new Set(), build: (added) => (added.length > 0 ? object(added) : undefined) };
  }
  if (p.value.type === 'object') {
    const type = propertyOf(p.value, 'type');
    const props = propertyOf(p.value, 'properties');
    if (type?.value.value === 'object' && props?.value.type === 'object') {
      // Shape A: add to `properties`, keep every other key as written.
      const container = props.value;
      return {
        declared: new Set(properties(container).map((q) => q.key)),
        build: (added) =>
          added.length === 0
            ? undefined
            : object(properties(p.value).map((q) => [q.key, q.key === 'properties' ? object([...properties(container).map((r) => [r.key, raw(text, r.value)] as const), ...added]) : raw(text, q.value)] as const)),
      };
    }
    return {
      declared: new Set(properties(p.value).map((q) => q.key)),
      build: (added) => (added.length === 0 ? undefined : object([...properties(p.value).map((q) => [q.key, raw(text, q.value)] as const), ...added])),
    };
  }
  if (p.value.type === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(p.value.value as string);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      // Truto's API documents args_schema as an object; the string form is written out as one.
      const schema = parsed as Record<string, unknown>;
      const shapeA = schema.type === 'object' && typeof schema.properties === 'object' && schema.properties !== null && !Array.isArray(schema.properties);
      const container = (shapeA ? schema.properties : schema) as Record<string, unknown>;
      return {
        declared: new Set(Object.keys(container)),
        build: (added) => {
          const args = object([...Object.entries(container).map(([k, v]) => [k, fromPlain(v)] as const), ...added]);
          return shapeA ? object(Object.entries(schema).map(([k, v]) => [k, k === 'properties' ? args : fromPlain(v)] as const)) : args;
        },
      };
    }
  }
  problems.push(at(p.value, `args_schema is ${p.value.type === 'string' ? 'a string that does not hold a JSON object' : TYPE_NAMES[p.value.type]}, so the arguments runtime 4 needs (integrated_account_id) cannot be added to it. Write it as an object, then convert.`));
  return undefined;
}

function argSpec(format: string, description: string): OutValue {
  return object([
    ['type', value('string')],
    ['format', value(format)],
    ['required', value(true)],
    ['description', value(description)],
  ]);
}

export function convertToRuntime4(text: string): ConversionResult {
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep) return { problems: [{ message: `The file nests deeper than ${MAX_NESTING_DEPTH} levels; it is not a template that can be converted.`, ...tooDeep }] };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    return { problems: errors.map((e) => ({ message: `The file is not valid JSON (${describeParseError(text, e)}): fix it, then convert.`, offset: e.offset, length: e.length })) };
  }
  if (!root || root.type !== 'object') {
    return { problems: [{ message: 'A template is a JSON object ({ "label": …, "resources": [ … ] }); this file is not one.', offset: root?.offset ?? 0, length: root?.length ?? text.length }] };
  }
  const duplicates = duplicateKeys(root);
  if (duplicates.length > 0) return { problems: duplicates };

  const problems: ConversionProblem[] = [];
  const version = propertyOf(root, 'default_runtime_version');
  if (version && version.value.type === 'number' && (version.value.value as number) >= 4) {
    problems.push(at(version.value, `This template is already runtime ${version.value.value as number}: there is nothing to convert.`));
    return { problems };
  }
  if (version && version.value.type !== 'number' && version.value.type !== 'null') {
    problems.push(at(version.value, `default_runtime_version is ${TYPE_NAMES[version.value.type]}, not a number, so which format the file is in cannot be told. Set it to 1, 2 or 3, then convert.`));
  }

  const resourcesProperty = propertyOf(root, 'resources');
  const resourcesNode = resourcesProperty?.value;
  if (resourcesNode && resourcesNode.type !== 'array' && resourcesNode.type !== 'null') {
    problems.push(at(resourcesNode, `"resources" is ${TYPE_NAMES[resourcesNode.type]}; it must be the array of steps. Fix it, then convert.`));
  }
  const steps: LegacyStep[] = [];
  if (resourcesNode?.type === 'array') {
    (resourcesNode.children ?? []).forEach((item, index) => {
      const step = readStep(item, index, problems);
      if (step) steps.push(step);
    });
  }
  linkParents(steps, problems);
  const roots = readReads(steps, problems);
  for (const key of ['mutex_key', 'state_key']) {
    const p = propertyOf(root, key);
    if (p && stringsUnder(p.value).flatMap(placeholderPaths).some((path) => pathIsUnder(path, PREVIOUS_RUN_DATE))) {
      problems.push(at(p.value, `${key} reads previous_run_date, which runtime 4 does not have, and job-level keys are resolved before any node reads state. Remove it from ${key}, then convert.`));
    }
  }
  const args = planArgs(text, root, problems);
  if (problems.length > 0 || !args) return { problems: problems.sort((a, b) => a.offset - b.offset) };

  // Names: requests first (they carry the meaning), then the nodes the conversion adds, which
  // also keep clear of every `resources.<x>` key a request fills (a proxy resource called `webhook`).
  const names = requestNames(steps.map((s) => s.resource));
  const nameOf = new Map(steps.map((s, i) => [s, names[i]]));
  const allocator = new NameAllocator(new Set([...names, ...steps.map((s) => s.resource.split('/')[0])]));
  const notes: string[] = [];
  const added: OutEntry[] = [];
  const needsAccount = steps.length > 0 && !args.declared.has(ACCOUNT_ARG);
  if (needsAccount) {
    added.push([ACCOUNT_ARG, argSpec(ACCOUNT_ARG, 'The connected account the requests run against.')]);
    notes.push(`Declared the argument ${ACCOUNT_ARG}: every request node needs it, so runs must pass it in args.`);
  }

  const usesCursor = steps.some((s) => s.readsCursor);
  let cursorKey = 'last_synced_at';
  for (let n = 2; roots.has(cursorKey); n++) cursorKey = `last_synced_at_${n}`;
  const cursor = usesCursor ? { get: allocator.take('get-last-synced-at'), expose: allocator.take('add-last-synced-at') } : undefined;
  // The roots whose subtree reads the cursor wait for it (children are downstream of their root).
  const waitsForCursor = new Set<LegacyStep>();
  for (const step of steps) {
    if (!step.readsCursor) continue;
    let top = step;
    while (top.parent) top = top.parent;
    waitsForCursor.add(top);
  }

  const rewrite = (node: Node | undefined): OutValue | undefined => (node ? rewriteStrings(text, node, (s) => replacePreviousRunDate(s, cursorKey)) : undefined);
  const entry = (key: string, v: OutValue | undefined): OutEntry | undefined => (v ? [key, v] : undefined);
  const nodes: OutValue[] = [];
  if (cursor) {
    nodes.push(
      object([
        ['name', value(cursor.get)],
        ['type', value('get_state')],
        ['config', object([['key', value(cursorKey)], ['default', value(CURSOR_DEFAULT)]])],
      ]),
      object([
        ['name', value(cursor.expose)],
        ['type', value('add_context')],
        ['depends_on', value(cursor.get)],
        ['config', object([['expression', value(`{ "${cursorKey}": resources.\`${cursor.get}\`.value }`)]])],
      ]),
    );
  }
  for (const step of steps) {
    const dependsOn = step.parent ? nameOf.get(step.parent) : cursor && waitsForCursor.has(step) ? cursor.expose : undefined;
    const loopOn = step.loopOnArg !== undefined ? `args.${step.loopOnArg}` : step.readsParent && step.parent ? resourcesPath(step.parent.resource) : undefined;
    nodes.push(
      object([
        ['name', value(nameOf.get(step)!)],
        ['type', value('request')],
        entry('depends_on', dependsOn !== undefined ? value(dependsOn) : undefined),
        ['resource', raw(text, step.resourceNode)],
        ['method', raw(text, step.method)],
        entry('loop_on', loopOn !== undefined ? value(loopOn) : undefined),
        ['integrated_account_id', value(ACCOUNT_PLACEHOLDER)],
        entry('id', rewrite(step.id)),
        entry('query', rewrite(step.query)),
        entry('body', rewrite(step.body)),
      ]),
    );
  }
  const persisted = steps.filter((s) => s.persist).map((s) => nameOf.get(s)!);
  if (persisted.length > 0) {
    const webhook = allocator.take('webhook');
    nodes.push(
      object([
        ['name', value(webhook)],
        ['type', value('destination')],
        ['destination_type', value('webhook')],
        ['config', object([['id', value(`{{args.${WEBHOOK_ARG}}}`)]])],
        ['resources_to_persist', array(persisted.map(value))],
      ]),
    );
    if (!args.declared.has(WEBHOOK_ARG)) {
      added.push([WEBHOOK_ARG, argSpec(WEBHOOK_ARG, 'The webhook that receives the synced records (legacy runs sent them to the run’s webhook).')]);
      notes.push(`Added the webhook destination "${webhook}" for the persisted steps and declared the argument ${WEBHOOK_ARG}: runs must pass it in args (legacy runs took the run's webhook_id).`);
    }
  }
  if (cursor) {
    const complete = allocator.take('on-complete');
    const advance = allocator.take('update-last-synced-at');
    nodes.push(
      object([
        ['name', value(complete)],
        ['type', value('event')],
        ['config', object([['name', value('complete')]])],
      ]),
      object([
        ['name', value(advance)],
        ['type', value('update_state')],
        ['depends_on', value(complete)],
        ['config', object([['key', value(cursorKey)], ['value_expression', value(CURSOR_ADVANCE_EXPRESSION)]])],
      ]),
    );
    notes.push(`Replaced previous_run_date with a state cursor ("${cursor.get}" → "${cursor.expose}", advanced by "${advance}" after a completed run); the first run starts from ${CURSOR_DEFAULT}.`);
  }

  // The job: the input's keys in their order, with the version set, integration_name dropped,
  // and new keys where Truto's examples put them (state keys before args_schema, args before resources).
  const hasKey = (key: string) => propertyOf(root, key) !== undefined;
  const jobKeys: OutEntry[] = [];
  if (cursor) {
    if (!hasKey('mutex_key')) jobKeys.push(['mutex_key', value(ACCOUNT_PLACEHOLDER)]);
    if (!hasKey('state_key')) jobKeys.push(['state_key', value(ACCOUNT_PLACEHOLDER)]);
  }
  const argsValue = args.build(added);
  const entries: OutEntry[] = [];
  let versionWritten = false;
  let jobKeysWritten = jobKeys.length === 0;
  let argsWritten = argsValue === undefined;
  const writeVersion = () => {
    if (!versionWritten) entries.push(['default_runtime_version', value(4)]);
    versionWritten = true;
  };
  const writeJobKeys = () => {
    if (!jobKeysWritten) entries.push(...jobKeys);
    jobKeysWritten = true;
  };
  const argsInInput = hasKey('args_schema');
  const writeArgs = () => {
    if (!argsWritten && argsValue && !argsInInput) entries.push(['args_schema', argsValue]);
    argsWritten = true;
  };
  for (const p of properties(root)) {
    switch (p.key) {
      case 'integration_name':
        if (p.value.type === 'string' && p.value.value !== '') notes.push(`Dropped integration_name "${p.value.value as string}": runtime 4 requests name their account through integrated_account_id.`);
        writeVersion();
        break;
      case 'default_runtime_version':
        writeVersion();
        break;
      case 'sharing':
        writeVersion();
        entries.push([p.key, raw(text, p.value)]);
        break;
      case 'args_schema':
        writeVersion();
        writeJobKeys();
        entries.push([p.key, argsValue ?? raw(text, p.value)]);
        argsWritten = true;
        break;
      case 'args_validation':
      case 'mutex_key':
      case 'state_key':
        writeVersion();
        writeJobKeys();
        writeArgs();
        entries.push([p.key, raw(text, p.value)]);
        break;
      case 'resources':
        writeVersion();
        writeJobKeys();
        writeArgs();
        entries.push([p.key, array(nodes)]);
        break;
      default:
        entries.push([p.key, raw(text, p.value)]);
    }
  }
  writeVersion();
  writeJobKeys();
  writeArgs();
  if (!resourcesProperty && nodes.length > 0) entries.push(['resources', array(nodes)]);

  const { tabSize, insertSpaces } = detectIndentation(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const printed = print(object(entries), { indent: insertSpaces ? ' '.repeat(tabSize) : '\t', eol });
  return { text: /\r?\n\s*$/.test(text) ? printed + eol : printed, notes };
}
