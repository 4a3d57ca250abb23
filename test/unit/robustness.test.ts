import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLanguageService } from '../../server/src/service/languageService';
import { MAX_NESTING_DEPTH } from '../../server/src/service/nestingGuard';
import { templateDocument } from '../support/cursor';

const service = createLanguageService();

/** Every feature, on one document: none may throw. */
async function exerciseAll(text: string): Promise<number> {
  const document = templateDocument(text);
  const middle = document.positionAt(Math.floor(text.length / 2));
  const diagnostics = await service.validate(document);
  await service.complete(document, middle);
  await service.hover(document, middle);
  service.documentSymbols(document);
  service.foldingRanges(document);
  service.selectionRanges(document, [middle]);
  service.format(document, undefined, { tabSize: 2, insertSpaces: true });
  return diagnostics.length;
}

describe('robustness of the pure service', () => {
  it('reports 10,000-deep nesting once instead of overflowing the stack', async () => {
    const text = '['.repeat(10_000) + ']'.repeat(10_000);
    const diagnostics = await service.validate(templateDocument(text));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'nesting-depth');
    assert.equal(diagnostics[0].range.start.character, MAX_NESTING_DEPTH);
    await exerciseAll(text);
  });

  it('still analyses a document nested just below the limit', async () => {
    const depth = MAX_NESTING_DEPTH - 3; // three objects enclose the arrays
    const text = `{ "label": "x", "default_runtime_version": 3, "resources": [], "args_schema": { "a": { "default": ${'['.repeat(depth)}${']'.repeat(depth)} } } }`;
    const found = await service.validate(templateDocument(text));
    assert.deepEqual(found.map((d) => d.code), ['unused-arg']); // analysed: the template checks ran
  });

  it('stays linear on pathological placeholder strings', { timeout: 60_000 }, async () => {
    const strings = ['{{a'.repeat(60_000), '{{'.repeat(100_000), `{{${'a|'.repeat(50_000)}}}`, `{{${'a.'.repeat(50_000)}a}}`, `${'{{x}}'.repeat(30_000)}`, `{{a?:${':b'.repeat(30_000)}}}`];
    for (const value of strings) {
      const text = JSON.stringify({ label: 'x', default_runtime_version: 3, args_schema: { a: {} }, resources: [{ resource: 'x', method: 'get', id: value, query: { q: '{{args.a}}' } }] });
      // Quadratic behaviour on these inputs takes minutes and trips the test's timeout (a hang
      // guard, not a speed target: speed is measured by `npm run bench`).
      assert.ok((await exerciseAll(text)) >= 0);
    }
  });

  it('survives binary garbage, unterminated strings and empty input', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const garbage = Array.from({ length: 20_000 }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join('');
    for (const text of [garbage, '{ "label": "never closed', '', '\u0000\u0001{', '"{{args.', '{"a":'.repeat(300)]) {
      assert.ok((await exerciseAll(text)) >= 0);
    }
  });
});
