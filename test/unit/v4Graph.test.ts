import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { legacyTemplate, TICKETS } from '../support/templates';
import { allDiagnostics, applyFix, checkTemplate } from '../support/v4Check';
import { domainV4, domainV4Nodes, v4Template, withNode } from '../support/v4Templates';

const codes = (found: { code: string }[]) => found.map((d) => d.code).sort();

describe('runtime 4: the node graph', () => {
  it('the V4 example of the domain reference has no diagnostics at all', async () => {
    assert.deepEqual(await allDiagnostics(domainV4()), []);
  });

  it('reports the four mistakes of the issue (a depends_on, a resources_to_persist entry, an undeclared argument)', async () => {
    let nodes = withNode(domainV4Nodes(), 'tickets', (n) => ({ ...n, depends_on: 'expose-cursr' }));
    nodes = withNode(nodes, 'to-webhook', (n) => ({ ...n, resources_to_persist: ['tickets', 'coments'] }));
    nodes = withNode(nodes, 'comments', (n) => ({ ...n, query: { ticket: { id: '{{resources.ticketing.tickets.id}}' }, per_page: '{{args.page_size:int}}' } }));
    const found = await checkTemplate(v4Template({ nodes }));
    assert.deepEqual(codes(found), ['depends-on-unknown', 'unknown-arg', 'unknown-node']);
    const unknown = found.find((d) => d.code === 'depends-on-unknown')!;
    assert.equal(unknown.covered, '"expose-cursr"');
    assert.match(unknown.message, /No node is named "expose-cursr".*Did you mean "expose-cursor"\?/);
    const persist = found.find((d) => d.code === 'unknown-node')!;
    assert.equal(persist.covered, '"coments"');
    assert.equal(persist.diagnostic.severity, DiagnosticSeverity.Error);
    assert.match(persist.message, /never receives records from it\. Did you mean "comments"\?/);
  });

  describe('depends-on-unknown', () => {
    it('fires on a name no node has, with a did-you-mean fix that makes the template clean', async () => {
      const text = v4Template({ nodes: withNode(domainV4Nodes(), 'comments', (n) => ({ ...n, depends_on: 'tickes' })) });
      const fixed = await applyFix(text, 'depends-on-unknown', 'Change to "tickets"');
      assert.equal(fixed, domainV4());
    });

    it('lists the nodes when nothing is close, and says "node", never "step"', async () => {
      const [d] = await checkTemplate(v4Template({ nodes: withNode(domainV4Nodes(), 'advance-cursor', (n) => ({ ...n, depends_on: 'zzzzzzzz' })) }).replace('"depends_on": "done"', '"depends_on": "zzzzzzzz"'));
      assert.equal(d.code, 'depends-on-unknown');
      assert.match(d.message, /Nodes in this template: "cursor", "expose-cursor"/);
      assert.doesNotMatch(d.message, /step/);
    });

    it('near miss: a depends_on naming an existing node later in the file is fine', async () => {
      const nodes = domainV4Nodes();
      nodes.reverse();
      assert.deepEqual(await checkTemplate(v4Template({ nodes })), []);
    });

    it('legacy steps keep their own wording from the same implementation', async () => {
      const [d] = await checkTemplate(legacyTemplate({ steps: [TICKETS, { resource: 'ticketing/comments', method: 'list', depends_on: 'ticketing/tickts' }] }));
      assert.equal(d.code, 'depends-on-unknown');
      assert.match(d.message, /No step has "resource": "ticketing\/tickts", so this step has no parent to run for\. Did you mean "ticketing\/tickets"\?/);
    });
  });

  describe('depends-on-cycle', () => {
    it('names the whole cycle on every edge', async () => {
      const nodes = [
        { name: 'a', type: 'spool', depends_on: 'c' },
        { name: 'b', type: 'spool', depends_on: 'a' },
        { name: 'c', type: 'spool', depends_on: 'b' },
        { name: 'd', type: 'spool', depends_on: 'c' },
      ];
      const found = await checkTemplate(v4Template({ nodes, args: null, extra: { mutex_key: undefined, state_key: undefined, args_validation: undefined } }));
      const cycles = found.filter((d) => d.code === 'depends-on-cycle');
      assert.deepEqual(cycles.map((d) => d.covered), ['"c"', '"a"', '"b"']);
      for (const d of cycles) assert.match(d.message, /"a" → "c" → "b" → "a"\. None of these nodes can start/);
      assert.equal(found.length, 3, 'the node below the cycle is not an edge of it');
    });

    it('reports a node that depends on itself', async () => {
      const nodes = withNode(domainV4Nodes(), 'comments', (n) => ({ ...n, depends_on: 'comments' }));
      const found = await checkTemplate(v4Template({ nodes }));
      const self = found.find((d) => d.code === 'depends-on-cycle')!;
      assert.match(self.message, /"comments" depends on itself\. This node waits for itself and never runs/);
    });

    it('near miss: a diamond is not a cycle', async () => {
      const nodes = [
        { name: 'a', type: 'spool' },
        { name: 'b', type: 'spool', depends_on: 'a' },
        { name: 'c', type: 'spool', depends_on: 'a' },
        { name: 'out', type: 'destination', destination_type: 'webhook', config: { id: '{{args.webhook_id}}' }, resources_to_persist: ['b', 'c'] },
      ];
      assert.deepEqual(await checkTemplate(v4Template({ nodes, args: { webhook_id: { type: 'string', format: 'webhook_id' } }, extra: { mutex_key: undefined, state_key: undefined } })), []);
    });
  });

  describe('duplicate-node-name', () => {
    it('is an error on every copy', async () => {
      const nodes = [...domainV4Nodes(), { name: 'tickets', type: 'spool', depends_on: 'comments' }];
      const found = (await checkTemplate(v4Template({ nodes }))).filter((d) => d.code === 'duplicate-node-name');
      assert.equal(found.length, 2);
      for (const d of found) {
        assert.equal(d.covered, '"tickets"');
        assert.equal(d.diagnostic.severity, DiagnosticSeverity.Error);
        assert.match(d.message, /2 nodes are named "tickets"/);
      }
    });

    it('near miss: names that differ only by a suffix are distinct', async () => {
      const nodes = [...domainV4Nodes(), { name: 'tickets-2', type: 'spool', depends_on: 'tickets' }];
      assert.deepEqual(await checkTemplate(v4Template({ nodes })), []);
    });
  });

  describe('unknown-node', () => {
    it('fires on a resources_to_persist entry naming no node, and its fix makes the template clean', async () => {
      const text = v4Template({ nodes: withNode(domainV4Nodes(), 'to-webhook', (n) => ({ ...n, resources_to_persist: ['tickets', 'commets'] })) });
      assert.equal(await applyFix(text, 'unknown-node', 'Change to "comments"'), domainV4());
    });

    it('near miss: an entry naming a node that is not a request is fine', async () => {
      const nodes = [...domainV4Nodes(), { name: 'merged', type: 'spool', depends_on: 'comments' }];
      const withMerged = withNode(nodes, 'to-webhook', (n) => ({ ...n, resources_to_persist: ['merged'] }));
      assert.deepEqual(await checkTemplate(v4Template({ nodes: withMerged })), []);
    });
  });

  it('severity overrides apply to every new code (off and a changed level)', async () => {
    let nodes = withNode(domainV4Nodes(), 'to-webhook', (n) => ({ ...n, resources_to_persist: ['nope'] }));
    nodes = [...nodes, { name: 'done', type: 'spool' }];
    const text = v4Template({ nodes });
    assert.deepEqual(codes(await checkTemplate(text)), ['duplicate-node-name', 'duplicate-node-name', 'unknown-node']);
    const changed = await checkTemplate(text, { diagnostics: { 'unknown-node': 'off', 'duplicate-node-name': 'warning' } });
    assert.deepEqual(changed.map((d) => [d.code, d.diagnostic.severity]), [
      ['duplicate-node-name', DiagnosticSeverity.Warning],
      ['duplicate-node-name', DiagnosticSeverity.Warning],
    ]);
  });
});
