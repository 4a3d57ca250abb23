import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits, templateDocument } from '../support/cursor';
import { COMMENTS, legacyTemplate, TICKETS } from '../support/templates';

const service = createLanguageService();

/** Validates, picks the diagnostic with `code`, asks for its fixes as an editor would, and applies one. */
async function fix(text: string, code: string, title?: RegExp): Promise<{ actions: CodeAction[]; result: string; after: Diagnostic[] }> {
  const document = templateDocument(text);
  const diagnostics = await service.validate(document);
  const diagnostic = diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} in ${diagnostics.map((d) => d.code).join(', ')}`);
  const actions = service.codeActions(document, diagnostic.range, [diagnostic]);
  const action = title ? actions.find((a) => title.test(a.title)) : actions[0];
  assert.ok(action, `no action ${title} in ${actions.map((a) => a.title).join(' | ')}`);
  assert.deepEqual(action.diagnostics, [diagnostic]);
  const result = applyEdits(document, action.edit!.changes![document.uri] as TextEdit[]);
  const after = await service.validate(templateDocument(result));
  JSON.parse(result); // every fix leaves valid JSON
  return { actions, result, after };
}

const ARGS = { user_id: { type: 'string' } };
const useUser = { ...TICKETS, query: { u: '{{args.user_id}}' } };

describe('quick fixes', () => {
  it('unknown-arg: did you mean, then declare the argument in the shape the file uses', async () => {
    const text = legacyTemplate({ args: ARGS, steps: [useUser, { ...COMMENTS, id: '{{args.usr_id}}' }] });
    const replaced = await fix(text, 'unknown-arg', /Change to "user_id"/);
    assert.equal(replaced.actions[0].isPreferred, true);
    assert.deepEqual(replaced.after, []);
    const declared = await fix(text, 'unknown-arg', /Declare "usr_id"/);
    assert.deepEqual(JSON.parse(declared.result).args_schema.usr_id, { type: 'string', required: false });
    const objectShape = legacyTemplate({ args: { type: 'object', properties: ARGS }, steps: [useUser, { ...COMMENTS, loop_on: 'ids' }] });
    const inProperties = await fix(objectShape, 'unknown-arg', /Declare "ids"/);
    assert.deepEqual(JSON.parse(inProperties.result).args_schema.properties.ids, { type: 'array', required: false });
  });

  it('unknown-arg: creates args_schema when there is none', async () => {
    const { result, after } = await fix(legacyTemplate({ steps: [{ ...TICKETS, query: { n: '{{args.limit:int}}' } }] }), 'unknown-arg', /Declare/);
    assert.deepEqual(JSON.parse(result).args_schema, { limit: { type: 'integer', required: false } });
    assert.deepEqual(after, []);
  });

  it('unused-arg: removes it', async () => {
    const { result, after } = await fix(legacyTemplate({ args: { ...ARGS, page: { type: 'integer' } }, steps: [useUser] }), 'unused-arg');
    assert.deepEqual(Object.keys(JSON.parse(result).args_schema), ['user_id']);
    assert.deepEqual(after, []);
  });

  it('args-schema-string: converts the string to an object', async () => {
    const { result, after } = await fix(legacyTemplate({ args: JSON.stringify(ARGS), steps: [useUser] }), 'args-schema-string');
    assert.deepEqual(JSON.parse(result).args_schema, ARGS);
    assert.deepEqual(after, []);
  });

  it('runtime-version: sets 3 for legacy steps, preferred', async () => {
    const { actions, result, after } = await fix(legacyTemplate({ version: null, args: ARGS, steps: [useUser] }), 'runtime-version');
    assert.equal(actions[0].isPreferred, true);
    assert.equal(JSON.parse(result).default_runtime_version, 3);
    assert.deepEqual(after, []);
  });

  it('loop-on-form: rewrites to the bare name', async () => {
    const text = legacyTemplate({ args: { ids: { type: 'array' } }, steps: [{ ...TICKETS, loop_on: '{{args.ids}}' }] });
    const { result, after } = await fix(text, 'loop-on-form');
    assert.equal(JSON.parse(result).resources[0].loop_on, 'ids');
    assert.deepEqual(after, []);
  });

  it('depends-on-unknown: did you mean', async () => {
    const { result, after } = await fix(legacyTemplate({ steps: [TICKETS, { ...COMMENTS, depends_on: 'ticketing/tikets' }] }), 'depends-on-unknown');
    assert.equal(JSON.parse(result).resources[1].depends_on, 'ticketing/tickets');
    assert.deepEqual(after, []);
  });

  it('unknown-resource: adds the missing depends_on', async () => {
    const { result, after } = await fix(legacyTemplate({ steps: [TICKETS, { ...COMMENTS, depends_on: undefined }] }), 'unknown-resource');
    assert.equal(JSON.parse(result).resources[1].depends_on, 'ticketing/tickets');
    assert.deepEqual(after, []);
  });

  it('unknown-root, placeholder syntax and types, casts and fallbacks', async () => {
    const withQuery = (q: string) => legacyTemplate({ args: { ...ARGS, ids: { type: 'array' } }, steps: [{ ...TICKETS, query: { q, u: '{{args.user_id}}', i: '{{args.ids}}' } }] });
    assert.equal(JSON.parse((await fix(withQuery('{{arg.user_id}}'), 'unknown-root')).result).resources[0].query.q, '{{args.user_id}}');
    assert.equal(JSON.parse((await fix(withQuery('{{args.ids[0]}}'), 'placeholder-syntax')).result).resources[0].query.q, '{{args.ids.0}}');
    assert.equal(JSON.parse((await fix(withQuery('{{args.user_id:integer}}'), 'placeholder-type')).result).resources[0].query.q, '{{args.user_id:int}}');
    assert.equal(JSON.parse((await fix(withQuery('n={{args.user_id:int}}'), 'cast-has-no-effect')).result).resources[0].query.q, 'n={{args.user_id}}');
    assert.equal(JSON.parse((await fix(withQuery('{{args.user_id|none}}'), 'fallback-looks-literal')).result).resources[0].query.q, '{{args.user_id?:none}}');
  });

  it('offers nothing when only other kinds are asked for', async () => {
    const document = templateDocument(legacyTemplate({ args: { ...ARGS, page: {} }, steps: [useUser] }));
    const [diagnostic] = await service.validate(document);
    assert.deepEqual(service.codeActions(document, diagnostic.range, [diagnostic], ['refactor']), []);
    assert.equal(service.codeActions(document, diagnostic.range, [diagnostic], ['quickfix']).length, 1);
  });
});
