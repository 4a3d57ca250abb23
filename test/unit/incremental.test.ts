import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits } from '../support/cursor';
import { generateLegacyTemplate } from '../support/generateTemplate';
import { domainV4Nodes, v4Template } from '../support/v4Templates';

/** A template with problems spread over its steps, so reused findings must move with their steps. */
function templateWithProblems(): string {
  return generateLegacyTemplate(12)
    .replace('"{{args.page_size:int}}"', '"{{args.page_sise:int}}"')
    .replace('"{{args.workspace_id}}"', '"x-{{args.workspace_id:int}}"')
    .replace('"prefix-{{resources.api1.records_0.name?:none}}"', '"{{resources.api9.records_0.id}}"');
}

describe('incremental placeholder checks', () => {
  it('gives exactly what a fresh analysis gives, after random edits of one document', async () => {
    const base = templateWithProblems();
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('insert', 'delete', 'replace'),
      text: fc.constantFrom('x', '{', '}', '"', ' ', '.', ':', 'args.', '{{args.page_size}}', '\n', 'resources.api0.records_0', ',', '"depends_on": "api0/records_1", '),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const incremental = createLanguageService();
        let text = base;
        let version = 1;
        await incremental.validate(TextDocument.create('file:///inc.synctemplate.json', 'synctemplate', version, text));
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = e.kind === 'insert' ? text.slice(0, at) + e.text + text.slice(at) : e.kind === 'delete' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + e.text + text.slice(at + e.text.length);
          version++;
          const document = TextDocument.create('file:///inc.synctemplate.json', 'synctemplate', version, text);
          const actual = await incremental.validate(document);
          const expected = await createLanguageService().validate(TextDocument.create('file:///fresh.synctemplate.json', 'synctemplate', 1, text));
          assert.deepEqual(actual, expected, `after ${JSON.stringify(edits)}`);
        }
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  it('reuses the last analysed version across versions that were never validated (fast typing)', async () => {
    const service = createLanguageService();
    const uri = 'file:///typing.synctemplate.json';
    const base = templateWithProblems();
    await service.validate(TextDocument.create(uri, 'synctemplate', 1, base));
    // Versions 2..5 arrive without a validation in between (debounced), then 6 is validated.
    let text = base;
    for (let version = 2; version <= 6; version++) {
      text = text.replace('"limit": ', `"k${version}": "v", "limit": `);
      const document = TextDocument.create(uri, 'synctemplate', version, text);
      if (version < 6) service.hover(document, { line: 0, character: 0 });
      else assert.deepEqual(await service.validate(document), await createLanguageService().validate(TextDocument.create('file:///f.synctemplate.json', 'synctemplate', 1, text)));
    }
  });

  it('re-checks every step when the structure changes (an argument is renamed)', async () => {
    const service = createLanguageService();
    const text = templateWithProblems();
    await service.validate(TextDocument.create('file:///s.synctemplate.json', 'synctemplate', 1, text));
    const renamed = text.replace('"page_size": {', '"page_sise": {');
    const after = await service.validate(TextDocument.create('file:///s.synctemplate.json', 'synctemplate', 2, renamed));
    const fresh = await createLanguageService().validate(TextDocument.create('file:///f.synctemplate.json', 'synctemplate', 1, renamed));
    assert.deepEqual(after, fresh);
    // The placeholder that read the misspelt name is now right, and the others are now wrong.
    assert.ok(after.some((d) => d.code === 'unknown-arg' && String(d.message).includes('"page_size", which args_schema does not declare')));
  });

  it('offers working quick fixes for findings reused from the previous version', async () => {
    const service = createLanguageService();
    const text = templateWithProblems();
    const uri = 'file:///q.synctemplate.json';
    await service.validate(TextDocument.create(uri, 'synctemplate', 1, text));
    // Grow the first step, so every later finding moves.
    const edited = text.replace('"label": "Generated 12"', '"label": "Generated twelve steps"').replace('"limit": "{{args.page_size:int}}"', '"limit": "{{args.page_size:int}}", "extra": "x"');
    const document = TextDocument.create(uri, 'synctemplate', 2, edited);
    const diagnostics = await service.validate(document);
    const unknown = diagnostics.find((d) => d.code === 'unknown-arg');
    assert.ok(unknown);
    assert.equal(document.getText(unknown.range), 'page_sise');
    const [action] = service.codeActions(document, unknown.range, [unknown]);
    assert.equal(action.title, 'Change to "page_size"');
    const fixed = applyEdits(document, action.edit!.changes![uri] as TextEdit[]);
    assert.ok(fixed.includes('"{{args.page_size:int}}"') && !fixed.includes('page_sise'));
  });
});

/** Copies of the domain reference's V4 example with suffixed names, and problems spread over them. */
function v4TemplateWithProblems(copies = 3): string {
  const nodes: Record<string, unknown>[] = [];
  for (let c = 0; c < copies; c++) {
    const s = (name: string) => `${name}-${c}`;
    for (const node of domainV4Nodes()) {
      const copy = JSON.parse(JSON.stringify(node).replaceAll('"cursor"', `"${s('cursor')}"`).replaceAll('resources.cursor', `resources.\`${s('cursor')}\``)) as Record<string, unknown>;
      copy.name = s(String(node.name));
      if (typeof node.depends_on === 'string') copy.depends_on = s(node.depends_on);
      if (Array.isArray(node.resources_to_persist)) copy.resources_to_persist = node.resources_to_persist.map((n: string) => s(n));
      nodes.push(copy);
    }
  }
  return v4Template({ nodes })
    .replace('"{{args.start_date}}"', '"{{args.start_dat}}"')
    .replace('"depends_on": "tickets-1"', '"depends_on": "tickets-9"')
    .replace('"{{resources.ticketing.tickets.id}}"', '"{{resources.tickets-2.id}}"')
    .replace('"webhook_id": {', '"unused_arg": { "type": "string" }, "webhook_id": {');
}

describe('incremental placeholder checks on runtime 4 templates', () => {
  it('gives exactly what a fresh analysis gives, after random edits of one document', async () => {
    const base = v4TemplateWithProblems();
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('insert', 'delete', 'replace'),
      text: fc.constantFrom(
        'x', '{', '"', ' ', '.', ',', '\n',
        '{{resources.tickets-0.id}}', '{{payload.records.id}}', '{{previous_run_date}}', '{{last_synced_at}}',
        '"depends_on": "comments-1", ', '"name": "tickets-0", ', '"type": "destination", ', '"resources_to_persist": ["tickets-2"], ',
        '"resource": "crm/contacts", ', '"loop_on": "args.ids", ', '"expression": "{ \\"arg\\": 1 }", ', '{{arg}}',
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const incremental = createLanguageService();
        let text = base;
        let version = 1;
        await incremental.validate(TextDocument.create('file:///inc4.synctemplate.json', 'synctemplate', version, text));
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = e.kind === 'insert' ? text.slice(0, at) + e.text + text.slice(at) : e.kind === 'delete' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + e.text + text.slice(at + e.text.length);
          version++;
          const actual = await incremental.validate(TextDocument.create('file:///inc4.synctemplate.json', 'synctemplate', version, text));
          const expected = await createLanguageService().validate(TextDocument.create('file:///fresh4.synctemplate.json', 'synctemplate', 1, text));
          assert.deepEqual(actual, expected, `after ${JSON.stringify(edits)}`);
        }
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  it('re-checks the nodes that read a node whose name, type or persisted list changed', async () => {
    const service = createLanguageService();
    const uri = 'file:///s4.synctemplate.json';
    const text = v4TemplateWithProblems();
    const first = await service.validate(TextDocument.create(uri, 'synctemplate', 1, text));
    assert.ok(first.some((d) => d.code === 'unknown-resource'), 'the fixture reads a node that is not upstream');
    for (const [version, edited] of [
      [2, text.replace('"name": "tickets-2"', '"name": "tickets-two"')],
      [3, text.replace('"depends_on": "tickets-2"', '"depends_on": "tickets-0"')],
      [4, text.replace('"type": "request",\n      "depends_on": "expose-cursor-2"', '"type": "spool",\n      "depends_on": "expose-cursor-2"')],
    ] as const) {
      const after = await service.validate(TextDocument.create(uri, 'synctemplate', version, edited));
      const fresh = await createLanguageService().validate(TextDocument.create('file:///f4.synctemplate.json', 'synctemplate', 1, edited));
      assert.deepEqual(after, fresh, `version ${version}`);
    }
  });
});
