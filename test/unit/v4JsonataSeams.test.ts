import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { messageText } from '../../server/src/cli/outputFormats';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits, cursorAtMarker, templateDocument } from '../support/cursor';

/**
 * The seams between the runtime 4 checks (placeholders, node graph, navigation) and the JSONata
 * support: the same mistake reads alike in both, each mistake is reported once, and node names
 * are navigated and completed the same way wherever they are written.
 */
const service = createLanguageService();

const ARGS = {
  integrated_account_id: { type: 'string', format: 'integrated_account_id', required: true },
  webhook_id: { type: 'string', format: 'webhook_id', required: true },
};

function v4(nodes: Record<string, unknown>[]): string {
  return JSON.stringify(
    {
      label: 't',
      default_runtime_version: 4,
      args_schema: ARGS,
      resources: [
        { name: 'kb-pages', type: 'request', resource: 'knowledge-base/pages', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
        ...nodes,
        { name: 'out', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['kb-pages'] },
      ],
    },
    null,
    2,
  );
}

const at = cursorAtMarker;

async function findings(text: string, code: string) {
  const document = templateDocument(text);
  return { document, found: (await service.validate(document)).filter((d) => d.code === code) };
}

function fixTitles(document: ReturnType<typeof templateDocument>, diagnostic: Diagnostic): string[] {
  return service.codeActions(document, diagnostic.range, [diagnostic]).map((a) => a.title);
}

/** A message with the place it names ("the field X of node Y", the path read) taken out. */
const shape = (message: string) => messageText(message).replace(/\{\{[^}]*\}\}|"[^"]*"|\([^)]*\)|resources\.[\w`.-]+|args\.[\w`-]+/g, '…');

describe('JSONata and placeholders: one mistake, one finding', () => {
  it('an expression that is only {{…}} gets placeholder-in-jsonata alone, which says the run fails', async () => {
    const text = v4([{ name: 'shape', type: 'transform', depends_on: 'kb-pages', config: { expression: '{{resources.kb-pages}}' }, run_if: '{{args.webhook_id}}' }]);
    const document = templateDocument(text);
    const all = await service.validate(document);
    const codes = all.filter((d) => String(d.code).startsWith('jsonata') || d.code === 'placeholder-in-jsonata').map((d) => `${d.code}:${document.getText(d.range)}`);
    assert.deepEqual(codes, ['placeholder-in-jsonata:{{resources.kb-pages}}', 'placeholder-in-jsonata:{{args.webhook_id}}']);
    const first = all.find((d) => d.code === 'placeholder-in-jsonata')!;
    assert.match(messageText(first.message), /does not parse/);
    // It stands in for the syntax error, so it keeps an error's weight (check exits 1, publish is blocked).
    assert.equal(first.severity, DiagnosticSeverity.Error);
  });

  it('near miss: a syntax error elsewhere in an expression that also holds a quoted {{…}} is still reported', async () => {
    const text = v4([{ name: 'shape', type: 'transform', depends_on: 'kb-pages', config: { expression: '"{{args.webhook_id}}" & (' } }]);
    const document = templateDocument(text);
    const found = (await service.validate(document)).filter((d) => d.code === 'jsonata-syntax' || d.code === 'placeholder-in-jsonata');
    assert.deepEqual(found.map((d) => String(d.code)).sort(), ['jsonata-syntax', 'placeholder-in-jsonata']);
    // Quoted, the braces are text: a warning, and the message does not claim a parse failure.
    const placeholder = found.find((d) => d.code === 'placeholder-in-jsonata')!;
    assert.equal(placeholder.severity, DiagnosticSeverity.Warning);
    assert.doesNotMatch(messageText(placeholder.message), /does not parse/);
  });
});

