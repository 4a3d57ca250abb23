import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import { formatProblem } from '../../server/src/service/argsFile/argFormats';
import { argsFileFor, isArgsFileName, templateFor } from '../../server/src/service/argsFile/argsFileNames';
import { createLanguageService } from '../../server/src/service/languageService';
import { CURSOR } from '../support/cursor';

const TEMPLATE_URI = 'file:///ws/tickets.synctemplate.json';
const ARGS_URI = 'file:///ws/tickets.synctemplate.args.json';

const TEMPLATE = `{
  "label": "Tickets",
  "default_runtime_version": 4,
  "args_schema": {
    "integrated_account_id": { "type": "string", "format": "integrated_account_id", "required": true, "description": "The account to sync." },
    "webhook_id": { "type": "string", "format": "webhook_id", "required": true },
    "start_date": { "type": "string", "format": "date", "required": true },
    "since": { "type": "string", "format": "date-time" },
    "owner_email": { "type": "string", "format": "email" },
    "page_size": { "type": "integer", "default": 100, "required": true },
    "ids": { "type": "array" },
    "cursor_field": { "type": "string", "format": "updated_at" }
  },
  "resources": [
    { "name": "tickets", "type": "request", "resource": "ticketing/tickets", "method": "list", "integrated_account_id": "{{args.integrated_account_id}}",
      "query": { "updated_at": "{{args.start_date}}", "since": "{{args.since}}", "owner": "{{args.owner_email}}", "limit": "{{args.page_size}}", "ids": "{{args.ids}}", "field": "{{args.cursor_field}}" } },
    { "name": "to-webhook", "type": "destination", "destination_type": "webhook", "config": { "id": "{{args.webhook_id}}" }, "resources_to_persist": ["tickets"] }
  ]
}`;

/** A language service whose disk holds `files` (URI → text). */
function serviceWith(files: Map<string, string>) {
  return createLanguageService({
    readDocument: async (uri) => {
      const text = files.get(uri);
      return text === undefined ? undefined : TextDocument.create(uri, 'synctemplate', 1, text);
    },
  });
}

/** Checks an args file beside `template` (null: no template beside it). */
async function check(args: string, template: string | null = TEMPLATE): Promise<Diagnostic[]> {
  const files = new Map<string, string>();
  if (template !== null) files.set(TEMPLATE_URI, template);
  return serviceWith(files).validate(TextDocument.create(ARGS_URI, 'synctemplate-args', 1, args));
}

