import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { messageText } from '../../server/src/cli/outputFormats';
import { createLanguageService } from '../../server/src/service/languageService';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, templateDocument } from '../support/cursor';

const service = createLanguageService();

interface Seen {
  code: string;
  covered: string;
  message: string;
  diagnostic: Diagnostic;
}

const JSONATA_CODES = new Set(['jsonata-syntax', 'jsonata-unknown-function', 'jsonata-dashed-name', 'placeholder-in-jsonata', 'unknown-arg', 'unknown-resource', 'unused-arg']);

async function check(text: string): Promise<{ found: Seen[]; document: ReturnType<typeof templateDocument> }> {
  const document = templateDocument(text);
  const all = await service.validate(document);
  const found = all
    .filter((d) => JSONATA_CODES.has(String(d.code)))
    .map((d) => ({ code: String(d.code), covered: document.getText(d.range), message: messageText(d.message), diagnostic: d }));
  return { found, document };
}

const ARGS = {
  integrated_account_id: { type: 'string', format: 'integrated_account_id', required: true },
  webhook_id: { type: 'string', format: 'webhook_id', required: true },
  'start-date': { type: 'string', required: false },
};

/** A runtime 4 template: a request node `knowledge-base`, then `nodes` after it, with `extra` job fields. */
function v4(nodes: Record<string, unknown>[], extra: Record<string, unknown> = {}, args: Record<string, unknown> = ARGS): string {
  return JSON.stringify(
    {
      label: 't',
      default_runtime_version: 4,
      args_schema: args,
      ...extra,
      resources: [
        { name: 'knowledge-base', type: 'request', resource: 'knowledge-base/pages', method: 'list', integrated_account_id: '{{args.integrated_account_id}}', query: { since: '{{args.start-date}}' } },
        ...nodes,
        { name: 'out', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['knowledge-base'] },
      ],
    },
    null,
    2,
  );
}

const transform = (expression: string, more: Record<string, unknown> = {}) => ({ name: 'shape', type: 'transform', depends_on: 'knowledge-base', config: { expression }, ...more });

async function fixesFor(document: ReturnType<typeof templateDocument>, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return service.codeActions(document, diagnostic.range, [diagnostic]);
}

