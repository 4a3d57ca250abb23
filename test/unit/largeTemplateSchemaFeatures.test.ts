import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { createJsonService } from '../../server/src/service/jsonService';
import { FOCUS_STEP_THRESHOLD, focusedJsonDocument } from '../../server/src/service/focusedJsonDocument';
import { ParsedDocumentCache } from '../../server/src/service/parsedDocument';
import { asArray, asObject, propertyValue } from '../../server/src/service/template/jsonAst';
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

  it('v4-chain: completion and hover on the job-level keys, outside every node', { timeout: 120_000 }, async () => {
    const text = generateShape('v4-chain', 10_000);
    const document = TextDocument.create('file:///large-job-keys.synctemplate.json', 'synctemplate', 1, text);
    await service.validate(document);
    const onLabel = document.positionAt(text.indexOf('"label"') + 2);
    const hover = await service.hover(document, onLabel);
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents && hover.contents.value.length > 0, 'no hover on "label"');
    // A new job-level key typed after the last one.
    const afterResources = document.positionAt(text.lastIndexOf(']') + 1);
    const edited = TextDocument.create(document.uri, 'synctemplate', 2, `${text.slice(0, text.lastIndexOf(']') + 1)},\n  ""${text.slice(text.lastIndexOf(']') + 1)}`);
    const labels = (await service.complete(edited, { line: afterResources.line + 1, character: 3 })).items.map((item) => item.label);
    assert.ok(labels.includes('mutex_key') || labels.includes('state_key') || labels.length > 3, labels.join(', '));
  });
});

/**
 * The copy the schema features see in a large template (focusedJsonDocument.ts) keeps only the
 * step under the cursor: the JSON service must answer on it exactly as on the whole document,
 * ranges included. Checked where the whole document can still be answered (a few hundred steps),
 * at every key, value and separator of a first, middle and last step, with every kind of line break.
 */
describe('the focused copy of a large template', () => {
  const jsonService = createJsonService({ textDocument: { completion: { completionItem: { documentationFormat: ['markdown'] } } } });
  const cache = new ParsedDocumentCache(jsonService);
  const STEPS = FOCUS_STEP_THRESHOLD + 30;

  for (const shape of ['groups', 'chain', 'duplicates', 'v4-chain', 'v4-fan-out'] as const) {
    for (const [lineBreak, name] of [['\n', 'LF'], ['\r\n', 'CRLF'], ['\r', 'CR']] as const) {
      it(`${shape}, ${name}: completion and hover equal the whole document's`, { timeout: 120_000 }, async () => {
        const text = generateShape(shape, STEPS).replace(/\n/g, lineBreak);
        const document = TextDocument.create(`file:///focus-${shape}-${name}.synctemplate.json`, 'synctemplate', 1, text);
        const parsed = cache.get(document);
        const whole = jsonService.parseJSONDocument(document);
        const items = asArray(propertyValue(asObject(parsed.json!.root), 'resources'))!.items;
        let compared = 0;
        const lastEnd = items[items.length - 1].offset + items[items.length - 1].length;
        // A first, a middle and a last step; the job-level keys before and after the steps; between two steps.
        const ranges = [...[0, Math.floor(items.length / 2), items.length - 1].map((index) => [items[index].offset, items[index].offset + items[index].length]), [0, items[0].offset], [lastEnd, text.length], [items[0].offset + items[0].length, items[1].offset]];
        for (const [from, to] of ranges) {
          for (let offset = from; offset <= to; offset++) {
            const before = text[offset - 1];
            if (before !== '"' && before !== ',' && before !== '{' && before !== ' ' && before !== ':' && before !== '[') continue;
            const focused = focusedJsonDocument(parsed, offset, jsonService)!;
            assert.notEqual(focused.document, document, 'not focused');
            assert.ok(focused.document.getText().length < text.length / 2 || !text.includes('\n'), 'the copy is not smaller');
            const position = document.positionAt(offset);
            assert.deepEqual(await jsonService.doComplete(focused.document, position, focused.json), await jsonService.doComplete(document, position, whole), `completion at ${offset}`);
            assert.deepEqual(await jsonService.doHover(focused.document, position, focused.json), await jsonService.doHover(document, position, whole), `hover at ${offset}`);
            compared++;
          }
        }
        assert.ok(compared > 60, `${compared} positions compared`);
      });
    }
  }

  it('a new step typed after the last one: completion equals the whole document\'s', async () => {
    for (const shape of ['chain', 'v4-chain'] as const) {
      const base = generateShape(shape, STEPS);
      const close = base.lastIndexOf('\n  ]');
      // After the comma; on the next line; in a new object; in its first key.
      for (const [typed, back] of [[',', 0], [',\n    ', 0], [',\n    {}', 1], [',\n    { "" }', 3]] as const) {
        const text = base.slice(0, close) + typed + base.slice(close);
        const document = TextDocument.create(`file:///focus-end-${shape}-${typed.length}.synctemplate.json`, 'synctemplate', 1, text);
        const offset = close + typed.length - back;
        const focused = focusedJsonDocument(cache.get(document), offset, jsonService)!;
        assert.notEqual(focused.document, document, 'not focused');
        const position = document.positionAt(offset);
        const expected = await jsonService.doComplete(document, position, jsonService.parseJSONDocument(document));
        assert.ok((expected?.items.length ?? 0) > 0, `${shape} ${JSON.stringify(typed)}: nothing to compare`);
        assert.deepEqual(await jsonService.doComplete(focused.document, position, focused.json), expected, `${shape} ${JSON.stringify(typed)}`);
      }
    }
  });
});
