import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, InsertTextFormat, type CompletionItem, type Diagnostic, type Hover, type MarkupContent, type TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { normalizeSettings } from '../../server/src/service/settings';
import { messageText } from '../../server/src/cli/outputFormats';
import schemaJson from '../../schemas/synctemplate.schema.json';
import { applyEdits, templateDocument, withCursor } from '../support/cursor';

/**
 * The runtime 4 part of the bundled schema: one exact schema per node type, messages that name
 * the type, completion and hover per type, and how the version picks the format.
 */
const service = createLanguageService();

interface Seen {
  readonly message: string;
  readonly covered: string;
  readonly diagnostic: Diagnostic;
}

/** The schema diagnostics of a document, with the text each covers. */
async function schemaProblems(text: string, settings?: unknown): Promise<Seen[]> {
  const document = templateDocument(text);
  const all = await service.validate(document, settings === undefined ? undefined : normalizeSettings(settings));
  return all
    .filter((d) => d.code === 'schema' || typeof d.code === 'number')
    .map((d) => ({ message: messageText(d.message), covered: document.getText(d.range), diagnostic: d }));
}

async function allProblems(text: string, settings?: unknown): Promise<Seen[]> {
  const document = templateDocument(text);
  const all = await service.validate(document, settings === undefined ? undefined : normalizeSettings(settings));
  return all.map((d) => ({ message: messageText(d.message), covered: document.getText(d.range), diagnostic: d }));
}

const ACCOUNT = '{{args.integrated_account_id}}';
const ARGS = {
  integrated_account_id: { type: 'string', format: 'integrated_account_id', required: true },
  webhook_id: { type: 'string', format: 'webhook_id', required: true },
  datastore_id: { type: 'string', format: 'datastore_id', required: false },
  start_date: { type: 'string', format: 'date', required: true },
};

/** A runtime 4 template around the given nodes (pretty-printed, one key per line). */
function v4(nodes: readonly unknown[], extra: Record<string, unknown> = {}, version: unknown = 4): string {
  return `${JSON.stringify({ label: 'v4', default_runtime_version: version, integration_name: null, state_key: ACCOUNT, args_schema: ARGS, ...extra, resources: nodes }, null, 2)}\n`;
}

/** A valid node of every type (and every destination kind), each with its optional keys. */
const VALID: Record<string, Record<string, unknown>> = {
  request: {
    name: 'tickets',
    type: 'request',
    resource: 'ticketing/tickets',
    method: 'list',
    integrated_account_id: ACCOUNT,
    id: '{{args.start_date}}',
    query: { updated_at: { gt: '{{last_synced_at}}' }, $truto_merge: '{{args.extra:json}}' },
    body: '{ "since": last_synced_at }',
    loop_on: 'args.ids',
    recurse: { if: '{{resources.ticketing.tickets.has_more:bool}}', config: { query: { cursor: '{{resources.ticketing.tickets.next}}' } } },
    delete_tracking: 'soft',
    delete_tracking_query: { account: ACCOUNT, $truto_merge: ['{{args.a:json}}', '{{args.b:json}}'] },
    run_if: '$exists(args.integrated_account_id)',
    debug: false,
  },
  transform: { name: 'shape', type: 'transform', depends_on: 'tickets', config: { expression: '$' }, run_if: 'true', debug: true },
  spool: { name: 'all', type: 'spool', depends_on: 'shape', run_if: 'true', debug: false },
  add_context: { name: 'ctx', type: 'add_context', depends_on: 'cursor', config: { expression: '{ "last_synced_at": resources.cursor.value }' } },
  get_state: { name: 'cursor', type: 'get_state', config: { key: 'last_synced_at', default: '{{args.start_date}}' } },
  update_state: { name: 'advance', type: 'update_state', depends_on: 'done', config: { key: 'last_synced_at', value: '{{args.start_date}}', value_expression: 'sync_job_run.started_at.toISOString()' } },
  delete_state: { name: 'reset', type: 'delete_state', config: { key: 'last_synced_at' } },
  event: { name: 'done', type: 'event', config: { name: 'complete' } },
  webhook: { name: 'to-webhook', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['tickets'], run_if: '$exists(args.webhook_id)' },
  datastore: {
    name: 'to-s3',
    type: 'destination',
    destination_type: 'datastore',
    method: 'uploadObject',
    loop_on: 'payload.records',
    config: { id: '{{args.datastore_id}}', config: { file_name: '{{payload.records.id}}.json', content: '{{payload.records:json}}', $truto_merge: '{{args.headers:json}}' } },
    resources_to_persist: ['shape', 'all'],
  },
  superquery: { name: 'to-sq', type: 'destination', destination_type: 'superquery', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['tickets'], depends_on: 'tickets' },
};