describe('JSONata diagnostics', () => {
  it('a valid runtime 4 template with JSONata everywhere has no finding, whatever root it reads', async () => {
    const { found } = await check(
      v4(
        [
          transform('resources.`knowledge-base`.{ "id": id, "at": $dtFromIso(updated_at).minus({ "minutes": 2 }).toUTC().toISO(), "n": total_records_size }', {
            run_if: '$exists(args.webhook_id) and sync_job_run.status = "running" and tenant_id and instance_url and $$.args.webhook_id',
          }),
          { name: 'ctx', type: 'add_context', depends_on: 'shape', config: { expression: '( $f := function($x){ $uppercase($x) }; { "k": $f(resources.shape.id), "l": $map([1,2], function($v){ $v * 2 }) } )' } },
          { name: 'save', type: 'update_state', depends_on: 'ctx', config: { key: 'k', value_expression: "sync_job_run.started_at.toISOString() ~> $string" } },
          { name: 'req2', type: 'request', depends_on: 'knowledge-base', resource: 'crm/contacts', method: 'list', integrated_account_id: '{{args.integrated_account_id}}', query: 'resources.`knowledge-base`.pages[id = $$.args.webhook_id].{ "a": args.x }' },
        ],
        { args_validation: '$exists(args.webhook_id) ? null : { "message": "webhook_id is required" }' },
      ),
    );
    assert.deepEqual(found.map((f) => `${f.code}:${f.covered}`), []);
  });

  describe('jsonata-syntax', () => {
    it('fires at the token the parser names, as an error, with a plain message', async () => {
      const { found } = await check(v4([transform('foo bar')]));
      assert.equal(found.length, 1);
      assert.equal(found[0].code, 'jsonata-syntax');
      assert.equal(found[0].covered, 'bar');
      assert.equal(found[0].diagnostic.severity, DiagnosticSeverity.Error);
      assert.match(found[0].message, /"config\.expression" of "shape" is not valid JSONata/);
      assert.match(found[0].message, /did not expect "bar"/);
    });

    it('places the range through JSON escapes (\\", \\n, \\u00e9)', async () => {
      const { found } = await check(v4([transform('"\u00e9\n\\"" & "a" "b"')]).replace('é', '\\u00e9'));
      assert.equal(found.length, 1);
      assert.equal(found[0].covered, '\\"b\\"');
    });

    it('an unterminated string is underlined from its opening quote', async () => {
      const { found } = await check(v4([transform('a & "\u00e9x')]).replace('é', '\\u00e9'));
      assert.equal(found[0].covered, '\\"\\u00e9x');
      assert.match(found[0].message, /not closed/);
    });

    it('an expression that ends early names what it expected', async () => {
      const { found } = await check(v4([transform('$count(a')]));
      assert.match(found[0].message, /ends before its closing "\)"/);
    });

    it('near miss: the same expression, corrected, is fine; object query/body and legacy string fields are not JSONata', async () => {
      const { found } = await check(v4([transform('foo & bar')]));
      assert.deepEqual(found, []);
      const legacy = JSON.stringify({ label: 'l', default_runtime_version: 3, resources: [{ resource: 'a/b', method: 'list', query: { q: 'foo bar' } }] });
      assert.deepEqual((await check(legacy)).found, []);
    });

    it('checks args_validation in every runtime', async () => {
      const legacy = JSON.stringify({ label: 'l', default_runtime_version: 3, args_schema: { a: { type: 'string' } }, args_validation: '$exists(args.a) ?', resources: [{ resource: 'a/b', method: 'list', query: { q: '{{args.a}}' } }] });
      const { found } = await check(legacy);
      assert.deepEqual(found.map((f) => f.code), ['jsonata-syntax']);
    });
  });

  describe('unknown-arg and unused-arg', () => {
    it('fires on an undeclared args.x with the placeholder fixes, and suggests backticks for a dashed name', async () => {
      const { found, document } = await check(v4([transform('args.start_date')]));
      assert.deepEqual(found.map((f) => `${f.code}:${f.covered}`), ['unknown-arg:start_date']);
      assert.match(found[0].message, /Did you mean "start-date"/);
      const actions = await fixesFor(document, found[0].diagnostic);
      assert.ok(actions.some((a) => a.title === 'Change to "start-date"'));
      const change = actions.find((a) => a.title === 'Change to "start-date"')!;
      assert.match(applyEdits(document, change.edit!.changes![document.uri]), /args\.`start-date`/);
      assert.ok(actions.some((a) => a.title.startsWith('Declare "start_date"')));
    });

    it('never fires inside a predicate (names there are fields of the item) nor on other roots', async () => {
      const { found } = await check(v4([transform('resources.`knowledge-base`[args.nope = 1] ~> $count & sync_job_run.x & nope.args')]));
      assert.deepEqual(found, []);
    });

    it('a JSONata use counts as a use for unused-arg; near miss: an argument nothing reads is reported', async () => {
      const args = { ...ARGS, only_jsonata: { type: 'string' }, nobody: { type: 'string' } };
      const { found } = await check(v4([transform('args.only_jsonata')], {}, args));
      assert.deepEqual(found.map((f) => `${f.code}:${f.covered}`), ['unused-arg:"nobody"']);
    });
  });

  describe('unknown-resource', () => {
    it('fires on a node that is not upstream, naming what is', async () => {
      const { found } = await check(v4([transform('resources.shap.id'), { name: 'late', type: 'transform', config: { expression: 'resources.shape' } }]));
      const codes = found.map((f) => `${f.code}:${f.covered}`);
      assert.deepEqual(codes, ['unknown-resource:shap', 'unknown-resource:shape']);
      assert.match(found[0].message, /Upstream of this node: "knowledge-base"/);
      assert.match(found[1].message, /not upstream of "late"/);
    });

    it('near miss: model.resource of an upstream request, a node name, and what a destination persists are in scope', async () => {
      const { found } = await check(
        v4([
          transform('resources.`knowledge-base`.pages & resources.`knowledge-base`'),
          { name: 'dest', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['shape'], run_if: '$exists(resources.shape)' },
        ]),
      );
      assert.deepEqual(found, []);
    });
  });

  describe('jsonata-dashed-name', () => {
    it('fires on resources.knowledge-base without backticks, as a warning, and the fix adds them', async () => {
      const { found, document } = await check(v4([transform('resources.knowledge-base.pages')]));
      assert.deepEqual(found.map((f) => `${f.code}:${f.covered}`), ['jsonata-dashed-name:knowledge-base']);
      assert.equal(found[0].diagnostic.severity, DiagnosticSeverity.Warning);
      const [fix] = await fixesFor(document, found[0].diagnostic);
      assert.match(applyEdits(document, fix.edit!.changes![document.uri]), /resources\.`knowledge-base`\.pages/);
    });

    it('near miss: a subtraction of two fields elsewhere is not reported', async () => {
      const { found } = await check(v4([transform('end-start')]));
      assert.deepEqual(found, []);
    });
  });

  describe('placeholder-in-jsonata', () => {
    it('fires on {{…}} inside JSONata, with a fix when it is the whole expression', async () => {
      const { found, document } = await check(v4([transform('"id: {{args.webhook_id}}"'), { name: 'g', type: 'transform', depends_on: 'shape', config: { expression: 'x' }, run_if: '{{args.webhook_id}}' }]));
      const mine = found.filter((f) => f.code === 'placeholder-in-jsonata');
      assert.deepEqual(mine.map((f) => f.covered), ['{{args.webhook_id}}', '{{args.webhook_id}}']);
      assert.equal(mine[0].diagnostic.severity, DiagnosticSeverity.Warning);
      assert.deepEqual(await fixesFor(document, mine[0].diagnostic), []);
      const [fix] = await fixesFor(document, mine[1].diagnostic);
      assert.match(applyEdits(document, fix.edit!.changes![document.uri]), /"run_if": "args\.webhook_id"/);
    });

    it('near miss: an object constructor with braces is not a placeholder', async () => {
      const { found } = await check(v4([transform('{"a": {"b": 1}}')]));
      assert.deepEqual(found, []);
    });
  });

  describe('jsonata-unknown-function', () => {
    it('fires on a misspelt function with did-you-mean and a fix', async () => {
      const { found, document } = await check(v4([transform('$firstNonEmty(a, b) & $trim(c)')]));
      assert.deepEqual(found.map((f) => `${f.code}:${f.covered}`), ['jsonata-unknown-function:$firstNonEmty']);
      assert.equal(found[0].diagnostic.severity, DiagnosticSeverity.Error);
      assert.match(found[0].message, /Did you mean \$firstNonEmpty\?/);
      const [fix] = await fixesFor(document, found[0].diagnostic);
      assert.match(applyEdits(document, fix.edit!.changes![document.uri]), /\$firstNonEmpty\(a, b\)/);
    });

    it('near miss: functions bound with := or as lambda parameters, Luxon methods and Truto extensions are fine', async () => {
      const { found } = await check(v4([transform('( $g := function($h){ $h(1) }; $g($uppercase) & $dtFromIso(a).plus({"days": 1}).toISO() & $removeEmpty(b) )')]));
      assert.deepEqual(found, []);
    });

    it('is scope aware: a function bound inside a block is unknown outside it', async () => {
      const { found } = await check(v4([transform('[( $g := function(){ 1 }; $g() ), $g()]')]));
      assert.deepEqual(found.map((f) => `${f.code}:${f.covered}`), ['jsonata-unknown-function:$g']);
      assert.ok(found[0].diagnostic.range.start.character > 0);
    });
  });

  it('reuses the findings of unchanged nodes after an edit elsewhere', async () => {
    const text = v4([transform('$firstNonEmty(a)'), { name: 'other', type: 'transform', depends_on: 'knowledge-base', config: { expression: 'x' } }]);
    const first = templateDocument(text, 'file:///test/jsonata-incremental.synctemplate.json');
    const before = (await service.validate(first)).filter((d) => d.code === 'jsonata-unknown-function');
    const edited = text.replace('"expression": "x"', '"expression": "y"');
    const second = TextDocument.create(first.uri, 'synctemplate', 2, edited);
    const after = (await service.validate(second)).filter((d) => d.code === 'jsonata-unknown-function');
    assert.equal(before.length, 1);
    assert.deepEqual(after, before);
  });
});
