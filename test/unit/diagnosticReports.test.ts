import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticReports, sameDiagnostics } from '../../server/src/lsp/diagnosticReports';

const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
const base = (): Diagnostic => ({
  range: range(3, 4, 9),
  severity: 2,
  code: 'duplicate-step',
  source: 'synctemplate',
  message: 'Two steps have "resource": "crm/contacts".',
  tags: [1],
  relatedInformation: [{ location: { uri: 'file:///a.synctemplate.json', range: range(8, 4, 9) }, message: 'the other step' }],
  data: { fix: { name: 'crm/contacts' } },
});

describe('sameDiagnostics: what a client would see', () => {
  it('equal lists, separately built, are the same; undefined properties count as absent, as in JSON', () => {
    assert.ok(sameDiagnostics([base(), base()], [base(), base()]));
    assert.ok(sameDiagnostics([{ ...base(), codeDescription: undefined }], [base()]));
    assert.ok(sameDiagnostics([base()], [{ ...base(), codeDescription: undefined }]));
    assert.ok(sameDiagnostics([], []));
  });

  it('any difference a client would show, or the order, makes them differ', () => {
    const changes: Partial<Diagnostic>[] = [
      { range: range(3, 4, 10) },
      { range: range(4, 4, 9) },
      { severity: 1 },
      { code: 'unknown-resource' },
      { code: undefined },
      { message: 'Two steps have "resource": "crm/accounts".' },
      { tags: [] },
      { tags: [2] },
      { relatedInformation: [] },
      { relatedInformation: [{ location: { uri: 'file:///a.synctemplate.json', range: range(9, 4, 9) }, message: 'the other step' }] },
      { data: { fix: { name: 'crm/accounts' } } },
      { data: [{ name: 'crm/contacts' }] },
      { codeDescription: { href: 'https://example.com' } },
    ];
    for (const change of changes) {
      assert.ok(!sameDiagnostics([base()], [{ ...base(), ...change }]), JSON.stringify(change));
      assert.ok(!sameDiagnostics([{ ...base(), ...change }], [base()]), JSON.stringify(change));
    }
    const other = { ...base(), range: range(5, 0, 1) };
    assert.ok(!sameDiagnostics([base(), other], [other, base()]), 'order');
    assert.ok(!sameDiagnostics([base()], [base(), base()]), 'length');
  });
});

describe('DiagnosticReports', () => {
  it('is unchanged only for the id it gave last for that document, with equal diagnostics', () => {
    const reports = new DiagnosticReports();
    const first = reports.report('file:///a', undefined, [base()]);
    assert.equal(first.kind, 'full');
    assert.deepEqual(reports.report('file:///a', first.resultId, [base()]), { kind: 'unchanged', resultId: first.resultId });
    assert.equal(reports.report('file:///b', first.resultId, [base()]).kind, 'full', 'another document');
    const changed = reports.report('file:///a', first.resultId, []);
    assert.equal(changed.kind, 'full');
    assert.equal(reports.report('file:///a', changed.resultId, []).kind, 'unchanged');
    const superseding = reports.report('file:///a', first.resultId, []);
    assert.equal(superseding.kind, 'full', 'a superseded id');
    assert.equal(reports.report('file:///a', changed.resultId, []).kind, 'full', 'superseded in turn');
    assert.equal(reports.report('file:///a', superseding.resultId, []).kind, 'full', 'superseded by the full report just given');
    const latest = reports.report('file:///a', undefined, []);
    reports.forget('file:///a');
    assert.equal(reports.report('file:///a', latest.resultId, []).kind, 'full', 'forgotten on close');
  });
});