/** How the messages name each kind of node. */
const LABEL: Record<string, string> = {
  request: 'a `request` node',
  transform: 'a `transform` node',
  spool: 'a `spool` node',
  add_context: 'an `add_context` node',
  get_state: 'a `get_state` node',
  update_state: 'an `update_state` node',
  delete_state: 'a `delete_state` node',
  event: 'an `event` node',
  webhook: 'a `webhook` destination',
  datastore: 'a `datastore` destination',
  superquery: 'a `superquery` destination',
};

/** The domain file's own runtime 4 example (§7), verbatim. */
const DOMAIN_EXAMPLE = `{
  "label": "Zendesk tickets + comments → webhook (incremental)",
  "description": "Lists tickets updated since the last successful run and their comments.",
  "default_runtime_version": 4,
  "integration_name": null,
  "sharing": "deny",
  "mutex_key": "{{args.integrated_account_id}}",
  "state_key": "{{args.integrated_account_id}}",
  "args_schema": {
    "integrated_account_id": { "type": "string", "format": "integrated_account_id", "required": true },
    "webhook_id":            { "type": "string", "format": "webhook_id", "required": true },
    "start_date":            { "type": "string", "format": "date", "required": true }
  },
  "args_validation": "$exists(args.webhook_id) ? null : { \\"message\\": \\"webhook_id is required\\" }",
  "resources": [
    { "name": "cursor", "type": "get_state",
      "config": { "key": "last_synced_at", "default": "{{args.start_date}}" } },
    { "name": "expose-cursor", "type": "add_context", "depends_on": "cursor",
      "config": { "expression": "{ \\"last_synced_at\\": resources.cursor.value }" } },
    { "name": "tickets", "type": "request", "depends_on": "expose-cursor",
      "resource": "ticketing/tickets", "method": "list",
      "integrated_account_id": "{{args.integrated_account_id}}",
      "query": { "updated_at": { "gt": "{{last_synced_at}}" } } },
    { "name": "comments", "type": "request", "depends_on": "tickets",
      "resource": "ticketing/comments", "method": "list",
      "loop_on": "resources.ticketing.tickets",
      "integrated_account_id": "{{args.integrated_account_id}}",
      "query": { "ticket": { "id": "{{resources.ticketing.tickets.id}}" } } },
    { "name": "to-webhook", "type": "destination", "destination_type": "webhook",
      "config": { "id": "{{args.webhook_id}}" },
      "resources_to_persist": ["tickets", "comments"] },
    { "name": "done", "type": "event", "config": { "name": "complete" } },
    { "name": "advance-cursor", "type": "update_state", "depends_on": "done",
      "config": { "key": "last_synced_at",
        "value_expression": "sync_job_run.status = 'completed' ? sync_job_run.started_at.toISOString()" } }
  ]
}`;

