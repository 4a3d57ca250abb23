import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeRawString, decodeRawStringEagerly } from '../../server/src/service/template/rawString';

/**
 * decodeRawString decodes valid escaped strings with JSON.parse and builds their position table
 * only when asked; its answers must be those of the decoder that does both at once.
 */
describe('raw strings', () => {
  const piece = fc.constantFrom('a', ' ', '{{', '}}', '\\"', '\\\\', '\\/', '\\n', '\\t', '\\u0041', '\\uD83D', '\\u00e9', '\\x', '\\', '\u0001', '"', 'é', '😀', '$count(', '`');
  const tokens = fc.tuple(fc.array(piece, { maxLength: 30 }), fc.boolean()).map(([pieces, closed]) => `"${pieces.join('')}${closed ? '"' : ''}`);

  it('agree with the eager decoder on value and every position, escapes valid or not', () => {
    fc.assert(
      fc.property(tokens, fc.integer({ min: 0, max: 5_000 }), (raw, offset) => {
        const lazy = decodeRawString(raw, offset);
        const eager = decodeRawStringEagerly(raw, offset);
        assert.equal(lazy.value, eager.value, raw);
        assert.equal(lazy.offset, eager.offset);
        for (let index = 0; index <= eager.value.length; index++) assert.equal(lazy.toDocumentOffset(index), eager.toDocumentOffset(index), `${raw} @${index}`);
        for (let at = offset; at <= offset + raw.length; at++) assert.equal(lazy.toDecodedIndex(at), eager.toDecodedIndex(at), `${raw} offset ${at}`);
      }),
      { seed: 11, numRuns: 3_000 },
    );
  });

  it('decode what JSON.parse decodes, where it accepts the token', () => {
    const raw = '"resources.`node-1`.{ \\"id\\": id, \\"name\\": \\u0041 }"';
    const decoded = decodeRawString(raw, 100);
    assert.equal(decoded.value, JSON.parse(raw));
    // `{ "` : the quote after the brace starts at its backslash in the document.
    const quote = decoded.value.indexOf('"');
    assert.equal(decoded.toDocumentOffset(quote), 100 + raw.indexOf('\\"'));
  });
});
