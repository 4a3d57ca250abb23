import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../support/lspClient';
import { generateShape } from '../support/templateShapes';

/**
 * A 10,000-step `depends_on` chain over LSP against the bundled server: the diagnostics arrive
 * (a hang guard, no timing assertion — speed is `npm run bench`'s job), with no false alarm on
 * the deep reads and the one real problem found at the far end of the chain.
 */
describe('a 10,000-step depends_on chain over LSP', () => {
  const client = new LspTestClient({ settings: {} });
  before(() => client.initialize());
  after(async () => assert.equal(await client.stop(), 0));

  const STEPS = 10_000;
  /** The chain plus one last step that reads the middle of the chain; `dependsOn` decides whether that is upstream. */
  function chainWithReader(dependsOn: string | undefined): string {
    const template = JSON.parse(generateShape('chain', STEPS)) as { resources: Record<string, unknown>[] };
    template.resources.push({
      resource: 'reader/records',
      method: 'list',
      ...(dependsOn ? { depends_on: dependsOn } : {}),
      query: { middle_id: '{{resources.api5000.records.id}}' },
    });
    return `${JSON.stringify(template, null, 2)}\n`;
  }

  it('publishes the diagnostics of the first open and of an edit', { timeout: 180_000 }, async () => {
    const uri = 'file:///ws/chain-10000.synctemplate.json';
    // Every step reads its parent and the first step (9,999 levels up): all upstream, all fine.
    // The last step reads step 5,001 without depending on anything: one unknown-resource.
    await client.open(uri, chainWithReader(undefined));
    const first = await client.diagnostics(uri, (d) => d.length > 0, 150_000);
    assert.deepEqual(
      first.map((d) => d.code),
      ['unknown-resource'],
      JSON.stringify(first.map((d) => d.message)),
    );
    assert.match(String(first[0].message), /"api5000\/records", but that step is not upstream of "reader\/records"/);

    // Depending on the end of the chain puts step 5,001 upstream (5,000 levels up): nothing left.
    await client.change(uri, chainWithReader(`api${STEPS - 1}/records`), 2);
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0, 150_000), []);
    assert.ok(client.alive);
    // The heap policy's V8 flag (lsp/heapPolicy.ts) is one this Node knows: V8 names any other on stderr.
    assert.doesNotMatch(client.stderr, /flag/i);
  });
});
