import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits, cursorAtMarker } from '../support/cursor';

const service = createLanguageService();

const TEMPLATE = `{
  "label": "t",
  "default_runtime_version": 3,
  "args_schema": {
    "type": "object",
    "properties": {
      "user_id": { "type": "string", "required": true, "description": "The user to sync", "default": "me" },
      "user_ids": { "type": "array" }
    }
  },
  "args_validation": "$exists(args.user_id) ? null : { \\"message\\": \\"user_id\\" }",
  "resources": [
    { "resource": "ticketing/tickets", "method": "list", "query": { "u": "{{args.user_id}}" } },
    { "resource": "ticketing/comments", "method": "list", "depends_on": "ticketing/tickets",
      "query": { "t": "{{resources.ticketing.tickets.id}}", "u": "x-{{args.user_id|args.user_ids:str}}" } },
    { "resource": "ticketing/users", "method": "get", "loop_on": "user_ids", "depends_on": "ticketing/comments",
      "id": "{{resources.ticketing.tickets.assignee.id}}" }
  ]
}`;

/** TEMPLATE with the cursor placed before the n-th (0-based) occurrence of `marker`, shifted by `shift`. */
function at(marker: string, occurrence = 0, shift = 1) {
  return cursorAtMarker(TEMPLATE, marker, occurrence, shift);
}

function hoverText(hover: Hover | null): string {
  assert.ok(hover);
  return (hover.contents as MarkupContent).value;
}

describe('hover in placeholders', () => {
  it('shows an argument’s type, required flag, description and default', async () => {
    const { document, position } = at('user_id}}');
    const text = hoverText(await service.hover(document, position));
    assert.match(text, /\*\*args\.user_id\*\* — string · required/);
    assert.match(text, /The user to sync/);
    assert.match(text, /Default: `"me"`/);
  });

  it('shows the upstream step a resources path reads', async () => {
    const { document, position } = at('ticketing.tickets.id');
    assert.match(hoverText(await service.hover(document, position)), /Step 1: ticketing\/tickets\*\* · `list`/);
  });

  it('explains a cast and the | fallback', async () => {
    const cast = at(':str}}', 0, 2);
    assert.match(hoverText(await service.hover(cast.document, cast.position)), /\*\*:str\*\*/);
    const bar = at('|args.user_ids', 0, 0);
    assert.match(hoverText(await service.hover(bar.document, bar.position)), /fallback/);
  });

  it('explains the args root, and shows the argument on a loop_on value', async () => {
    const root = at('args.user_id}}', 0, 1);
    assert.match(hoverText(await service.hover(root.document, root.position)), /arguments of the run/);
    const loop = at('"user_ids", "depends_on"', 0, 3);
    assert.match(hoverText(await service.hover(loop.document, loop.position)), /args\.user_ids\*\* — array/);
  });

  it('leaves the schema hover for keys', async () => {
    const { document, position } = at('"loop_on"', 0, 3);
    assert.match(hoverText(await service.hover(document, position)), /array argument/);
  });
});

describe('definition and references', () => {
  it('goes from a placeholder argument to its key in args_schema', () => {
    const { document, position } = at('user_id}}');
    const [location] = service.definition(document, position);
    assert.equal(document.getText(location.range), 'user_id');
    assert.equal(location.range.start.line, 6);
  });

  it('goes from depends_on and from {{resources.…}} to the step', () => {
    const fromDependsOn = at('ticketing/tickets",\n      "query"', 0, 3);
    const [a] = service.definition(fromDependsOn.document, fromDependsOn.position);
    assert.equal(a.range.start.line, 12);
    const fromPlaceholder = at('tickets.id');
    const [b] = service.definition(fromPlaceholder.document, fromPlaceholder.position);
    assert.equal(fromPlaceholder.document.getText(b.range), 'ticketing/tickets');
  });

  it('finds every use of an argument: placeholders, fallbacks, loop_on and JSONata', () => {
    const { document, position } = at('"user_id": { "type"', 0, 2);
    const found = service.references(document, position, true).map((l) => `${l.range.start.line}:${document.getText(l.range)}`);
    assert.deepEqual(found, ['6:user_id', '12:user_id', '14:user_id', '10:user_id']);
    const arrays = service.references(document, at('user_ids": { "type"').position, false).map((l) => l.range.start.line);
    assert.deepEqual(arrays, [14, 15]);
  });

  it('finds every use of a step', () => {
    const { document, position } = at('ticketing/tickets", "method"', 0, 2);
    const found = service.references(document, position, true).map((l) => `${l.range.start.line}:${document.getText(l.range)}`);
    assert.deepEqual(found, ['12:ticketing/tickets', '14:ticketing.tickets', '16:ticketing.tickets', '13:ticketing/tickets']);
  });
});

describe('rename', () => {
  it('renames an argument everywhere in one edit', () => {
    const { document, position } = at('user_id}}');
    const prepared = service.prepareRename(document, position);
    assert.ok('range' in prepared);
    assert.equal(prepared.placeholder, 'user_id');
    const result = service.rename(document, position, 'agent');
    assert.ok('edit' in result);
    const edited = applyEdits(document, result.edit.changes![document.uri] as TextEdit[]);
    assert.equal((edited.match(/args\.agent\b/g) ?? []).length, 3);
    assert.match(edited, /"agent": \{ "type": "string"/);
    assert.match(edited, /\$exists\(args\.agent\)/);
    assert.doesNotMatch(edited, /args\.user_id\b/);
  });

  it('quotes a dashed name in JSONata', () => {
    const { document, position } = at('user_id}}');
    const result = service.rename(document, position, 'user-key');
    assert.ok('edit' in result);
    assert.match(applyEdits(document, result.edit.changes![document.uri] as TextEdit[]), /\$exists\(args\.`user-key`\)/);
  });

  it('renames a step: resource, depends_on and placeholder paths', () => {
    const { document, position } = at('ticketing/tickets", "method"', 0, 2);
    const result = service.rename(document, position, 'ticketing/issues');
    assert.ok('edit' in result);
    const edited = applyEdits(document, result.edit.changes![document.uri] as TextEdit[]);
    assert.doesNotMatch(edited, /ticketing[./]tickets/);
    assert.equal((edited.match(/ticketing\.issues/g) ?? []).length, 2);
    assert.equal((edited.match(/ticketing\/issues/g) ?? []).length, 2);
  });

  it('refuses bad names, existing names, and places with nothing to rename', () => {
    const { document, position } = at('user_id}}');
    assert.ok('error' in service.rename(document, position, 'has space'));
    assert.ok('error' in service.rename(document, position, 'user_ids'));
    const nothing = at('"label"', 0, 2);
    assert.ok('error' in service.prepareRename(nothing.document, nothing.position));
  });
});
