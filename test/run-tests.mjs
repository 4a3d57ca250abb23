// The whole test suite, as `npm test` (and CI) runs it:
//   1. type-check (tsc, strict) and bundle (esbuild: dist/ and out/test/),
//   2. unit, protocol and CLI tests with Node's test runner, against the bundles (with them, the
//      Neovim test: Debian's headless Neovim against dist/server.js, test/editors/),
//   3. the editor tests (test/e2e/runEditorTests.mjs): a real VS Code (code-server) extension host
//      and a browser-driven UI smoke test; tools install into .tools/ on first run.
// Extra arguments go to `node --test` (e.g. --test-name-pattern=hover). SKIP_EDITOR_TESTS=1 skips
// step 3 and says so in the closing line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glob } from 'tinyglobby';

const totals = { passed: 0, failed: 0 };

function run(label, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`== ${label}: ${result.status === 0 ? 'done' : `failed (exit ${result.status ?? result.signal})`} in ${seconds}s`);
  return result.status === 0;
}

function fail(message) {
  console.error(message);
  console.log(`total: ${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exit(1);
}

// Two projects: Node code (root tsconfig.json) and browser code of the webviews (DOM library).
for (const project of ['.', 'client/src/webviews']) {
  if (!run(`type-check (${project})`, process.execPath, ['node_modules/typescript/bin/tsc', '-p', project])) fail('Type errors: see above.');
}
if (!run('bundle', process.execPath, ['esbuild.mjs'])) fail('The bundle did not build: see above.');
const files = (await glob('out/test/**/*.test.js')).sort();
if (files.length === 0) fail('No test files were built under out/test/.');

// Spec output for people, TAP into a file for the counts.
const tapDir = mkdtempSync(join(tmpdir(), 'synctemplate-tap-'));
const tap = join(tapDir, 'results.tap');
const unitOk = run(`unit, protocol, CLI and Neovim tests (${files.length} files)`, process.execPath, [
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  ...process.argv.slice(2),
  ...files,
]);
const tapText = readFileSync(tap, 'utf8');
rmSync(tapDir, { recursive: true, force: true });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tapText)?.[1] ?? 0);
totals.passed += count('pass');
totals.failed += count('fail') + count('cancelled');
if (!unitOk && count('fail') === 0) totals.failed += 1;

let editorOk = true;
if (process.env.SKIP_EDITOR_TESTS === '1' || process.argv.length > 2) {
  console.log('\n== editor tests skipped (SKIP_EDITOR_TESTS=1 or a test filter was given)');
} else {
  const resultsFile = join(mkdtempSync(join(tmpdir(), 'synctemplate-editor-')), 'results.json');
  editorOk = run('editor tests (code-server + Chromium)', process.execPath, ['test/e2e/runEditorTests.mjs'], { env: { ...process.env, EDITOR_RESULTS_FILE: resultsFile } });
  try {
    const editor = JSON.parse(readFileSync(resultsFile, 'utf8'));
    totals.passed += editor.passed;
    totals.failed += editor.failed;
  } catch {
    totals.failed += 1;
  }
  if (!editorOk && totals.failed === 0) totals.failed += 1;
}

console.log(`\ntotal: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(unitOk && editorOk && totals.failed === 0 ? 0 : 1);
