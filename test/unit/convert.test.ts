import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { messageText } from '../../server/src/cli/outputFormats';
import { CONVERT_TO_RUNTIME_4_TITLE } from '../../server/src/service/convert/convertAction';
import { convertToRuntime4, CURSOR_ADVANCE_EXPRESSION, CURSOR_DEFAULT, isConverted, type ConversionProblem } from '../../server/src/service/convert/convertToRuntime4';
import { requestNames } from '../../server/src/service/convert/nodeNames';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits, templateDocument, withCursor } from '../support/cursor';
import { readExample, repoPath, VALID_LEGACY } from '../support/fixtures';
import { generateLegacyTemplate } from '../support/generateTemplate';
import { generateShape } from '../support/templateShapes';
import { legacyTemplate as previewLegacyTemplate, legacyText } from '../support/previewTemplates';
import { COMMENTS, legacyTemplate, TICKETS } from '../support/templates';

const service = createLanguageService();

// `any`: the tests read deep into parsed JSON output, whose shape each assertion states.
type Json = Record<string, any>;

function converted(text: string): { text: string; json: Json; notes: readonly string[] } {
  const result = convertToRuntime4(text);
  assert.ok(isConverted(result), `refused: ${isConverted(result) ? '' : result.problems.map((p) => p.message).join('\n')}`);
  return { text: result.text, json: JSON.parse(result.text.replace(/^\uFEFF/, '')) as Json, notes: result.notes };
}

function refused(text: string): ConversionProblem[] {
  const result = convertToRuntime4(text);
  assert.ok(!isConverted(result), `converted, expected a refusal:\n${isConverted(result) ? result.text : ''}`);
  assert.ok(result.problems.length > 0);
  return [...result.problems];
}

/** The problem whose message matches, pointing at `covered` in the input. */
function refusal(text: string, message: RegExp, covered?: string): ConversionProblem {
  const problems = refused(text);
  const problem = problems.find((p) => message.test(p.message));
  assert.ok(problem, `no problem ${message} in:\n${problems.map((p) => p.message).join('\n')}`);
  if (covered !== undefined) assert.equal(text.slice(problem.offset, problem.offset + problem.length), covered);
  return problem;
}

function node(json: Json, name: string): Json {
  const found = (json.resources as Json[]).find((n) => n.name === name);
  assert.ok(found, `no node ${name} in ${(json.resources as Json[]).map((n) => n.name).join(', ')}`);
  return found;
}

/** Errors and warnings the real language service reports (information and hints are allowed). */
async function loudDiagnostics(text: string): Promise<Diagnostic[]> {
  const found = await service.validate(templateDocument(text));
  return found.filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
}

