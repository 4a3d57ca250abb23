import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits, templateDocument, withCursor } from '../support/cursor';
import { VALID_LEGACY } from '../support/fixtures';

const service = createLanguageService();

describe('document symbols', () => {
  it('outlines the top-level keys, args and steps', () => {
    const symbols = service.documentSymbols(templateDocument(VALID_LEGACY));
    const names = symbols.map((s) => s.name);
    assert.deepEqual(names, ['label', 'integration_name', 'default_runtime_version', 'sharing', 'args_schema', 'resources']);
    const args = symbols.find((s) => s.name === 'args_schema');
    assert.deepEqual(args?.children?.map((c) => c.name), ['user_id']);
    const resources = symbols.find((s) => s.name === 'resources');
    assert.equal(resources?.children?.length, 2);
  });

  it('returns nothing, without throwing, for an empty document', () => {
    assert.deepEqual(service.documentSymbols(templateDocument('')), []);
  });
});

describe('folding ranges', () => {
  it('folds objects and arrays', () => {
    const ranges = service.foldingRanges(templateDocument(VALID_LEGACY));
    const lines = ranges.map((r) => `${r.startLine}-${r.endLine}`);
    assert.ok(lines.includes('0-16'), lines.join(' ')); // whole template
    assert.ok(lines.includes('8-15'), lines.join(' ')); // resources
    assert.ok(lines.includes('10-14'), lines.join(' ')); // the second step
  });
});

describe('selection ranges', () => {
  it('expands from a word to its string, property, object, and up to the document', () => {
    const { document, position } = withCursor('{ "label": "Zen<|>desk", "resources": [] }');
    const [selection] = service.selectionRanges(document, [position]);
    const texts: string[] = [];
    for (let s: typeof selection | undefined = selection; s; s = s.parent) texts.push(document.getText(s.range));
    assert.ok(texts.includes('"Zendesk"'), texts.join(' | '));
    assert.ok(texts.includes('"label": "Zendesk"'), texts.join(' | '));
    assert.equal(texts.at(-1), document.getText());
  });
});

describe('formatting', () => {
  it('formats a whole document with the editor indentation, changing only whitespace', () => {
    const source = '{"label":"x","resources":[{"resource":"crm/contacts","method":"list"}]}';
    const document = templateDocument(source);
    const edits = service.format(document, undefined, { tabSize: 2, insertSpaces: true });
    const formatted = applyEdits(document, edits);
    assert.equal(
      formatted,
      '{\n  "label": "x",\n  "resources": [\n    {\n      "resource": "crm/contacts",\n      "method": "list"\n    }\n  ]\n}',
    );
    assert.equal(formatted.replace(/\s/g, ''), source.replace(/\s/g, ''));
  });

  it('formats only the requested range', () => {
    const source = '{\n"label":"x",\n"resources":[   ]\n}';
    const document = templateDocument(source);
    const edits = service.format(document, { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } }, { tabSize: 2, insertSpaces: true });
    const formatted = applyEdits(document, edits);
    assert.match(formatted, /\n"label": "x",\n/);
    assert.match(formatted, /"resources":\[ {3}\]/); // outside the range: untouched
  });

  it('can be turned off by a setting', () => {
    const document = templateDocument('{"label":"x"}');
    assert.deepEqual(service.format(document, undefined, { tabSize: 2, insertSpaces: true }, { diagnostics: {}, formatEnable: false }), []);
  });
});
