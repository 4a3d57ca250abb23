import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { generateShape, type TemplateShape } from '../support/templateShapes';

/**
 * Schema completion and hover in very large templates. The JSON service evaluates our root
 * `if`/`then`/`else` into a collector that ignores the cursor and merged 10,000 nodes' schemas
 * with one `push.apply`, overflowing the stack; the schema features now see only the step under
 * the cursor (server/src/service/focusedJsonDocument.ts) and must answer as for a small template.
 */
describe('schema completion and hover in a 10,000-step template', () => {
  const service = createLanguageService();

  async function atLastKey(shape: TemplateShape, steps: number, key: string) {
    const text = generateShape(shape, steps);
    const document = TextDocument.create(`file:///large-${shape}-${steps}.synctemplate.json`, 'synctemplate', 1, text);
    await service.validate(document);
    const at = text.lastIndexOf(`"${key}": `);
    assert.ok(at > 0, `no "${key}" key in the generated ${shape}`);
    const onKey = document.positionAt(at + 1);
    const onValue = document.positionAt(at + key.length + 5);
    const labels = async (position: typeof onKey) => (await service.complete(document, position)).items.map((item) => item.label).sort();
    const hover = await service.hover(document, onKey);
    return { keyLabels: await labels(onKey), valueLabels: await labels(onValue), hover: hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : undefined };
  }

  for (const [shape, key] of [
    ['v4-chain', 'type'],
    ['v4-fan-out', 'type'],
    ['chain', 'method'],
  ] as const) {
    it(`${shape}: completion at a step key and value, and hover, answer as in a 20-step template`, { timeout: 120_000 }, async () => {
      const large = await atLastKey(shape, 10_000, key);
      const small = await atLastKey(shape, 20, key);
      assert.ok(large.keyLabels.length > 0, 'no key completion');
      assert.ok(large.valueLabels.length > 0, 'no value completion');
      assert.ok(large.hover, 'no hover');
      assert.deepEqual(large.keyLabels, small.keyLabels);
      assert.deepEqual(large.valueLabels, small.valueLabels);
      assert.equal(large.hover, small.hover);
    });
  }
});
