import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { generateShape } from '../support/templateShapes';

/**
 * Semantic tokens are computed step by step, reusing the steps a version did not change
 * (semanticTokens.ts): after any sequence of edits they must equal a fresh computation, whether
 * each version was validated first or not, and across a change of format (the runtime version).
 */
describe('semantic tokens of an edited document', () => {
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('insert', 'delete', 'replace'),
    text: fc.constantFrom('x', '{', '}', '"', ' ', '\n', '\r\n', '{{args.start_date}}', '$exists(args.webhook_id)', ' and ', '`', 'resources.', ',', '"run_if": "$count(x) > 0", '),
  });

  for (const shape of ['groups', 'v4-fan-out', 'v4-chain'] as const) {
    it(`${shape}: equal a fresh computation after random edits`, async () => {
      const base = generateShape(shape, 8);
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.boolean(), async (edits, validateFirst) => {
          const service = createLanguageService();
          const uri = 'file:///tokens.synctemplate.json';
          let text = base;
          service.semanticTokens(TextDocument.create(uri, 'synctemplate', 1, text));
          for (const [index, e] of edits.entries()) {
            const at = e.at % (text.length + 1);
            text = e.kind === 'insert' ? text.slice(0, at) + e.text + text.slice(at) : e.kind === 'delete' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + e.text + text.slice(at + e.text.length);
            const document = TextDocument.create(uri, 'synctemplate', index + 2, text);
            if (validateFirst) await service.validate(document);
            const fresh = createLanguageService().semanticTokens(TextDocument.create('file:///fresh.synctemplate.json', 'synctemplate', 1, text));
            assert.deepEqual(service.semanticTokens(document), fresh, `after ${JSON.stringify(edits.slice(0, index + 1))}`);
          }
        }),
        { seed: 11, numRuns: 40 },
      );
    });
  }

  it('follows a change of runtime version, which changes which strings are templates', () => {
    const service = createLanguageService();
    const uri = 'file:///format.synctemplate.json';
    const v4 = generateShape('v4-fan-out', 12);
    const legacy = v4.replace('"default_runtime_version": 4', '"default_runtime_version": 3');
    assert.notEqual(legacy, v4);
    const fresh = (text: string) => createLanguageService().semanticTokens(TextDocument.create('file:///f.synctemplate.json', 'synctemplate', 1, text));
    for (const [version, text] of [v4, legacy, v4].entries()) {
      assert.deepEqual(service.semanticTokens(TextDocument.create(uri, 'synctemplate', version + 1, text)), fresh(text));
    }
    assert.notDeepEqual(fresh(v4), fresh(legacy));
  });
});
