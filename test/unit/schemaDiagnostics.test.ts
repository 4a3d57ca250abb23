import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { normalizeSettings } from '../../server/src/service/settings';
import { templateDocument } from '../support/cursor';
import { readdirSync } from 'node:fs';
import { messageText } from '../../server/src/cli/outputFormats';
import { readExample, repoPath, VALID_LEGACY } from '../support/fixtures';

const service = createLanguageService();

/** The JSON service's diagnostics only (schema and syntax); template checks have their own tests. */
async function diagnose(text: string, settings?: unknown): Promise<Diagnostic[]> {
  const document = templateDocument(text);
  const all = await service.validate(document, settings === undefined ? undefined : normalizeSettings(settings));
  return all.filter((d) => d.code === 'schema' || typeof d.code === 'number');
}

/** The text a diagnostic's range covers. */
function coveredText(text: string, diagnostic: Diagnostic): string {
  const document = templateDocument(text);
  return document.getText(diagnostic.range);
}

describe('schema and syntax diagnostics', () => {
  it('has nothing at all to say about a valid legacy template', async () => {
    assert.deepEqual(await service.validate(templateDocument(VALID_LEGACY)), []);
  });

  it('has nothing at all to say about every example shipped in examples/', async () => {
    const names = readdirSync(repoPath('examples')).filter((n) => n.endsWith('.synctemplate.json'));
    assert.ok(names.length >= 3);
    for (const name of names) assert.deepEqual(await service.validate(templateDocument(readExample(name))), [], name);
  });

  it('reports a wrong type on the value, as an error with code and source', async () => {
    const text = '{ "label": 42, "resources": [] }';
    const [d, ...rest] = await diagnose(text);
    assert.equal(rest.length, 0);
    assert.equal(d.code, 'schema');
    assert.equal(d.source, 'synctemplate');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(messageText(d.message), /Incorrect type/);
    assert.equal(coveredText(text, d), '42');
  });

  it('reports an unknown sharing value and lists the valid ones', async () => {
    const text = '{ "label": "x", "sharing": "public", "resources": [] }';
    const [d] = await diagnose(text);
    assert.equal(d.code, 'schema');
    assert.match(messageText(d.message), /"deny", "ask", "allow"/);
    assert.equal(coveredText(text, d), '"public"');
  });

  it('reports a step without resource', async () => {
    const text = '{ "label": "x", "default_runtime_version": 3, "resources": [ { "method": "list" } ] }';
    const found = await diagnose(text);
    assert.equal(found.length, 1);
    assert.match(messageText(found[0].message), /Missing property "resource"/);
  });

  it('reports a misspelt key instead of silently ignoring it', async () => {
    const text = '{ "label": "x", "resources": [ { "resource": "crm/contacts", "method": "list", "depend_on": "x" } ] }';
    const found = await diagnose(text);
    assert.equal(found.length, 1);
    assert.match(messageText(found[0].message), /depend_on/);
  });

  it('accepts custom method names but not malformed ones', async () => {
    const ok = '{ "label": "x", "resources": [ { "resource": "ats/applications", "method": "move-stage" } ] }';
    assert.deepEqual(await diagnose(ok), []);
    const bad = '{ "label": "x", "resources": [ { "resource": "ats/applications", "method": "move stage!" } ] }';
    assert.equal((await diagnose(bad)).length, 1);
  });

  it('accepts both args_schema shapes', async () => {
    const objectShape = '{ "label": "x", "args_schema": { "type": "object", "properties": { "a": { "type": "string", "required": true } } }, "resources": [] }';
    const flatShape = '{ "label": "x", "args_schema": { "a": { "type": "array", "required": false } }, "resources": [] }';
    assert.deepEqual(await diagnose(objectShape), []);
    assert.deepEqual(await diagnose(flatShape), []);
  });

  it('does not reject a runtime 4 template for its node format', async () => {
    const v4 = `{ "label": "x", "default_runtime_version": 4, "integration_name": null,
      "args_schema": { "integrated_account_id": { "type": "string", "required": true } },
      "resources": [
        { "name": "tickets", "type": "request", "resource": "ticketing/tickets", "method": "list", "integrated_account_id": "{{args.integrated_account_id}}" },
        { "name": "shape", "type": "transform", "depends_on": "tickets", "config": { "expression": "$" } }
      ] }`;
    assert.deepEqual(await diagnose(v4), []);
  });

  it('reports comments and trailing commas as errors: the file is what gets sent', async () => {
    const text = '{\n  // note\n  "label": "x",\n  "resources": [],\n}';
    const found = await diagnose(text);
    const codes = found.map((d) => d.code).sort();
    assert.deepEqual(codes, [519, 521]);
    assert.ok(found.every((d) => d.severity === DiagnosticSeverity.Error));
  });

  it('reports a missing label', async () => {
    const [d] = await diagnose('{ "resources": [] }');
    assert.match(messageText(d.message), /Missing property "label"/);
  });

  it('never reaches out for a $schema url: the bundled schema always applies', async () => {
    const found = await diagnose('{ "$schema": "https://example.invalid/other.json", "label": 1 }');
    assert.equal(found.length, 1);
    assert.match(messageText(found[0].message), /Incorrect type/);
  });

  it('honours severity overrides, including off and the JSON service numeric codes', async () => {
    const text = '{ "label": 42, "resources": [], }';
    const overridden = await diagnose(text, { diagnostics: { schema: 'warning', '519': 'off' } });
    assert.equal(overridden.length, 1);
    assert.equal(overridden[0].code, 'schema');
    assert.equal(overridden[0].severity, DiagnosticSeverity.Warning);
  });

  it('ignores malformed settings instead of failing', async () => {
    const found = await diagnose('{ "label": 42, "resources": [] }', { diagnostics: { schema: 'loud', other: 3 }, format: 'x' });
    assert.equal(found[0].severity, DiagnosticSeverity.Error);
  });
});
