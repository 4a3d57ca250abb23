import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { legacyTemplate } from '../support/templates';
import { applyFix, checkTemplate, fixTitles } from '../support/v4Check';
import { domainV4, domainV4Nodes, v4Template, withNode } from '../support/v4Templates';

describe('runtime 4: authoring checks', () => {
  describe('state-without-state-key', () => {
    const withoutKey = () => v4Template({ nodes: domainV4Nodes(), extra: { state_key: undefined } });

    it('fires on each state node, as a warning saying what happens, and the fix adds state_key', async () => {
      const found = await checkTemplate(withoutKey());
      assert.deepEqual(found.map((d) => [d.code, d.covered]), [
        ['state-without-state-key', '"get_state"'],
        ['state-without-state-key', '"update_state"'],
      ]);
      assert.equal(found[0].diagnostic.severity, DiagnosticSeverity.Warning);
      assert.match(found[0].message, /no job-level "state_key"/);
      const fixed = await applyFix(withoutKey(), 'state-without-state-key', 'Add "state_key": "{{args.integrated_account_id}}"');
      assert.deepEqual(await checkTemplate(fixed), []);
    });

    it('fires when state_key is empty or null; near miss: no state node needs none', async () => {
      assert.equal((await checkTemplate(v4Template({ nodes: domainV4Nodes(), extra: { state_key: '' } }))).length, 2);
      assert.equal((await checkTemplate(v4Template({ nodes: domainV4Nodes(), extra: { state_key: null } }))).length, 2);
      const stateless = domainV4Nodes().filter((n) => !['cursor', 'expose-cursor', 'advance-cursor', 'done'].includes(String(n.name)));
      const tickets = withNode(stateless, 'tickets', (n) => ({ ...n, depends_on: undefined, query: {} }));
      const args = { integrated_account_id: { type: 'string' }, webhook_id: { type: 'string' } };
      assert.deepEqual(await checkTemplate(v4Template({ nodes: tickets, args, extra: { state_key: undefined } })), []);
    });
  });

  describe('cursor-advances-on-failure', () => {
    it('fires on update_state not downstream of an event "complete"; the fix adds depends_on', async () => {
      const text = v4Template({ nodes: withNode(domainV4Nodes(), 'advance-cursor', (n) => ({ ...n, depends_on: undefined })) });
      const [d] = await checkTemplate(text);
      assert.equal(d.code, 'cursor-advances-on-failure');
      assert.equal(d.covered, '"update_state"');
      assert.equal(d.diagnostic.severity, DiagnosticSeverity.Warning);
      assert.match(d.message, /writes state even when the run fails/);
      assert.deepEqual(await checkTemplate(await applyFix(text, 'cursor-advances-on-failure', 'Add "depends_on": "done"')), []);
    });

    it('fires when the event is not "complete"; near miss: complete further upstream', async () => {
      const error = withNode(domainV4Nodes(), 'done', (n) => ({ ...n, config: { name: 'error' } }));
      assert.deepEqual((await checkTemplate(v4Template({ nodes: error }))).map((d) => d.code), ['cursor-advances-on-failure']);
      const further = [...withNode(domainV4Nodes(), 'advance-cursor', (n) => ({ ...n, depends_on: 'after-done' })), { name: 'after-done', type: 'spool', depends_on: 'done' }];
      assert.deepEqual(await checkTemplate(v4Template({ nodes: further })), []);
    });
  });

  describe('destination-id-literal', () => {
    it('fires on a literal config.id (information); the fix uses the declared webhook argument', async () => {
      const text = v4Template({ nodes: withNode(domainV4Nodes(), 'to-webhook', (n) => ({ ...n, config: { id: 'wh_123' } })) });
      const found = await checkTemplate(text);
      const literal = found.find((d) => d.code === 'destination-id-literal')!;
      assert.equal(literal.covered, '"wh_123"');
      assert.equal(literal.diagnostic.severity, DiagnosticSeverity.Information);
      assert.match(literal.message, /every sync job made from this template writes to that one destination/);
      const fixed = await applyFix(text, 'destination-id-literal', 'Change to "{{args.webhook_id}}"');
      assert.equal(fixed, domainV4());
    });

    it('near miss: a templated id, even one that is not an argument', async () => {
      const nodes = withNode(domainV4Nodes(), 'to-webhook', (n) => ({ ...n, config: { id: '{{webhook_for_account}}' } }));
      assert.ok(!(await checkTemplate(v4Template({ nodes }))).some((d) => d.code === 'destination-id-literal'));
    });
  });
});

describe('$truto_merge', () => {
  // The fixture declares two object arguments; which of them a case reads does not matter here.
  const check = async (text: string) => (await checkTemplate(text)).filter((d) => d.code !== 'unused-arg');
  const merge = (value: unknown) => v4Template({ nodes: withNode(domainV4Nodes(), 'tickets', (n) => ({ ...n, query: { ...(n.query as object), $truto_merge: value } })), args: { ...ARGS } });
  const ARGS = {
    integrated_account_id: { type: 'string', format: 'integrated_account_id', required: true },
    webhook_id: { type: 'string', format: 'webhook_id', required: true },
    start_date: { type: 'string', format: 'date', required: true },
    extra: { type: 'object' },
    more: { type: 'object' },
  };

  it('near miss: a whole-string :json placeholder, or an array of them', async () => {
    assert.deepEqual(await check(merge('{{args.extra:json}}')), []);
    assert.deepEqual(await check(merge(['{{args.extra:json}}', '{{args.more:json}}'])), []);
  });

  it('placeholder-type without :json, with a fix that adds it', async () => {
    const [d] = await check(merge('{{args.extra}}'));
    assert.equal(d.code, 'placeholder-type');
    assert.equal(d.covered, '"{{args.extra}}"');
    assert.match(d.message, /is not cast with ":json"/);
    assert.deepEqual(await check(await applyFix(merge('{{args.extra}}'), 'placeholder-type', 'Cast with ":json"')), []);
  });

  it('placeholder-type for text, an embedded placeholder, an object literal, a bad array element', async () => {
    for (const value of ['extra', 'x{{args.extra:json}}', { a: 1 }, ['{{args.extra:json}}', 5], 3]) {
      const found = (await check(merge(value))).filter((d) => d.code === 'placeholder-type');
      assert.equal(found.length, 1, JSON.stringify(value));
    }
    assert.deepEqual(await fixTitles(merge('extra'), 'placeholder-type'), []);
  });

  it('applies in legacy object templates too, at any depth', async () => {
    const text = legacyTemplate({ args: { extra: { type: 'object' } }, steps: [{ resource: 'crm/contacts', method: 'list', body: { filter: { $truto_merge: '{{args.extra:str}}' } } }] });
    assert.deepEqual((await check(text)).map((d) => d.code), ['placeholder-type']);
  });
});
