import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snippetToPlainText } from '../../server/src/service/snippetText';

describe('snippetToPlainText', () => {
  const cases: [string, string][] = [
    ['"resource": "${1:ticketing/tickets}"', '"resource": "ticketing/tickets"'],
    ['"method": "${2|list,get,create|}"', '"method": "list"'],
    ['{$1}', '{}'],
    ['a ${1:outer ${2:inner}} b', 'a outer inner b'],
    ['price: \\$5 \\} done', 'price: $5 } done'],
    ['"{{resources.${4:ticketing.tickets}.id}}"', '"{{resources.ticketing.tickets.id}}"'],
    ['"required": ${3|true,false|}', '"required": true'],
    ['${TM_FILENAME} and ${1}', ' and '],
    ['plain {} text', 'plain {} text'],
  ];
  for (const [snippet, expected] of cases) {
    it(`renders ${snippet}`, () => assert.equal(snippetToPlainText(snippet), expected));
  }
});
