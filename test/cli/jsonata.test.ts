import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoPath } from '../support/fixtures';

/** A runtime 4 template holding each JSONata mistake once (and valid uses of other roots). */
const MISTAKES = String.raw`{
  "label": "JSONata mistakes",
  "default_runtime_version": 4,
  "args_schema": {
    "integrated_account_id": { "type": "string", "format": "integrated_account_id", "required": true },
    "webhook_id": { "type": "string", "format": "webhook_id", "required": true },
    "only_in_jsonata": { "type": "string", "required": false }
  },
  "args_validation": "$exists(args.webhook_idd) ? null : { \"message\": \"webhook_id is required\" }",
  "resources": [
    { "name": "knowledge-base", "type": "request", "resource": "knowledge-base/pages", "method": "list",
      "integrated_account_id": "{{args.integrated_account_id}}" },
    { "name": "shape", "type": "transform", "depends_on": "knowledge-base",
      "config": { "expression": "resources.knowledge-base.pages.{ \"id\": id, \"t\": $firstNonEmty(title, \"\u00e9\") }" } },
    { "name": "guard", "type": "transform", "depends_on": "shape",
      "run_if": "$exists(args.only_in_jsonata) and resources.nope",
      "config": { "expression": "{{resources.shape}}" } },
    { "name": "broken", "type": "add_context", "depends_on": "shape",
      "config": { "expression": "{ \"a\": 1, }" } },
    { "name": "to-webhook", "type": "destination", "destination_type": "webhook",
      "config": { "id": "{{args.webhook_id}}" }, "resources_to_persist": ["shape"],
      "run_if": "$exists(args.webhook_id) and sync_job_run.status = 'x' and tenant_id and last_synced_at and $$.payload" }
  ]
}
`;

/** Asserts the findings of MISTAKES in a `--format json` report; returns their messages. */
function assertMistakes(stdout: string): string[] {
  const report = JSON.parse(stdout) as { files: { diagnostics: { line: number; column: number; code: string; severity: string; message: string }[] }[] };
  const seen = report.files[0].diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
  assert.deepEqual(seen, [
    '9:36 error unknown-arg',
    '14:44 warning jsonata-dashed-name',
    '14:86 error jsonata-unknown-function',
    '16:62 error unknown-resource',
    // `{{resources.shape}}` as the whole expression: one finding, an error (it says the expression does not parse).
    '17:34 error placeholder-in-jsonata',
    '19:46 error jsonata-syntax',
  ]);
  return report.files[0].diagnostics.map((d) => d.message);
}

describe('synctemplate check: JSONata', () => {
  it('reports each JSONata mistake of a runtime 4 file at its place, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synctemplate-jsonata-'));
    writeFileSync(join(dir, 'mistakes.synctemplate.json'), MISTAKES);
    const result = spawnSync(process.execPath, [repoPath('dist', 'cli.js'), 'check', '--format', 'json', 'mistakes.synctemplate.json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    const messages = assertMistakes(result.stdout);
    assert.match(messages[0], /Did you mean "webhook_id"\?/);
    assert.match(messages[2], /Did you mean \$firstNonEmpty\?/);
    assert.match(messages[4], /does not parse/);
    assert.match(messages[5], /\(JSONata S0211\)/);
  });

  it('reports the same findings when the expressions are many (parsed in a worker thread), and exits at once', () => {
    // 200 more valid nodes, after the others: enough distinct expressions for a batch in the worker.
    const extra = Array.from({ length: 200 }, (_, i) => `    { "name": "extra-${i}", "type": "transform", "depends_on": "shape", "config": { "expression": "resources.shape.{ \\"n\\": ${i} }" } }`);
    const many = MISTAKES.replace('$$.payload" }\n  ]', `$$.payload" },\n${extra.join(',\n')}\n  ]`);
    assert.notEqual(many, MISTAKES);
    const dir = mkdtempSync(join(tmpdir(), 'synctemplate-jsonata-'));
    writeFileSync(join(dir, 'many.synctemplate.json'), many);
    const started = Date.now();
    // A hang guard, not a timing assertion: the idle worker must not keep the process alive (it would for a minute).
    const result = spawnSync(process.execPath, [repoPath('dist', 'cli.js'), 'check', '--format', 'json', 'many.synctemplate.json'], { cwd: dir, encoding: 'utf8', timeout: 50_000 });
    assert.equal(result.status, 1, `exit ${result.status ?? result.signal} after ${Date.now() - started} ms: ${result.stderr}`);
    assertMistakes(result.stdout);
  });
});
