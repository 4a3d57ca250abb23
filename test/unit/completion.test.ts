import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InsertTextFormat } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { withCursor } from '../support/cursor';

const service = createLanguageService();

async function labelsAt(text: string, snippetSupport = true): Promise<string[]> {
  const { document, position } = withCursor(text);
  const svc = snippetSupport ? service : createLanguageService({ snippetSupport: false });
  const list = await svc.complete(document, position);
  return list.items.map((item) => item.label);
}

describe('completion', () => {
  it('offers every top-level key of a template', async () => {
    const labels = await labelsAt('{\n  <|>\n}');
    for (const key of [
      '$schema',
      'id',
      'label',
      'description',
      'integration_name',
      'default_runtime_version',
      'sharing',
      'args_schema',
      'args_validation',
      'mutex_key',
      'state_key',
      'resources',
    ]) {
      assert.ok(labels.includes(key), `missing ${key} in ${labels.join(', ')}`);
    }
  });

  it('does not offer the keys Truto sets itself', async () => {
    const labels = await labelsAt('{\n  <|>\n}');
    for (const key of ['team_id', 'created_at', 'updated_at']) assert.ok(!labels.includes(key), key);
  });

  it('does not offer a key that is already present', async () => {
    const labels = await labelsAt('{\n  "label": "x",\n  <|>\n}');
    assert.ok(!labels.includes('label'));
    assert.ok(labels.includes('resources'));
  });

  it('offers the three sharing values', async () => {
    const labels = await labelsAt('{ "sharing": <|> }');
    assert.deepEqual(
      labels.filter((l) => ['"deny"', '"ask"', '"allow"'].includes(l)).sort(),
      ['"allow"', '"ask"', '"deny"'],
    );
  });

  it('offers the standard methods inside a step, while custom methods stay valid', async () => {
    const labels = await labelsAt('{ "label": "x", "default_runtime_version": 3, "resources": [ { "resource": "crm/contacts", "method": <|> } ] }');
    for (const method of ['"list"', '"get"', '"create"', '"update"', '"delete"']) assert.ok(labels.includes(method), method);
  });

  it('offers the keys of a legacy step', async () => {
    const labels = await labelsAt('{ "label": "x", "default_runtime_version": 3, "resources": [ { <|> } ] }');
    for (const key of ['resource', 'method', 'id', 'query', 'loop_on', 'depends_on', 'persist']) assert.ok(labels.includes(key), key);
  });

  it('offers the known runtime versions', async () => {
    const { document, position } = withCursor('{ "default_runtime_version": <|> }');
    const list = await service.complete(document, position);
    const labels = list.items.map((i) => i.label);
    for (const v of ['1', '2', '3', '4']) assert.ok(labels.includes(v), v);
  });

  it('offers a snippet for a whole step and for a whole template', async () => {
    const stepLabels = await labelsAt('{ "label": "x", "resources": [ <|> ] }');
    assert.ok(stepLabels.includes('Step'), stepLabels.join(', '));
    assert.ok(stepLabels.includes('Child step (depends_on)'));
    const templateLabels = await labelsAt('<|>');
    assert.ok(templateLabels.some((l) => l.startsWith('New sync job template')), templateLabels.join(', '));
  });

  it('sends plain text, not snippets, to clients without snippet support', async () => {
    const { document, position } = withCursor('{ "label": "x", "resources": [ <|> ] }');
    const plain = await createLanguageService({ snippetSupport: false }).complete(document, position);
    assert.ok(plain.items.length > 0);
    for (const item of plain.items) {
      assert.notEqual(item.insertTextFormat, InsertTextFormat.Snippet, item.label);
      const text = item.textEdit?.newText ?? item.insertText ?? '';
      assert.doesNotMatch(text, /\$\{\d|\$\d/, `${item.label}: ${text}`);
    }
    const step = plain.items.find((i) => i.label === 'Step');
    assert.ok(step);
    assert.match(step.textEdit?.newText ?? step.insertText ?? '', /"resource": "ticketing\/tickets"/);
  });

  it('answers on documents that are not valid JSON', async () => {
    const labels = await labelsAt('{ "label": , <|> ');
    assert.ok(Array.isArray(labels));
  });
});
