import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { repoPath } from '../support/fixtures';

/** Runs the bundled CLI, as users and CI run it. */
function cli(args: string[], cwd = repoPath()): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [repoPath('dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'synctemplate-graph-'));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

/** Runs the CLI in-process (for sweeps over many files; the exact tests run the bundle). */
async function cliInProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: () => undefined }, 'test');
  return { code, stdout };
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** The examples' graphs, exactly: a change to the output format must be deliberate. */
const EXPECTED: Record<string, { mermaid: string; dot: string }> = {
  'zendesk-tickets-with-comments.synctemplate.json': {
    mermaid: lines(
      'flowchart TD',
      '  n0["list ticketing/tickets"]',
      '  n1["list ticketing/comments"]',
      '  n2["get ticketing/users<br/>persist: false"]',
      '  n0 --> n1',
      '  n0 --> n2',
    ),
    dot: lines(
      'digraph template {',
      '  rankdir=TB;',
      '  node [fontname="Helvetica", fontsize=11];',
      '  edge [fontname="Helvetica", fontsize=9];',
      '  n0 [label="list ticketing/tickets", shape=box];',
      '  n1 [label="list ticketing/comments", shape=box];',
      '  n2 [label="get ticketing/users\\npersist: false", shape=box];',
      '  n0 -> n1;',
      '  n0 -> n2;',
      '}',
    ),
  },
  'hubspot-crm-contacts.synctemplate.json': {
    mermaid: lines('flowchart TD', '  n0["list crm/contacts"]', '  n1["get crm/accounts"]', '  n2["get crm/users<br/>persist: false"]', '  n0 --> n1', '  n0 --> n2'),
    dot: lines(
      'digraph template {',
      '  rankdir=TB;',
      '  node [fontname="Helvetica", fontsize=11];',
      '  edge [fontname="Helvetica", fontsize=9];',
      '  n0 [label="list crm/contacts", shape=box];',
      '  n1 [label="get crm/accounts", shape=box];',
      '  n2 [label="get crm/users\\npersist: false", shape=box];',
      '  n0 -> n1;',
      '  n0 -> n2;',
      '}',
    ),
  },
  'hris-employees-per-user.synctemplate.json': {
    mermaid: lines('flowchart TD', '  n0["get hris/employees<br/>↻ loop_on: user_ids"]', '  n1["list hris/timeoff_requests"]', '  n0 --> n1'),
    dot: lines(
      'digraph template {',
      '  rankdir=TB;',
      '  node [fontname="Helvetica", fontsize=11];',
      '  edge [fontname="Helvetica", fontsize=9];',
      '  n0 [label="get hris/employees\\n↻ loop_on: user_ids", shape=box, peripheries=2];',
      '  n1 [label="list hris/timeoff_requests", shape=box];',
      '  n0 -> n1;',
      '}',
    ),
  },
};

/** A runtime 4 template with every node type, a loop and a destination (the domain reference's pattern). */
const V4 = `{
  "label": "Tickets to a webhook",
  "default_runtime_version": 4,
  "sharing": "deny",
  "state_key": "{{args.integrated_account_id}}",
  "args_schema": {
    "integrated_account_id": { "type": "string", "format": "integrated_account_id", "required": true },
    "webhook_id": { "type": "string", "format": "webhook_id", "required": true }
  },
  "resources": [
    { "name": "cursor", "type": "get_state", "config": { "key": "last_synced_at", "default": "2024-01-01" } },
    { "name": "expose", "type": "add_context", "depends_on": "cursor", "config": { "expression": "{ \\"since\\": resources.cursor.value }" } },
    { "name": "tickets", "type": "request", "depends_on": "expose", "resource": "ticketing/tickets", "method": "list",
      "integrated_account_id": "{{args.integrated_account_id}}" },
    { "name": "comments", "type": "request", "depends_on": "tickets", "resource": "ticketing/comments", "method": "list",
      "loop_on": "resources.ticketing.tickets", "integrated_account_id": "{{args.integrated_account_id}}",
      "query": { "ticket_id": "{{resources.ticketing.tickets.id}}" } },
    { "name": "slim", "type": "transform", "depends_on": "comments", "config": { "expression": "$" } },
    { "name": "all", "type": "spool", "depends_on": "slim" },
    { "name": "to-webhook", "type": "destination", "destination_type": "webhook", "config": { "id": "{{args.webhook_id}}" },
      "resources_to_persist": ["tickets", "all"] },
    { "name": "done", "type": "event", "config": { "name": "complete" } },
    { "name": "advance", "type": "update_state", "depends_on": "done", "config": { "key": "last_synced_at", "value_expression": "$now()" } }
  ]
}
`;

