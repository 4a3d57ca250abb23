import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { convertToRuntime4, isConverted } from '../../server/src/service/convert/convertToRuntime4';
import { readExample, repoPath, VALID_LEGACY } from '../support/fixtures';

/** Runs the bundled CLI, as users and CI run it. */
function cli(args: string[], cwd = repoPath()): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [repoPath('dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'synctemplate-convert-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function expected(text: string): string {
  const result = convertToRuntime4(text);
  assert.ok(isConverted(result));
  return result.text;
}

const CYCLE = `{
  "label": "Cycle",
  "default_runtime_version": 3,
  "resources": [
    { "resource": "ticketing/tickets", "method": "list", "depends_on": "ticketing/comments" },
    { "resource": "ticketing/comments", "method": "list", "depends_on": "ticketing/tickets" }
  ]
}
`;

describe('synctemplate convert --to 4', () => {
  it('prints the converted template on stdout, what a run must now pass on stderr, and exits 0', () => {
    const text = readExample('zendesk-tickets-with-comments.synctemplate.json');
    const { code, stdout, stderr } = cli(['convert', '--to', '4', 'examples/zendesk-tickets-with-comments.synctemplate.json']);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, expected(text));
    assert.match(stderr, /^note: Declared the argument integrated_account_id/m);
    assert.match(stderr, /webhook_id/);
    assert.equal(readExample('zendesk-tickets-with-comments.synctemplate.json'), text, 'without --write the file is untouched');
  });

  it('the printed result checks clean with synctemplate check', () => {
    const dir = workspace({});
    let written = 0;
    for (const name of readdirSync(repoPath('examples')).filter((f) => f.endsWith('.synctemplate.json'))) {
      const converted = cli(['convert', '--to', '4', repoPath('examples', name)]);
      if (converted.code === 1 && /already runtime 4/.test(converted.stderr)) continue;
      assert.equal(converted.code, 0, `${name}: ${converted.stderr}`);
      writeFileSync(join(dir, name), converted.stdout);
      written++;
    }
    assert.ok(written >= 3, 'the legacy examples were converted');
    const checked = cli(['check', '.'], dir);
    assert.equal(checked.code, 0, checked.stdout);
    assert.match(checked.stdout, new RegExp(`^0 errors, 0 warnings, 0 notes in ${written} files$`, 'm'));
  });

  it('--write replaces the file through a rename, keeps its mode and leaves no temporary file', () => {
    const dir = workspace({ 't.synctemplate.json': VALID_LEGACY });
    chmodSync(join(dir, 't.synctemplate.json'), 0o640);
    const { code, stdout, stderr } = cli(['convert', '--to', '4', '--write', 't.synctemplate.json'], dir);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /Converted t\.synctemplate\.json to runtime 4\./);
    assert.equal(readFileSync(join(dir, 't.synctemplate.json'), 'utf8'), expected(VALID_LEGACY));
    assert.equal(statSync(join(dir, 't.synctemplate.json')).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['t.synctemplate.json']);
    // Converting again is refused: it is runtime 4 now.
    const again = cli(['convert', '--to', '4', '--write', 't.synctemplate.json'], dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already runtime 4/);
  });

  it('refuses a file it cannot convert with exit 1, the reasons on stderr as file:line:col, and the file untouched', () => {
    const dir = workspace({ 'cycle.synctemplate.json': CYCLE });
    const { code, stdout, stderr } = cli(['convert', '--to', '4', '--write', 'cycle.synctemplate.json'], dir);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^cycle\.synctemplate\.json:5:72 error convert depends_on forms a cycle \(ticketing\/tickets → ticketing\/comments → ticketing\/tickets\)/m);
    assert.match(stderr, /was not converted \(1 problem above\); nothing was changed\./);
    assert.equal(readFileSync(join(dir, 'cycle.synctemplate.json'), 'utf8'), CYCLE);
    assert.deepEqual(readdirSync(dir), ['cycle.synctemplate.json']);
  });

  it('exits 2 on bad usage or an unreadable file', () => {
    assert.equal(cli(['convert', 'examples/hubspot-crm-contacts.synctemplate.json']).code, 2);
    const wrongTarget = cli(['convert', '--to', '3', 'examples/hubspot-crm-contacts.synctemplate.json']);
    assert.equal(wrongTarget.code, 2);
    assert.match(wrongTarget.stderr, /only --to 4 is supported/);
    assert.equal(cli(['convert', '--to', '4']).code, 2);
    assert.equal(cli(['convert', '--to', '4', '--bogus', 'x.json']).code, 2);
    const missing = cli(['convert', '--to', '4', 'no-such.synctemplate.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no-such\.synctemplate\.json: cannot be read \(ENOENT\)/);
  });
});