function text(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

const VALID = JSON.stringify({
  args: { integrated_account_id: '3f1c2a9e-6b1d-4c57-9a0e-2b7f5d1e8c42', webhook_id: '0b6f7c1e-2d3a-4f5b-8c9d-0e1f2a3b4c5d', start_date: '2024-02-29', since: '2024-03-01T10:00:00Z', owner_email: 'a@b.co', ids: ['1'], cursor_field: 'anything' },
  records: { tickets: [{ id: 't1' }] },
  state: { last_synced_at: '2024-01-01' },
}, null, 2);

describe('sample arguments file', () => {
  it('pairs file names with their template', () => {
    assert.equal(argsFileFor('file:///a/b.synctemplate.json'), 'file:///a/b.synctemplate.args.json');
    assert.equal(templateFor('/a/b.synctemplate.args.json'), '/a/b.synctemplate.json');
    assert.equal(argsFileFor('/a/b.json'), undefined);
    assert.ok(isArgsFileName('x.SYNCTEMPLATE.ARGS.JSON'));
    assert.ok(!isArgsFileName('x.synctemplate.json'));
  });

  it('accepts a valid file without a diagnostic (defaults fill required arguments, unchecked formats are never reported)', async () => {
    assert.deepEqual(await check(VALID), []);
  });

  it('reports a required argument that is missing (sample-arg-missing), on the args key', async () => {
    const diagnostics = await check('{ "args": { "integrated_account_id": "3f1c2a9e-6b1d-4c57-9a0e-2b7f5d1e8c42", "start_date": "2024-01-01" } }');
    assert.deepEqual(codes(diagnostics), ['sample-arg-missing']);
    assert.match(text(diagnostics[0]), /"webhook_id" is missing/);
    assert.equal(diagnostics[0].severity, 1);
    assert.equal(diagnostics[0].range.start.character, 2);
  });

  it('near miss: a required argument with a default is not missing', async () => {
    const diagnostics = await check('{ "args": { "integrated_account_id": "3f1c2a9e-6b1d-4c57-9a0e-2b7f5d1e8c42", "webhook_id": "0b6f7c1e-2d3a-4f5b-8c9d-0e1f2a3b4c5d", "start_date": "2024-01-01" } }');
    assert.deepEqual(diagnostics, []);
  });

  it('reports a value of the wrong type (sample-arg-type), integers included', async () => {
    const args = JSON.parse(VALID) as { args: Record<string, unknown> };
    args.args.page_size = 2.5;
    args.args.ids = 'one';
    const diagnostics = await check(JSON.stringify(args));
    assert.deepEqual(codes(diagnostics), ['sample-arg-type', 'sample-arg-type']);
    assert.ok(diagnostics.some((d) => /"page_size" is declared as integer but this value is number/.test(text(d))));
    args.args.page_size = 3;
    args.args.ids = [];
    assert.deepEqual(await check(JSON.stringify(args)), [], 'near miss: the right types');
  });

  it('reports values that do not match their format (sample-arg-format), for each checked format', async () => {
    const cases: [string, string][] = [
      ['integrated_account_id', 'acc-1'],
      ['webhook_id', '1234'],
      ['start_date', '2023-02-29'],
      ['since', '2024-03-01'],
      ['owner_email', 'nobody'],
    ];
    for (const [name, value] of cases) {
      const args = JSON.parse(VALID) as { args: Record<string, unknown> };
      args.args[name] = value;
      const diagnostics = await check(JSON.stringify(args));
      assert.deepEqual(codes(diagnostics), ['sample-arg-format'], `${name}=${value}`);
      assert.match(text(diagnostics[0]), new RegExp(`"${name}" has format`));
    }
    for (const [format, good, bad] of [
      ['uri', 'https://example.com/a', 'example.com'],
      ['uuid', '3F1C2A9E-6B1D-4C57-9A0E-2B7F5D1E8C42', '3f1c2a9e6b1d4c579a0e2b7f5d1e8c42'],
      ['date-time', '2024-03-01T10:00:00.123+02:00', '2024-03-01T25:00:00Z'],
      ['time', '09:30:00', '9:30'],
    ]) {
      assert.equal(formatProblem(format, good), undefined, `${format} ${good}`);
      assert.ok(formatProblem(format, bad), `${format} ${bad}`);
    }
    assert.equal(formatProblem('updated_at', 'whatever'), undefined, 'formats that cannot be checked are not');
  });

  it('reports an argument args_schema does not declare (sample-arg-unknown), with did-you-mean', async () => {
    const args = JSON.parse(VALID) as { args: Record<string, unknown> };
    args.args.start_dat = '2024-01-01';
    const diagnostics = await check(JSON.stringify(args));
    assert.deepEqual(codes(diagnostics), ['sample-arg-unknown']);
    assert.match(text(diagnostics[0]), /Did you mean "start_date"\?/);
  });

  it('says nothing about unknown arguments when args_schema cannot be read', async () => {
    const template = TEMPLATE.replace(/"args_schema": \{[\s\S]*?\n {2}\},/, '"args_schema": "not json",');
    assert.deepEqual(await check('{ "args": { "anything": 1 } }', template), []);
  });

  it('reports records keyed by a step that does not exist (sample-records-unknown-step), in both formats', async () => {
    const diagnostics = await check(VALID.replace('"tickets": [', '"ticket": ['));
    assert.deepEqual(codes(diagnostics), ['sample-records-unknown-step']);
    assert.match(text(diagnostics[0]), /no node named "ticket".*Did you mean "tickets"\?/);
    const legacy = '{ "label": "x", "default_runtime_version": 3, "resources": [ { "resource": "crm/contacts", "method": "list" } ] }';
    assert.deepEqual(await check('{ "records": { "crm/contacts": [] } }', legacy), []);
    const wrong = await check('{ "records": { "contacts": [] } }', legacy);
    assert.deepEqual(codes(wrong), ['sample-records-unknown-step']);
    assert.match(text(wrong[0]), /no step with the resource "contacts"/);
  });

  it('checks the file shape with the JSON service (schema) and syntax errors', async () => {
    const diagnostics = await check('{ "args": [], "records": { "tickets": {} }, "other": 1 }');
    assert.ok(diagnostics.length >= 3 && diagnostics.every((d) => d.code === 'schema'), JSON.stringify(diagnostics));
    const syntax = await check('{ "args": { "a": 1, } }');
    assert.ok(syntax.some((d) => typeof d.code === 'number'));
  });

  it('says when there is no template beside the file (sample-args-no-template)', async () => {
    const diagnostics = await check(VALID, null);
    assert.deepEqual(codes(diagnostics), ['sample-args-no-template']);
    assert.equal(diagnostics[0].severity, 3);
  });

  it('honours severity overrides for the new codes', async () => {
    const args = JSON.parse(VALID) as { args: Record<string, unknown> };
    args.args.extra = 1;
    const files = new Map([[TEMPLATE_URI, TEMPLATE]]);
    const diagnostics = await serviceWith(files).validate(TextDocument.create(ARGS_URI, 'synctemplate-args', 1, JSON.stringify(args)), { diagnostics: { 'sample-arg-unknown': 'off' }, formatEnable: true });
    assert.deepEqual(diagnostics, []);
  });

  it('revalidates against the template as it is now: an edit of the template changes the args file diagnostics', async () => {
    const files = new Map([[TEMPLATE_URI, TEMPLATE]]);
    const service = serviceWith(files);
    const args = TextDocument.create(ARGS_URI, 'synctemplate-args', 1, VALID);
    assert.deepEqual(await service.validate(args), []);
    files.set(TEMPLATE_URI, TEMPLATE.replace('"since": { "type": "string", "format": "date-time" },', ''));
    assert.deepEqual(codes(await service.validate(args)), ['sample-arg-unknown']);
    files.set(TEMPLATE_URI, TEMPLATE.replace('"name": "tickets"', '"name": "all-tickets"').replace('["tickets"]', '["all-tickets"]'));
    assert.deepEqual(codes(await service.validate(args)), ['sample-records-unknown-step']);
  });

  it('offers quick fixes: add a missing argument, did-you-mean for an argument or a records key', async () => {
    const service = serviceWith(new Map([[TEMPLATE_URI, TEMPLATE]]));
    const text = '{\n  "args": {\n    "integrated_account_id": "3f1c2a9e-6b1d-4c57-9a0e-2b7f5d1e8c42",\n    "start_dat": "2024-01-01"\n  },\n  "records": { "ticket": [] }\n}\n';
    let document = TextDocument.create(ARGS_URI, 'synctemplate-args', 1, text);
    const diagnostics = await service.validate(document);
    assert.deepEqual(codes(diagnostics), ['sample-arg-missing', 'sample-arg-missing', 'sample-arg-unknown', 'sample-records-unknown-step']);
    const titles = diagnostics.flatMap((d) => service.codeActions(document, d.range, [d]).map((a) => a.title));
    assert.deepEqual(titles.sort(), ['Add "start_date" to args', 'Add "webhook_id" to args', 'Change to "start_date"', 'Change to "tickets"']);
    // Apply every fix but "Add start_date" (the rename provides it): the file checks clean.
    let current = text;
    for (const title of ['Change to "start_date"', 'Change to "tickets"', 'Add "webhook_id" to args']) {
      document = TextDocument.create(ARGS_URI, 'synctemplate-args', document.version + 1, current);
      const found = await service.validate(document);
      const action = found.flatMap((d) => service.codeActions(document, d.range, [d])).find((a) => a.title === title)!;
      current = TextDocument.applyEdits(document, action.edit!.changes![ARGS_URI]);
    }
    document = TextDocument.create(ARGS_URI, 'synctemplate-args', document.version + 1, current);
    assert.deepEqual(codes(await service.validate(document)), ['sample-arg-format'], current); // webhook_id "" is not a UUID yet
    assert.match(current, /"webhook_id": ""/);
  });

  it('completes argument names with their docs, required first, leaving out those given', async () => {
    const files = new Map([[TEMPLATE_URI, TEMPLATE]]);
    const service = serviceWith(files);
    const text = `{ "args": { "webhook_id": "x", ${CURSOR} } }`;
    const offset = text.indexOf(CURSOR);
    const document = TextDocument.create(ARGS_URI, 'synctemplate-args', 1, text.replace(CURSOR, ''));
    const list = await service.complete(document, document.positionAt(offset));
    const labels = list.items.sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
    assert.deepEqual(labels, ['integrated_account_id', 'start_date', 'page_size', 'since', 'owner_email', 'ids', 'cursor_field']);
    const account = list.items.find((i) => i.label === 'integrated_account_id')!;
    assert.match((account.documentation as MarkupContent).value, /The account to sync\./);
    assert.match(account.textEdit && 'newText' in account.textEdit ? account.textEdit.newText : '', /^"integrated_account_id": "\$1"$/);
    const pageSize = list.items.find((i) => i.label === 'page_size')!;
    assert.match(pageSize.textEdit && 'newText' in pageSize.textEdit ? pageSize.textEdit.newText : '', /"page_size": \$\{1:100\}/);
  });

  it('completes node names under records and state keys under state', async () => {
    const files = new Map([[TEMPLATE_URI, TEMPLATE.replace('"resources": [', '"resources": [ { "name": "cursor", "type": "get_state", "config": { "key": "last_synced_at" } },')]]);
    const service = serviceWith(files);
    for (const [text, expected] of [
      [`{ "records": { ${CURSOR} } }`, ['cursor', 'tickets', 'to-webhook']],
      [`{ "state": { ${CURSOR} } }`, ['last_synced_at']],
    ] as const) {
      const offset = text.indexOf(CURSOR);
      const document = TextDocument.create(ARGS_URI, 'synctemplate-args', 1, text.replace(CURSOR, ''));
      const list = await service.complete(document, document.positionAt(offset));
      assert.deepEqual(list.items.map((i) => i.label), expected);
    }
  });

  it('documents an argument on hover, and the sections from the file schema', async () => {
    const service = serviceWith(new Map([[TEMPLATE_URI, TEMPLATE]]));
    const document = TextDocument.create(ARGS_URI, 'synctemplate-args', 1, VALID);
    const hover = await service.hover(document, document.positionAt(VALID.indexOf('integrated_account_id') + 3));
    assert.match((hover?.contents as MarkupContent).value, /\*\*integrated_account_id\*\* — type `string`, format `integrated_account_id`, required/);
    const section = await service.hover(document, document.positionAt(VALID.indexOf('"records"') + 3));
    assert.ok(section, 'the records key is documented');
  });

  it('never throws on odd args files', async () => {
    for (const text of ['', 'null', '[]', '{', '{ "args": null }', '{ "args": { "page_size": } }', '{ "records": [] }', '"x"']) {
      await check(text);
    }
  });
});
