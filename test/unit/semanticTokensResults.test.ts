import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SemanticTokensEdit } from 'vscode-languageserver';
import { SemanticTokensResults, semanticTokensEdits } from '../../server/src/lsp/semanticTokensResults';

/** What a client does with the edits of a delta answer. */
function applyEdits(data: readonly number[], edits: readonly SemanticTokensEdit[]): number[] {
  const result = [...data];
  // Edits refer to the old data: apply them from the last to the first.
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return result;
}

/** Token data as the service encodes it: five small integers per token. */
const tokenData = fc.array(fc.tuple(fc.nat(3), fc.nat(40), fc.integer({ min: 1, max: 12 }), fc.nat(10), fc.nat(1)), { maxLength: 40 }).map((tokens) => tokens.flat());

describe('semantic token deltas', () => {
  it('turn the old data into the new, replacing whole tokens only', () => {
    fc.assert(
      fc.property(tokenData, tokenData, fc.nat(40), fc.nat(40), (before, inserted, cut, length) => {
        // An edit in the middle (the common case) and unrelated data (the worst case).
        const at = 5 * Math.min(cut, before.length / 5);
        const edited = [...before.slice(0, at), ...inserted, ...before.slice(Math.min(before.length, at + 5 * length))];
        for (const after of [edited, inserted]) {
          const edits = semanticTokensEdits(Uint32Array.from(before), Uint32Array.from(after));
          assert.deepEqual(applyEdits(before, edits), after);
          for (const edit of edits) {
            assert.equal(edit.start % 5, 0);
            assert.equal(edit.deleteCount % 5, 0);
            assert.equal((edit.data?.length ?? 0) % 5, 0);
          }
        }
      }),
    );
  });

  it('are empty for equal data and small for a small change', () => {
    const data = Array.from({ length: 5 * 1000 }, (_, i) => i % 7);
    assert.deepEqual(semanticTokensEdits(data, [...data]), []);
    const changed = [...data];
    changed[5 * 500 + 2] = 99; // one token's length
    assert.deepEqual(semanticTokensEdits(data, changed), [{ start: 2500, deleteCount: 5, data: changed.slice(2500, 2505) }]);
  });

  it('answer a delta request against the last answer sent, and in full otherwise', () => {
    const results = new SemanticTokensResults();
    const first = results.full('file:///a', Uint32Array.of(0, 1, 2, 3, 0));
    assert.ok(first.resultId);
    const second = results.delta('file:///a', first.resultId!, Uint32Array.of(0, 1, 2, 3, 0, 1, 0, 2, 3, 0));
    assert.ok('edits' in second);
    // Plain lists in the edits: JSON has no typed arrays.
    assert.deepEqual(second.edits, [{ start: 5, deleteCount: 0, data: [1, 0, 2, 3, 0] }]);
    assert.ok(Array.isArray(second.edits[0].data));
    assert.ok(Array.isArray(first.data));
    assert.notEqual(second.resultId, first.resultId);
    // The first answer is superseded: a client still holding it gets everything again.
    const stale = results.delta('file:///a', first.resultId!, Uint32Array.of(0, 1, 2, 3, 0));
    assert.ok('data' in stale);
    assert.deepEqual(stale.data, [0, 1, 2, 3, 0]);
    // A closed document is forgotten.
    results.forget('file:///a');
    assert.ok('data' in results.delta('file:///a', stale.resultId!, Uint32Array.of(0, 1, 2, 3, 0)));
  });
});
