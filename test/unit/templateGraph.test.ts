import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { graphOfDocument } from '../../server/src/graph/graphOfDocument';
import { countsByNode, nodeAt } from '../../server/src/graph/graphProblems';
import { renderGraph } from '../../server/src/graph/graphText';
import type { TemplateGraph } from '../../server/src/graph/templateGraph';
import { createLanguageService } from '../../server/src/service/languageService';
import { templateDocument } from '../support/cursor';
import { readExample, repoPath } from '../support/fixtures';

const graphOf = (text: string): TemplateGraph => graphOfDocument(templateDocument(text));
const edgeList = (graph: TemplateGraph): string[] => graph.edges.map((e) => `${e.kind}:${e.from}->${e.to}${e.dangling ? ' dangling' : ''}${e.inCycle ? ' cycle' : ''}`);

function legacy(resources: unknown[], version = 3): string {
  return JSON.stringify({ label: 'x', default_runtime_version: version, resources }, null, 2);
}
function v4(resources: unknown[]): string {
  return JSON.stringify({ label: 'x', default_runtime_version: 4, resources }, null, 2);
}

/** The V4 example of the domain reference (§7), as a user would write it. */
const DOMAIN_V4 = v4([
  { name: 'cursor', type: 'get_state', config: { key: 'last_synced_at', default: '{{args.start_date}}' } },
  { name: 'expose-cursor', type: 'add_context', depends_on: 'cursor', config: { expression: '{ "last_synced_at": resources.cursor.value }' } },
  { name: 'tickets', type: 'request', depends_on: 'expose-cursor', resource: 'ticketing/tickets', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
  {
    name: 'comments',
    type: 'request',
    depends_on: 'tickets',
    resource: 'ticketing/comments',
    method: 'list',
    loop_on: 'resources.ticketing.tickets',
    integrated_account_id: '{{args.integrated_account_id}}',
  },
  { name: 'to-webhook', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['tickets', 'comments'] },
  { name: 'done', type: 'event', config: { name: 'complete' } },
  { name: 'advance-cursor', type: 'update_state', depends_on: 'done', config: { key: 'last_synced_at', value: '{{args.start_date}}' } },
  { name: 'merge', type: 'transform', depends_on: 'comments', config: { expression: '$' } },
  { name: 'batch', type: 'spool', depends_on: 'merge' },
  { name: 'forget', type: 'delete_state', config: { key: 'old' } },
]);

describe('template graph: legacy steps (runtime 1–3)', () => {
  it('draws each step as "<method> <resource>" with depends_on edges from parent to child', () => {
    const graph = graphOf(readExample('zendesk-tickets-with-comments.synctemplate.json'));
    assert.equal(graph.format, 'legacy');
    assert.deepEqual(
      graph.nodes.map((n) => [n.id, n.kind, n.label, n.detail ?? null]),
      [
        ['n0', 'step', 'list ticketing/tickets', null],
        ['n1', 'step', 'list ticketing/comments', null],
        ['n2', 'step', 'get ticketing/users', 'persist: false'],
      ],
    );
    assert.deepEqual(edgeList(graph), ['depends_on:n0->n1', 'depends_on:n0->n2']);
  });

  it('marks loop_on and gives each step its document range and a selection on its resource', () => {
    const text = readExample('hris-employees-per-user.synctemplate.json');
    const document = templateDocument(text);
    const graph = graphOfDocument(document);
    const [employees] = graph.nodes;
    assert.equal(employees.loopOn, 'user_ids');
    assert.equal(graph.nodes[1].loopOn, undefined);
    assert.ok(employees.range && employees.selectionRange && employees.offset !== undefined && employees.length !== undefined);
    assert.equal(document.getText(employees.selectionRange), 'hris/employees');
    const stepText = document.getText(employees.range);
    assert.ok(stepText.startsWith('{') && stepText.endsWith('}') && stepText.includes('"loop_on": "user_ids"'), stepText);
    assert.equal(text.slice(employees.offset, employees.offset + employees.length), stepText);
  });

  it('draws an edge from every step with the parent resource when several steps share it', () => {
    const graph = graphOf(
      legacy([
        { resource: 'crm/contacts', method: 'list' },
        { resource: 'crm/contacts', method: 'get', id: '1' },
        { resource: 'crm/notes', method: 'list', depends_on: 'crm/contacts' },
      ]),
    );
    assert.deepEqual(edgeList(graph), ['depends_on:n0->n2', 'depends_on:n1->n2']);
  });

  it('falls back to resources[i] for a step without a resource, and to the resource alone without a method', () => {
    const graph = graphOf(legacy([{ method: 'list' }, { resource: 'crm/contacts' }, { resource: '  ', method: 'get' }]));
    assert.deepEqual(graph.nodes.map((n) => n.label), ['resources[0]', 'crm/contacts', 'resources[2]']);
  });
});

describe('template graph: runtime 4 nodes', () => {
  it('labels nodes by name, kinds them by type, details the facts per type', () => {
    const graph = graphOf(DOMAIN_V4);
    assert.equal(graph.format, 'nodes');
    assert.deepEqual(
      graph.nodes.map((n) => [n.label, n.kind, n.detail]),
      [
        ['cursor', 'get_state', 'get_state · last_synced_at'],
        ['expose-cursor', 'add_context', 'add_context'],
        ['tickets', 'request', 'request · list ticketing/tickets'],
        ['comments', 'request', 'request · list ticketing/comments'],
        ['to-webhook', 'destination', 'destination · webhook'],
        ['done', 'event', 'event · complete'],
        ['advance-cursor', 'update_state', 'update_state · last_synced_at'],
        ['merge', 'transform', 'transform'],
        ['batch', 'spool', 'spool'],
        ['forget', 'delete_state', 'delete_state · old'],
      ],
    );
    assert.equal(graph.nodes[3].loopOn, 'resources.ticketing.tickets');
  });

  it('draws depends_on edges and resources_to_persist edges into the destination', () => {
    const graph = graphOf(DOMAIN_V4);
    assert.deepEqual(edgeList(graph), [
      'depends_on:n0->n1',
      'depends_on:n1->n2',
      'depends_on:n2->n3',
      'persists:n2->n4',
      'persists:n3->n4',
      'depends_on:n5->n6',
      'depends_on:n3->n7',
      'depends_on:n7->n8',
    ]);
    const document = templateDocument(DOMAIN_V4);
    const selection = graphOfDocument(document).nodes[4].selectionRange;
    assert.ok(selection);
    assert.equal(document.getText(selection), 'to-webhook');
  });

  it('shows a name referenced but defined nowhere as one missing node, with dangling edges', () => {
    const graph = graphOf(
      v4([
        { name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'list' },
        { name: 'comments', type: 'request', depends_on: 'tickts', resource: 'ticketing/comments', method: 'list' },
        { name: 'users', type: 'request', depends_on: 'tickts', resource: 'ticketing/users', method: 'list' },
        { name: 'out', type: 'destination', destination_type: 'webhook', resources_to_persist: ['tickets', 'nope', 'tickets', 42] },
      ]),
    );
    const missing = graph.nodes.filter((n) => n.kind === 'missing');
    assert.deepEqual(missing.map((n) => [n.id, n.label, n.range, n.index]), [
      ['m0', 'tickts', undefined, undefined],
      ['m1', 'nope', undefined, undefined],
    ]);
    // A name listed twice draws one edge; a non-string entry draws none.
    assert.deepEqual(edgeList(graph), ['depends_on:m0->n1 dangling', 'depends_on:m0->n2 dangling', 'persists:n0->n3', 'persists:m1->n3 dangling']);
  });

  it('reveals a missing name at its first reference, and selects names with escapes as written', () => {
    const text = v4([
      { name: 'say "hi"', type: 'spool' },
      { name: 'b', type: 'spool', depends_on: 'nowhere' },
      { name: 'c', type: 'spool', depends_on: 'nowhere' },
    ]);
    const document = templateDocument(text);
    const graph = graphOfDocument(document);
    assert.equal(graph.nodes[0].label, 'say "hi"');
    assert.ok(graph.nodes[0].selectionRange);
    assert.equal(document.getText(graph.nodes[0].selectionRange), 'say \\"hi\\"');
    const missing = graph.nodes.find((n) => n.kind === 'missing');
    assert.ok(missing?.selectionRange);
    assert.equal(document.getText(missing.selectionRange), 'nowhere');
    assert.equal(document.offsetAt(missing.selectionRange.start), text.indexOf('"nowhere"') + 1);
  });

  it('marks the edges of a depends_on cycle, and a node that depends on itself', () => {
    const graph = graphOf(
      v4([
        { name: 'a', type: 'transform', depends_on: 'c' },
        { name: 'b', type: 'transform', depends_on: 'a' },
        { name: 'c', type: 'transform', depends_on: 'b' },
        { name: 'd', type: 'transform', depends_on: 'c' },
        { name: 'self', type: 'spool', depends_on: 'self' },
      ]),
    );
    assert.deepEqual(edgeList(graph), ['depends_on:n2->n0 cycle', 'depends_on:n0->n1 cycle', 'depends_on:n1->n2 cycle', 'depends_on:n2->n3', 'depends_on:n4->n4 cycle']);
  });

  it('kinds a node with a missing or unknown type as "node", and names unnamed nodes by position', () => {
    const graph = graphOf(v4([{ name: 'x' }, { name: 'y', type: 'webhook' }, { type: 'request' }, 'not an object', { name: '', type: 'spool' }]));
    assert.deepEqual(
      graph.nodes.map((n) => [n.id, n.label, n.kind]),
      [
        ['n0', 'x', 'node'],
        ['n1', 'y', 'node'],
        ['n2', 'resources[2]', 'request'],
        ['n4', 'resources[4]', 'spool'],
      ],
    );
  });

  it('reads both formats through one model: the same shape gives the same edges', () => {
    const legacyGraph = graphOf(legacy([{ resource: 'a/b', method: 'list' }, { resource: 'a/c', method: 'list', depends_on: 'a/b' }, { resource: 'a/d', method: 'get', depends_on: 'a/c' }]));
    const nodesGraph = graphOf(
      v4([
        { name: 'b', type: 'request', resource: 'a/b', method: 'list' },
        { name: 'c', type: 'request', resource: 'a/c', method: 'list', depends_on: 'b' },
        { name: 'd', type: 'request', resource: 'a/d', method: 'get', depends_on: 'c' },
      ]),
    );
    assert.deepEqual(edgeList(legacyGraph), edgeList(nodesGraph));
    // The version decides: names mean nothing to a legacy template, resource paths nothing to runtime 4.
    assert.deepEqual(edgeList(graphOf(legacy([{ name: 'b', resource: 'a/b' }, { name: 'c', resource: 'a/c', depends_on: 'b' }]))), ['depends_on:m0->n1 dangling']);
  });
});

describe('template graph: any input', () => {
  for (const [what, text] of [
    ['an empty document', ''],
    ['broken JSON', '{ "resources": [ { "name": '],
    ['resources that is not an array', '{ "default_runtime_version": 4, "resources": { "name": "x" } }'],
    ['a top-level array', '[1, 2]'],
  ] as const) {
    it(`has no nodes, and does not throw, for ${what}`, () => {
      const graph = graphOf(text);
      assert.equal(graph.edges.length, 0);
      assert.ok(graph.nodes.length <= 1);
    });
  }

  it('keeps ids unique and every edge between drawn nodes, for every example', () => {
    const examples = readdirSync(repoPath('examples')).filter((f) => f.endsWith('.synctemplate.json'));
    assert.ok(examples.length >= 3);
    for (const file of examples) {
      const text = readExample(file);
      const graph = graphOf(text);
      const ids = new Set(graph.nodes.map((n) => n.id));
      assert.equal(ids.size, graph.nodes.length, file);
      for (const edge of graph.edges) assert.ok(ids.has(edge.from) && ids.has(edge.to), `${file}: ${edge.id}`);
      // One node per element of resources, and an example references nothing undefined.
      const resources = (JSON.parse(text) as { resources: unknown[] }).resources;
      assert.equal(graph.nodes.filter((n) => n.kind !== 'missing').length, resources.length, file);
      assert.ok(!graph.nodes.some((n) => n.kind === 'missing') && !graph.edges.some((e) => e.dangling || e.inCycle), file);
      // Every depends_on and resources_to_persist of the JSON is an edge.
      const entries = resources as { name?: string; resource?: string; depends_on?: string; resources_to_persist?: string[] }[];
      const keyOf = (entry: (typeof entries)[number]) => (graph.format === 'nodes' ? entry.name : entry.resource);
      const expected = entries.flatMap((entry, index) => [
        ...(entry.depends_on ? entries.flatMap((parent, p) => (keyOf(parent) === entry.depends_on ? [`depends_on:n${p}->n${index}`] : [])) : []),
        ...(entry.resources_to_persist ?? []).flatMap((name) => entries.flatMap((source, s) => (keyOf(source) === name ? [`persists:n${s}->n${index}`] : []))),
      ]);
      assert.deepEqual(edgeList(graph).sort(), expected.sort(), file);
    }
  });
});

describe('template graph: error counts and the cursor', () => {
  it('counts each diagnostic in the node whose step contains it, and none outside the steps', async () => {
    const text = JSON.stringify(
      {
        label: 'x',
        default_runtime_version: 4,
        sharing: 'public',
        args_schema: { integrated_account_id: { type: 'string', required: true }, webhook_id: { type: 'string', required: true } },
        resources: [
          { name: 'tickets', type: 'request', resource: 'ticketing/tickets', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
          { name: 'comments', type: 'request', depends_on: 'tickts', resource: 'ticketing/comments', method: 'list', integrated_account_id: '{{args.integrated_account_id}}' },
          { name: 'out', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['comments', 'nope'] },
        ],
      },
      null,
      2,
    );
    const document = templateDocument(text);
    const diagnostics = await createLanguageService().validate(document);
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    const counts = countsByNode(graphOfDocument(document), errors);
    // The depends_on and the persist entry naming nothing; the bad `sharing` is job-level.
    assert.ok((counts.get('n1') ?? 0) >= 1, JSON.stringify(errors));
    assert.ok((counts.get('n2') ?? 0) >= 1, JSON.stringify(errors));
    assert.equal(counts.get('n0'), undefined);
    const counted = [...counts.values()].reduce((a, b) => a + b, 0);
    assert.ok(errors.some((d) => d.range.start.line === 3) && counted < errors.length, 'the sharing error counts for no node');
  });

  it('counts by containment: a range that leaves the step counts for none', () => {
    const graph = graphOf(readExample('zendesk-tickets-with-comments.synctemplate.json'));
    const [first, second] = graph.nodes;
    assert.ok(first.range && second.range);
    const inside = { start: first.range.start, end: first.range.start };
    const across = { start: first.range.start, end: second.range.end };
    assert.deepEqual([...countsByNode(graph, [{ range: inside }, { range: inside }, { range: across }])], [['n0', 2]]);
  });

  it('finds the node under the cursor, and none between steps', () => {
    const document = templateDocument(readExample('zendesk-tickets-with-comments.synctemplate.json'));
    const graph = graphOfDocument(document);
    const text = document.getText();
    assert.equal(nodeAt(graph, document.positionAt(text.indexOf('ticketing/comments')))?.id, 'n1');
    assert.equal(nodeAt(graph, document.positionAt(text.indexOf('requester')))?.id, 'n2');
    assert.equal(nodeAt(graph, document.positionAt(text.indexOf('"label"'))), undefined);
    const last = graph.nodes[2].range;
    assert.ok(last);
    assert.equal(nodeAt(graph, last.end)?.id, 'n2');
    assert.equal(nodeAt(graph, { line: last.end.line, character: last.end.character + 1 }), undefined);
  });
});

describe('template graph as text', () => {
  const tricky = v4([
    { name: 'a "quoted" #name <b> & `tick`', type: 'request', resource: 'x\\y', method: 'list' },
    { name: 'line\nbreak', type: 'event', depends_on: 'a "quoted" #name <b> & `tick`', config: { name: 'complete' } },
  ]);

  it('escapes names for Mermaid: quotes, entities, HTML and backticks become entity codes, line breaks spaces', () => {
    const text = renderGraph(graphOf(tricky), 'mermaid');
    assert.equal(
      text,
      [
        'flowchart TD',
        '  n0["a #34;quoted#34; #35;name #60;b#62; #38; #96;tick#96;<br/>request · list x\\y"]',
        '  n1(["line break<br/>event · complete"])',
        '  n0 --> n1',
        '',
      ].join('\n'),
    );
  });

  it('escapes names for DOT: quotes and backslashes escaped, lines joined with \\n', () => {
    const text = renderGraph(graphOf(tricky), 'dot');
    assert.match(text, /^ {2}n0 \[label="a \\"quoted\\" #name <b> & `tick`\\nrequest · list x\\\\y", shape=box\];$/m);
    assert.match(text, /^ {2}n1 \[label="line break\\nevent · complete", shape=ellipse\];$/m);
    assert.match(text, /^ {2}n0 -> n1;$/m);
  });

  it('gives each node type its own shape, in both formats', () => {
    const graph = graphOf(DOMAIN_V4);
    const mermaid = renderGraph(graph, 'mermaid');
    for (const line of ['n0[("cursor', 'n1[\\"expose-cursor', 'n2["tickets', 'n4{{"to-webhook', 'n5(["done', 'n7[/"merge', 'n8[["batch']) assert.ok(mermaid.includes(line), line);
    assert.match(mermaid, /^ {2}n2 -\.->\|persist\| n4$/m);
    const dot = renderGraph(graph, 'dot');
    for (const [id, shape] of [
      ['n0', 'cylinder'],
      ['n1', 'trapezium'],
      ['n2', 'box'],
      ['n4', 'hexagon'],
      ['n5', 'ellipse'],
      ['n7', 'parallelogram'],
      ['n8', 'box3d'],
    ]) {
      assert.match(dot, new RegExp(`^  ${id} \\[label="[^\\n]*", shape=${shape}[,\\]]`, 'm'), id);
    }
    assert.match(dot, /^ {2}n3 \[.*peripheries=2/m);
    assert.match(dot, /^ {2}n3 -> n4 \[style=dashed, label="persist"\];$/m);
  });

  it('marks missing nodes, errors and cycles', () => {
    const graph = graphOf(v4([{ name: 'a', type: 'spool', depends_on: 'b' }, { name: 'b', type: 'spool', depends_on: 'a' }, { name: 'c', type: 'spool', depends_on: 'zz' }]));
    const errors = new Map([['n2', 2]]);
    const mermaid = renderGraph(graph, 'mermaid', errors);
    assert.ok(mermaid.includes('  m0("zz<br/>not defined")\n'), mermaid);
    assert.ok(mermaid.includes('  n2[["c<br/>spool<br/>⚠ 2 errors"]]\n'), mermaid);
    assert.ok(mermaid.includes('  class m0 missing\n') && mermaid.includes('  class n2 error\n') && mermaid.includes('  linkStyle 0,1 stroke:#d73a49,stroke-width:2px\n'), mermaid);
    const json = JSON.parse(renderGraph(graph, 'json', errors)) as { nodes: { id: string; errors: number; line?: number }[]; edges: { inCycle?: boolean; dangling?: boolean }[] };
    assert.deepEqual(json.nodes.map((n) => [n.id, n.errors]), [['n0', 0], ['n1', 0], ['n2', 2], ['m0', 0]]);
    assert.deepEqual(json.edges.map((e) => [e.inCycle ?? false, e.dangling ?? false]), [[true, false], [true, false], [false, true]]);
    assert.equal(json.nodes[0].line, 6); // its name
  });
});
