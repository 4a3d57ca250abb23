import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoPath } from '../support/fixtures';
import { domainV4Nodes, v4Template, withNode } from '../support/v4Templates';

function check(text: string, ...rules: string[]): { code: number | null; lines: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'synctemplate-v4-'));
  const file = join(dir, 't.synctemplate.json');
  writeFileSync(file, text);
  const result = spawnSync(process.execPath, [repoPath('dist', 'cli.js'), 'check', file, ...rules.flatMap((r) => ['--rule', r])], { encoding: 'utf8' });
  return { code: result.status, lines: result.stdout.split('\n').filter((l) => l.startsWith(file)).map((l) => l.slice(file.length + 1)) };
}

describe('synctemplate check on runtime 4 templates', () => {
  // Each authoring check, a node-graph error and a scope warning, in one file.
  let nodes = withNode(domainV4Nodes(), 'to-webhook', (n) => ({ ...n, config: { id: 'wh_1' }, resources_to_persist: ['tickets', 'nope'] }));
  nodes = withNode(nodes, 'advance-cursor', (n) => ({ ...n, depends_on: 'cursor' }));
  nodes = withNode(nodes, 'tickets', (n) => ({ ...n, query: { since: '{{previous_run_date}}', p: '{{payload.x}}' } }));
  const text = v4Template({ nodes, extra: { state_key: undefined } });

  it('reports every runtime 4 code with its default severity', () => {
    const { code, lines } = check(text);
    assert.equal(code, 1);
    const seen = lines.map((l) => l.split(' ').slice(1, 3).join(' ')).sort();
    assert.deepEqual(seen, [
      'error unknown-node',
      'information destination-id-literal',
      'warning cursor-advances-on-failure',
      'warning legacy-root-in-v4',
      'warning payload-outside-destination',
      'warning state-without-state-key',
      'warning state-without-state-key',
    ]);
  });

  it('--rule changes or silences each of them', () => {
    const { code, lines } = check(
      text,
      'unknown-node=warning',
      'destination-id-literal=error',
      'cursor-advances-on-failure=off',
      'legacy-root-in-v4=off',
      'payload-outside-destination=information',
      'state-without-state-key=off',
    );
    assert.equal(code, 1, 'destination-id-literal is now an error');
    assert.deepEqual(lines.map((l) => l.split(' ').slice(1, 3).join(' ')).sort(), ['error destination-id-literal', 'information payload-outside-destination', 'warning unknown-node']);
  });
});