async function assertChecksClean(text: string, label: string): Promise<void> {
  const loud = await loudDiagnostics(text);
  assert.deepEqual(
    loud.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${messageText(d.message)}`),
    [],
    `${label} does not check clean:\n${text}`,
  );
}

const ACCOUNT = '{{args.integrated_account_id}}';

describe('convert to runtime 4: node names', () => {
  it('names a node after its resource, whole path dashed on a clash, -2 for the same path twice', () => {
    assert.deepEqual(requestNames(['ticketing/tickets', 'ticketing/comments']), ['tickets', 'comments']);
    assert.deepEqual(requestNames(['crm/users', 'ticketing/users', 'crm/contacts']), ['crm-users', 'ticketing-users', 'contacts']);
    assert.deepEqual(requestNames(['ticketing/tickets', 'ticketing/tickets', 'ticketing/tickets']), ['tickets', 'tickets-2', 'tickets-3']);
    assert.deepEqual(requestNames(['tickets', 'ticketing/tickets']), ['tickets', 'ticketing-tickets']);
    assert.deepEqual(requestNames(['knowledge-base/page-content', 'repos', 'odd path/with spaces!']), ['page-content', 'repos', 'with-spaces']);
    // A dashed whole path that is also another step's name still ends unique.
    assert.deepEqual(requestNames(['crm-users', 'crm/users', 'ticketing/users']), ['crm-users', 'crm-users-2', 'ticketing-users']);
  });

  it('keeps the nodes it adds clear of request names and of resources.<x> keys requests fill', () => {
    const { json } = converted(legacyTemplate({ steps: [{ resource: 'webhook', method: 'list' }, { resource: 'on-complete/things', method: 'list', query: { since: '{{previous_run_date}}' } }] }));
    const names = (json.resources as Json[]).map((n) => n.name as string);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes('webhook-2'), names.join(', '));
    assert.ok(names.includes('on-complete-2'), names.join(', '));
  });
});

describe('convert to runtime 4: each legacy feature', () => {
  it('turns steps into request nodes with depends_on by name and integrated_account_id on each', () => {
    const { json } = converted(legacyTemplate({ steps: [TICKETS, COMMENTS] }));
    assert.equal(json.default_runtime_version, 4);
    assert.equal(json.integration_name, undefined, 'integration_name is dropped');
    assert.deepEqual(node(json, 'tickets'), { name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'list', integrated_account_id: ACCOUNT });
    assert.deepEqual(node(json, 'comments'), {
      name: 'comments',
      type: 'request',
      depends_on: 'tickets',
      resource: 'ticketing/comments',
      method: 'list',
      loop_on: 'resources.ticketing.tickets',
      integrated_account_id: ACCOUNT,
      query: { ticket_id: '{{resources.ticketing.tickets.id}}' },
    });
  });

  it('loops a child over its parent only when it reads the parent record (proxy parents too)', () => {
    const { json } = converted(
      legacyTemplate({
        steps: [
          { resource: 'contacts', method: 'list' },
          { resource: 'notes', method: 'list', depends_on: 'contacts', query: { contact: '{{resources.contacts.id|args.fallback_id}}' } },
          { resource: 'crm/users', method: 'list', depends_on: 'contacts' },
        ],
        args: { fallback_id: { type: 'string' } },
      }),
    );
    assert.equal(node(json, 'notes').loop_on, 'resources.contacts');
    assert.equal(node(json, 'users').loop_on, undefined, 'a child reading nothing of its parent only waits for it');
    assert.equal(node(json, 'users').depends_on, 'contacts');
  });

  it('rewrites every legacy loop_on form over an argument as the context path args.<name>', () => {
    for (const form of ['user_ids', 'args.user_ids', '{{args.user_ids}}', ' user_ids ']) {
      const { json } = converted(legacyTemplate({ args: { user_ids: { type: 'array' } }, steps: [{ resource: 'hris/employees', method: 'get', loop_on: form, id: '{{args.user_ids}}' }] }));
      assert.equal(node(json, 'employees').loop_on, 'args.user_ids', form);
      assert.equal(node(json, 'employees').id, '{{args.user_ids}}', 'inside the loop the path is the current element, as in legacy runs');
    }
  });

  it('a child looping over an argument that reads nothing of its parent keeps its argument loop', () => {
    const { json } = converted(legacyTemplate({ args: { ids: { type: 'array' } }, steps: [TICKETS, { resource: 'ticketing/users', method: 'get', depends_on: 'ticketing/tickets', loop_on: 'ids', id: '{{args.ids}}' }] }));
    assert.equal(node(json, 'users').loop_on, 'args.ids');
    assert.equal(node(json, 'users').depends_on, 'tickets');
  });

  it('declares integrated_account_id and webhook_id in the flat shape, creating args_schema when absent', () => {
    const { json, notes } = converted(legacyTemplate({ steps: [TICKETS] }));
    assert.deepEqual(Object.keys(json.args_schema), ['integrated_account_id', 'webhook_id']);
    assert.deepEqual(json.args_schema.integrated_account_id, { type: 'string', format: 'integrated_account_id', required: true, description: 'The connected account the requests run against.' });
    assert.equal(json.args_schema.webhook_id.format, 'webhook_id');
    assert.ok(notes.some((n) => /integrated_account_id/.test(n)) && notes.some((n) => /webhook_id/.test(n)));
    assert.deepEqual(Object.keys(json), ['label', 'default_runtime_version', 'args_schema', 'resources']);
  });

  it('declares them inside properties for the object shape, and keeps arguments that exist', () => {
    const objectShape = converted(legacyTemplate({ args: { type: 'object', properties: { page: { type: 'integer' } }, description: 'kept' }, steps: [TICKETS] })).json;
    assert.deepEqual(Object.keys(objectShape.args_schema.properties), ['page', 'integrated_account_id', 'webhook_id']);
    assert.equal(objectShape.args_schema.description, 'kept');
    const existing = { integrated_account_id: { type: 'string', description: 'mine' }, webhook_id: { type: 'string', description: 'also mine' } };
    const kept = converted(legacyTemplate({ args: existing, steps: [TICKETS] }));
    assert.deepEqual(kept.json.args_schema, existing);
    assert.ok(!kept.notes.some((n) => /Declared|declared/.test(n)));
  });

  it('writes a string args_schema as the object it holds', () => {
    const { json } = converted(legacyTemplate({ args: JSON.stringify({ type: 'object', properties: { page: { type: 'integer' } } }), steps: [TICKETS] }));
    assert.deepEqual(Object.keys(json.args_schema.properties), ['page', 'integrated_account_id', 'webhook_id']);
    assert.equal(json.args_schema.type, 'object');
  });

  it('sends persisted steps to a webhook destination and leaves persist:false steps out', () => {
    const { json } = converted(legacyTemplate({ steps: [TICKETS, { ...COMMENTS, persist: true }, { resource: 'ticketing/users', method: 'list', persist: false }] }));
    assert.deepEqual(node(json, 'webhook'), {
      name: 'webhook',
      type: 'destination',
      destination_type: 'webhook',
      config: { id: '{{args.webhook_id}}' },
      resources_to_persist: ['tickets', 'comments'],
    });
    assert.ok((json.resources as Json[]).every((n) => n.persist === undefined));
  });

  it('adds no destination (and no webhook_id) when no step is persisted', () => {
    const { json } = converted(legacyTemplate({ steps: [{ ...TICKETS, persist: false }] }));
    assert.ok(!(json.resources as Json[]).some((n) => n.type === 'destination'));
    assert.deepEqual(Object.keys(json.args_schema), ['integrated_account_id']);
  });

  it('replaces previous_run_date with a get_state/add_context cursor, advanced after an event complete', () => {
    const text = legacyTemplate({
      args: { since: { type: 'string' } },
      steps: [
        { ...TICKETS, query: { updated_at: { gt: '{{previous_run_date}}' }, also: '{{args.since|previous_run_date:str}}', text: 'since {{ previous_run_date }} (previous_run_date)' } },
        COMMENTS,
        { resource: 'ticketing/users', method: 'list' },
      ],
    });
    const { json, notes } = converted(text);
    assert.equal(json.state_key, ACCOUNT);
    assert.equal(json.mutex_key, ACCOUNT);
    assert.deepEqual(Object.keys(json).slice(0, 5), ['label', 'default_runtime_version', 'mutex_key', 'state_key', 'args_schema']);
    assert.deepEqual(node(json, 'get-last-synced-at'), { name: 'get-last-synced-at', type: 'get_state', config: { key: 'last_synced_at', default: CURSOR_DEFAULT } });
    assert.deepEqual(node(json, 'add-last-synced-at'), {
      name: 'add-last-synced-at',
      type: 'add_context',
      depends_on: 'get-last-synced-at',
      config: { expression: '{ "last_synced_at": resources.`get-last-synced-at`.value }' },
    });
    const tickets = node(json, 'tickets');
    assert.equal(tickets.depends_on, 'add-last-synced-at');
    assert.deepEqual(tickets.query, { updated_at: { gt: '{{last_synced_at}}' }, also: '{{args.since|last_synced_at:str}}', text: 'since {{ last_synced_at }} (previous_run_date)' });
    assert.equal(node(json, 'comments').depends_on, 'tickets', 'a child reaches the cursor through its parent');
    assert.equal(node(json, 'users').depends_on, undefined, 'a root that does not read the cursor does not wait for it');
    assert.deepEqual(node(json, 'on-complete'), { name: 'on-complete', type: 'event', config: { name: 'complete' } });
    assert.deepEqual(node(json, 'update-last-synced-at'), {
      name: 'update-last-synced-at',
      type: 'update_state',
      depends_on: 'on-complete',
      config: { key: 'last_synced_at', value_expression: CURSOR_ADVANCE_EXPRESSION },
    });
    assert.ok(notes.some((n) => /previous_run_date/.test(n)));
  });

  it('keeps an existing mutex_key and state_key, and picks another cursor key when last_synced_at is taken', () => {
    const text = legacyTemplate({
      extra: { mutex_key: 'mine', state_key: '{{args.integrated_account_id}}-tickets' },
      steps: [{ ...TICKETS, query: { since: '{{previous_run_date}}', other: '{{last_synced_at}}' } }],
    });
    const { json } = converted(text);
    assert.equal(json.mutex_key, 'mine');
    assert.equal(json.state_key, '{{args.integrated_account_id}}-tickets');
    assert.deepEqual(node(json, 'tickets').query, { since: '{{last_synced_at_2}}', other: '{{last_synced_at}}' });
    assert.equal(node(json, 'get-last-synced-at').config.key, 'last_synced_at_2');
  });

  it('adds default_runtime_version where integration_name was, or before the job fields, when it is missing', () => {
    assert.deepEqual(Object.keys(converted(legacyTemplate({ version: null, steps: [TICKETS] })).json).slice(0, 2), ['label', 'default_runtime_version']);
    const noIntegration = '{\n  "label": "x",\n  "description": "d",\n  "sharing": "deny",\n  "resources": []\n}\n';
    assert.deepEqual(Object.keys(converted(noIntegration).json), ['label', 'description', 'default_runtime_version', 'sharing', 'resources']);
  });

  it('keeps the other keys as written, in their order, and the text of values it does not change', () => {
    const text = readExample('hubspot-crm-contacts.synctemplate.json');
    const out = converted(text).text;
    assert.ok(out.includes('"created_at": { "gt": "{{args.created_after}}" }'), 'an inline object stays inline');
    assert.ok(out.startsWith('{\n  "$schema": "../schemas/synctemplate.schema.json",\n  "label": "HubSpot CRM contacts and companies",'));
    assert.ok(out.endsWith('}\n'));
  });

  it('formats like the input: tabs, four spaces, CRLF, no final newline', () => {
    const tabs = legacyTemplate({ steps: [TICKETS] }).replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2));
    assert.match(converted(tabs).text, /\n\t"resources": \[\n\t\t\{\n\t\t\t"name": "tickets"/);
    const four = JSON.stringify(JSON.parse(legacyTemplate({ steps: [TICKETS] })), null, 4);
    const fourOut = converted(four).text;
    assert.match(fourOut, /\n {4}"resources": \[\n {8}\{\n {12}"name"/);
    assert.ok(!fourOut.endsWith('\n'));
    const crlf = converted(legacyTemplate({ steps: [TICKETS, COMMENTS] }).replace(/\n/g, '\r\n')).text;
    assert.ok(!/[^\r]\n/.test(crlf), 'every line break is CRLF');
    assert.ok(crlf.endsWith('}\r\n'));
  });

  it('keeps a byte-order mark, and places problems after it', () => {
    const bom = converted(`\uFEFF${legacyTemplate({ steps: [TICKETS] })}`).text;
    assert.ok(bom.startsWith('\uFEFF{'));
    const text = '\uFEFF{ "label": "x", "default_runtime_version": 4 }';
    refusal(text, /already runtime 4/, '4');
  });

  it('converts a template without resources or with an empty list', () => {
    assert.deepEqual(converted('{ "label": "x", "default_runtime_version": 2 }').json, { label: 'x', default_runtime_version: 4 });
    assert.deepEqual(converted('{ "label": "x", "resources": [] }').json, { label: 'x', default_runtime_version: 4, resources: [] });
  });
});

describe('convert to runtime 4: what it refuses, converting nothing', () => {
  it('refuses invalid JSON, comments, trailing commas and duplicate keys', () => {
    refusal('{ "label": "x", ', /not valid JSON/);
    refusal('{ "label": "x", // note\n "resources": [] }', /not valid JSON \(a comment\)/);
    refusal('{ "label": "x", "resources": [], }', /trailing comma/);
    refusal('{ "label": "x", "resources": [ { "resource": "a", "method": "list", "method": "get" } ] }', /"method" appears twice/, '"method"');
    refusal('[]', /is a JSON object/);
    refusal('', /not valid JSON|is a JSON object/);
    refusal('['.repeat(300), /nests deeper/);
  });

  it('refuses a template that is runtime 4 already, or whose version is not a number', () => {
    refusal('{ "label": "x", "default_runtime_version": 4, "resources": [] }', /already runtime 4/, '4');
    refusal('{ "label": "x", "default_runtime_version": "3", "resources": [] }', /not a number/, '"3"');
  });

  it('refuses steps it cannot read faithfully, naming each', () => {
    refusal('{ "label": "x", "resources": {} }', /must be the array of steps/, '{}');
    refusal('{ "label": "x", "resources": [ "ticketing/tickets" ] }', /resources\[0\] is a string, not a step object/, '"ticketing/tickets"');
    refusal(legacyTemplate({ steps: [{ resource: 'ticketing/tickets' }] }), /has no "method"/);
    refusal(legacyTemplate({ steps: [{ ...TICKETS, name: 'x' }] }), /has "name", which a legacy step does not have/, '"name"');
    refusal(legacyTemplate({ steps: [{ ...TICKETS, query: '{ "a": 1 }' }] }), /read as a JSONata expression/, '"{ \\"a\\": 1 }"');
    refusal(legacyTemplate({ steps: [{ ...TICKETS, loop_on: 'resources.crm.contacts' }] }), /names no argument/, '"resources.crm.contacts"');
    refusal(legacyTemplate({ steps: [{ ...TICKETS, persist: 'no' }] }), /"persist" must be true or false/, '"no"');
  });

  it('refuses a depends_on graph it cannot map', () => {
    refusal(legacyTemplate({ steps: [TICKETS, { ...COMMENTS, depends_on: 'ticketing/tikets' }] }), /names no step/, '"ticketing/tikets"');
    refusal(legacyTemplate({ steps: [{ ...TICKETS, depends_on: 'ticketing/tickets' }] }), /depends on itself/, '"ticketing/tickets"');
    refusal(legacyTemplate({ steps: [TICKETS, TICKETS, COMMENTS] }), /2 steps sync that resource/, '"ticketing/tickets"');
    const cycle = legacyTemplate({
      steps: [
        { resource: 'a/one', method: 'list', depends_on: 'a/three' },
        { resource: 'a/two', method: 'list', depends_on: 'a/one' },
        { resource: 'a/three', method: 'list', depends_on: 'a/two' },
        { resource: 'a/four', method: 'list', depends_on: 'a/three' },
      ],
    });
    const problems = refused(cycle).filter((p) => /cycle/.test(p.message));
    assert.equal(problems.length, 1, 'one cycle, reported once');
    assert.match(problems[0].message, /a\/one → a\/three → a\/two → a\/one/);
  });

  it('refuses reads runtime 4 has no faithful equivalent for', () => {
    refusal(
      legacyTemplate({ args: { ids: { type: 'array' } }, steps: [TICKETS, { ...COMMENTS, loop_on: 'ids' }] }),
      /loops over the argument "ids" and also runs once per record of its parent/,
      '"ids"',
    );
    refusal(
      legacyTemplate({ steps: [TICKETS, COMMENTS, { resource: 'ticketing/attachments', method: 'list', depends_on: 'ticketing/comments', query: { t: '{{resources.ticketing.tickets.id}}', c: '{{resources.ticketing.comments.id}}' } }] }),
      /reads \{\{resources\.ticketing\.tickets\.id\}\}, a record of "ticketing\/tickets", which is not its parent/,
      '"{{resources.ticketing.tickets.id}}"',
    );
    refusal(legacyTemplate({ extra: { mutex_key: '{{previous_run_date}}' }, steps: [TICKETS] }), /mutex_key reads previous_run_date/, '"{{previous_run_date}}"');
    refusal(legacyTemplate({ args: 'not json', steps: [TICKETS] }), /args_schema is a string that does not hold a JSON object/, '"not json"');
    refusal(legacyTemplate({ args: [] as unknown as Record<string, unknown>, steps: [TICKETS] }), /args_schema is an array/, '[]');
  });
});

/** Every legacy template the repository ships or tests with that checks clean. */
function legacyCorpus(): { label: string; text: string }[] {
  const examples = readdirSync(repoPath('examples'))
    .filter((f) => f.endsWith('.synctemplate.json'))
    .map((f) => ({ label: `examples/${f}`, text: readExample(f) }))
    .filter(({ text }) => {
      const version = (JSON.parse(text) as Json).default_runtime_version;
      return typeof version !== 'number' || version < 4;
    });
  return [
    ...examples,
    { label: 'VALID_LEGACY', text: VALID_LEGACY },
    { label: 'e2e tickets fixture', text: readFileSync(repoPath('test', 'e2e', 'fixtures', 'workspace', 'tickets.synctemplate.json'), 'utf8') },
    { label: 'generateLegacyTemplate(4)', text: generateLegacyTemplate(4) },
    { label: 'generateLegacyTemplate(13)', text: generateLegacyTemplate(13) },
    { label: 'generateLegacyTemplate(200)', text: generateLegacyTemplate(200) },
    ...(['groups', 'fan-out'] as const).map((shape) => ({ label: `generateShape(${shape}, 40)`, text: generateShape(shape, 40) })),
    { label: 'tickets + comments', text: legacyTemplate({ steps: [TICKETS, COMMENTS] }) },
    { label: 'no version', text: legacyTemplate({ version: null, steps: [TICKETS, COMMENTS] }) },
  ];
}

describe('convert to runtime 4: the result checks clean', () => {
  it('every legacy example and test template converts, and the result has no errors or warnings', async () => {
    const corpus = legacyCorpus();
    assert.ok(corpus.filter((c) => c.label.startsWith('examples/')).length >= 3, 'the legacy examples are in the corpus');
    for (const { label, text } of corpus) {
      assert.deepEqual(await loudDiagnostics(text), [], `${label} itself is clean`);
      await assertChecksClean(converted(text).text, label);
    }
  });

  it('refuses the generated "chain" and "duplicates" shapes, whose steps read a record from above their parent', async () => {
    // Those bench shapes read {{resources.api0.records.name}} (chain) and {{resources.apiN.records_0.id}}
    // (duplicates) two or more levels down; in runtime 4 only the looped (parent) record is in scope,
    // so there is no faithful equivalent (see legacySteps.ts). The other shapes convert (corpus above).
    const chain = generateShape('chain', 5);
    assert.deepEqual(await loudDiagnostics(chain), [], 'it is a clean legacy template');
    const problems = refused(chain);
    assert.equal(problems.length, 3, 'one problem per step that reads a grandparent');
    assert.ok(problems.every((p) => /reads \{\{resources\.api0\.records\.name\}\}, a record of "api0\/records", which is not its parent/.test(p.message)));
    const duplicates = generateShape('duplicates', 6);
    assert.deepEqual(await loudDiagnostics(duplicates), []);
    assert.ok(refused(duplicates).every((p) => /a record of "api\d+\/records_0", which is not its parent/.test(p.message)));
  });

  it('random legacy templates that check clean convert to templates that check clean, or are refused for exactly the reasons they have', async () => {
    let clean = 0;
    let refusedForReason = 0;
    await fc.assert(fc.asyncProperty(legacyTemplateArbitrary, async ({ text, unconvertible }) => {
      if ((await loudDiagnostics(text)).length > 0) return; // only clean inputs are promised a clean result
      clean++;
      const result = convertToRuntime4(text);
      if (unconvertible.size > 0) {
        // Reads with no faithful runtime 4 equivalent: refused, each reason said, nothing else.
        assert.ok(!isConverted(result), `converted a template that reads ${[...unconvertible].join(', ')}:\n${text}`);
        const reasons = { grandparent: /which is not its parent/, 'double-loop': /loops over the argument "ids" and also runs once per record of its parent/ };
        for (const problem of result.problems) assert.ok(Object.values(reasons).some((r) => r.test(problem.message)), problem.message);
        for (const reason of unconvertible) assert.ok(result.problems.some((p) => reasons[reason].test(p.message)), `${reason} not reported`);
        refusedForReason++;
        return;
      }
      assert.ok(isConverted(result), `refused a clean template:\n${text}\n${isConverted(result) ? '' : result.problems.map((p) => p.message).join('\n')}`);
      await assertChecksClean(result.text, 'the conversion');
      // Converting is deterministic and keeps node names unique.
      const names = ((JSON.parse(result.text) as Json).resources as Json[] | undefined)?.map((n) => n.name as string) ?? [];
      assert.equal(new Set(names).size, names.length);
    }), { numRuns: 200 });
    assert.ok(clean - refusedForReason >= 50, `only ${clean - refusedForReason} of 200 random templates checked clean and converted: the generator no longer tests much`);
    assert.ok(refusedForReason >= 5, `only ${refusedForReason} random templates exercised a refusal`);
  });
});

/**
 * Random legacy templates in the shapes people write: unified and proxy resources (clashing last
 * segments, repeated paths), children reading their parent's record or not, loops over array
 * arguments in each form, previous_run_date (alone, as a fallback, with a cast), persist, both
 * args_schema shapes or none, with or without a version.
 */
const RESOURCES = ['ticketing/tickets', 'ticketing/comments', 'ticketing/users', 'crm/users', 'crm/contacts', 'contacts', 'knowledge-base/page-content', 'hris/employees', 'webhook'];
const legacyTemplateArbitrary = fc
  .record({
    steps: fc.array(
      fc.record({
        resource: fc.constantFrom(...RESOURCES),
        method: fc.constantFrom('list', 'get'),
        parent: fc.option(fc.nat(), { nil: undefined }),
        readsParent: fc.boolean(),
        // Rarer: reads that have no runtime 4 equivalent (refused).
        readsGrandparent: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
        loopAndReadParent: fc.oneof({ arbitrary: fc.constant(false), weight: 8 }, { arbitrary: fc.constant(true), weight: 1 }),
        // Mostly the bare form: the others are legacy warnings (loop-on-form), skipped by the property.
        loop: fc.option(fc.oneof({ arbitrary: fc.constant('ids'), weight: 5 }, { arbitrary: fc.constantFrom('args.ids', '{{args.ids}}'), weight: 1 }), { nil: undefined }),
        cursor: fc.option(fc.constantFrom('{{previous_run_date}}', '{{args.since|previous_run_date}}', '{{previous_run_date:str}}'), { nil: undefined }),
        persist: fc.option(fc.boolean(), { nil: undefined }),
        usePage: fc.boolean(),
      }),
      { minLength: 0, maxLength: 7 },
    ),
    shape: fc.constantFrom('flat', 'object', 'none'),
    version: fc.constantFrom(1, 2, 3, null),
    integration: fc.boolean(),
  })
  .map(({ steps, shape, version, integration }) => {
    const resources: Json[] = [];
    const paths: string[] = [];
    const used = { ids: false, since: false, page: false };
    const dependedOn = new Set<string>();
    const parentOf = new Map<string, string>();
    const unconvertible = new Set<'grandparent' | 'double-loop'>();
    steps.forEach((s, index) => {
      // A repeated path is fine while nothing depends on it (a duplicate that something depends on is a legacy warning).
      const resource = dependedOn.has(s.resource) ? `${s.resource}_${index}` : s.resource;
      const step: Json = { resource, method: s.method };
      // A parent earlier in the list whose path no other step repeats, so depends_on is unambiguous.
      const candidates = paths.filter((p, i) => paths.indexOf(p) === i && paths.lastIndexOf(p) === i && p !== resource);
      const parent = s.parent !== undefined && candidates.length > 0 ? candidates[s.parent % candidates.length] : undefined;
      if (parent) dependedOn.add(parent);
      const query: Json = {};
      if (parent) {
        step.depends_on = parent;
        parentOf.set(resource, parent);
        if ((s.readsParent && !s.loop) || (s.loop && s.loopAndReadParent)) query.parent_id = `{{resources.${parent.replace(/\//g, '.')}.id}}`;
        if (s.loop && s.loopAndReadParent) unconvertible.add('double-loop');
        const grandparent = parentOf.get(parent);
        if (grandparent && s.readsGrandparent) {
          query.root_id = `{{resources.${grandparent.replace(/\//g, '.')}.id}}`;
          unconvertible.add('grandparent');
        }
      }
      if (s.loop) {
        step.loop_on = s.loop;
        step.id = '{{args.ids}}';
        used.ids = true;
      }
      if (s.cursor) {
        query.updated_after = s.cursor;
        if (s.cursor.includes('args.since')) used.since = true;
      }
      if (s.usePage) {
        query.limit = '{{args.page_size:int}}';
        used.page = true;
      }
      if (Object.keys(query).length > 0) step.query = query;
      if (s.persist !== undefined) step.persist = s.persist;
      resources.push(step);
      paths.push(resource);
    });
    const args: Json = {};
    if (used.ids) args.ids = { type: 'array', required: true, description: 'Ids to fetch.' };
    if (used.since) args.since = { type: 'string', format: 'date', required: false };
    if (used.page) args.page_size = { type: 'integer', required: false, default: 100 };
    const body: Json = { label: 'Random template' };
    if (integration) body.integration_name = 'zendesk';
    if (version !== null) body.default_runtime_version = version;
    if (shape === 'flat' && Object.keys(args).length > 0) body.args_schema = args;
    if (shape === 'object') body.args_schema = { type: 'object', properties: args };
    if (shape === 'none' && Object.keys(args).length > 0) body.args_schema = args;
    body.resources = resources;
    return { text: `${JSON.stringify(body, null, 2)}\n`, unconvertible };
  });

describe('convert to runtime 4: templates from the preview generator', () => {
  it('the conversion adds no problem: each error or warning code is reported no more often than in the input', async () => {
    // An independent generator (test/support/previewTemplates.ts): casts, flags, `|` fallbacks and
    // `?:` defaults over args, the parent's record and previous_run_date, loops over an argument —
    // and problems (unknown and unused arguments, bad casts), which must carry over, never grow.
    const codes = (diagnostics: readonly Diagnostic[]) => {
      const counts = new Map<string, number>();
      for (const d of diagnostics) counts.set(String(d.code), (counts.get(String(d.code)) ?? 0) + 1);
      return counts;
    };
    let converted = 0;
    await fc.assert(fc.asyncProperty(previewLegacyTemplate.map(legacyText), async (text) => {
      const result = convertToRuntime4(text);
      if (!isConverted(result)) {
        for (const problem of result.problems) assert.match(problem.message, /loops over the argument "list" and also runs once per record of its parent/);
        return;
      }
      converted++;
      const before = codes(await loudDiagnostics(text));
      const after = await loudDiagnostics(result.text);
      for (const [code, count] of codes(after)) {
        assert.ok(count <= (before.get(code) ?? 0), `the conversion added ${code}:\n${after.filter((d) => String(d.code) === code).map((d) => messageText(d.message)).join('\n')}\n${text}\n${result.text}`);
      }
    }), { numRuns: 200 });
    assert.ok(converted >= 50, `only ${converted} generated templates were converted`);
  });
});

describe('the runtime 4 examples', () => {
  it('the README shows one of them, shortened, and it checks without any diagnostic', async () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    const block = /### Runtime 4\n[\s\S]*?```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
    assert.ok(block, 'README has a "Runtime 4" section with a JSON example');
    assert.deepEqual(await service.validate(templateDocument(block)), []);
    const example = JSON.parse(readExample('zendesk-tickets-incremental-v4.synctemplate.json')) as Json;
    assert.deepEqual((JSON.parse(block) as Json).resources, example.resources, 'the README shows the example\'s nodes as they are');
  });
});

