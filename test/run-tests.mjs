// The whole test suite, as `npm test` runs it:
//   1. type-check (tsc, strict) and bundle (esbuild: dist/ and out/test/),
//   2. unit, protocol and CLI tests with Node's test runner, against the bundles.
// Extra arguments are passed to `node --test` (for example --test-name-pattern=hover).
import { spawnSync } from 'node:child_process';
import { glob } from 'tinyglobby';

function run(label, command, args) {
  const started = Date.now();
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`== ${label} failed after ${seconds}s (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`== ${label} done in ${seconds}s`);
}

run('type-check', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
run('bundle', process.execPath, ['esbuild.mjs']);
const files = (await glob('out/test/**/*.test.js')).sort();
if (files.length === 0) {
  console.error('No test files were built under out/test/.');
  process.exit(1);
}
run(`unit, protocol and CLI tests (${files.length} files)`, process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(2), ...files]);
