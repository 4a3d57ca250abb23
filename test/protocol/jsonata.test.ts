import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover, InitializeResult, MarkupContent, SignatureHelp } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const URI = 'file:///ws/jsonata.synctemplate.json';
const LINES = [
  '{',
  '  "label": "t",',
  '  "default_runtime_version": 4,',
  '  "args_schema": { "webhook_id": { "type": "string", "required": true } },',
  '  "args_validation": "$exists(args.webhook_id) ? null : $substring(\\"x\\", 1)",',
  '  "resources": [',
  '    { "name": "knowledge-base", "type": "request", "resource": "knowledge-base/pages", "method": "list", "integrated_account_id": "x" },',
  '    { "name": "shape", "type": "transform", "depends_on": "knowledge-base", "config": { "expression": "resources.knowledge-base.pages ~> $firstN" } }',
  '  ]',
  '}',
];
const TEXT = LINES.join('\n');
const VALIDATION = 4;
const SHAPE = 7;
const at = (line: number, text: string, delta = 0) => ({ line, character: LINES[line].indexOf(text) + delta });

describe('JSONata features over LSP against dist/server.js', () => {
  const client = new LspTestClient({ settings: {} });
  let diagnostics: Diagnostic[] = [];
  let initialized: InitializeResult;
  before(async () => {
    initialized = await client.initialize();
    await client.open(URI, TEXT);
    diagnostics = await client.diagnostics(URI, (d) => d.length > 0);
  });
  after(() => client.stop());

  it('advertises signature help on ( and , and completion on $', () => {
    assert.deepEqual(initialized.capabilities.signatureHelpProvider?.triggerCharacters, ['(', ',']);
    assert.ok(initialized.capabilities.completionProvider?.triggerCharacters?.includes('$'));
  });

  it('publishes the dashed name and the unknown function', () => {
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['jsonata-dashed-name', 'jsonata-unknown-function']);
    const dashed = diagnostics.find((d) => d.code === 'jsonata-dashed-name')!;
    assert.deepEqual(dashed.range, { start: at(SHAPE, 'knowledge-base.pages'), end: at(SHAPE, 'knowledge-base.pages', 'knowledge-base'.length) });
  });

  it('the backtick quick fix edits the name only', async () => {
    const dashed = diagnostics.find((d) => d.code === 'jsonata-dashed-name')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: dashed.range, context: { diagnostics: [dashed] } })) as CodeAction[];
    assert.equal(actions[0].title, 'Add backticks: `knowledge-base`');
    assert.deepEqual(actions[0].edit?.changes?.[URI], [{ range: dashed.range, newText: '`knowledge-base`' }]);
  });

  it('completes functions after $, replacing only the token', async () => {
    const position = at(SHAPE, '$firstN', '$firstN'.length);
    const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position })) as CompletionList;
    const item = list.items.find((i) => i.label === '$firstNonEmpty');
    assert.ok(item);
    assert.deepEqual((item.textEdit as { range: unknown }).range, { start: at(SHAPE, '$firstN'), end: position });
  });

  it('completes argument names after args. and upstream nodes after resources.', async () => {
    const args = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: at(VALIDATION, 'webhook_id') })) as CompletionList;
    assert.deepEqual(args.items.map((i) => i.label), ['webhook_id']);
    const nodes = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: at(SHAPE, 'knowledge-base.pages') })) as CompletionList;
    const node = nodes.items.find((i) => i.label === 'knowledge-base');
    assert.equal((node?.textEdit as { newText: string }).newText, '`knowledge-base`');
  });

  it('hovers a function with its signature', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: at(VALIDATION, '$exists', 2) })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /\$exists\(arg\): boolean/);
  });

  it('gives signature help with the active parameter', async () => {
    const help = (await client.connection.sendRequest('textDocument/signatureHelp', { textDocument: { uri: URI }, position: at(VALIDATION, ' 1)', 1) })) as SignatureHelp;
    assert.equal(help.signatures[0].label, '$substring(str, start, length?): string');
    assert.equal(help.activeParameter, 1);
  });
});
