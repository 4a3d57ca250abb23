import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { applyEdits, cursorAtMarker, templateDocument } from '../support/cursor';
import { domainV4, domainV4Nodes, recursingPagesNode, v4Template, withNode } from '../support/v4Templates';

const service = createLanguageService();

const at = cursorAtMarker;

/** The example plus a node that reads `tickets` by name in a placeholder and in loop_on. */
function navigationTemplate(): string {
  const nodes = [
    ...domainV4Nodes(),
    { name: 'flat', type: 'transform', depends_on: 'tickets', config: { expression: 'resources.tickets' } },
    {
      name: 'users',
      type: 'request',
      depends_on: 'flat',
      resource: 'ticketing/users',
      method: 'get',
      loop_on: 'resources.tickets',
      id: '{{resources.tickets.assignee_id}}',
      integrated_account_id: '{{args.integrated_account_id}}',
    },
  ];
  return v4Template({ nodes: withNode(nodes, 'to-webhook', (n) => ({ ...n, resources_to_persist: ['tickets', 'comments', 'users'] })) });
}

const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);
const hoverText = (hover: Hover | null) => (hover?.contents as MarkupContent).value;

describe('runtime 4: navigation and editing', () => {
  it('outline: each node with its name, type (and resource) and parent', () => {
    const symbols = service.documentSymbols(templateDocument(domainV4()));
    const resources = symbols.find((s) => s.name === 'resources')!;
    assert.equal(resources.detail, '7 nodes');
    assert.deepEqual(resources.children!.map((c) => [c.name, c.detail]), [
      ['cursor', 'get_state'],
      ['expose-cursor', 'add_context ← cursor'],
      ['tickets', 'request ticketing/tickets ← expose-cursor'],
      ['comments', 'request ticketing/comments ← tickets'],
      ['to-webhook', 'destination'],
      ['done', 'event'],
      ['advance-cursor', 'update_state ← done'],
    ]);
  });

  it('definition of a node name from depends_on, resources_to_persist, a placeholder and loop_on', () => {
    const text = navigationTemplate();
    const declaration = text.indexOf('"name": "tickets"') + '"name": "'.length;
    for (const [marker, occurrence, shift] of [['"depends_on": "tickets"', 0, 16], ['"tickets",', 0, 2], ['{{resources.tickets.', 0, 13], ['"resources.tickets"', 1, 12]] as const) {
      const { document, position } = at(text, marker, occurrence, shift);
      const [location] = service.definition(document, position);
      assert.ok(location, marker);
      assert.equal(document.offsetAt(location.range.start), declaration, marker);
    }
  });

  it('references and rename reach every kind: name, depends_on (2), resources_to_persist, placeholder, loop_on', () => {
    const text = navigationTemplate();
    const { document, position } = at(text, '"name": "tickets"', 0, 10);
    // JSONata reads (the transform's `resources.tickets`) count too, where the JSONata support finds them.
    const inJsonata = (offset: number) => offset > text.indexOf('"expression": "resources.tickets"') && offset < text.indexOf('"expression": "resources.tickets"') + 40;
    const references = service.references(document, position, true).filter((r) => !inJsonata(document.offsetAt(r.range.start)));
    assert.equal(references.length, 6);
    const prepared = service.prepareRename(document, position);
    assert.ok('placeholder' in prepared && prepared.placeholder === 'tickets');
    const result = service.rename(document, position, 'all-tickets');
    assert.ok('edit' in result);
    const edits = (result.edit.changes![document.uri] as TextEdit[]).filter((e) => !inJsonata(document.offsetAt(e.range.start)));
    const renamed = applyEdits(document, edits);
    assert.equal(renamed.match(/all-tickets/g)?.length, 6);
    // The resource path reads (`{{resources.ticketing.tickets…}}`, loop_on) are not the name: unchanged.
    assert.ok(renamed.includes('"loop_on": "resources.ticketing.tickets"') && renamed.includes('{{resources.ticketing.tickets.id}}'));
    assert.ok(renamed.includes('"loop_on": "resources.all-tickets"') && renamed.includes('{{resources.all-tickets.assignee_id}}'));
  });

  it('a request\'s resource path: definition and references from its reads; rename says what to do instead', () => {
    const text = domainV4();
    const { document, position } = at(text, '{{resources.ticketing.tickets.id}}', 0, 14);
    const [location] = service.definition(document, position);
    assert.equal(document.offsetAt(location.range.start), text.indexOf('"resource": "ticketing/tickets"') + '"resource": "'.length);
    const found = service.references(document, position, true).map((l) => document.getText(l.range));
    assert.deepEqual(found, ['ticketing/tickets', 'ticketing.tickets', 'ticketing.tickets']);
    assert.match(String((service.prepareRename(document, position) as { error: string }).error), /rename the node \(its name\) instead/);
  });

  it('rename refuses a name that exists or that placeholders cannot read', () => {
    const { document, position } = at(navigationTemplate(), '"name": "tickets"', 0, 10);
    assert.match(String((service.rename(document, position, 'comments') as { error: string }).error), /already named "comments"/);
    assert.match(String((service.rename(document, position, 'my tickets') as { error: string }).error), /cannot be a node name/);
  });

  it('completes depends_on with other nodes, never itself or a descendant', async () => {
    const { document, position } = at(navigationTemplate(), '"depends_on": "expose-cursor"', 0, 16);
    const list = await service.complete(document, position);
    const names = labels(list.items);
    assert.ok(names.includes('expose-cursor') && names.includes('cursor') && names.includes('done') && names.includes('to-webhook'));
    for (const excluded of ['tickets', 'comments', 'flat', 'users']) assert.ok(!names.includes(excluded), excluded);
  });

  it('completes resources_to_persist entries with nodes not yet listed', async () => {
    const text = v4Template({ nodes: withNode(domainV4Nodes(), 'to-webhook', (n) => ({ ...n, resources_to_persist: ['tickets', ''] })) });
    const { document, position } = at(text, '""', 0, 1);
    const names = labels((await service.complete(document, position)).items);
    assert.ok(names.includes('comments') && names.includes('cursor'));
    assert.ok(!names.includes('tickets') && !names.includes('to-webhook'));
    assert.equal(names[0], 'cursor');
  });

  it('completes upstream nodes after {{resources. (by name, and requests by resource path)', async () => {
    const text = v4Template({ nodes: withNode(domainV4Nodes(), 'comments', (n) => ({ ...n, query: { x: '{{resources.}}' } })) });
    const { document, position } = at(text, '{{resources.}}', 0, 12);
    const names = labels((await service.complete(document, position)).items);
    assert.deepEqual(names, ['cursor', 'expose-cursor', 'tickets', 'ticketing.tickets']);
  });

  it('inside a request\'s recurse, offers and explains the node\'s own output', async () => {
    const page = recursingPagesNode({ cursor: '{{resources.}}' });
    const text = v4Template({ nodes: [...domainV4Nodes(), page] });
    const completion = at(text, '{{resources.}}', 0, 12);
    assert.deepEqual(labels((await service.complete(completion.document, completion.position)).items), ['pages', 'knowledge-base.page-content']);
    const hover = at(text, 'page-content.has_children', 0, 2);
    assert.match(hoverText(await service.hover(hover.document, hover.position)), /This node's own output \(the previous call, inside recurse\)/);
  });

  it('offers add_context keys as roots, and payload only in a destination', async () => {
    const text = v4Template({ nodes: withNode(domainV4Nodes(), 'tickets', (n) => ({ ...n, query: { x: '{{}}' } })) });
    const { document, position } = at(text, '{{}}', 0, 2);
    const names = labels((await service.complete(document, position)).items);
    assert.deepEqual(names, ['args', 'resources', 'last_synced_at']);
    const destination = v4Template({ nodes: withNode(domainV4Nodes(), 'to-webhook', (n) => ({ ...n, config: { id: '{{args.webhook_id}}', headers: { a: '{{}}' } } })) });
    const inDestination = at(destination, '{{}}', 0, 2);
    assert.ok(labels((await service.complete(inDestination.document, inDestination.position)).items).includes('payload'));
  });

  it('hover explains an add_context key, a node read by name, and a resources_to_persist entry', async () => {
    const text = navigationTemplate();
    const key = at(text, '{{last_synced_at}}', 0, 4);
    assert.match(hoverText(await service.hover(key.document, key.position)), /added by the add_context node \*\*expose-cursor\*\*/);
    const byName = at(text, '{{resources.tickets.', 0, 14);
    assert.match(hoverText(await service.hover(byName.document, byName.position)), /\*\*Node tickets\*\* · request · `ticketing\/tickets` list/);
    const persisted = at(text, '"comments",', 1, 3);
    assert.match(hoverText(await service.hover(persisted.document, persisted.position)), /This destination sends what this node outputs/);
  });

  it('code action: add the missing integrated_account_id to a request node (declaring the argument)', async () => {
    const text = v4Template({
      nodes: withNode(domainV4Nodes(), 'comments', (n) => ({ ...n, integrated_account_id: undefined })),
      args: { webhook_id: { type: 'string', format: 'webhook_id', required: true }, start_date: { type: 'string', format: 'date', required: true } },
      extra: { mutex_key: undefined, state_key: '{{args.webhook_id}}' },
    }).replace(/"integrated_account_id": "\{\{args\.integrated_account_id\}\}",?\n\s*/g, (m, offset, whole: string) => (whole.indexOf('"name": "comments"') < offset && offset < whole.indexOf('"name": "to-webhook"') ? '' : m));
    const { document, position } = at(text, '"name": "comments"', 0, 3);
    const actions = service.codeActions(document, { start: position, end: position }, []);
    const add = actions.find((a) => a.title.startsWith('Add "integrated_account_id"'));
    assert.ok(add, actions.map((a) => a.title).join(', '));
    const fixed = applyEdits(document, add.edit!.changes![document.uri] as TextEdit[]);
    const parsed = JSON.parse(fixed) as { args_schema: Record<string, unknown>; resources: { name: string; integrated_account_id?: string }[] };
    assert.equal(parsed.resources.find((n) => n.name === 'comments')!.integrated_account_id, '{{args.integrated_account_id}}');
    assert.deepEqual(parsed.args_schema.integrated_account_id, { type: 'string', format: 'integrated_account_id', required: true });
    // Near miss: a request that has it gets no such action.
    const other = at(fixed, '"name": "comments"', 0, 3);
    assert.ok(!service.codeActions(other.document, { start: other.position, end: other.position }, []).some((a) => a.title.startsWith('Add "integrated_account_id"')));
  });
});
