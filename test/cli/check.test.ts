import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoPath, VALID_LEGACY } from '../support/fixtures';

/** Runs the bundled CLI, as users and CI run it. */
function cli(args: string[], cwd = repoPath()): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [repoPath('dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'synctemplate-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const INVALID = '{\n  "label": "x",\n  "sharing": "public",\n  "default_runtime_version": 3,\n  "resources": [ { "method": "list" } ]\n}\n';

describe('synctemplate check', () => {
  it('passes the shipped examples with exit 0', () => {
    const { code, stdout, stderr } = cli(['check', 'examples/']);
    assert.equal(code, 0, stderr);
    const examples = readdirSync(repoPath('examples')).filter((f) => f.endsWith('.synctemplate.json')).length;
    assert.match(stdout, new RegExp(`^0 errors, 0 warnings, 0 notes in ${examples} files$`, 'm'));
  });

  it('reports file:line:col severity code message and exits 1 on errors', () => {
    const dir = workspace({ 'bad.synctemplate.json': INVALID });
    const { code, stdout } = cli(['check', 'bad.synctemplate.json'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^bad\.synctemplate\.json:3:14 error schema Value is not accepted\. Valid values: "deny", "ask", "allow"\.$/m);
    assert.match(stdout, /^bad\.synctemplate\.json:5:18 error schema Missing property "resource"\.$/m);
    assert.match(stdout, /^2 errors, 0 warnings, 0 notes in 1 file$/m);
  });

  it('prints JSON with --format json', () => {
    const dir = workspace({ 'bad.synctemplate.json': INVALID, 'good.synctemplate.json': VALID_LEGACY });
    const { code, stdout } = cli(['check', '--format', 'json', '*.synctemplate.json'], dir);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { files: { file: string; diagnostics: { line: number; column: number; code: string; severity: string }[] }[]; summary: { errors: number } };
    assert.deepEqual(report.files.map((f) => f.file), ['bad.synctemplate.json', 'good.synctemplate.json']);
    assert.deepEqual(report.files[0].diagnostics[0], { ...report.files[0].diagnostics[0], line: 3, column: 14, code: 'schema', severity: 'error' });
    assert.equal(report.summary.errors, 2);
  });

  it('prints GitHub annotations and SARIF', () => {
    const dir = workspace({ 'bad.synctemplate.json': INVALID });
    const github = cli(['check', '--format', 'github', 'bad.synctemplate.json'], dir);
    assert.equal(github.code, 1);
    assert.match(github.stdout, /^::error file=bad\.synctemplate\.json,line=3,col=14,endLine=3,endColumn=22,title=synctemplate schema::Value is not accepted\. Valid values%3A|^::error file=bad\.synctemplate\.json,line=3,col=14,endLine=3,endColumn=22,title=synctemplate schema::Value is not accepted/m);
    const sarif = JSON.parse(cli(['check', '--format', 'sarif', 'bad.synctemplate.json'], dir).stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.region.startLine]), [['schema', 'error', 3], ['schema', 'error', 5]]);
  });

  it('expands directories recursively and globs', () => {
    const dir = workspace({ 'a/one.synctemplate.json': VALID_LEGACY, 'a/b/two.synctemplate.json': VALID_LEGACY, 'a/other.json': '{' });
    const byDir = cli(['check', 'a'], dir);
    assert.equal(byDir.code, 0, byDir.stderr);
    assert.match(byDir.stdout, /in 2 files/);
    const byGlob = cli(['check', 'a/**/*.synctemplate.json'], dir);
    assert.match(byGlob.stdout, /in 2 files/);
  });

  it('changes severities with --rule, down to off', () => {
    const dir = workspace({ 'bad.synctemplate.json': INVALID });
    const warned = cli(['check', '--rule', 'schema=warning', 'bad.synctemplate.json'], dir);
    assert.equal(warned.code, 0);
    assert.match(warned.stdout, /3:14 warning schema/);
    const silenced = cli(['check', '--rule', 'schema=off', 'bad.synctemplate.json'], dir);
    assert.equal(silenced.code, 0);
    assert.match(silenced.stdout, /^0 errors, 0 warnings, 0 notes in 1 file$/m);
  });

  it('reports template checks and honours --rule for them', () => {
    const text = '{"label":"x","default_runtime_version":3,"args_schema":{"a":{"type":"string"},"b":{}},"resources":[{"resource":"crm/contacts","method":"list","query":{"q":"{{args.aa}}","r":"{{args.a:float}}"}}]}';
    const dir = workspace({ 't.synctemplate.json': text });
    const { code, stdout } = cli(['check', 't.synctemplate.json'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /t\.synctemplate\.json:1:\d+ warning unused-arg The argument "b" is declared but nothing uses it/);
    assert.match(stdout, /error unknown-arg .*Did you mean "a"\?/);
    assert.match(stdout, /error placeholder-type ":float" is not a type/);
    const relaxed = cli(['check', '--rule', 'unknown-arg=warning', '--rule', 'placeholder-type=information', '--rule', 'unused-arg=off', 't.synctemplate.json'], dir);
    assert.equal(relaxed.code, 0, relaxed.stdout);
    assert.match(relaxed.stdout, /^0 errors, 1 warning, 1 note in 1 file$/m);
  });

  it('exits 2 with a clear message for a missing file, and still reports the others', () => {
    const dir = workspace({ 'good.synctemplate.json': VALID_LEGACY });
    const { code, stdout, stderr } = cli(['check', 'good.synctemplate.json', 'missing.synctemplate.json'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /missing\.synctemplate\.json: no such file or directory/);
    assert.match(stdout, /in 1 file/);
  });

  it('exits 2 for a glob that matches nothing', () => {
    const { code, stderr } = cli(['check', 'nowhere/**/*.synctemplate.json']);
    assert.equal(code, 2);
    assert.match(stderr, /no files match this pattern/);
  });

  it('exits 2 on bad flags, bad rules and a missing command', () => {
    for (const args of [['check', '--bogus', 'x'], ['check', '--format', 'xml', 'x'], ['check', '--rule', 'schema', 'x'], ['check', '--rule', 'schema=loud', 'x'], ['check'], ['frobnicate'], []]) {
      const { code, stderr, stdout } = cli(args);
      assert.equal(code, 2, `${args.join(' ')}: ${stdout}${stderr}`);
      assert.ok(stderr.length > 0 || stdout.includes('Usage'), args.join(' '));
    }
  });

  it('prints help and version with exit 0', () => {
    assert.equal(cli(['--help']).code, 0);
    assert.match(cli(['--help']).stdout, /Usage: synctemplate/);
    const version = cli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
