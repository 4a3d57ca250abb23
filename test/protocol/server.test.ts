import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';
import { VALID_LEGACY } from '../support/fixtures';

const BAD = '{ "label": 42, "default_runtime_version": 3, "sharing": "public", "resources": [ { "method": "list" } ] }';

describe('LSP over stdio against dist/server.js (push diagnostics, snippet client)', () => {
  const client = new LspTestClient({ settings: {} });
  before(() => client.initialize());
  after(async () => assert.equal(await client.stop(), 0));

  it('answers initialize with its capabilities and name', async () => {
    // initialize already ran in before(); ask a fresh server to see the result itself.
    const probe = new LspTestClient();
    const result = await probe.initialize();
    assert.equal(result.serverInfo?.name, 'synctemplate-language-server');
    assert.ok(result.capabilities.completionProvider);
    assert.equal(result.capabilities.hoverProvider, true);
    assert.equal(result.capabilities.documentSymbolProvider, true);
    assert.equal(result.capabilities.foldingRangeProvider, true);
    assert.equal(result.capabilities.selectionRangeProvider, true);
    assert.equal(result.capabilities.documentFormattingProvider, true);
    assert.equal(result.capabilities.documentRangeFormattingProvider, true);
    assert.equal(result.capabilities.diagnosticProvider, undefined, 'a push-only client gets pushed diagnostics');
    await probe.stop();
  });

  it('publishes schema diagnostics with codes for a bad file', async () => {
    const uri = 'file:///ws/bad.synctemplate.json';
    await client.open(uri, BAD);
    const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, 3);
    assert.ok(diagnostics.every((d) => d.code === 'schema' && d.source === 'synctemplate' && d.severity === 1));
  });

  it('publishes an empty list once the file is fixed', async () => {
    const uri = 'file:///ws/fixed.synctemplate.json';
    await client.open(uri, BAD);
    await client.diagnostics(uri, (d) => d.length > 0);
    await client.change(uri, VALID_LEGACY, 2);
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0), []);
  });

  it('answers completion inside a document', async () => {
    const uri = 'file:///ws/complete.synctemplate.json';
    await client.open(uri, '{ "sharing":  }');
    const list = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 13 },
    })) as CompletionList;
    assert.deepEqual(
      list.items.map((i) => i.label).filter((l) => l.startsWith('"')).sort(),
      ['"allow"', '"ask"', '"deny"'],
    );
  });

  it('answers hover with the schema documentation', async () => {
    const uri = 'file:///ws/hover.synctemplate.json';
    await client.open(uri, VALID_LEGACY);
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 5 }, // "default_runtime_version"
    })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /Runtime version/);
  });

  it('applies severity overrides from workspace/configuration and re-validates on change', async () => {
    const uri = 'file:///ws/settings.synctemplate.json';
    await client.open(uri, BAD);
    await client.diagnostics(uri, (d) => d.length === 3 && d.every((x) => x.severity === 1));
    client.settings = { diagnostics: { schema: 'warning' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const updated = await client.diagnostics(uri, (d) => d.length === 3 && d.every((x) => x.severity === 2));
    assert.equal(updated.length, 3);
    client.settings = { diagnostics: { schema: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0), []);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('formats a document', async () => {
    const uri = 'file:///ws/format.synctemplate.json';
    await client.open(uri, '{"label":"x","resources":[]}');
    const edits = (await client.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as unknown[];
    assert.ok(edits.length > 0);
  });
});

describe('LSP with a client that pulls diagnostics', () => {
  const client = new LspTestClient({ pullDiagnostics: true, settings: {} });
  before(() => client.initialize());
  after(() => client.stop());

  it('advertises a diagnostic provider and answers textDocument/diagnostic', async () => {
    const uri = 'file:///ws/pull.synctemplate.json';
    await client.open(uri, BAD);
    const report = (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as {
      kind: string;
      items: Diagnostic[];
    };
    assert.equal(report.kind, 'full');
    assert.equal(report.items.length, 3);
    assert.equal(report.items[0].code, 'schema');
  });

  it('answers "unchanged" to a pull whose diagnostics the client already holds, and in full otherwise', async () => {
    const uri = 'file:///ws/pull-unchanged.synctemplate.json';
    type Report = { kind: 'full' | 'unchanged'; resultId?: string; items?: Diagnostic[] };
    const pull = async (previousResultId?: string) =>
      (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) })) as Report;
    await client.open(uri, BAD);
    const first = await pull();
    assert.equal(first.kind, 'full');
    assert.equal(first.items?.length, 3);
    assert.ok(first.resultId, 'a full report carries a result id');

    // The same version, then an edit that moves no diagnostic (a line break at the end).
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
    await client.change(uri, `${BAD}\n`, 2);
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });

    // Without a result id, or with one the server did not give last: everything again.
    const again = await pull();
    assert.equal(again.kind, 'full');
    assert.equal(again.items?.length, 3);
    const stale = await pull(first.resultId);
    assert.equal(stale.kind, 'full', 'the id of a superseded answer gets a full report');
    assert.notEqual(stale.resultId, first.resultId);

    // An edit that moves a diagnostic (a space before the label's value): a full report, the new ranges.
    await client.change(uri, BAD.replace('"label": 42', '"label":  42'), 3);
    const moved = await pull(stale.resultId);
    assert.equal(moved.kind, 'full');
    assert.deepEqual(moved.items?.map((d) => d.range.start.character), stale.items?.map((d) => (d.range.start.character > 10 ? d.range.start.character + 1 : d.range.start.character)));

    // A setting that changes a severity: the same problems, reported again.
    client.settings = { diagnostics: { schema: 'hint' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const severities = await pull(moved.resultId);
    assert.equal(severities.kind, 'full');
    assert.ok(severities.items?.every((d) => d.code !== 'schema' || d.severity === 4), JSON.stringify(severities.items));
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });

    // Closed and opened again: what the client held before is not taken as current.
    await client.close(uri);
    await client.open(uri, BAD);
    assert.equal((await pull(severities.resultId)).kind, 'full');
  });

  it('asks for the settings of a document when it opens, and applies them when they come late', async () => {
    const uri = 'file:///ws/late-settings.synctemplate.json';
    client.settings = { diagnostics: { schema: 'hint' } };
    client.configurationDelayMs = 300;
    try {
      await client.open(uri, BAD);
      // Asked before any pull: the question is on its way while the checks of the first pull run.
      for (const deadline = Date.now() + 10_000; !client.configurationAsked.includes(uri); ) {
        assert.ok(Date.now() < deadline, `no workspace/configuration for ${uri} after didOpen: ${client.configurationAsked.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const items = await client.pull(uri);
      assert.equal(items.length, 3);
      assert.ok(items.every((d) => d.code !== 'schema' || d.severity === 4), JSON.stringify(items));
    } finally {
      client.settings = {};
      client.configurationDelayMs = 0;
      await client.close(uri);
    }
  });
});

describe('LSP with a client that has no snippet support and no configuration', () => {
  const client = new LspTestClient({ snippetSupport: false });
  before(() => client.initialize());
  after(() => client.stop());

  it('still advertises completion and sends plain-text items', async () => {
    const uri = 'file:///ws/plain.synctemplate.json';
    await client.open(uri, '{ "label": "x", "resources": [  ] }');
    const list = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 30 },
    })) as CompletionList;
    const step = list.items.find((i) => i.label === 'Step');
    assert.ok(step, list.items.map((i) => i.label).join(', '));
    assert.equal(step.insertTextFormat, 1);
    assert.doesNotMatch(step.textEdit?.newText ?? step.insertText ?? '', /\$\{/);
  });

  it('uses settings pushed with didChangeConfiguration when it cannot be asked', async () => {
    const uri = 'file:///ws/pushed.synctemplate.json';
    await client.open(uri, BAD);
    await client.diagnostics(uri, (d) => d.length === 3);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { synctemplate: { diagnostics: { schema: 'hint' } } } });
    await client.diagnostics(uri, (d) => d.length === 3 && d.every((x) => x.severity === 4));
  });
});