describe('the same mistake reads alike in a placeholder and in JSONata', () => {
  it('unknown-arg: same message shape and the same quick fixes', async () => {
    const text = v4([
      { name: 'detail', type: 'request', depends_on: 'kb-pages', resource: 'knowledge-base/pages', method: 'get', integrated_account_id: '{{args.integrated_account_id}}', id: '{{args.webhok_id}}' },
      { name: 'shape', type: 'transform', depends_on: 'kb-pages', config: { expression: 'args.webhok_id' } },
    ]);
    const { document, found } = await findings(text, 'unknown-arg');
    assert.equal(found.length, 2);
    assert.deepEqual(found.map((d) => document.getText(d.range)), ['webhok_id', 'webhok_id']);
    // Only the run-time consequence differs (a placeholder's text is sent as it is; JSONata reads undefined).
    const [placeholder, jsonata] = found.map((d) => shape(String(d.message)));
    assert.equal(jsonata.replace(/^.*? names the argument/, '').split(':')[0], placeholder.replace(/^.*? names the argument/, '').split(':')[0]);
    assert.equal(jsonata.match(/Did you mean .*$/)?.[0], placeholder.match(/Did you mean .*$/)?.[0]);
    assert.deepEqual(fixTitles(document, found[1]), fixTitles(document, found[0]));
  });

  it('unknown-resource: same message shape and the same did-you-mean fix', async () => {
    const text = v4([
      { name: 'detail', type: 'request', depends_on: 'kb-pages', resource: 'knowledge-base/pages', method: 'get', integrated_account_id: '{{args.integrated_account_id}}', id: '{{resources.kb-page.id}}' },
      { name: 'shape', type: 'transform', depends_on: 'kb-pages', config: { expression: 'resources.`kb-page`.id' } },
    ]);
    const { document, found } = await findings(text, 'unknown-resource');
    assert.equal(found.length, 2);
    const [placeholder, jsonata] = found.map((d) => shape(String(d.message)));
    assert.equal(jsonata.split(', so')[0], placeholder.split(', so')[0]);
    assert.equal(jsonata.match(/Upstream of this node.*$/)?.[0], placeholder.match(/Upstream of this node.*$/)?.[0]);
    assert.deepEqual(fixTitles(document, found[1]).map((t) => t.replace(/`/g, '')), fixTitles(document, found[0]).map((t) => t.replace(/[{}`]/g, '')));
  });
});

