import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findExcessiveNesting, MAX_NESTING_DEPTH } from '../../server/src/service/nestingGuard';

/** The plain character loop the guard's faster string skipping must agree with. */
function reference(text: string): { offset: number; length: number } | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"' || c === '\n') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (++depth > MAX_NESTING_DEPTH) return { offset: i, length: 1 };
    } else if ((c === '}' || c === ']') && depth > 0) depth--;
  }
  return undefined;
}

describe('nesting guard', () => {
  it('agrees with a plain character loop on generated documents', () => {
    const piece = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '\n', 'a', ' ', '"[[["', '[[[[[[[[[[', '"x\\\\"', ',');
    const documents = fc.array(piece, { maxLength: 400 }).map((pieces) => pieces.join(''));
    fc.assert(fc.property(documents, (text) => assert.deepEqual(findExcessiveNesting(text), reference(text), JSON.stringify(text))), { seed: 3, numRuns: 3000 });
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const deepInString = `{"a": "${'['.repeat(1000)}", "b": "\\"${'{'.repeat(1000)}"}`;
    assert.equal(findExcessiveNesting(deepInString), undefined);
    assert.deepEqual(findExcessiveNesting('['.repeat(MAX_NESTING_DEPTH + 1)), { offset: MAX_NESTING_DEPTH, length: 1 });
  });

  it('ends an unterminated string at the end of its line, as the JSON scanner does', () => {
    const text = `["never closed\n${'['.repeat(MAX_NESTING_DEPTH + 5)}`;
    assert.ok(findExcessiveNesting(text));
  });
});
