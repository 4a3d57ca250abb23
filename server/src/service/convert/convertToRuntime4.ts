import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { findExcessiveNesting, MAX_NESTING_DEPTH } from '../nestingGuard';
import { detectIndentation } from '../text/jsonEdits';
import { argSpec, planArgs } from './argsPlan';
import { at, describeParseError, duplicateKeys, properties, propertyOf, stringsUnder, TYPE_NAMES, type ConversionProblem } from './jsonInput';
import { array, object, print, raw, rewriteStrings, value, type OutEntry, type OutValue } from './jsonOut';
import { pathIsUnder, placeholderPaths, PREVIOUS_RUN_DATE, replacePreviousRunDate } from './legacyPlaceholders';
import { linkParents, readReads, readStep, resourcesPath, type LegacyStep } from './legacySteps';
import { NameAllocator, requestNames } from './nodeNames';

export type { ConversionProblem } from './jsonInput';

/**
 * "Convert to runtime 4": a legacy template (runtime 1–3, or no version) in, the equivalent
 * runtime 4 node graph out — or, when some part has no faithful equivalent, the reasons and no
 * conversion at all. Pure: text in, result out; the code action and `synctemplate convert` share it.
 * Its parts, one file each: reading the JSON (jsonInput.ts), the legacy steps and what they read
 * (legacySteps.ts), `args_schema` (argsPlan.ts), node names (nodeNames.ts), placeholder rewriting
 * (legacyPlaceholders.ts) and printing (jsonOut.ts); this file assembles the node graph.
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
 *   persisted there is nothing to send and no destination. (Daemon runs stored records instead;
 *   the template cannot tell which kind of run fed it, and webhook runs are the documented case.)
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

export type ConversionResult =
  | { readonly text: string; /** What the conversion added or dropped that the user should know (arguments a run must now pass). */ readonly notes: readonly string[] }
  | { readonly problems: readonly ConversionProblem[] };

export function isConverted(result: ConversionResult): result is { readonly text: string; readonly notes: readonly string[] } {
  return 'text' in result;
}

/** The cursor's value before the first run: everything is newer, so the first run is a full sync. */
export const CURSOR_DEFAULT = '1970-01-01T00:00:00.000Z';
/** Writes the run's start time, only when the run completed (Truto's own incremental pattern). */
export const CURSOR_ADVANCE_EXPRESSION = "sync_job_run.status = 'completed' ? sync_job_run.started_at.toISOString()";
const ACCOUNT_ARG = 'integrated_account_id';
const WEBHOOK_ARG = 'webhook_id';
const ACCOUNT_PLACEHOLDER = `{{args.${ACCOUNT_ARG}}}`;

export function convertToRuntime4(text: string): ConversionResult {
  // A byte-order mark is not JSON, but editors keep it: convert what follows it, and keep it.
  if (text.startsWith('\uFEFF')) {
    const result = convertText(text.slice(1));
    return isConverted(result) ? { ...result, text: `\uFEFF${result.text}` } : { problems: result.problems.map((p) => ({ ...p, offset: p.offset + 1 })) };
  }
  return convertText(text);
}

function convertText(text: string): ConversionResult {
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
