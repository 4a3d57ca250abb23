import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { allDiagnostics, applyFix, checkTemplate, fixTitles } from '../support/v4Check';
import { DOMAIN_V4_ARGS, domainV4, domainV4Nodes, v4Template, recursingPagesNode, withNode, type V4Node } from '../support/v4Templates';

const withQuery = (query: Record<string, unknown>) => (n: V4Node) => ({ ...n, query: { ...(n.query as object), ...query } });

describe('runtime 4: placeholder scopes', () => {
  describe('unknown-resource', () => {
    it('fires on a node that is not upstream, by name, and offers depends_on when the node has none', async () => {
      const nodes = [...domainV4Nodes(), { name: 'users', type: 'request', resource: 'ticketing/users', method: 'list', integrated_account_id: '{{args.integrated_account_id}}', query: { ticket: '{{resources.tickets.id}}' } }];
      const [d, ...rest] = await checkTemplate(v4Template({ nodes }));
      assert.equal(rest.length, 0);
      assert.equal(d.code, 'unknown-resource');
      assert.equal(d.covered, 'tickets');
      assert.match(d.message, /reads the output of node "tickets", but that node is not upstream of "users" through depends_on/);
      const fixed = await applyFix(v4Template({ nodes }), 'unknown-resource', 'Add "depends_on": "tickets"');
      assert.deepEqual(await checkTemplate(fixed), []);
    });

    it('fires on a <model>.<resource> path no upstream request syncs, naming what is upstream', async () => {
      const nodes = withNode(domainV4Nodes(), 'comments', withQuery({ who: '{{resources.crm.contacts.id}}' }));
      const [d] = await checkTemplate(v4Template({ nodes }));
      assert.equal(d.code, 'unknown-resource');
      assert.equal(d.covered, 'crm.contacts');
      assert.match(d.message, /No node upstream of "comments" is named "crm" or syncs "crm\/contacts"/);
      assert.match(d.message, /Upstream of this node: "cursor", "expose-cursor", "tickets" \(ticketing\/tickets\)/);
    });

    it('suggests the upstream name one typo away', async () => {
      const text = v4Template({ nodes: withNode(domainV4Nodes(), 'comments', withQuery({ ticket: { id: '{{resources.ticketing.tickts.id}}' } })) });
      assert.equal(await applyFix(text, 'unknown-resource', 'Change to resources.ticketing.tickets'), domainV4());
    });

    it('no false alarm: name or resource path, get_state value, a destination reading what it persists', async () => {
      let nodes = withNode(domainV4Nodes(), 'comments', withQuery({ a: '{{resources.tickets.id}}', b: '{{resources.cursor.value}}', c: '{{resources.ticketing:json}}' }));
      nodes = withNode(nodes, 'to-webhook', (n) => ({ ...n, config: { id: '{{args.webhook_id}}', headers: { x: '{{resources.comments.id}}' } } }));
      assert.deepEqual(await checkTemplate(v4Template({ nodes })), []);
    });

    it('inside a request\'s recurse the node\'s own output is in scope (and only there)', async () => {
      const page = recursingPagesNode({ parent_id: '{{resources.knowledge-base.page-content.id}}' });
      assert.deepEqual(await checkTemplate(v4Template({ nodes: [...domainV4Nodes(), page] })), []);
      const outside = { ...page, id: '{{resources.knowledge-base.page-content.id}}' };
      const [d] = await checkTemplate(v4Template({ nodes: [...domainV4Nodes(), outside] }));
      assert.equal(d.code, 'unknown-resource');
      assert.equal(d.covered, 'knowledge-base.page-content');
    });

    it('below an event node any existing node may be read (run-level context); a name no node has still fires', async () => {
      const nodes = withNode(domainV4Nodes(), 'advance-cursor', (n) => ({ ...n, config: { key: 'last_synced_at', value: '{{resources.tickets.updated_at}}' } }));
      assert.deepEqual(await checkTemplate(v4Template({ nodes })), []);
      const missing = withNode(domainV4Nodes(), 'advance-cursor', (n) => ({ ...n, config: { key: 'last_synced_at', value: '{{resources.tikets.updated_at}}' } }));
      assert.deepEqual((await checkTemplate(v4Template({ nodes: missing }))).map((d) => d.code), ['unknown-resource']);
    });

    it('job-level fields have no node output to read', async () => {
      const [d] = await checkTemplate(v4Template({ nodes: domainV4Nodes(), extra: { mutex_key: '{{resources.tickets.id}}' } }));
      assert.equal(d.code, 'unknown-resource');
      assert.match(d.message, /belongs to the whole job/);
    });
  });

  describe('payload-outside-destination', () => {
    it('fires in a request and in a job-level field, as a warning', async () => {
      const nodes = withNode(domainV4Nodes(), 'tickets', withQuery({ x: '{{payload.records.0.id}}' }));
      const found = await checkTemplate(v4Template({ nodes, extra: { state_key: '{{payload.id}}' } }));
      assert.deepEqual(found.map((d) => [d.code, d.covered, d.diagnostic.severity]), [
        ['payload-outside-destination', 'payload', DiagnosticSeverity.Warning],
        ['payload-outside-destination', 'payload', DiagnosticSeverity.Warning],
      ]);
      assert.match(found[0].message, /exists only while a destination writes/);
    });

    it('near miss: a datastore destination looping on payload.records reads the current record', async () => {
      const destination = {
        name: 'to-s3',
        type: 'destination',
        destination_type: 'datastore',
        method: 'uploadObject',
        loop_on: 'payload.records',
        config: { id: '{{args.datastore_id}}', config: { path: 'tickets/{{payload.records.id}}.json', content: '{{payload.records:json}}' } },
        resources_to_persist: ['tickets'],
      };
      const args = { integrated_account_id: { type: 'string', required: true }, datastore_id: { type: 'string', format: 'datastore_id' }, start_date: { type: 'string' }, webhook_id: { type: 'string' } };
      assert.deepEqual(await checkTemplate(v4Template({ nodes: [...domainV4Nodes(), destination], args })), []);
    });
  });

  describe('legacy-root-in-v4', () => {
    it('fires on {{previous_run_date}}; the fix adds a get_state node and reads it, leaving a valid template', async () => {
      const nodes = [
        { name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'list', integrated_account_id: '{{args.integrated_account_id}}', query: { updated_at: { gt: '{{previous_run_date}}' } } },
        { name: 'out', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['tickets'] },
      ];
      const { start_date: _unused, ...args } = DOMAIN_V4_ARGS;
      const text = v4Template({ nodes, args });
      const [d] = await checkTemplate(text);
      assert.equal(d.code, 'legacy-root-in-v4');
      assert.equal(d.covered, 'previous_run_date');
      assert.equal(d.diagnostic.severity, DiagnosticSeverity.Warning);
      const fixed = await applyFix(text, 'legacy-root-in-v4');
      const parsed = JSON.parse(fixed) as { resources: V4Node[] };
      assert.deepEqual(parsed.resources[0], { name: 'cursor', type: 'get_state', config: { key: 'last_synced_at', default: '1970-01-01T00:00:00.000Z' } });
      assert.equal(parsed.resources[1].depends_on, 'cursor');
      assert.deepEqual(parsed.resources[1].query, { updated_at: { gt: '{{resources.cursor.value}}' } });
      assert.deepEqual(await allDiagnostics(fixed), []);
    });

    it('reads an upstream get_state node when there is one', async () => {
      const nodes = withNode(domainV4Nodes(), 'tickets', withQuery({ since: '{{previous_run_date}}' }));
      assert.deepEqual(await fixTitles(v4Template({ nodes }), 'legacy-root-in-v4'), ['Read the cursor of "cursor" ({{resources.cursor.value}})']);
    });
  });

  describe('other roots', () => {
    it('never reports add_context keys, account context keys, tenant_id or sync_job_run', async () => {
      const nodes = withNode(domainV4Nodes(), 'tickets', withQuery({ a: '{{instance_url}}', b: '{{tenant_id}}', c: '{{sync_job_run.id}}', d: '{{last_synced_at}}' }));
      assert.deepEqual(await checkTemplate(v4Template({ nodes })), []);
    });

    it('reports a root one edit away from args, resources or payload', async () => {
      const nodes = withNode(domainV4Nodes(), 'tickets', withQuery({ a: '{{arg.webhook_id}}', b: '{{resource.tickets.id}}' }));
      const found = await checkTemplate(v4Template({ nodes }));
      assert.deepEqual(found.map((d) => [d.code, d.covered]), [['unknown-root', 'arg'], ['unknown-root', 'resource']]);
    });

    it('an undeclared argument in a template without args_schema is declared in the flat map runtime 4 uses', async () => {
      const nodes = [{ name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'list', integrated_account_id: '{{args.integrated_account_id}}', query: { limit: '{{args.page_size:int}}' } }];
      const text = v4Template({ nodes, args: null, extra: { mutex_key: undefined, state_key: undefined, args_validation: undefined } });
      const fixed = await applyFix(text, 'unknown-arg', /Declare "integrated_account_id"/);
      assert.deepEqual((JSON.parse(fixed) as { args_schema: unknown }).args_schema, { integrated_account_id: { type: 'string', required: false } });
      const twice = await applyFix(fixed, 'unknown-arg', /Declare "page_size"/);
      assert.deepEqual((JSON.parse(twice) as { args_schema: unknown }).args_schema, { integrated_account_id: { type: 'string', required: false }, page_size: { type: 'integer', required: false } });
    });

    it('near miss: an add_context key one edit away from a root is that key, not a typo', async () => {
      let nodes = withNode(domainV4Nodes(), 'expose-cursor', (n) => ({ ...n, config: { expression: '{ "last_synced_at": resources.cursor.value, "arg": 1 }' } }));
      nodes = withNode(nodes, 'tickets', withQuery({ a: '{{arg}}' }));
      assert.deepEqual(await checkTemplate(v4Template({ nodes })), []);
    });
  });

  describe('loop_on', () => {
    const loopOn = (value: string) => v4Template({ nodes: withNode(domainV4Nodes(), 'comments', (n) => ({ ...n, loop_on: value })) });

    it('no false alarm: an upstream output by resource path or name, an argument', async () => {
      assert.deepEqual(await checkTemplate(loopOn('resources.ticketing.tickets')), []);
      assert.deepEqual(await checkTemplate(loopOn('resources.tickets')), []);
      const args = { integrated_account_id: { type: 'string' }, webhook_id: { type: 'string' }, start_date: { type: 'string' }, ids: { type: 'array' } };
      assert.deepEqual(await checkTemplate(v4Template({ nodes: withNode(domainV4Nodes(), 'comments', (n) => ({ ...n, loop_on: 'args.ids' })), args })), []);
    });

    it('loop-on-form: braces, or a bare argument name, with a fix to the context path', async () => {
      const [braces] = await checkTemplate(loopOn('{{resources.ticketing.tickets}}'));
      assert.equal(braces.code, 'loop-on-form');
      assert.equal(await applyFix(loopOn('{{resources.ticketing.tickets}}'), 'loop-on-form'), domainV4());
      const [bare] = await checkTemplate(loopOn('start_date'));
      assert.equal(bare.code, 'loop-on-form');
      assert.match(bare.message, /Write "args.start_date"/);
    });

    it('unknown-resource for an output that is not upstream, unknown-arg for an undeclared argument', async () => {
      const [notUp] = await checkTemplate(loopOn('resources.crm.contacts'));
      assert.equal(notUp.code, 'unknown-resource');
      assert.equal(notUp.covered, 'crm.contacts');
      const [arg] = await checkTemplate(loopOn('args.ticket_ids'));
      assert.equal(arg.code, 'unknown-arg');
      assert.equal(arg.covered, 'ticket_ids');
      assert.ok((await fixTitles(loopOn('args.ticket_ids'), 'unknown-arg')).includes('Declare "ticket_ids" in args_schema (array)'));
    });

    it('near miss: a bare name that is neither an argument nor a node may be a context key', async () => {
      assert.deepEqual(await checkTemplate(loopOn('ticket_list')), []);
    });
  });
});