describe('synctemplate graph', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`prints ${name} as Mermaid (the default) and DOT, exactly`, () => {
      const mermaid = cli(['graph', join('examples', name)]);
      assert.equal(mermaid.code, 0, mermaid.stderr);
      assert.equal(mermaid.stdout, expected.mermaid);
      assert.equal(cli(['graph', join('examples', name), '--format', 'mermaid']).stdout, expected.mermaid);
      const dot = cli(['graph', '--format', 'dot', join('examples', name)]);
      assert.equal(dot.code, 0, dot.stderr);
      assert.equal(dot.stdout, expected.dot);
    });
  }

  it('prints every example the same way twice, one line per node and edge', async () => {
    for (const name of readdirSync(repoPath('examples')).filter((f) => f.endsWith('.synctemplate.json'))) {
      const path = repoPath('examples', name);
      const json = JSON.parse((await cliInProcess(['graph', path, '--format', 'json'])).stdout) as { nodes: { errors: number }[]; edges: unknown[] };
      for (const format of ['mermaid', 'dot']) {
        const first = await cliInProcess(['graph', path, '--format', format]);
        assert.equal(first.code, 0, name);
        assert.equal((await cliInProcess(['graph', path, '--format', format])).stdout, first.stdout, name);
        const nodeLines = first.stdout.split('\n').filter((l) => /^ {2}[nm]\d+[[({\s]/.test(l) && !/(-->|-\.->|->)/.test(l));
        const edgeLines = first.stdout.split('\n').filter((l) => /^ {2}[nm]\d+ (-->|-\.->|->)/.test(l));
        assert.equal(nodeLines.length, json.nodes.length, `${name} ${format}`);
        assert.equal(edgeLines.length, json.edges.length, `${name} ${format}`);
      }
      assert.ok(json.nodes.every((n) => n.errors === 0), `${name} has errors`);
    }
  });

  it('prints a runtime 4 template with a shape per node type, loop_on and persist edges', () => {
    const path = file('tickets.synctemplate.json', V4);
    const mermaid = cli(['graph', path]);
    assert.equal(mermaid.code, 0, mermaid.stderr);
    assert.equal(
      mermaid.stdout,
      lines(
        'flowchart TD',
        '  n0[("cursor<br/>get_state · last_synced_at")]',
        '  n1[\\"expose<br/>add_context"\\]',
        '  n2["tickets<br/>request · list ticketing/tickets"]',
        '  n3["comments<br/>request · list ticketing/comments<br/>↻ loop_on: resources.ticketing.tickets"]',
        '  n4[/"slim<br/>transform"/]',
        '  n5[["all<br/>spool"]]',
        '  n6{{"to-webhook<br/>destination · webhook"}}',
        '  n7(["done<br/>event · complete"])',
        '  n8[("advance<br/>update_state · last_synced_at")]',
        '  n0 --> n1',
        '  n1 --> n2',
        '  n2 --> n3',
        '  n3 --> n4',
        '  n4 --> n5',
        '  n2 -.->|persist| n6',
        '  n5 -.->|persist| n6',
        '  n7 --> n8',
      ),
    );
    const dot = cli(['graph', path, '--format', 'dot']);
    assert.equal(
      dot.stdout,
      lines(
        'digraph template {',
        '  rankdir=TB;',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
        '  n0 [label="cursor\\nget_state · last_synced_at", shape=cylinder];',
        '  n1 [label="expose\\nadd_context", shape=trapezium];',
        '  n2 [label="tickets\\nrequest · list ticketing/tickets", shape=box];',
        '  n3 [label="comments\\nrequest · list ticketing/comments\\n↻ loop_on: resources.ticketing.tickets", shape=box, peripheries=2];',
        '  n4 [label="slim\\ntransform", shape=parallelogram];',
        '  n5 [label="all\\nspool", shape=box3d];',
        '  n6 [label="to-webhook\\ndestination · webhook", shape=hexagon];',
        '  n7 [label="done\\nevent · complete", shape=ellipse];',
        '  n8 [label="advance\\nupdate_state · last_synced_at", shape=cylinder];',
        '  n0 -> n1;',
        '  n1 -> n2;',
        '  n2 -> n3;',
        '  n3 -> n4;',
        '  n4 -> n5;',
        '  n2 -> n6 [style=dashed, label="persist"];',
        '  n5 -> n6 [style=dashed, label="persist"];',
        '  n7 -> n8;',
        '}',
      ),
    );
  });

  it('shows error counts from the same checks as check, names that are not defined, and still exits 0', () => {
    const broken = V4.replace('"depends_on": "tickets"', '"depends_on": "tickts"').replace('["tickets", "all"]', '["tickets", "al\\"l"]');
    const path = file('broken.synctemplate.json', broken);
    const { code, stdout } = cli(['graph', path]);
    assert.equal(code, 0);
    assert.match(stdout, /^ {2}n3\["comments<br\/>request · list ticketing\/comments<br\/>↻ loop_on: resources\.ticketing\.tickets<br\/>⚠ \d+ errors?"\]$/m);
    assert.match(stdout, /^ {2}m0\("tickts<br\/>not defined"\)$/m);
    assert.match(stdout, /^ {2}m1\("al#34;l<br\/>not defined"\)$/m);
    assert.match(stdout, /^ {2}m0 --> n3$/m);
    assert.match(stdout, /^ {2}class m0,m1 missing$/m);
    assert.match(stdout, /^ {2}class n3,n6 error$/m);
    // --rule changes what counts as an error, as for check.
    const relaxed = cli(['graph', path, '--rule', 'unknown-node=warning']);
    assert.match(relaxed.stdout, /^ {2}class n3 error$/m);
    assert.match(relaxed.stdout, /^ {2}n6\{\{"to-webhook<br\/>destination · webhook"\}\}$/m);
  });

  it('prints JSON with 1-based positions for scripts', () => {
    const { code, stdout } = cli(['graph', join('examples', 'hubspot-crm-contacts.synctemplate.json'), '--format', 'json']);
    assert.equal(code, 0);
    const graph = JSON.parse(stdout) as { format: string; nodes: { id: string; label: string; line: number; column: number }[]; edges: { from: string; to: string; kind: string }[] };
    assert.equal(graph.format, 'legacy');
    assert.deepEqual(graph.nodes[0], { ...graph.nodes[0], id: 'n0', label: 'list crm/contacts', line: 23, column: 20 });
    assert.deepEqual(graph.edges.map((e) => `${e.kind} ${e.from} ${e.to}`), ['depends_on n0 n1', 'depends_on n0 n2']);
  });

  it('exits 2 with a message for bad usage or an unreadable file', () => {
    const format = cli(['graph', join('examples', 'hubspot-crm-contacts.synctemplate.json'), '--format', 'svg']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of mermaid, dot, json \(got "svg"\)/);
    const none = cli(['graph']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /graph takes exactly one template file/);
    const missing = cli(['graph', 'no-such.synctemplate.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no-such\.synctemplate\.json: cannot be read \(ENOENT\)/);
    assert.equal(missing.stdout, '');
  });
});
