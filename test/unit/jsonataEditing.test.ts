import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { SEMANTIC_TOKEN_LEGEND } from '../../server/src/service/semanticTokens';
import { applyEdits, CURSOR, decodeSemanticTokens, templateDocument, withCursor } from '../support/cursor';
import { repoPath } from '../support/fixtures';

const service = createLanguageService();

/** A runtime 4 template whose `shape` transform holds `expression` (JSON-escaped already) and may contain `<|>`. */
function v4(expression: string, runIf = 'true'): string {
  return `{
  "default_runtime_version": 4,
  "args_schema": { "webhook_id": { "type": "string", "required": true, "description": "Where to send" }, "start-date": { "type": "string" } },
  "args_validation": "$exists(args.webhook_id)",
  "resources": [
    { "name": "knowledge-base", "type": "request", "resource": "knowledge-base/pages", "method": "list", "integrated_account_id": "x" },
    { "name": "cursor", "type": "get_state", "config": { "key": "k" } },
    { "name": "ctx", "type": "add_context", "depends_on": "knowledge-base", "config": { "expression": "{ \\"last_synced_at\\": 1 }" } },
    { "name": "shape", "type": "transform", "depends_on": "ctx", "run_if": "${runIf}", "config": { "expression": "${expression}" } }
  ]
}`;
}

async function labels(text: string): Promise<{ items: CompletionItem[]; document: ReturnType<typeof templateDocument> }> {
  const { document, position } = withCursor(text);
  const list = await service.complete(document, position);
  return { items: list.items, document };
}

