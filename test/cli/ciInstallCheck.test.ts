// .ci/run fails when `npm ci` prints a warning, and runs the tests otherwise. Driven with a stand-in
// `npm` first on PATH (it installs nothing and records what it was asked), so the check itself is
// what is tested, in seconds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoPath } from '../support/fixtures';

const work = mkdtempSync(join(tmpdir(), 'st-ci-'));

function runCi(installOutput: string): { status: number | null; stdout: string; stderr: string; calls: string[] } {
  const dir = mkdtempSync(join(work, 'run-'));
  const calls = join(dir, 'calls');
  const output = join(dir, 'install-output');
  writeFileSync(output, installOutput);
  writeFileSync(calls, '');
  const npm = join(dir, 'npm');
  writeFileSync(npm, `#!/bin/sh\necho "$*" >> '${calls}'\nif [ "$1" = ci ]; then cat '${output}' >&2; fi\nif [ "$1" = --version ]; then echo 11.0.0; fi\nexit 0\n`);
  chmodSync(npm, 0o755);
  const result = spawnSync('bash', [repoPath('.ci/run')], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: readFileSync(calls, 'utf8').trim().split('\n') };
}

describe('.ci/run: a clean install prints no warnings', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  it('runs npm ci, then npm test, when the install is clean', () => {
    const run = runCi('added 435 packages in 54s\n');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.calls, ['--version', 'ci', 'test']);
  });

  for (const warning of [
    'npm warn EBADENGINE Unsupported engine {',
    "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.",
    'npm warn install-scripts 2 packages have install scripts not yet covered by allowScripts:',
    'npm WARN old npm style',
  ]) {
    it(`fails, naming the warning, and runs no tests on: ${warning.slice(0, 40)}…`, () => {
      const run = runCi(`${warning}\nadded 435 packages in 54s\n`);
      assert.equal(run.status, 1);
      assert.deepEqual(run.calls, ['--version', 'ci']);
      assert.match(run.stderr, /npm ci printed warnings/);
      assert.ok(run.stderr.includes(warning));
    });
  }
});
