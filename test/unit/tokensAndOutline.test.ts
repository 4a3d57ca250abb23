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

  it('counts lines as the editor does, whatever the line breaks, placeholders and JSONata together', () => {
    const lines = [
      '{',
      '  "default_runtime_version": 4,',
      '  "resources": [',
      '    { "name": "a", "type": "request", "resource": "x/y", "method": "list", "query": { "q": "{{args.a}}" }, "run_if": "$exists(args.a)" },',
      '    { "name": "b", "type": "transform", "depends_on": "a", "config": { "expression": "resources.a.{ \\"id\\": id }" } }',
      '  ]',
      '}',
    ];
    const expected = decodeSemanticTokens(templateDocument(lines.join('\n')), service.semanticTokens(templateDocument(lines.join('\n'))).data, SEMANTIC_TOKEN_LEGEND.tokenTypes);
    assert.ok(expected.includes('{{:macro') && expected.includes('$exists:function'), expected.join(' '));
    for (const lineBreak of ['\r\n', '\r', '\n\n']) {
      const document = templateDocument(lines.join(lineBreak));
      const data = service.semanticTokens(document).data;
      assert.deepEqual(decodeSemanticTokens(document, data, SEMANTIC_TOKEN_LEGEND.tokenTypes), expected, JSON.stringify(lineBreak));
      // Every token on the line the document says it starts on.
      let line = 0;
      for (let i = 0; i < data.length; i += 5) line += data[i];
      assert.equal(line, document.positionAt(document.getText().lastIndexOf('id')).line, JSON.stringify(lineBreak));
    }
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
