import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import trutoJsonata from '@truto/truto-jsonata';
import { previewTemplate } from '../../server/src/preview/previewTemplate';
import type { PreviewEntry } from '../../server/src/preview/previewTypes';
import { renderMarkdown, renderText } from '../../server/src/preview/renderPreview';
import { readExample, repoPath } from '../support/fixtures';
import { actualLegacy, asJson, engineThrows, expectedLegacy, legacyTemplate, legacyText, resourceOf, sampleArgs, type Json } from '../support/previewTemplates';

describe('preview engine: runtime 1–3, differential against @truto/replace-placeholders', () => {
  it('resolves every generated template exactly as the engine does, per parent record and loop element', async () => {
    await fc.assert(
      fc.asyncProperty(legacyTemplate, sampleArgs, async (steps, args) => {
        const records = Object.fromEntries(steps.flatMap((s, i) => (s.records ? [[resourceOf(i), s.records]] : [])));
        const report = await previewTemplate({ templateText: legacyText(steps), argsText: JSON.stringify({ args, records }) });
        if (engineThrows(steps, args)) {
          assert.ok(report.entries.some((e) => e.notes.some((n) => n.severity === 'error' && /engine throws/.test(n.message))));
          return;
        }
        assert.deepEqual(actualLegacy(report), expectedLegacy(steps, args, report));
        for (const entry of report.entries) {
          if (entry.parent) assert.equal(entry.parent.synthetic, steps[Number(entry.parent.step.slice(3, entry.parent.step.indexOf('/')))].records === undefined);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('notes each placeholder that stayed literal (and counts the request unresolved), fell back, or took a default', async () => {
    const template = JSON.stringify({
      label: 'notes',
      default_runtime_version: 3,
      args_schema: { a: { type: 'string' }, b: { type: 'string' }, page: { type: 'integer', default: 5 } },
      resources: [{ resource: 'crm/contacts', method: 'list', query: { lit: '{{args.nope}}', fb: '{{args.nope|args.b}}', def: '{{args.nope?:d}}', gone: '{{args.nope:undefined}}', page: '{{args.page:int}}' } }],
    });
    const report = await previewTemplate({ templateText: template, argsText: '{ "args": { "b": "B" } }' });
    const [entry] = report.entries;
    assert.deepEqual(entry.query, { lit: '{{args.nope}}', fb: 'B', def: 'd', gone: undefined, page: 5 });
    assert.equal(entry.unresolved, true);
    assert.equal(report.unresolved, 1);
    const byField = Object.fromEntries(entry.notes.map((n) => [n.field, n]));
    assert.match(byField['query.lit'].message, /stayed literal/);
    assert.equal(byField['query.lit'].severity, 'warning');
    assert.match(byField['query.fb'].message, /fell back to args\.b/);
    assert.match(byField['query.def'].message, /fell back to the default "d"/);
    assert.match(byField['query.gone'].message, /undefined/);
    assert.ok(!byField['query.page'], 'a resolved placeholder has no note');
    assert.ok(report.notes.some((n) => /args\.page .*default 5/.test(n.message)));
  });

  it('shows an engine throw at its step and goes on with the others', async () => {
    const template = JSON.stringify({
      label: 'throws',
      default_runtime_version: 3,
      resources: [
        { resource: 'crm/contacts', method: 'list', query: { since: '{{args.since?:2024-01-01T00:00:00Z}}' } },
        { resource: 'crm/users', method: 'list', query: { bad: '{{args.x:float}}' } },
        { resource: 'crm/accounts', method: 'list' },
      ],
    });
    // The engine casts (and so throws on an unknown type) only when the value is there.
    const report = await previewTemplate({ templateText: template, argsText: '{ "args": { "x": 1 } }' });
    assert.deepEqual(report.entries.map((e) => [e.step, e.unresolved]), [['crm/contacts', true], ['crm/users', true], ['crm/accounts', false]]);
    assert.match(report.entries[0].notes[0].message, /engine throws on this field: Unsupported type: 00/);
    assert.match(report.entries[1].notes[0].message, /engine throws on this field: Unsupported type: float/);
  });

  it('lists at most 100 requests per step and counts the rest, however records multiply down a chain', async () => {
    const template = JSON.stringify({
      label: 'many',
      default_runtime_version: 3,
      args_schema: { ids: { type: 'array' } },
      resources: [
        { resource: 'a/one', method: 'list', loop_on: 'ids', id: '{{args.ids}}' },
        { resource: 'a/two', method: 'list', depends_on: 'a/one' },
        { resource: 'a/three', method: 'list', depends_on: 'a/two', query: { two: '{{resources.a.two.id}}' } },
      ],
    });
    const records = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
    const report = await previewTemplate({ templateText: template, argsText: JSON.stringify({ args: { ids: Array.from({ length: 1000 }, (_, i) => i) }, records: { 'a/one': records(60), 'a/two': records(70) } }) });
    const count = (step: string) => report.entries.filter((e) => e.step === step && e.notes.every((n) => !n.message.startsWith('…and'))).length;
    assert.deepEqual([count('a/one'), count('a/two'), count('a/three')], [100, 60, 100]);
    const more = report.entries.filter((e) => e.notes.some((n) => n.message.startsWith('…and'))).map((e) => e.notes[0].message);
    assert.deepEqual(more, ['…and 900 more requests of a/one (only the first 100 are listed).', '…and 4100 more requests of a/three (only the first 100 are listed).']);
  });

  it('marks synthetic parent records and lists one request per record and loop element', async () => {
    const template = readExample('hris-employees-per-user.synctemplate.json');
    const report = await previewTemplate({ templateText: template, argsText: JSON.stringify({ args: { user_ids: ['u1', 'u2'] } }) });
    assert.deepEqual(report.entries.map((e) => [e.step, e.id ?? e.query]), [
      ['hris/employees', 'u1'],
      ['hris/employees', 'u2'],
      ['hris/timeoff_requests', { employee_id: '<synthetic hris/employees.id>' }],
    ]);
    assert.equal(report.entries[2].parent?.synthetic, true);
    assert.match(renderText(report, 'x'), /the SYNTHETIC record of hris\/employees/);
    const withRecords = await previewTemplate({ templateText: template, argsText: JSON.stringify({ args: { user_ids: ['u1'] }, records: { 'hris/employees': [{ id: 'e1' }, { id: 'e2' }] } }) });
    assert.deepEqual(withRecords.entries.map((e) => e.id ?? e.query), ['u1', { employee_id: 'e1' }, { employee_id: 'e2' }]);
    assert.equal(withRecords.unresolved, 0);
  });
});

// ---------------------------------------------------------------- runtime 4

const EXPRESSIONS = [
  'resources.src.$merge([$, { "seen": true }])',
  '$count(resources.src)',
  'resources.src[id = "r1"]',
  '$map(resources.src, function($v) { $v.id & "-" & args.suffix })',
  '$sum(resources.src.n)',
  '$keyBy(resources.src, "id")',
  '$pick(resources.src[0], ["id"])',
  '{ "ids": resources.crm.contacts.id, "first": $firstNonEmpty(null, args.suffix) }',
  'resources.src ~> $filter(function($v) { $v.n > 1 })',
  '$dtFromIso("2024-05-01T10:00:00Z").year',
];

function nodesTemplate(expression: string, type: 'transform' | 'add_context'): string {
  return JSON.stringify({
    label: 'v4',
    default_runtime_version: 4,
    args_schema: { suffix: { type: 'string' }, integrated_account_id: { type: 'string' } },
    resources: [
      { name: 'src', type: 'request', resource: 'crm/contacts', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
      { name: 'shape', type, depends_on: 'src', config: { expression } },
    ],
  });
}

describe('preview engine: runtime 4, differential against @truto/truto-jsonata', () => {
  it('evaluates transforms and add_context as Truto\'s JSONata does, on the sample records', async () => {
    const record = fc.record({ id: fc.constantFrom('r1', 'r2', 'r3'), n: fc.integer({ min: 0, max: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EXPRESSIONS), fc.array(record, { minLength: 1, maxLength: 4 }), fc.constantFrom('x', ''), fc.constantFrom('transform', 'add_context') as fc.Arbitrary<'transform' | 'add_context'>, async (expression, records, suffix, type) => {
        const args = { suffix, integrated_account_id: 'acc' };
        const report = await previewTemplate({ templateText: nodesTemplate(expression, type), argsText: JSON.stringify({ args, records: { src: records } }) });
        const entry = report.entries.find((e) => e.step === 'shape')!;
        const context = { args, resources: { src: records, crm: { contacts: records } } };
        const expected = await trutoJsonata(expression).evaluate(context);
        assert.equal(entry.status, 'evaluated', JSON.stringify(entry.notes));
        assert.deepEqual(asJson(entry.output), asJson(expected));
      }),
      { numRuns: 60 },
    );
  });

  it('reports a JSONata error at its node (parse and run time), without stopping the rest', async () => {
    for (const [expression, pattern] of [['$foo(', /does not parse/], ['$error("boom")', /boom/], ['$number("x")', /number/i]] as const) {
      const report = await previewTemplate({ templateText: nodesTemplate(expression, 'transform') });
      const entry = report.entries.find((e) => e.step === 'shape')!;
      assert.equal(entry.status, 'error');
      assert.match(entry.notes[0].message, pattern);
      assert.equal(entry.unresolved, true);
      assert.equal(report.entries[0].status, 'request');
    }
  });

  it('stops a runaway expression instead of hanging', async () => {
    const report = await previewTemplate({ templateText: nodesTemplate('( $f := function($x) { $f($x + 1) }; $f(0) )', 'transform') });
    assert.match(report.entries[1].notes[0].message, /stopped|stack|recursion/i);
  });

  it('never reaches the network: the extensions that call out are replaced', async () => {
    const calls: unknown[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (...args: unknown[]) => {
      calls.push(args);
      throw new Error('no network in tests');
    }) as typeof fetch;
    try {
      for (const call of ['$generateEmbeddingsCohere("text", "key")', '$parseDocument("x", "text/plain")', '$convertMdToPdf("# x")']) {
        const report = await previewTemplate({ templateText: nodesTemplate(call, 'transform') });
        assert.match(report.entries[1].notes[0].message, /remote service; the preview runs offline/);
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.deepEqual(calls, []);
  });

  it('follows run_if, loop_on (current element), get_state (state or default) and add_context keys', async () => {
    const template = JSON.stringify({
      label: 'flow',
      default_runtime_version: 4,
      args_schema: { integrated_account_id: { type: 'string' }, start: { type: 'string' }, webhook_id: { type: 'string' } },
      resources: [
        { name: 'cursor', type: 'get_state', config: { key: 'since', default: '{{args.start}}' } },
        { name: 'ctx', type: 'add_context', depends_on: 'cursor', config: { expression: '{ "since": resources.cursor.value }' } },
        { name: 'tickets', type: 'request', depends_on: 'ctx', resource: 'ticketing/tickets', method: 'list', integrated_account_id: '{{args.integrated_account_id}}', query: { gt: '{{since}}' } },
        { name: 'comments', type: 'request', depends_on: 'tickets', resource: 'ticketing/comments', method: 'list', loop_on: 'resources.ticketing.tickets', integrated_account_id: '{{args.integrated_account_id}}', query: { ticket: '{{resources.ticketing.tickets.id}}' }, body: '{ "n": $count(resources.tickets) }' },
        { name: 'skipped', type: 'request', run_if: '$exists(args.nope)', resource: 'x/y', method: 'list', integrated_account_id: 'a' },
        { name: 'after-skipped', type: 'transform', depends_on: 'skipped', config: { expression: '1' } },
        { name: 'out', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['tickets'] },
      ],
    });
    const args = { integrated_account_id: 'acc', start: '2024-01-01', webhook_id: 'w' };
    const fromDefault = await previewTemplate({ templateText: template, argsText: JSON.stringify({ args, records: { tickets: [{ id: 't1' }, { id: 't2' }] } }) });
    const rows = fromDefault.entries.map((e) => [e.step, e.status, e.query ?? e.output ?? null, e.body ?? null]);
    assert.deepEqual(rows, [
      ['cursor', 'evaluated', { value: '2024-01-01' }, null],
      ['ctx', 'evaluated', { since: '2024-01-01' }, null],
      ['tickets', 'request', { gt: '2024-01-01' }, null],
      ['comments', 'request', { ticket: 't1' }, { n: 2 }],
      ['comments', 'request', { ticket: 't2' }, { n: 2 }],
      ['skipped', 'skipped', null, null],
      ['after-skipped', 'skipped', null, null],
      ['out', 'not-simulated', [{ resource: 'ticketing/tickets', records: [{ id: 't1' }, { id: 't2' }] }], null],
    ]);
    const fromState = await previewTemplate({ templateText: template, argsText: JSON.stringify({ args, state: { since: '2024-06-01' } }) });
    assert.deepEqual(fromState.entries[2].query, { gt: '2024-06-01' });
    assert.equal(fromState.entries[3].loop?.element && (fromState.entries[3].loop.element as Json).id, '<synthetic tickets.id>');
  });
});

describe('preview engine: runtime 4 destinations', () => {
  it('resolves a datastore method\'s config per loop_on record, with run_if reading payload.records', async () => {
    const template = JSON.stringify({
      label: 'ds',
      default_runtime_version: 4,
      args_schema: { integrated_account_id: { type: 'string' }, datastore_id: { type: 'string' } },
      resources: [
        { name: 'files', type: 'request', resource: 'file-storage/drive-items', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
        {
          name: 's3', type: 'destination', destination_type: 'datastore', method: 'uploadObject', loop_on: 'payload.records',
          run_if: '$count(payload.records) > 1', resources_to_persist: ['files'],
          config: { id: '{{args.datastore_id}}', config: { file_name: '{{payload.records.name}}', path: 'x/{{args.integrated_account_id}}' } },
        },
      ],
    });
    const args = { integrated_account_id: 'acc', datastore_id: 'ds1' };
    const two = await previewTemplate({ templateText: template, argsText: JSON.stringify({ args, records: { files: [{ name: 'a.txt' }, { name: 'b.txt' }] } }) });
    assert.deepEqual(two.entries.slice(1).map((e) => [e.status, e.method, e.id, e.body]), [
      ['not-simulated', 'uploadObject', 'ds1', { file_name: 'a.txt', path: 'x/acc' }],
      ['not-simulated', 'uploadObject', 'ds1', { file_name: 'b.txt', path: 'x/acc' }],
    ]);
    assert.match(renderText(two, 't'), /^2\. s3: destination \(datastore\) · uploadObject \[not simulated\]$/m);
    const one = await previewTemplate({ templateText: template, argsText: JSON.stringify({ args, records: { files: [{ name: 'a.txt' }] } }) });
    assert.equal(one.entries[1].status, 'skipped', 'run_if saw one record');
  });
});

describe('preview engine: the shipped examples', () => {
  const examples = readdirSync(repoPath('examples')).filter((f) => f.endsWith('.synctemplate.json'));
  for (const name of examples) {
    it(`previews ${name} without a crash, in text and markdown`, async () => {
      const report = await previewTemplate({ templateText: readExample(name) });
      assert.ok(report.entries.length > 0);
      assert.ok(report.entries.every((e: PreviewEntry) => e.notes.every((n) => n.message.length > 0)));
      assert.match(renderMarkdown(report, name), new RegExp(`^# Preview: ${name.replace(/\./g, '\\.')}`));
      assert.match(renderText(report, name), /\d+ requests?, \d+ entr(y|ies), \d+ unresolved\n$/);
    });
  }

  it('never throws on odd input', async () => {
    for (const [templateText, argsText] of [['', undefined], ['[]', '{}'], ['{ "resources": 1 }', '[]'], ['{ "default_runtime_version": 4, "resources": [ 1, { "type": "request" }, { "name": "a", "depends_on": "a" } ] }', '{ "args": 1, "records": { "a": 3 } }'], ['{"resources":[{"resource":"a/b","loop_on":"x"}]}', '{"args":{"x":"notarray"}}']] as const) {
      await previewTemplate({ templateText, ...(argsText !== undefined ? { argsText } : {}) });
    }
  });
});