describe('convert to runtime 4: the code action', () => {
  it('is offered as refactor.rewrite on default_runtime_version and replaces the document in one edit', () => {
    const { document, position } = withCursor(VALID_LEGACY.replace('"default_runtime_version": 3', '"default_runtime_version": <|>3'));
    const actions = service.codeActions(document, { start: position, end: position }, []);
    const action = actions.find((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE);
    assert.ok(action, actions.map((a) => a.title).join(' | '));
    assert.equal(action.kind, 'refactor.rewrite');
    const edits = action.edit!.changes![document.uri];
    assert.equal(edits.length, 1);
    const expected = convertToRuntime4(VALID_LEGACY);
    assert.ok(isConverted(expected));
    assert.equal(applyEdits(document, edits), expected.text);
    // Asked for refactorings only, or for rewrites: still offered; for quick fixes only: not.
    assert.ok(service.codeActions(document, { start: position, end: position }, [], ['refactor']).some((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE));
    assert.ok(service.codeActions(document, { start: position, end: position }, [], ['refactor.rewrite']).some((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE));
    assert.ok(!service.codeActions(document, { start: position, end: position }, [], ['quickfix']).some((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE));
  });

  it('is offered on the key too, and elsewhere not at all', () => {
    const onKey = withCursor(VALID_LEGACY.replace('"default_runtime_version"', '"default_<|>runtime_version"'));
    assert.ok(service.codeActions(onKey.document, { start: onKey.position, end: onKey.position }, []).some((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE));
    const elsewhere = withCursor(VALID_LEGACY.replace('"label": "Zendesk tickets"', '"label": "Zendesk <|>tickets"'));
    assert.ok(!service.codeActions(elsewhere.document, { start: elsewhere.position, end: elsewhere.position }, []).some((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE));
  });

  it('without a version: offered on the opening brace (where the editor says it is missing) and the resources key', () => {
    const text = legacyTemplate({ version: null, steps: [TICKETS] });
    const brace = withCursor(`<|>${text}`);
    assert.ok(service.codeActions(brace.document, { start: brace.position, end: brace.position }, []).some((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE));
    const key = withCursor(text.replace('"resources"', '"res<|>ources"'));
    assert.ok(service.codeActions(key.document, { start: key.position, end: key.position }, []).some((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE));
  });

  it('is not offered on a runtime 4 template, and disabled with the reason on one it must refuse', () => {
    const v4 = withCursor('{ "label": "x", "default_runtime_version": <|>4, "resources": [] }');
    assert.ok(!service.codeActions(v4.document, { start: v4.position, end: v4.position }, []).some((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE));
    const steps = [{ ...TICKETS, depends_on: 'ticketing/tickets' }, { ...COMMENTS, depends_on: 'ticketing/nothing' }];
    const refusedDoc = withCursor(legacyTemplate({ steps }).replace('"default_runtime_version": 3', '"default_runtime_version": <|>3'));
    const [action] = service.codeActions(refusedDoc.document, { start: refusedDoc.position, end: refusedDoc.position }, []).filter((a) => a.title === CONVERT_TO_RUNTIME_4_TITLE);
    assert.ok(action);
    assert.equal(action.edit, undefined);
    assert.match(action.disabled?.reason ?? '', /^The step "ticketing\/tickets" depends on itself.* \(and 1 more; `synctemplate convert --to 4` lists them all\)$/);
  });
});
