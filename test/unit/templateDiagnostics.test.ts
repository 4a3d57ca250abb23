import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { messageText } from '../../server/src/cli/outputFormats';
import { createLanguageService } from '../../server/src/service/languageService';
import { isJsonataAnalysed } from '../../server/src/service/jsonata/analysis';
import { normalizeSettings, type SynctemplateSettings } from '../../server/src/service/settings';
import { templateDocument } from '../support/cursor';
import { COMMENTS, legacyTemplate, TICKETS } from '../support/templates';

const service = createLanguageService();

interface Seen {
  code: string;
  covered: string;
  message: string;
  diagnostic: Diagnostic;
}

/** The template-level diagnostics (schema ones are tested elsewhere), with the text each covers. */
async function check(text: string, settings?: unknown): Promise<Seen[]> {
  const document = templateDocument(text);
  const found = await service.validate(document, settings === undefined ? undefined : normalizeSettings(settings));
  return found
    .filter((d) => d.code !== 'schema' && typeof d.code !== 'number')
    .map((d) => ({ code: String(d.code), covered: document.getText(d.range), message: messageText(d.message), diagnostic: d }));
}

const ARGS = { user_id: { type: 'string', required: true, description: 'Who' }, user_ids: { type: 'array', required: false } };
const usesAll = { resource: 'ticketing/users', method: 'get', id: '{{args.user_id}}', loop_on: 'user_ids' };