describe('runtime 4 node schema', () => {
  describe('valid templates stay clean', () => {
    it('has no schema problem and no runtime-version finding on the domain file example', async () => {
      const found = await allProblems(DOMAIN_EXAMPLE);
      assert.deepEqual(
        found.filter((f) => f.diagnostic.code === 'schema' || f.diagnostic.code === 'runtime-version' || typeof f.diagnostic.code === 'number').map((f) => f.message),
        [],
      );
    });

    for (const [kind, node] of Object.entries(VALID)) {
      it(`accepts a ${kind} node with every key it takes`, async () => {
        assert.deepEqual((await schemaProblems(v4([node]))).map((f) => f.message), []);
      });
    }

    it('accepts every node type together, custom methods, proxy resources and both args_schema shapes', async () => {
      const nodes = [
        ...Object.values(VALID),
        { name: 'move', type: 'request', resource: 'ats/applications', method: 'move-stage', integrated_account_id: ACCOUNT, body: { stage: '{{args.stage}}' } },
        { name: 'proxy', type: 'request', resource: 'contacts', method: 'list', integrated_account_id: ACCOUNT, query: '{ "page": 1 }' },
        { name: 'started', type: 'event', config: { name: 'start' } },
        { name: 'failed', type: 'event', config: { name: 'error' } },
        { name: 'only-value', type: 'update_state', config: { key: 'k', value: 42 } },
        { name: 'get-no-default', type: 'get_state', config: { key: 'k' } },
      ];
      assert.deepEqual((await schemaProblems(v4(nodes))).map((f) => f.message), []);
      const objectShape = { type: 'object', properties: { integrated_account_id: { type: 'string', required: true } } };
      assert.deepEqual((await schemaProblems(v4(nodes, { args_schema: objectShape }))).map((f) => f.message), []);
    });

    it('accepts the job-level keys of runtime 4, and args_validation in every runtime', async () => {
      const extra = { mutex_key: ACCOUNT, state_key: ACCOUNT, args_validation: '$exists(args.webhook_id) ? null : { "message": "no" }' };
      assert.deepEqual(await schemaProblems(v4([VALID.event], extra)), []);
      const legacy = JSON.stringify({ label: 'x', default_runtime_version: 2, args_validation: 'null', mutex_key: 'k', resources: [{ resource: 'crm/contacts', method: 'list' }] });
      assert.deepEqual(await schemaProblems(legacy), []);
    });
  });

  describe('keys a node type does not take', () => {
    const FOREIGN: [kind: string, key: string, value: unknown][] = [
      ['request', 'config', { expression: '$' }],
      ['request', 'resources_to_persist', ['x']],
      ['transform', 'loop_on', 'resources.ticketing.tickets'],
      ['transform', 'resource', 'ticketing/tickets'],
      ['spool', 'config', {}],
      ['add_context', 'query', {}],
      ['get_state', 'method', 'list'],
      ['update_state', 'destination_type', 'webhook'],
      ['delete_state', 'value', 'x'],
      ['event', 'resource', 'ticketing/tickets'],
      ['webhook', 'method', 'uploadObject'],
      ['webhook', 'loop_on', 'payload.records'],
      ['superquery', 'integrated_account_id', ACCOUNT],
      ['datastore', 'query', {}],
    ];
    for (const [kind, key, value] of FOREIGN) {
      it(`${kind}: "${key}" is an error on the key that names the ${kind === 'webhook' || kind === 'superquery' || kind === 'datastore' ? 'destination kind' : 'node type'}`, async () => {
        const found = await schemaProblems(v4([{ ...VALID[kind], [key]: value }]));
        assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.message)));
        assert.equal(found[0].covered, `"${key}"`);
        assert.equal(found[0].diagnostic.code, 'schema');
        assert.equal(found[0].diagnostic.severity, DiagnosticSeverity.Error);
        assert.ok(found[0].message.startsWith(`\`${key}\` is not a field of ${LABEL[kind]}`), found[0].message);
      });
    }

    it('names the node type for keys inside config too', async () => {
      const found = await schemaProblems(v4([{ ...VALID.transform, config: { expression: '$', expresion: '$' } }]));
      assert.equal(found.length, 1);
      assert.equal(found[0].covered, '"expresion"');
      assert.match(found[0].message, /^`expresion` is not a field of the `config` of a `transform` node, which takes `expression`\./);
      const webhook = await schemaProblems(v4([{ ...VALID.webhook, config: { id: 'x', config: { path: 'a' } } }]));
      assert.match(webhook[0].message, /^`config` is not a field of the `config` of a `webhook` destination/);
      const recurse = await schemaProblems(v4([{ ...VALID.request, recurse: { if: '{{x}}', when: 'y' } }]));
      assert.match(recurse[0].message, /^`when` is not a field of `recurse`/);
    });

    it('allows $truto_merge wherever a placeholder object is, and checks its value', async () => {
      const merge = { $truto_merge: '{{args.extra:json}}' };
      const nodes = [
        { ...VALID.request, query: { a: '1', ...merge }, body: { nested: { ...merge } }, delete_tracking_query: merge },
        { ...VALID.datastore, config: { id: 'x', config: merge } },
      ];
      assert.deepEqual(await schemaProblems(v4(nodes)), []);
      const legacy = JSON.stringify({ label: 'x', default_runtime_version: 3, resources: [{ resource: 'crm/contacts', method: 'list', query: merge, body: merge }] });
      assert.deepEqual(await schemaProblems(legacy), []);
      const [bad] = await schemaProblems(v4([{ ...VALID.request, query: { $truto_merge: 3 } }]));
      assert.match(bad.message, /`\$truto_merge` takes a placeholder with `:json`/);
      assert.equal(bad.covered, '3');
    });
  });

  describe('missing required keys name the node type', () => {
    const MISSING: [kind: string, remove: (node: Record<string, unknown>) => Record<string, unknown>, expected: RegExp][] = [
      ['request', ({ resource: _r, ...rest }) => rest, /^A `request` node needs `resource`/],
      ['request', ({ method: _m, ...rest }) => rest, /^A `request` node needs `method`/],
      ['request', ({ integrated_account_id: _i, ...rest }) => rest, /^A `request` node needs `integrated_account_id`: the account it calls, usually `\{\{args\.integrated_account_id\}\}`/],
      ['transform', ({ config: _c, ...rest }) => rest, /^A `transform` node needs `config`/],
      ['transform', (node) => ({ ...node, config: {} }), /^The `config` of a `transform` node needs `expression`/],
      ['add_context', (node) => ({ ...node, config: {} }), /^The `config` of an `add_context` node needs `expression`/],
      ['get_state', (node) => ({ ...node, config: { default: 'x' } }), /^The `config` of a `get_state` node needs `key`/],
      ['update_state', (node) => ({ ...node, config: { key: 'k' } }), /^The `config` of an `update_state` node needs `value` \(a placeholder\) or `value_expression` \(JSONata\)/],
      ['delete_state', ({ config: _c, ...rest }) => rest, /^A `delete_state` node needs `config`/],
      ['event', (node) => ({ ...node, config: {} }), /^The `config` of an `event` node needs `name`: the run event it fires on: `start`, `complete` or `error`/],
      ['webhook', ({ resources_to_persist: _r, ...rest }) => rest, /^A `webhook` destination needs `resources_to_persist`/],
      ['webhook', (node) => ({ ...node, config: {} }), /^The `config` of a `webhook` destination needs `id`/],
      ['datastore', ({ method: _m, ...rest }) => rest, /^A `datastore` destination needs `method`/],
      ['superquery', ({ destination_type: _d, ...rest }) => rest, /^A `destination` node needs `destination_type`: `webhook`, `datastore` or `superquery`/],
      ['event', ({ name: _n, ...rest }) => rest, /^A runtime 4 node needs a `name`/],
      ['spool', ({ type: _t, ...rest }) => rest, /^A runtime 4 node needs a `type`, which decides what it does and which keys it takes: `request`, `transform`/],
    ];
    for (const [kind, remove, expected] of MISSING) {
      it(`${kind}: ${expected.source.slice(1, 60)}…`, async () => {
        const found = await schemaProblems(v4([remove(VALID[kind])]));
        assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.message)));
        assert.match(found[0].message, expected);
      });
    }

    it('names the key and the node type when a value has the wrong type or is empty', async () => {
      const [dependsOn] = await schemaProblems(v4([{ ...VALID.transform, depends_on: ['tickets'] }]));
      assert.equal(dependsOn.message, '`depends_on` of a `transform` node must be a string, not an array.');
      const [entry] = await schemaProblems(v4([{ ...VALID.webhook, resources_to_persist: ['tickets', 3] }]));
      assert.equal(entry.message, '`resources_to_persist[1]` of a `webhook` destination must be a string, not a number.');
      assert.equal(entry.covered, '3');
      const [name] = await schemaProblems(v4([{ ...VALID.spool, name: '' }]));
      assert.match(name.message, /^`name` of a `spool` node is empty/);
      const [key] = await schemaProblems(v4([{ ...VALID.get_state, config: { key: 7 } }]));
      assert.equal(key.message, '`config.key` of a `get_state` node must be a string, not a number.');
    });

    it('reports an empty resources_to_persist with what it is for', async () => {
      const [d] = await schemaProblems(v4([{ ...VALID.webhook, resources_to_persist: [] }]));
      assert.match(d.message, /non-empty list of the names of the nodes/);
      assert.equal(d.covered, '[]');
    });

    it('reports an unknown event name and destination type with the valid values', async () => {
      const [event] = await schemaProblems(v4([{ ...VALID.event, config: { name: 'completed' } }]));
      assert.match(event.message, /"start", "complete", "error"/);
      const [destination] = await schemaProblems(v4([{ ...VALID.webhook, destination_type: 'http' }]));
      assert.match(destination.message, /"webhook", "datastore", "superquery"/);
      const wrongType = await schemaProblems(v4([{ ...VALID.spool, type: 5 }]));
      assert.deepEqual(wrongType.map((f) => f.covered), ['5'], 'one mistake, one error');
    });

    it('keeps the JSON service messages for legacy steps', async () => {
      const [d] = await schemaProblems('{ "label": "x", "default_runtime_version": 3, "resources": [ { "method": "list" } ] }');
      assert.equal(d.message, 'Missing property "resource".');
    });
  });

  describe('the version picks the format', () => {
    for (const version of [0, 7, 2.5, -1]) {
      it(`default_runtime_version ${version} is a runtime-version warning that names the assumed format, not a schema error`, async () => {
        const nodes = version >= 4;
        const text = nodes ? v4([VALID.event], {}, version) : JSON.stringify({ label: 'x', default_runtime_version: version, resources: [{ resource: 'crm/contacts', method: 'list' }] });
        const found = await allProblems(text);
        const version_ = found.filter((f) => f.diagnostic.code === 'runtime-version' && f.covered === String(version));
        assert.equal(version_.length, 1, JSON.stringify(found.map((f) => f.message)));
        assert.equal(version_[0].diagnostic.severity, DiagnosticSeverity.Warning);
        assert.match(version_[0].message, nodes ? /checked as runtime 4 nodes/ : /checked as legacy steps/);
        assert.deepEqual(found.filter((f) => f.diagnostic.code === 'schema'), []);
      });
    }

    it('lets the user setting for runtime-version decide the severity of that warning too', async () => {
      const text = JSON.stringify({ label: 'x', default_runtime_version: 0, resources: [] });
      const [d] = (await allProblems(text, { diagnostics: { 'runtime-version': 'error' } })).filter((f) => f.diagnostic.code === 'runtime-version');
      assert.equal(d.diagnostic.severity, DiagnosticSeverity.Error);
      assert.deepEqual((await allProblems(text, { diagnostics: { 'runtime-version': 'off' } })).filter((f) => f.diagnostic.code === 'runtime-version'), []);
    });

    it('offers to set a documented version, preferring the format the file is checked as', async () => {
      const cases: [version: number, text: string, preferred: RegExp, result: number][] = [
        [7, v4([VALID.event], {}, 7), /to 4/, 4],
        [0, JSON.stringify({ label: 'x', default_runtime_version: 0, resources: [{ resource: 'crm/contacts', method: 'list' }] }), /to 3/, 3],
        [2.5, JSON.stringify({ label: 'x', default_runtime_version: 2.5, resources: [{ name: 'a', type: 'spool' }] }), /to 4/, 4],
      ];
      for (const [version, text, preferred, result] of cases) {
        const document = templateDocument(text);
        const diagnostic = (await service.validate(document)).find((d) => d.code === 'runtime-version' && document.getText(d.range) === String(version));
        assert.ok(diagnostic, String(version));
        const actions = service.codeActions(document, diagnostic.range, [diagnostic]);
        const chosen = actions.find((a) => a.isPreferred);
        assert.ok(chosen && preferred.test(chosen.title), `${version}: ${actions.map((a) => `${a.title}${a.isPreferred ? ' *' : ''}`).join(' | ')}`);
        const edited = applyEdits(document, chosen.edit!.changes![document.uri] as TextEdit[]);
        assert.equal((JSON.parse(edited) as { default_runtime_version: number }).default_runtime_version, result);
      }
    });

    it('has no runtime-version finding for 1 to 4', async () => {
      for (const version of [1, 2, 3]) {
        const text = JSON.stringify({ label: 'x', default_runtime_version: version, resources: [{ resource: 'crm/contacts', method: 'list' }] });
        assert.deepEqual((await allProblems(text)).map((f) => f.message), [], String(version));
      }
      assert.deepEqual((await allProblems(v4([VALID.event]))).filter((f) => f.diagnostic.code === 'runtime-version'), []);
    });

    it('still reports a version that is not a number as a schema error', async () => {
      const [d] = await schemaProblems('{ "label": "x", "default_runtime_version": "4", "resources": [] }');
      assert.match(d.message, /`default_runtime_version` is a number/);
      assert.equal(d.covered, '"4"');
    });

    it('checks nodes as nodes from 4 up, and legacy below 4 or without a version', async () => {
      const node = { name: 'a', type: 'spool' };
      assert.deepEqual(await schemaProblems(v4([node], {}, 7)), []);
      assert.ok((await schemaProblems(v4([node], {}, 2.5))).some((f) => /Missing property "resource"/.test(f.message)));
      const noVersion = JSON.stringify({ label: 'x', resources: [{ resource: 'crm/contacts', method: 'list' }] });
      assert.deepEqual(await schemaProblems(noVersion), []);
      const nodeWithoutVersion = JSON.stringify({ label: 'x', resources: [node] });
      assert.ok((await schemaProblems(nodeWithoutVersion)).some((f) => /Missing property "resource"/.test(f.message)));
    });

    it('reads a string query or body as JSONata only in runtime 4', async () => {
      for (const key of ['query', 'body']) {
        const legacy = JSON.stringify({ label: 'x', default_runtime_version: 3, resources: [{ resource: 'crm/contacts', method: 'list', [key]: '{ "a": 1 }' }] }, null, 2);
        const [d, ...rest] = await schemaProblems(legacy);
        assert.equal(rest.length, 0);
        assert.equal(d.covered, '"{ \\"a\\": 1 }"');
        assert.match(d.message, new RegExp(`^In runtime 1–3, \`${key}\` must be an object .*read only by runtime 4 \`request\` nodes`));
        assert.deepEqual(await schemaProblems(v4([{ ...VALID.request, [key]: '{ "a": 1 }' }])), []);
      }
    });
  });
});

