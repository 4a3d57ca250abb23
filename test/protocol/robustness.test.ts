import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

/** A valid template of about `bytes` characters: many realistic steps. */
function bigTemplate(bytes: number): string {
  const steps: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const step = `    { "resource": "crm/contacts_${i}", "method": "list", "query": { "owner": "{{args.owner_id}}", "page": "${i}" } }`;
    steps.push(step);
    size += step.length + 2;
  }
  return `{\n  "label": "big",\n  "default_runtime_version": 3,\n  "resources": [\n${steps.join(',\n')}\n  ]\n}\n`;
}

describe('the server survives hostile documents and keeps answering', () => {
  const client = new LspTestClient({ settings: {} });
  before(() => client.initialize());
  after(async () => assert.equal(await client.stop(), 0));

  async function stillAnswers(): Promise<void> {
    const uri = 'file:///ws/probe.synctemplate.json';
    await client.open(uri, '{ "label": "x" }');
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } })) as Hover | null;
    assert.ok(hover, 'the server stopped answering');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.ok(client.alive);
  }

  it('binary garbage gets diagnostics', async () => {
    const uri = 'file:///ws/garbage.synctemplate.json';
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    await client.open(uri, Array.from({ length: 50_000 }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join(''));
    assert.ok((await client.diagnostics(uri, (d) => d.length > 0)).length > 0);
    await stillAnswers();
  });

  it('a 10 MB file gets diagnostics', async () => {
    const uri = 'file:///ws/big.synctemplate.json';
    const text = bigTemplate(10 * 1024 * 1024);
    assert.ok(text.length >= 10 * 1024 * 1024);
    await client.open(uri, text);
    await client.diagnostics(uri, () => true, 120_000);
    await stillAnswers();
  });

  it('10,000-deep nesting gets one clear diagnostic', async () => {
    const uri = 'file:///ws/deep.synctemplate.json';
    await client.open(uri, `{"label": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostics[0].code, 'nesting-depth');
    // Every other feature answers too.
    for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/formatting']) {
      await client.connection.sendRequest(method, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    }
    await stillAnswers();
  });

  it('an unterminated string gets diagnostics', async () => {
    const uri = 'file:///ws/unterminated.synctemplate.json';
    await client.open(uri, '{ "label": "never closed');
    const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => /Unexpected end of string|Expected/.test(String(d.message))));
    await stillAnswers();
  });

  it('requests for unknown documents and bad positions are answered, not fatal', async () => {
    const result = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope' }, position: { line: 99, character: 99 } });
    assert.equal(result, null);
    await client.open('file:///ws/short.synctemplate.json', '{}');
    await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///ws/short.synctemplate.json' }, position: { line: 500, character: -3 } });
    await stillAnswers();
  });

  it('shuts down cleanly on request', async () => {
    assert.ok(client.alive);
  });
});