describe('template diagnostics', () => {
  describe('unknown-arg', () => {
    it('fires on an undeclared argument, on the name only, and suggests the closest', async () => {
      const [d, ...rest] = await check(legacyTemplate({ args: ARGS, steps: [usesAll, { ...TICKETS, query: { a: '{{args.usr_id}}' } }] }));
      assert.equal(rest.length, 0);
      assert.equal(d.code, 'unknown-arg');
      assert.equal(d.covered, 'usr_id');
      assert.equal(d.diagnostic.severity, DiagnosticSeverity.Error);
      assert.match(d.message, /"usr_id", which args_schema does not declare/);
      assert.match(d.message, /the text "\{\{args\.usr_id\}\}" is sent to the API as it is/);
      assert.match(d.message, /Did you mean "user_id"\?/);
    });

    it('says what happens instead when the placeholder has a default or a flag', async () => {
      const found = await check(legacyTemplate({ args: ARGS, steps: [usesAll, { ...TICKETS, query: { a: '{{args.nope?:5}}', b: '{{args.gone:undefined}}' } }] }));
      assert.match(found[0].message, /the default "5" is used instead/);
      assert.match(found[1].message, /the key is left out of the request/);
    });

    it('fires on loop_on naming an undeclared argument', async () => {
      const [d] = await check(legacyTemplate({ args: ARGS, steps: [usesAll, { ...TICKETS, loop_on: 'team_ids' }] }));
      assert.equal(d.code, 'unknown-arg');
      assert.equal(d.covered, 'team_ids');
    });

    it('reads both args_schema shapes and a schema written as a string', async () => {
      const objectShape = { type: 'object', properties: ARGS };
      assert.deepEqual(await check(legacyTemplate({ args: objectShape, steps: [usesAll] })), []);
      const asString = await check(legacyTemplate({ args: JSON.stringify(ARGS), steps: [usesAll, { ...TICKETS, id: '{{args.nobody}}' }] }));
      assert.deepEqual(asString.map((d) => d.code).sort(), ['args-schema-string', 'unknown-arg']);
    });

    it('fires for every use when args_schema is missing', async () => {
      const found = await check(legacyTemplate({ steps: [{ ...TICKETS, id: '{{args.x}}' }] }));
      assert.deepEqual(found.map((d) => d.code), ['unknown-arg']);
    });

    it('stays quiet when the arguments cannot be known, and outside placeholder fields', async () => {
      assert.deepEqual(await check(legacyTemplate({ args: 'not json', steps: [{ ...TICKETS, id: '{{args.x}}' }] })).then((f) => f.map((d) => d.code)), ['args-schema-string']);
      // `description` is plain text, not a template.
      assert.deepEqual(await check(legacyTemplate({ args: ARGS, steps: [usesAll], extra: { description: 'Uses {{args.other}}' } })), []);
    });
  });

  describe('unused-arg', () => {
    it('fires on a declared argument nothing reads, tagged Unnecessary', async () => {
      const [d, ...rest] = await check(legacyTemplate({ args: { ...ARGS, page: { type: 'integer' } }, steps: [usesAll] }));
      assert.equal(rest.length, 0);
      assert.equal(d.code, 'unused-arg');
      assert.equal(d.covered, '"page"');
      assert.equal(d.diagnostic.severity, DiagnosticSeverity.Warning);
      assert.deepEqual(d.diagnostic.tags, [DiagnosticTag.Unnecessary]);
    });

    it('counts uses in args_validation JSONata, and spares arguments the platform fills in', async () => {
      const args = { ...ARGS, page: { type: 'integer' }, integrated_account_id: { type: 'string' }, hook: { type: 'string', format: 'webhook_id' } };
      const text = legacyTemplate({ args, steps: [usesAll], extra: { args_validation: '$exists(args.page) ? null : { "message": "page" }' } });
      assert.deepEqual(await check(text), []);
    });
  });

  describe('loop_on', () => {
    it('loop-on-not-array fires when the argument is not declared as an array', async () => {
      const [d] = await check(legacyTemplate({ args: ARGS, steps: [{ ...usesAll, loop_on: 'user_id' }, { ...TICKETS, query: { x: '{{args.user_ids}}' } }] }));
      assert.equal(d.code, 'loop-on-not-array');
      assert.equal(d.covered, 'user_id');
    });

    it('loop-on-form fires on args.x and {{args.x}}, not on the bare name', async () => {
      for (const form of ['args.user_ids', '{{args.user_ids}}']) {
        const [d, ...rest] = await check(legacyTemplate({ args: ARGS, steps: [{ ...usesAll, loop_on: form }] }));
        assert.equal(rest.length, 0, form);
        assert.equal(d.code, 'loop-on-form');
        assert.match(d.message, /write "user_ids"/);
      }
      assert.deepEqual(await check(legacyTemplate({ args: ARGS, steps: [usesAll] })), []);
    });
  });

  describe('depends_on', () => {
    it('depends-on-unknown suggests the closest step', async () => {
      const [d] = await check(legacyTemplate({ steps: [TICKETS, { ...COMMENTS, depends_on: 'ticketing/ticket' }] }));
      assert.equal(d.code, 'depends-on-unknown');
      assert.equal(d.covered, '"ticketing/ticket"');
      assert.match(d.message, /Did you mean "ticketing\/tickets"\?/);
    });

    it('depends-on-cycle is reported on each edge and names the whole cycle', async () => {
      const a = { resource: 'crm/a', method: 'list', depends_on: 'crm/c' };
      const b = { resource: 'crm/b', method: 'list', depends_on: 'crm/a' };
      const c = { resource: 'crm/c', method: 'list', depends_on: 'crm/b' };
      const found = await check(legacyTemplate({ steps: [a, b, c, TICKETS] }));
      assert.deepEqual(found.map((d) => d.code), ['depends-on-cycle', 'depends-on-cycle', 'depends-on-cycle']);
      assert.deepEqual(found.map((d) => d.covered), ['"crm/c"', '"crm/a"', '"crm/b"']);
      assert.match(found[0].message, /"crm\/a" → "crm\/c" → "crm\/b" → "crm\/a"/);
    });

    it('a step that depends on itself is a cycle', async () => {
      const [d] = await check(legacyTemplate({ steps: [{ ...TICKETS, depends_on: 'ticketing/tickets' }] }));
      assert.equal(d.code, 'depends-on-cycle');
      assert.match(d.message, /depends on itself/);
    });

    it('a chain is not a cycle', async () => {
      const users = { resource: 'ticketing/users', method: 'get', depends_on: 'ticketing/comments', id: '{{resources.ticketing.comments.author_id}}' };
      assert.deepEqual(await check(legacyTemplate({ steps: [TICKETS, COMMENTS, users] })), []);
    });

    it('duplicate-step fires only when the shared path is depended on', async () => {
      const found = await check(legacyTemplate({ steps: [TICKETS, { ...TICKETS, method: 'get', id: '1' }, COMMENTS] }));
      assert.deepEqual(found.map((d) => d.code), ['duplicate-step', 'duplicate-step']);
      assert.deepEqual(await check(legacyTemplate({ steps: [TICKETS, { ...TICKETS, method: 'get', id: '1' }] })), []);
    });
  });

  describe('unknown-resource', () => {
    it('fires when the step read is not upstream, and offers depends_on', async () => {
      const orphan = { ...COMMENTS, depends_on: undefined };
      const [d] = await check(legacyTemplate({ steps: [TICKETS, orphan] }));
      assert.equal(d.code, 'unknown-resource');
      assert.equal(d.covered, 'ticketing.tickets');
      assert.match(d.message, /not upstream/);
      assert.match(d.message, /Add "depends_on": "ticketing\/tickets"/);
    });

    it('fires when no step syncs the resource', async () => {
      const [d] = await check(legacyTemplate({ steps: [TICKETS, { ...COMMENTS, query: { t: '{{resources.ticketing.tickest.id}}' } }] }));
      assert.equal(d.code, 'unknown-resource');
      assert.match(d.message, /No step syncs "ticketing\/tickest"/);
    });

    it('accepts grandparents, proxy resources, dashed names and any field below the record', async () => {
      const pages = { resource: 'knowledge-base/page-content', method: 'list' };
      const blocks = { resource: 'blocks', method: 'list', depends_on: 'knowledge-base/page-content', query: { p: '{{resources.knowledge-base.page-content.page.id}}' } };
      const deep = { resource: 'notes', method: 'list', depends_on: 'blocks', query: { b: '{{resources.blocks.id}}', p: '{{resources.knowledge-base.page-content.x.y.0}}' } };
      assert.deepEqual(await check(legacyTemplate({ steps: [pages, blocks, deep] })), []);
    });

    it('reports a step reference in a job-level field', async () => {
      const [d] = await check(legacyTemplate({ steps: [TICKETS], extra: { mutex_key: '{{resources.ticketing.tickets.id}}' } }));
      assert.equal(d.code, 'unknown-resource');
    });
  });

  describe('unknown-root', () => {
    it('fires on a root one edit away from args or resources', async () => {
      const found = await check(legacyTemplate({ args: ARGS, steps: [usesAll, { ...TICKETS, query: { a: '{{arg.user_id}}', b: '{{resource.x.y}}' } }] }));
      assert.deepEqual(found.map((d) => [d.code, d.covered]), [['unknown-root', 'arg'], ['unknown-root', 'resource']]);
    });

    it('does not report other roots: they may be integrated-account context keys', async () => {
      assert.deepEqual(await check(legacyTemplate({ args: ARGS, steps: [usesAll, { ...TICKETS, query: { a: '{{instance_url}}', b: '{{previous_run_date}}', c: '{{tenant_id}}' } }] })), []);
    });
  });

  describe('placeholder syntax and types', () => {
    const withQuery = (query: Record<string, unknown>) => legacyTemplate({ args: ARGS, steps: [usesAll, { ...TICKETS, query }] });

    it('placeholder-syntax: brackets, foreign characters, empty and unclosed braces are sent literally', async () => {
      const found = await check(withQuery({ a: '{{args.user_ids[0]}}', b: '{{args.$x}}', c: 'x{{}}y', d: '{{args.user_id}', e: 'id={{args.user_id' }));
      assert.deepEqual(found.map((d) => [d.code, d.covered]), [
        ['placeholder-syntax', '{{args.user_ids[0]}}'],
        ['placeholder-syntax', '{{args.$x}}'],
        ['placeholder-syntax', '{{}}'],
        ['placeholder-syntax', '{{args.user_id}'],
        ['placeholder-syntax', '{{args.user_id'],
      ]);
      assert.match(found[0].message, /"\{\{args\.user_ids\.0\}\}"/);
    });

    it('placeholder-syntax: a space inside a path, an empty segment, a second default', async () => {
      const found = await check(withQuery({ a: '{{args.user_id user_ids}}', b: '{{args..user_id}}', c: '{{args.user_id?:a?:b}}' }));
      assert.deepEqual(found.map((d) => d.code), ['placeholder-syntax', 'placeholder-syntax', 'placeholder-syntax']);
    });

    it('placeholder-syntax stays quiet on valid placeholders and on triple braces', async () => {
      assert.deepEqual(await check(withQuery({ a: '{{ args.user_id : str }}', b: '{"k": "{{args.user_id}}"}', c: '{{{args.user_id}}}' })), []);
    });

    it('placeholder-type: unknown casts, slices, bad defaults, empty alternatives', async () => {
      const found = await check(withQuery({ a: '{{args.user_id:float}}', b: '{{args.user_ids.0:2}}', c: '{{args.user_id?:2024-01-01T00:00:00Z}}', d: '{{args.user_id|}}', e: '{{args.user_id:integer}}' }));
      assert.deepEqual(found.map((d) => [d.code, d.covered]), [
        ['placeholder-type', 'float'],
        ['placeholder-type', '2'],
        ['placeholder-type', '00'],
        ['placeholder-type', '|'],
        ['placeholder-type', 'integer'],
      ]);
      assert.match(found[0].message, /Did you mean ":num"\?/);
      assert.match(found[4].message, /Did you mean ":int"\?/);
      assert.equal(found[0].diagnostic.severity, DiagnosticSeverity.Error);
    });

    it('placeholder-type stays quiet on URL defaults and every valid cast and flag', async () => {
      const casts = ['str', 'int', 'num', 'bool', 'json', 'any', 'null', 'undefined', 'ignore-empty-str'];
      const query = Object.fromEntries(casts.map((c) => [c, `{{args.user_id:${c}}}`]));
      assert.deepEqual(await check(withQuery({ ...query, url: '{{args.user_id?:https://example.com/a}}' })), []);
    });

    it('cast-has-no-effect: a type-changing cast inside a longer string', async () => {
      const found = await check(withQuery({ a: 'id-{{args.user_id:int}}', b: '{{args.user_id:int}}', c: 'x{{args.user_id:str}}', d: 'x{{args.user_id:undefined}}' }));
      assert.deepEqual(found.map((d) => [d.code, d.covered]), [['cast-has-no-effect', ':int']]);
    });

    it('fallback-looks-literal: `|literal` instead of `?:literal`', async () => {
      const found = await check(withQuery({ a: '{{args.user_id|unknown}}', b: '{{args.user_id|100}}', c: '{{args.user_id|args.user_ids}}', d: '{{args.user_id|previous_run_date}}' }));
      assert.deepEqual(found.map((d) => [d.code, d.covered, d.diagnostic.severity]), [
        ['fallback-looks-literal', 'unknown', DiagnosticSeverity.Information],
        ['fallback-looks-literal', '100', DiagnosticSeverity.Information],
      ]);
    });

    it('finds placeholders by their raw positions, whatever the escapes before them', async () => {
      const text = legacyTemplate({ args: ARGS, steps: [usesAll, { ...TICKETS, query: { a: '\u00e9\t"quoted" {{args.nope}}' } }] }).replace('\\t', '\\u0009');
      const [d] = await check(text);
      assert.equal(d.covered, 'nope');
    });

    it('reads placeholders in id, query and body at any depth, and in mutex_key and state_key', async () => {
      const step = { ...TICKETS, id: '{{args.a1}}', query: { x: { y: ['{{args.a2}}'] } }, body: { z: '{{args.a3}}' } };
      const found = await check(legacyTemplate({ args: ARGS, steps: [usesAll, step], extra: { mutex_key: '{{args.a4}}', state_key: '{{args.a5}}' } }));
      assert.deepEqual(found.map((d) => d.covered).sort(), ['a1', 'a2', 'a3', 'a4', 'a5']);
    });
  });

  describe('runtime-version', () => {
    it('fires when the version is missing, as information on the opening brace', async () => {
      const [d] = await check(legacyTemplate({ version: null, args: ARGS, steps: [usesAll] }));
      assert.equal(d.code, 'runtime-version');
      assert.equal(d.covered, '{');
      assert.equal(d.diagnostic.severity, DiagnosticSeverity.Information);
    });

    it('fires when integration_name is set above runtime 4, not at 4', async () => {
      const [d] = await check(legacyTemplate({ version: 5, steps: [] }));
      assert.equal(d.code, 'runtime-version');
      assert.equal(d.covered, '"zendesk"');
      assert.deepEqual(await check(legacyTemplate({ version: 4, steps: [] })), []);
    });
  });

  describe('severity overrides', () => {
    it('apply to template codes too', async () => {
      const text = legacyTemplate({ args: { ...ARGS, page: { type: 'integer' } }, steps: [usesAll, { ...TICKETS, id: '{{args.nope}}' }] });
      const found = await check(text, { diagnostics: { 'unknown-arg': 'warning', 'unused-arg': 'off' } });
      assert.deepEqual(found.map((d) => [d.code, d.diagnostic.severity]), [['unknown-arg', DiagnosticSeverity.Warning]]);
    });

    it('may be given as a promise, which is read only after the checks have run', async () => {
      // A JSONata expression only this test writes, analysed (and cached) by the checks; its argument is not declared.
      const expression = '$exists(args.settings_read_last)';
      const text = JSON.stringify({
        label: 'v4',
        integration_name: 'zendesk',
        default_runtime_version: 4,
        args_schema: { integrated_account_id: { type: 'string', required: true } },
        resources: [{ name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'list', integrated_account_id: '{{args.integrated_account_id}}', run_if: expression }],
      });
      let checkedFirst: boolean | undefined;
      const settings: PromiseLike<SynctemplateSettings> = {
        then(fulfilled, rejected) {
          checkedFirst ??= isJsonataAnalysed(expression);
          return Promise.resolve(normalizeSettings({ diagnostics: { 'unknown-arg': 'hint' } })).then(fulfilled, rejected);
        },
      };
      const document = templateDocument(text);
      const found = await service.validate(document, settings);
      assert.equal(checkedFirst, true, 'the expression was analysed before the settings were read');
      assert.deepEqual(found.map((d) => [d.code, d.severity, document.getText(d.range)]), [['unknown-arg', DiagnosticSeverity.Hint, 'settings_read_last']], 'the overrides still apply');
    });
  });

  describe('runtime 4', () => {
    it('does not apply legacy step rules to node templates', async () => {
      const text = JSON.stringify({
        label: 'v4',
        default_runtime_version: 4,
        args_schema: { integrated_account_id: { type: 'string', required: true } },
        resources: [
          { name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
          { name: 'comments', type: 'request', depends_on: 'tickets', resource: 'ticketing/comments', method: 'list', loop_on: 'resources.ticketing.tickets',
            integrated_account_id: '{{args.integrated_account_id}}', query: { ticket: { id: '{{resources.ticketing.tickets.id}}' } } },
          { name: 'shape', type: 'transform', depends_on: 'comments', config: { expression: '$map(resources.comments, function($c) { $c.id })' } },
        ],
      });
      assert.deepEqual(await check(text), []);
    });
  });
});