// ---------------------------------------------------------------- completion and hover

async function completionAt(text: string): Promise<CompletionItem[]> {
  const { document, position } = withCursor(text);
  return (await service.complete(document, position)).items;
}

const inNodes = (node: string) => `{ "label": "x", "default_runtime_version": 4, "resources": [ ${node} ] }`;

const KEYS: Record<string, string[]> = {
  request: ['resource', 'method', 'integrated_account_id', 'id', 'query', 'body', 'loop_on', 'recurse', 'delete_tracking', 'delete_tracking_query'],
  transform: ['config'],
  spool: [],
  add_context: ['config'],
  get_state: ['config'],
  update_state: ['config'],
  delete_state: ['config'],
  event: ['config'],
};
const COMMON = ['depends_on', 'run_if', 'debug'];

describe('runtime 4 completion', () => {
  it('offers type first in a node without a type, then name, and only the keys every node has', async () => {
    const items = await completionAt(inNodes('{ <|> }'));
    const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    assert.deepEqual(sorted.map((i) => i.label).slice(0, 2), ['type', 'name']);
    assert.deepEqual(items.map((i) => i.label).sort(), ['debug', 'depends_on', 'name', 'run_if', 'type']);
  });

  for (const [type, own] of Object.entries(KEYS)) {
    it(`offers exactly the keys of a ${type} node`, async () => {
      const items = await completionAt(inNodes(`{ "name": "n", "type": "${type}", <|> }`));
      assert.deepEqual(items.map((i) => i.label).sort(), [...COMMON, ...own].sort());
      assert.ok(items.every((i) => typeof i.documentation === 'object' || (typeof i.documentation === 'string' && i.documentation.length > 0)), type);
    });
  }

  it('offers exactly the keys of each destination kind', async () => {
    const base = ['destination_type', 'config', 'resources_to_persist'];
    const at = async (kind: string) => (await completionAt(inNodes(`{ "name": "n", "type": "destination", "destination_type": "${kind}", <|> }`))).map((i) => i.label).sort();
    assert.deepEqual(await at('webhook'), [...COMMON, 'config', 'resources_to_persist'].sort());
    assert.deepEqual(await at('superquery'), [...COMMON, 'config', 'resources_to_persist'].sort());
    assert.deepEqual(await at('datastore'), [...COMMON, 'config', 'resources_to_persist', 'method', 'loop_on'].sort());
    const untyped = (await completionAt(inNodes('{ "name": "n", "type": "destination", <|> }'))).map((i) => i.label).sort();
    assert.deepEqual(untyped, [...COMMON, ...base, 'method', 'loop_on'].sort());
  });

  it('offers the nine node types with their descriptions', async () => {
    const items = await completionAt(inNodes('{ "name": "n", "type": <|> }'));
    const types = ['request', 'transform', 'spool', 'add_context', 'destination', 'event', 'get_state', 'update_state', 'delete_state'];
    assert.deepEqual(items.map((i) => i.label).sort(), types.map((t) => `"${t}"`).sort());
    const transform = items.find((i) => i.label === '"transform"');
    assert.match(JSON.stringify(transform?.documentation), /replaces|Replaces/);
  });

  it('offers destination types, event names and delete tracking modes', async () => {
    const labels = async (text: string) => (await completionAt(text)).map((i) => i.label).sort();
    assert.deepEqual(await labels(inNodes('{ "name": "n", "type": "destination", "destination_type": <|> }')), ['"datastore"', '"superquery"', '"webhook"']);
    assert.deepEqual(await labels(inNodes('{ "name": "n", "type": "event", "config": { "name": <|> } }')), ['"complete"', '"error"', '"start"']);
    assert.deepEqual(await labels(inNodes('{ "name": "n", "type": "request", "delete_tracking": <|> }')), ['"hard"', '"soft"']);
    assert.deepEqual(await labels(inNodes('{ "name": "n", "type": "update_state", "config": { <|> } }')), ['key', 'value', 'value_expression']);
  });

  it('offers a snippet per node type, holding the keys that type requires', async () => {
    const items = await completionAt(inNodes('<|>'));
    const snippet = (label: string) => {
      const item = items.find((i) => i.label === label);
      assert.ok(item, `${label} in ${items.map((i) => i.label).join(', ')}`);
      assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
      return item.textEdit?.newText ?? item.insertText ?? '';
    };
    const REQUIRED: Record<string, string[]> = {
      'Request node': ['"type": "request"', '"resource"', '"method"', '"integrated_account_id"', '${1:tickets}'],
      'Transform node': ['"type": "transform"', '"expression"'],
      'Add context node': ['"type": "add_context"', '"expression"'],
      'Spool node': ['"type": "spool"'],
      'Destination node (webhook)': ['"destination_type": "webhook"', '"id"', '"resources_to_persist"'],
      'Destination node (datastore)': ['"destination_type": "datastore"', '"method"', '"id"', '"resources_to_persist"'],
      'Destination node (SuperQuery)': ['"destination_type": "superquery"', '"resources_to_persist"'],
      'Event node': ['"type": "event"', '${2|complete,start,error|}'],
      'Get state node': ['"type": "get_state"', '"key"'],
      'Update state node': ['"type": "update_state"', '"key"', '"value_expression"'],
      'Delete state node': ['"type": "delete_state"', '"key"'],
    };
    for (const [label, parts] of Object.entries(REQUIRED)) {
      const text = snippet(label);
      for (const part of parts) assert.ok(text.includes(part), `${label}: ${part} in ${text}`);
    }
  });

  it('inserts snippets that produce schema-clean nodes when every placeholder keeps its default', async () => {
    const { snippetToPlainText } = await import('../../server/src/service/snippetText');
    const items = await completionAt(inNodes('<|>'));
    const nodes = items.filter((i) => i.label.endsWith('node') || i.label.includes('node ('));
    assert.ok(nodes.length >= 11);
    for (const item of nodes) {
      const text = snippetToPlainText(item.textEdit?.newText ?? '');
      const node = JSON.parse(text) as Record<string, unknown>;
      // Empty defaults ($2 in depends_on, resources_to_persist) are for the user to fill; give them a name.
      if (node.depends_on === '') node.depends_on = 'x';
      if (Array.isArray(node.resources_to_persist)) node.resources_to_persist = ['x'];
      assert.deepEqual((await schemaProblems(v4([node]))).map((f) => f.message), [], item.label);
    }
  });

  it('offers a whole runtime 4 template that checks clean as inserted', async () => {
    const { snippetToPlainText } = await import('../../server/src/service/snippetText');
    const item = (await completionAt('<|>')).find((i) => i.label === 'New sync job template (runtime 4, nodes)');
    assert.ok(item);
    const found = await allProblems(snippetToPlainText(item.textEdit?.newText ?? ''));
    assert.deepEqual(found.filter((f) => f.diagnostic.code === 'schema' || f.diagnostic.code === 'runtime-version').map((f) => f.message), []);
  });

  it('offers the legacy step snippets, not node snippets, in a runtime 3 template', async () => {
    const labels = (await completionAt('{ "label": "x", "default_runtime_version": 3, "resources": [ <|> ] }')).map((i) => i.label);
    assert.ok(labels.includes('Step'));
    assert.ok(!labels.includes('Request node'));
  });
});

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

