import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import replacePlaceholders from '@truto/replace-placeholders';
import type { TextEdit } from 'vscode-languageserver-types';
import { messageText } from '../../server/src/cli/outputFormats';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits, templateDocument } from '../support/cursor';
import { legacyTemplate } from '../support/templates';

const service = createLanguageService();
const ARGS = { x: { type: 'string', required: true } };

function template(value: string): string {
  return legacyTemplate({ args: ARGS, steps: [{ resource: 'ticketing/tickets', method: 'list', query: { q: value } }] });
}

async function syntaxFindings(value: string) {
  const document = templateDocument(template(value));
  const found = (await service.validate(document)).filter((d) => d.code === 'placeholder-syntax');
  return { document, found };
}

describe('placeholders inside extra braces', () => {
  it('the engine sends the extra braces as text (checked against @truto/replace-placeholders)', () => {
    assert.equal(replacePlaceholders('{{{{args.x}}}}', { args: { x: 'value' } }), '{{value}}');
    assert.equal(replacePlaceholders('{{{args.x}}}', { args: { x: 'value' } }), '{value}');
    assert.equal(replacePlaceholders('a {{{{args.x}}}} b', { args: { x: 'value' } }), 'a {{value}} b');
  });

  for (const [value, covered, sent] of [
    ['{{{{args.x}}}}', '{{{{args.x}}}}', '{{value}}'],
    ['id: {{{{args.x}}}}!', '{{{{args.x}}}}', '{{value}}'],
    ['{{{{{{args.x}}}}}}', '{{{{{{args.x}}}}}}', '{{{{value}}}}'],
    ['{{{{args.x}}}}}', '{{{{args.x}}}}}', '{{value}}}'],
  ] as const) {
    it(`warns on ${value} (sends "${sent}") and removes the extra braces`, async () => {
      const { document, found } = await syntaxFindings(value);
      assert.equal(found.length, 1, found.map((d) => messageText(d.message)).join('\n'));
      const [d] = found;
      assert.equal(document.getText(d.range), JSON.stringify(covered).slice(1, -1));
      assert.match(messageText(d.message), new RegExp(`sends the extra braces around it as text \\("${sent.replace(/[{}]/g, '\\$&')}"\\)`));
      const [action] = service.codeActions(document, d.range, [d]);
      assert.match(action.title, /Remove the extra braces around \{\{args\.x\}\}/);
      assert.equal(action.isPreferred, true);
      const fixed = applyEdits(document, action.edit!.changes![document.uri] as TextEdit[]);
      assert.equal(JSON.parse(fixed).resources[0].query.q, value.replace(covered, '{{args.x}}'));
      assert.deepEqual(await service.validate(templateDocument(fixed)), []);
    });
  }

  // One brace on a side is ordinary text around a value: `{value}`, JSON-like text.
  for (const value of ['{{args.x}}', '{{{args.x}}}', '{{{args.x}}}}', '{{{{args.x}}}', '{"a":{{args.x}}}', '{"a":{"b":{{args.x}}}}', '{ {{args.x}} }', '{{args.x}}}', 'x{{args.x}}{{args.x}}']) {
    it(`says nothing about ${value}, whose braces may be text the author meant`, async () => {
      const { found } = await syntaxFindings(value);
      assert.deepEqual(found.map((d) => messageText(d.message)), []);
    });
  }

  it('keeps positions right when the string has escapes', async () => {
    const { document, found } = await syntaxFindings('\t"{{{{args.x}}}}"');
    assert.equal(found.length, 1);
    assert.equal(document.getText(found[0].range), '{{{{args.x}}}}');
  });
});
