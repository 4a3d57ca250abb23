import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits, withCursor } from '../support/cursor';

const service = createLanguageService();

const ARGS = `"args_schema": {
    "user_id": { "type": "string", "required": true, "description": "The user" },
    "user_ids": { "type": "array" },
    "page": { "type": "integer" }
  }`;

/** A legacy template with the cursor somewhere in its steps. */
function template(steps: string): string {
  return `{
  "label": "t",
  "default_runtime_version": 3,
  ${ARGS},
  "resources": [
    { "resource": "ticketing/tickets", "method": "list" },
    { "resource": "contacts", "method": "list", "depends_on": "ticketing/tickets" },
    ${steps}
  ]
}`;
}

async function completeAt(fixture: string): Promise<{ items: CompletionItem[]; apply: (label: string) => string }> {
  const { document, position } = withCursor(fixture);
  const list = await service.complete(document, position);
  return {
    items: list.items,
    apply: (label) => {
      const item = list.items.find((i) => i.label === label);
      assert.ok(item, `no item ${label} in ${list.items.map((i) => i.label).join(', ')}`);
      return applyEdits(document, [item.textEdit as TextEdit]);
    },
  };
}

describe('completion inside placeholders', () => {
  it('offers the roots right after {{', async () => {
    const { items } = await completeAt(template('{ "resource": "x", "method": "get", "id": "{{<|>}}" }'));
    assert.deepEqual(items.map((i) => i.label), ['args', 'resources', 'previous_run_date']);
  });

  it('offers declared args with type and description after args., replacing only the token', async () => {
    const fixture = template('{ "resource": "x", "method": "get", "id": "pre-{{args.us<|>}}-post" }');
    const { items, apply } = await completeAt(fixture);
    assert.deepEqual(items.map((i) => i.label).sort(), ['page', 'user_id', 'user_ids']);
    const userId = items.find((i) => i.label === 'user_id')!;
    assert.equal(userId.detail, 'string · required');
    assert.match(JSON.stringify(userId.documentation), /The user/);
    assert.match(apply('user_ids'), /"id": "pre-\{\{args\.user_ids\}\}-post"/);
  });

  it('replaces the whole token under the cursor, also the part after it', async () => {
    const { apply } = await completeAt(template('{ "resource": "x", "method": "get", "id": "{{args.us<|>er_id}}" }'));
    assert.match(apply('page'), /"id": "\{\{args\.page\}\}"/);
  });

  it('works on a half-typed placeholder at the end of an unterminated string', async () => {
    const { items } = await completeAt('{ "label": "t", "args_schema": { "a1": {} }, "resources": [ { "resource": "x", "method": "get", "id": "{{args.<|>');
    assert.deepEqual(items.map((i) => i.label), ['a1']);
  });

  it('offers only upstream steps after resources., as placeholder paths', async () => {
    const { items, apply } = await completeAt(template('{ "resource": "notes", "method": "list", "depends_on": "contacts", "query": { "c": "{{resources.<|>}}" } }'));
    assert.deepEqual(items.map((i) => i.label), ['ticketing.tickets', 'contacts']);
    assert.match(apply('ticketing.tickets'), /"c": "\{\{resources\.ticketing\.tickets\}\}"/);
  });

  it('offers the resource after resources.<api>.', async () => {
    const { items } = await completeAt(template('{ "resource": "notes", "method": "list", "depends_on": "contacts", "query": { "c": "{{resources.ticketing.<|>}}" } }'));
    assert.deepEqual(items.map((i) => i.label), ['tickets']);
  });

  it('offers no steps to a step without depends_on', async () => {
    const { items } = await completeAt(template('{ "resource": "notes", "method": "list", "query": { "c": "{{resources.<|>}}" } }'));
    assert.deepEqual(items, []);
  });

  it('offers casts and flags after :', async () => {
    const { items, apply } = await completeAt(template('{ "resource": "x", "method": "get", "id": "{{args.page:<|>}}" }'));
    assert.deepEqual(items.map((i) => i.label), ['str', 'int', 'num', 'bool', 'json', 'any', 'null', 'undefined', 'ignore-empty-str']);
    assert.match(apply('int'), /"id": "\{\{args\.page:int\}\}"/);
  });

  it('offers roots again after |, and nothing in a ?: default', async () => {
    const afterBar = await completeAt(template('{ "resource": "x", "method": "get", "id": "{{args.page|<|>}}" }'));
    assert.ok(afterBar.items.some((i) => i.label === 'args'));
    const inDefault = await completeAt(template('{ "resource": "x", "method": "get", "id": "{{args.page?:<|>}}" }'));
    assert.deepEqual(inDefault.items, []);
  });

  it('keeps positions exact after escapes in the same string', async () => {
    const { apply } = await completeAt(template('{ "resource": "x", "method": "get", "id": "\\u0041\\"{{args.p<|>}}" }'));
    assert.match(apply('page'), /"id": "\\u0041\\"\{\{args\.page\}\}"/);
  });

  it('does not treat plain-text fields as templates', async () => {
    const { items } = await completeAt('{ "label": "{{args.<|>}}", "args_schema": { "a": {} } }');
    assert.ok(!items.some((i) => i.label === 'a'));
  });
});

describe('completion of step values', () => {
  it('depends_on: other steps, never itself or its descendants, earlier first', async () => {
    const fixture = `{ "label": "t", "default_runtime_version": 3, "resources": [
      { "resource": "a/one", "method": "list" },
      { "resource": "a/two", "method": "list", "depends_on": "<|>" },
      { "resource": "a/three", "method": "list", "depends_on": "a/two" },
      { "resource": "a/four", "method": "list" }
    ] }`;
    const { items, apply } = await completeAt(fixture);
    const sorted = [...items].sort((x, y) => (x.sortText ?? '').localeCompare(y.sortText ?? '')).map((i) => i.label);
    assert.deepEqual(sorted, ['a/one', 'a/four']);
    assert.match(apply('a/one'), /"depends_on": "a\/one"/);
  });

  it('loop_on: arguments, arrays first', async () => {
    const { items } = await completeAt(template('{ "resource": "x", "method": "get", "loop_on": "<|>" }'));
    const sorted = [...items].sort((x, y) => (x.sortText ?? '').localeCompare(y.sortText ?? '')).map((i) => i.label);
    assert.deepEqual(sorted, ['user_ids', 'page', 'user_id']);
  });

  it('resource: the unified API catalogue with methods', async () => {
    const { items, apply } = await completeAt(template('{ "resource": "ticketing/t<|>", "method": "list" }'));
    const tickets = items.find((i) => i.label === 'ticketing/tickets');
    assert.ok(tickets);
    assert.match(tickets.detail ?? '', /list, get, create, update/);
    assert.ok(items.length > 150);
    assert.match(apply('crm/contacts'), /"resource": "crm\/contacts", "method": "list"/);
  });
});