async function hoverAt(text: string): Promise<string> {
  const { document, position } = withCursor(text);
  return hoverText(await service.hover(document, position));
}

describe('runtime 4 hover', () => {
  it('documents a node type value', async () => {
    assert.match(await hoverAt(inNodes('{ "name": "n", "type": "add_con<|>text", "config": { "expression": "{}" } }')), /top-level context of every downstream node/);
  });

  it('documents loop_on per node type', async () => {
    assert.match(await hoverAt(inNodes(`{ "name": "n", "type": "request", "resource": "a/b", "method": "list", "integrated_account_id": "x", "loop_<|>on": "args.ids" }`)), /context path without braces/);
    assert.match(await hoverAt(inNodes('{ "name": "n", "type": "destination", "destination_type": "datastore", "loop_<|>on": "payload.records" }')), /payload\.records/);
  });

  it('documents config keys, destination kinds, event names and delete tracking modes', async () => {
    assert.match(await hoverAt(inNodes('{ "name": "n", "type": "transform", "config": { "expre<|>ssion": "$" } }')), /\*\*replaces\*\* the batch/);
    assert.match(await hoverAt(inNodes('{ "name": "n", "type": "destination", "destination_type": "data<|>store" }')), /`datastore`: Writes to the datastore/);
    assert.match(await hoverAt(inNodes('{ "name": "n", "type": "event", "config": { "name": "comp<|>lete" } }')), /cursor advances only after/);
    assert.match(await hoverAt(inNodes('{ "name": "n", "type": "request", "delete_tracking": "so<|>ft" }')), /marks them deleted/);
    assert.match(await hoverAt(inNodes('{ "name": "n", "type": "destination", "resources_to_<|>persist": [] }')), /names of the nodes whose output/);
    assert.match(await hoverAt(inNodes('{ "name": "n", "type": "request", "query": { "$truto_<|>merge": "{{args.q:json}}" } }')), /deep-merged/);
  });

  it('documents every key of every node type and every enum value in the schema itself', () => {
    // Walk the runtime 4 definitions: every property schema has a markdownDescription (directly or
    // through its $ref), every enum its markdownEnumDescriptions.
    const definitions = (schemaJson as { definitions: Record<string, Record<string, unknown>> }).definitions;
    const resolve = (s: Record<string, unknown>): Record<string, unknown> => {
      const ref = s.$ref;
      return typeof ref === 'string' ? definitions[ref.replace('#/definitions/', '')] : s;
    };
    const missing: string[] = [];
    const visit = (name: string, s: Record<string, unknown>) => {
      const properties = s.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, value] of Object.entries(properties ?? {})) {
        const target = resolve(value);
        if (target === undefined) missing.push(`${name}.${key}: unresolved ${String(value.$ref)}`);
        else if (typeof target.markdownDescription !== 'string') missing.push(`${name}.${key}`);
        if (target && Array.isArray(target.enum) && !Array.isArray(target.markdownEnumDescriptions)) missing.push(`${name}.${key} enum`);
        if (target && target !== value) continue;
        if (target) visit(`${name}.${key}`, target);
      }
    };
    const nodeDefinitions = Object.keys(definitions).filter((n) => /Node$|Config$|^request|^destination|^datastore/.test(n));
    assert.ok(nodeDefinitions.length > 20);
    for (const name of nodeDefinitions) visit(name, definitions[name]);
    assert.deepEqual(missing, []);
  });

  it('resolves every $ref in the schema', () => {
    const definitions = (schemaJson as { definitions: Record<string, unknown> }).definitions;
    const refs: string[] = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === '$ref' && typeof inner === 'string') refs.push(inner);
          else walk(inner);
        }
      }
    };
    walk(schemaJson);
    assert.ok(refs.length > 50);
    for (const ref of refs) assert.ok(ref.startsWith('#/definitions/') && ref.slice('#/definitions/'.length) in definitions, ref);
  });
});
