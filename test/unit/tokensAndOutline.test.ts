import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SymbolKind } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { SEMANTIC_TOKEN_LEGEND } from '../../server/src/service/semanticTokens';
import { decodeRawString } from '../../server/src/service/template/rawString';
import { decodeSemanticTokens, templateDocument } from '../support/cursor';
import { COMMENTS, legacyTemplate, TICKETS } from '../support/templates';

const service = createLanguageService();

describe('semantic tokens', () => {
  it('colours braces, root, path, cast, operators and default, at raw positions', () => {
    const text = '{ "default_runtime_version": 3, "resources": [ { "resource": "x", "method": "get", "id": "\\u0041{{args.a:int|b?:z}}" } ] }';
    const document = templateDocument(text);
    const tokens = decodeSemanticTokens(document, service.semanticTokens(document).data, SEMANTIC_TOKEN_LEGEND.tokenTypes);
    assert.deepEqual(tokens, ['{{:macro', 'args:variable', 'a:property', 'int:type', '|:operator', 'b:variable', '?::operator', 'z:string', '}}:macro']);
  });
});

describe('outline', () => {
  it('lists arguments and steps by resource path and method', () => {
    const text = legacyTemplate({ args: { type: 'object', properties: { user_id: { type: 'string', required: true } } }, steps: [TICKETS, COMMENTS] });
    const symbols = service.documentSymbols(templateDocument(text));
    const args = symbols.find((s) => s.name === 'args_schema')!;
    assert.deepEqual(args.children?.map((c) => [c.name, c.detail, c.kind]), [['user_id', 'string · required', SymbolKind.Variable]]);
    const steps = symbols.find((s) => s.name === 'resources')!;
    assert.deepEqual(steps.children?.map((c) => [c.name, c.detail]), [
      ['ticketing/tickets', 'list'],
      ['ticketing/comments', 'list ← ticketing/tickets'],
    ]);
  });
});

describe('raw string positions', () => {
  it('maps decoded indices to raw offsets through every kind of escape, and back', () => {
    const raw = '"a\\"b\\u0041\\n\\\\c"';
    const s = decodeRawString(raw, 10);
    assert.equal(s.value, 'a"bA\n\\c');
    const expected = [11, 12, 14, 15, 21, 23, 25, 26];
    assert.deepEqual([...Array(s.value.length + 1).keys()].map((i) => s.toDocumentOffset(i)), expected);
    for (let i = 0; i <= s.value.length; i++) assert.equal(s.toDecodedIndex(expected[i]), i);
    assert.equal(s.toDecodedIndex(17), 3); // inside \u0041: before it
  });

  it('handles an unterminated string', () => {
    const s = decodeRawString('"{{args.', 0);
    assert.equal(s.value, '{{args.');
    assert.equal(s.toDocumentOffset(7), 8);
  });
});