describe('node names are navigated in JSONata from every direction', () => {
  const text = v4([
    { name: 'shape', type: 'transform', depends_on: 'kb-pages', config: { expression: 'resources.`kb-pages`.{ "id": id }' } },
    { name: 'detail', type: 'request', depends_on: 'shape', resource: 'knowledge-base/pages', method: 'get', integrated_account_id: '{{args.integrated_account_id}}', id: '{{resources.shape.id}}', run_if: '$exists(resources.shape.id)' },
  ]);

  const renamed = (edits: readonly TextEdit[] | undefined, document: ReturnType<typeof templateDocument>) => applyEdits(document, edits ?? []);

  for (const [from, marker, occurrence, shift] of [
    ['a JSONata use', 'resources.shape.id)', 0, 11],
    ['depends_on', '"depends_on": "shape"', 0, 16],
    ['the name', '"name": "shape"', 0, 10],
    ['a placeholder use', '{{resources.shape', 0, 13],
  ] as const) {
    it(`rename from ${from} edits name, depends_on, placeholder and JSONata uses`, () => {
      const { document, position } = at(text, marker, occurrence, shift);
      const result = service.rename(document, position, 'shaped');
      assert.ok(result && 'edit' in result && result.edit.changes, `rename from ${from}`);
      const out = renamed(result.edit.changes![document.uri], document);
      assert.doesNotMatch(out, /"shape"|resources\.shape\b/);
      assert.match(out, /"name": "shaped"/);
      assert.match(out, /"depends_on": "shaped"/);
      assert.match(out, /\{\{resources\.shaped\.id\}\}/);
      assert.match(out, /\$exists\(resources\.shaped\.id\)/);
    });
  }

  it('rename of a dashed node read in JSONata keeps the backticks; to a dashed name adds them', () => {
    const { document, position } = at(text, '"name": "kb-pages"', 0, 10);
    const result = service.rename(document, position, 'kb-articles');
    assert.ok('edit' in result);
    const out = renamed(result.edit.changes![document.uri], document);
    assert.match(out, /resources\.`kb-articles`\.\{/);
    assert.match(out, /"resources_to_persist": \[\s*"kb-articles"/);
    const second = at(text, '"name": "shape"', 0, 10);
    const second_ = service.rename(second.document, second.position, 'shaped-pages');
    assert.ok('edit' in second_);
    const dashed = renamed(second_.edit.changes![second.document.uri], second.document);
    assert.match(dashed, /\$exists\(resources\.`shaped-pages`\.id\)/);
    assert.match(dashed, /\{\{resources\.shaped-pages\.id\}\}/);
  });

  it('references and definition from a JSONata use include every kind of use', () => {
    const { document, position } = at(text, 'resources.shape.id)', 0, 11);
    const refs = service.references(document, position, true).map((l) => document.getText(l.range));
    assert.deepEqual(refs.sort(), ['shape', 'shape', 'shape', 'shape'].sort());
    assert.equal(service.references(document, position, true).length, 4);
    const definition = service.definition(document, position);
    assert.equal(definition.length, 1);
    assert.equal(document.offsetAt(definition[0].range.start), text.indexOf('"name": "shape"') + 9);
    const fromDepends = at(text, '"depends_on": "shape"', 0, 16);
    assert.equal(service.references(fromDepends.document, fromDepends.position, true).length, 4);
  });
});

describe('completion of node names after resources. agrees between placeholders and JSONata', () => {
  const NODE_NAMES = ['kb-pages', 'shape', 'side', 'detail', 'out'];
  const nodeNames = (list: Awaited<ReturnType<typeof service.complete>>) => list.items.map((i) => String(i.label).replace(/`/g, '')).filter((l) => NODE_NAMES.includes(l)).sort();
  const labels = (list: Awaited<ReturnType<typeof service.complete>>) => list.items.map((i) => String(i.label));

  it('offers the same upstream nodes (model.graph) on a request, and the unified path of an upstream request', async () => {
    const nodes = [
      { name: 'shape', type: 'transform', depends_on: 'kb-pages', config: { expression: 'resources.`kb-pages`' } },
      { name: 'side', type: 'transform', config: { expression: '{}' } },
      { name: 'detail', type: 'request', depends_on: 'shape', resource: 'knowledge-base/pages', method: 'get', integrated_account_id: '{{args.integrated_account_id}}', id: '{{resources.X}}', run_if: 'resources.Y' },
    ];
    const text = v4(nodes);
    const placeholder = at(text.replace('{{resources.X}}', '{{resources.}}'), '{{resources.}}', 0, 12);
    const jsonata = at(text.replace('resources.Y', 'resources.'), '"run_if": "resources.', 0, 21);
    const fromPlaceholder = await service.complete(placeholder.document, placeholder.position);
    const fromJsonata = await service.complete(jsonata.document, jsonata.position);
    assert.deepEqual(nodeNames(fromPlaceholder), ['kb-pages', 'shape']);
    assert.deepEqual(nodeNames(fromJsonata), nodeNames(fromPlaceholder));
    // The unified path: whole in a placeholder, segment by segment (backticked) in JSONata.
    assert.ok(labels(fromPlaceholder).includes('knowledge-base.pages'));
    assert.ok(labels(fromJsonata).includes('knowledge-base'));
    assert.ok(fromJsonata.items.some((i) => i.label === 'kb-pages' && ((i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : i.insertText) ?? '') === '`kb-pages`'));
  });

  it('on a destination without depends_on, both offer the persisted nodes', async () => {
    const text = JSON.stringify(
      {
        label: 't',
        default_runtime_version: 4,
        args_schema: ARGS,
        resources: [
          { name: 'kb-pages', type: 'request', resource: 'knowledge-base/pages', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
          { name: 'shape', type: 'transform', depends_on: 'kb-pages', config: { expression: 'resources.`kb-pages`' } },
          { name: 'side', type: 'transform', config: { expression: '{}' } },
          { name: 'out', type: 'destination', destination_type: 'webhook', run_if: '$count(resources.) > 0', config: { id: '{{args.webhook_id}}', note: '{{resources.}}' }, resources_to_persist: ['shape'] },
        ],
      },
      null,
      2,
    );
    const placeholder = at(text, '{{resources.}}', 0, 12);
    const jsonata = at(text, '$count(resources.)', 0, 17);
    assert.deepEqual(nodeNames(await service.complete(jsonata.document, jsonata.position)), nodeNames(await service.complete(placeholder.document, placeholder.position)));
  });
});

describe('the schema accepts every field the JSONata support checks', () => {
  const destination = (destination_type: string, config: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    JSON.stringify(
      {
        label: 't',
        default_runtime_version: 4,
        args_schema: destination_type === 'datastore' ? { integrated_account_id: ARGS.integrated_account_id, datastore_id: { type: 'string', required: true } } : ARGS,
        resources: [
          { name: 'kb-pages', type: 'request', resource: 'knowledge-base/pages', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
          { name: 'out', type: 'destination', destination_type, config, resources_to_persist: ['kb-pages'], ...more },
        ],
      },
      null,
      2,
    );

  for (const [type, config, more] of [
    ['webhook', { id: '{{args.webhook_id}}', expression: 'resources.`kb-pages`.{ "id": id }' }, {}],
    ['superquery', { id: '{{args.webhook_id}}', expression: 'resources.`kb-pages`' }, {}],
    ['datastore', { id: '{{args.datastore_id}}', expression: 'resources.`kb-pages`', config: { path: '{{payload.records.id}}' } }, { method: 'uploadObject', loop_on: 'payload.records' }],
  ] as const) {
    it(`a ${type} destination's config.expression is no schema error, and is checked as JSONata`, async () => {
      const clean = templateDocument(destination(type, config, more));
      assert.deepEqual((await service.validate(clean)).map((d) => `${d.code}: ${messageText(d.message)}`), []);
      const broken = templateDocument(destination(type, { ...config, expression: 'resources.`kb-pages`.(' }, more));
      assert.deepEqual((await service.validate(broken)).map((d) => String(d.code)), ['jsonata-syntax']);
    });
  }

  it('near miss: another key in a webhook destination config is still a schema error naming the fields', async () => {
    const document = templateDocument(destination('webhook', { id: '{{args.webhook_id}}', expresion: 'x' }));
    const found = (await service.validate(document)).filter((d) => d.source === 'synctemplate' || String(d.code) === 'schema' || /not a field/.test(messageText(d.message)));
    assert.ok(found.some((d) => /takes only `id` and `expression`/.test(messageText(d.message))), found.map((d) => messageText(d.message)).join('\n'));
  });
});

describe('node names read through $$ and in a loop_on are navigated too', () => {
  it('rename from the name reaches $$.resources.`<name>` in JSONata and loop_on', () => {
    const text = v4([
      { name: 'page-index', type: 'transform', depends_on: 'kb-pages', config: { expression: '$keyBy(resources.`kb-pages`, "id")' } },
      { name: 'detail', type: 'request', depends_on: 'page-index', resource: 'knowledge-base/pages', method: 'get', loop_on: 'resources.page-index', integrated_account_id: '{{args.integrated_account_id}}', run_if: '$exists($$.resources.`page-index`)' },
    ]);
    const { document, position } = at(text, '"name": "page-index"', 0, 10);
    assert.equal(service.references(document, position, true).length, 4);
    const result = service.rename(document, position, 'index');
    assert.ok('edit' in result);
    const out = applyEdits(document, result.edit.changes![document.uri]);
    // A use written in backticks keeps them (still valid JSONata for any name).
    assert.match(out, /\$exists\(\$\$\.resources\.`index`\)/);
    assert.match(out, /"loop_on": "resources\.index"/);
    assert.doesNotMatch(out, /page-index/);
  });
});