describe('JSONata editing', () => {
  describe('completion', () => {
    it('after $ offers functions with signature and docs, replacing only the $token', async () => {
      const { items, document } = await labels(v4(`a & $firstN${CURSOR}E(b)`));
      const item = items.find((i) => i.label === '$firstNonEmpty');
      assert.ok(item);
      assert.match(item.detail ?? '', /^\$firstNonEmpty\(\.\.\.values\)/);
      assert.match((item.documentation as MarkupContent).value, /Truto extension/);
      const edit = item.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
      assert.equal(document.getText(edit.range as never), '$firstNE');
      assert.ok(items.some((i) => i.label === '$substringBefore'));
    });

    it('offers variables the expression binds', async () => {
      const { items } = await labels(v4(`( $total := 1; $to${CURSOR} )`));
      assert.ok(items.some((i) => i.label === '$total'));
    });

    it('after args. offers declared arguments, backticked when dashed', async () => {
      const { items } = await labels(v4(`args.${CURSOR}`));
      assert.deepEqual(items.map((i) => i.label).sort(), ['start-date', 'webhook_id']);
      assert.equal((items.find((i) => i.label === 'start-date')!.textEdit as { newText: string }).newText, '`start-date`');
    });

    it('after resources. offers upstream nodes only (dashed ones backticked) and request models', async () => {
      const { items } = await labels(v4(`resources.${CURSOR}`));
      const names = items.map((i) => i.label);
      assert.ok(names.includes('knowledge-base') && names.includes('ctx'));
      assert.ok(!names.includes('cursor') && !names.includes('shape'));
      assert.equal((items.find((i) => i.label === 'knowledge-base')!.textEdit as { newText: string }).newText, '`knowledge-base`');
    });

    it('at a root offers args, resources, sync_job_run, tenant_id, upstream nodes and add_context keys', async () => {
      const { items } = await labels(v4(`$count(${CURSOR})`));
      const names = items.map((i) => i.label);
      for (const expected of ['args', 'resources', 'sync_job_run', 'tenant_id', 'total_records_size', 'resources.`knowledge-base`', 'last_synced_at']) assert.ok(names.includes(expected), expected);
    });

    it('offers nothing inside a JSONata string literal, and nothing of its own outside JSONata', async () => {
      assert.deepEqual((await labels(v4(`\\"ab${CURSOR}c\\"`))).items, []);
    });
  });

  describe('hover', () => {
    it('on a function shows its signature and description', async () => {
      const { document, position } = withCursor(v4(`$dtFr${CURSOR}omIso(a)`));
      const hover = await service.hover(document, position);
      const value = (hover?.contents as MarkupContent).value;
      assert.match(value, /\$dtFromIso\(iso, zone\?\): DateTime/);
      assert.match(value, /Luxon/);
      assert.equal(document.getText(hover!.range!), '$dtFromIso');
    });

    it('on args.x shows the argument spec', async () => {
      const { document, position } = withCursor(v4('$exists(args.webhook_id)').replace('"args_validation": "$exists(args.web', `"args_validation": "$exists(args.web${CURSOR}`));
      const hover = await service.hover(document, position);
      assert.match((hover?.contents as MarkupContent).value, /\*\*args\.webhook_id\*\* — string · required/);
    });

    it('on resources.<node> describes the node', async () => {
      const { document, position } = withCursor(v4(`resources.\`knowl${CURSOR}edge-base\`.pages`));
      const hover = await service.hover(document, position);
      assert.match((hover?.contents as MarkupContent).value, /knowledge-base\*\* — request `knowledge-base\/pages`/);
    });
  });

  describe('signature help', () => {
    it('names the active parameter, skipping commas in nested brackets and strings', async () => {
      const { document, position } = withCursor(v4(`$substring(\\"a,b\\", [1, 2], ${CURSOR}`));
      const help = await service.signatureHelp(document, position);
      assert.ok(help);
      assert.equal(help.signatures[0].label, '$substring(str, start, length?): string');
      assert.equal(help.activeParameter, 2);
      const [start, end] = help.signatures[0].parameters![2].label as [number, number];
      assert.equal(help.signatures[0].label.slice(start, end), 'length?');
    });

    it('shows the parameters of a function the expression defines', async () => {
      const { document, position } = withCursor(v4(`( $pair := function($a, $b) { [$a, $b] }; $pair(1, ${CURSOR}) )`));
      const help = await service.signatureHelp(document, position);
      assert.equal(help?.signatures[0].label, '$pair($a, $b): any');
      assert.equal(help?.activeParameter, 1);
    });

    it('stays on the last parameter of a rest parameter, and is null outside calls', async () => {
      const rest = withCursor(v4(`$firstNonEmpty(a, b, c${CURSOR}`));
      assert.equal((await service.signatureHelp(rest.document, rest.position))?.activeParameter, 0);
      const outside = withCursor(v4(`$count(a) ${CURSOR}`));
      assert.equal(await service.signatureHelp(outside.document, outside.position), null);
    });
  });

  it('semantic tokens colour functions, variables, strings, numbers, operators and paths', () => {
    const document = templateDocument(v4('$count(resources.ctx) + 1 & \\"s\\" & $v'));
    const seen = decodeSemanticTokens(document, service.semanticTokens(document).data, SEMANTIC_TOKEN_LEGEND.tokenTypes);
    for (const expected of ['$count:function', 'resources:variable', 'ctx:property', '+:operator', '1:number', '\\"s\\":string', '$v:variable']) assert.ok(seen.includes(expected), `${expected} in ${seen.join(' ')}`);
  });

  describe('navigation', () => {
    it('references and rename of an argument include JSONata uses', async () => {
      const text = v4('args.`start-date` & args.webhook_id');
      const { document, position } = withCursor(text.replace('"start-date": { "type"', `"start-${CURSOR}date": { "type"`));
      const references = service.references(document, position, false);
      assert.equal(references.length, 1);
      const result = service.rename(document, position, 'since');
      assert.ok('edit' in result);
      assert.match(applyEdits(document, result.edit.changes![document.uri]), /args\.`since` & args\.webhook_id/);
    });

    it('rename of a node updates JSONata uses and backticks a dashed new name', async () => {
      const { document, position } = withCursor(v4('resources.ctx.last_synced_at').replace('{ "name": "ctx"', `{ "name": "c${CURSOR}tx"`));
      const result = service.rename(document, position, 'add-context');
      assert.ok('edit' in result);
      const renamed = applyEdits(document, result.edit.changes![document.uri]);
      assert.match(renamed, /"expression": "resources\.`add-context`\.last_synced_at"/);
      assert.match(renamed, /"depends_on": "add-context"/);
    });

    it('definition from a JSONata use goes to the declaration', async () => {
      const { document, position } = withCursor(v4(`resources.c${CURSOR}tx`));
      const [location] = service.definition(document, position);
      assert.equal(document.getText(location.range), 'ctx');
      assert.ok(document.offsetAt(location.range.start) < document.getText().indexOf('"shape"'));
    });
  });

  it('the TextMate injection matches JSONata keys only, and its patterns compile', () => {
    const grammar = JSON.parse(readFileSync(repoPath('syntaxes', 'jsonata.injection.tmLanguage.json'), 'utf8')) as {
      injectionSelector: string;
      repository: { 'expression-string': { begin: string }; jsonata: { patterns: { match?: string; begin?: string; end?: string }[] } };
    };
    assert.match(grammar.injectionSelector, /source\.json\.synctemplate/);
    const begin = new RegExp(grammar.repository['expression-string'].begin);
    for (const line of ['"run_if": "$exists(a)"', '"expression":"x"', '"value_expression" : "x"', '"args_validation": "x"', '"query": "x"']) assert.ok(begin.test(line), line);
    for (const line of ['"name": "x"', '"resource": "a/b"', '"query": { "a": "x" }', '"run_if_not": "x"']) assert.ok(!begin.test(line), line);
    for (const pattern of grammar.repository.jsonata.patterns) for (const source of [pattern.match, pattern.begin, pattern.end]) if (source) new RegExp(source);
    const manifest = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { contributes: { grammars: { path: string; injectTo?: string[] }[] } };
    assert.ok(manifest.contributes.grammars.some((g) => g.path === './syntaxes/jsonata.injection.tmLanguage.json' && g.injectTo?.includes('source.json.synctemplate')));
  });
});
