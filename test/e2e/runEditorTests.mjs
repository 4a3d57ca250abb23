// The editor tests (`npm run test:editor`, and the last part of `npm test`):
//   Phase A: the mocha suite in a real extension host, through the unmodified
//            @vscode/test-electron runTests(), with vscodeExecutablePath = code-shim.mjs (code-server
//            + headless Chromium here; desktop VS Code where it can be downloaded).
//   Phase B: a UI smoke test of the packaged .vsix in code-server, driven by Playwright.
// Both talk to a fake Truto API on loopback. Tools install into .tools/ on first run.
// Prints one closing line: "editor: N passed, N failed" (the editor tests only).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runTests } from '@vscode/test-electron';
import { ensureTools, ROOT } from './tools.mjs';

const started = Date.now();
const step = (message) => console.log(`== [editor ${Math.round((Date.now() - started) / 1000)}s] ${message}`);
const RESULTS = join(ROOT, 'test-results');
const children = [];

/** Every process we start runs in its own group, killed on every way out. */
function killAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startFakeTruto() {
  const child = spawn(process.execPath, [join(ROOT, 'out/test/support/fakeTruto.main.js'), '--token', `e2e-${Date.now()}`], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fake Truto API exited (${code})`)));
  });
  return JSON.parse(line);
}

async function waitForHealth(url, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz`);
}

const tally = { passed: 0, failed: 0 };
function record(results, phase) {
  if (results) {
    tally.passed += results.passed;
    tally.failed += results.failed;
    console.log(`== phase ${phase}: ${results.passed} passed, ${results.failed} failed`);
  } else {
    tally.failed += 1;
    console.log(`== phase ${phase}: did not report results (counted as 1 failure)`);
  }
}
function readResults(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Phase A runs the whole suite in a trusted workspace; phase A2 runs only the tests titled
 * "in Restricted Mode" in a second editor whose folder is untrusted (workspace trust kept on).
 */
async function phaseA(tools, fake, run, untrusted = false) {
  const phase = untrusted ? 'A2' : 'A';
  step(untrusted ? 'phase A2: the Restricted Mode tests, in an untrusted workspace' : 'phase A: extension-host tests (@vscode/test-electron + code-shim)');
  const ws = join(run, untrusted ? 'a2-ws' : 'a-ws');
  cpSync(join(ROOT, 'test/e2e/fixtures/workspace'), ws, { recursive: true });
  const results = join(run, untrusted ? 'a2-results.json' : 'a-results.json');
  Object.assign(process.env, { CODE_SERVER: tools.codeServer, NODE24_BIN: tools.node24Bin, CHROME: tools.chromium, E2E_ARTIFACTS: join(RESULTS, untrusted ? 'phase-a2' : 'phase-a') });
  try {
    await runTests({
      vscodeExecutablePath: join(ROOT, 'test/e2e/code-shim.mjs'), // instead of downloading VS Code
      extensionDevelopmentPath: ROOT, // the bundled extension: package.json → dist/client.js
      extensionTestsPath: join(ROOT, 'out/test/e2e/suite/index.js'),
      launchArgs: [ws, `--user-data-dir=${join(run, `${phase.toLowerCase()}-udd`)}`, `--extensions-dir=${join(run, `${phase.toLowerCase()}-exts`)}`],
      extensionTestsEnv: {
        FAKE_TRUTO_URL: fake.url, FAKE_TRUTO_TOKEN: fake.token, E2E_RESULTS_FILE: results,
        ...(untrusted ? { SHIM_WORKSPACE_TRUST: '1', E2E_UNTRUSTED: '1', E2E_GREP: 'in Restricted Mode' } : {}),
      },
    });
  } catch (error) {
    console.log(`== phase ${phase}: ${error.message}`);
  }
  const counts = readResults(results);
  // A title filter that matches nothing would pass vacuously: count that as a failure.
  record(untrusted && counts?.passed === 0 ? { passed: 0, failed: counts.failed + 1 } : counts, phase);
}

async function phaseB(tools, fake, run) {
  step('phase B: UI smoke test of the packaged .vsix');
  const vsix = join(ROOT, 'dist/synctemplate.vsix');
  const dir = join(run, 'b');
  const ws = join(dir, 'ws');
  mkdirSync(join(dir, 'udd/User'), { recursive: true });
  mkdirSync(join(dir, 'udd/Machine'), { recursive: true });
  cpSync(join(ROOT, 'test/e2e/fixtures/workspace'), ws, { recursive: true });
  const env = { ...process.env, PATH: `${tools.node24Bin}:${process.env.PATH}`, XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_DATA_HOME: join(dir, 'xdg-data'), TMPDIR: run };
  const install = spawnSync(tools.codeServer, ['--user-data-dir', join(dir, 'udd'), '--extensions-dir', join(dir, 'exts'), '--install-extension', vsix], { env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stderr}`);
  writeFileSync(
    join(dir, 'udd/User/settings.json'),
    JSON.stringify({
      'files.autoSave': 'off', 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none', 'workbench.tips.enabled': false,
      'git.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
    }),
  );
  // code-server is a remote window: machine-scoped settings such as apiBaseUrl are read from the
  // machine (remote) settings, as a user of any remote setup would set them.
  writeFileSync(join(dir, 'udd/Machine/settings.json'), JSON.stringify({ 'synctemplate.apiBaseUrl': fake.url }));
  const port = await freePort();
  const codeServer = spawn(tools.codeServer, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', join(dir, 'udd'), '--extensions-dir', join(dir, 'exts'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(codeServer);
  const logFile = join(dir, 'code-server.log');
  const chunks = [];
  codeServer.stdout.on('data', (d) => chunks.push(d));
  codeServer.stderr.on('data', (d) => chunks.push(d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  const shots = join(RESULTS, 'phase-b');
  const smoke = spawnSync(process.execPath, [join(ROOT, 'test/e2e/uiSmoke.mjs')], {
    env: { ...process.env, CS_URL: url, WS: ws, SHOTS: shots, FAKE_TRUTO_URL: fake.url, FAKE_TRUTO_TOKEN: fake.token, CHROME: tools.chromium, TMPDIR: run },
    stdio: 'inherit',
    timeout: 600_000,
  });
  // The template graph webview, in the same workbench (its own browser profile).
  const graph = spawnSync(process.execPath, [join(ROOT, 'test/e2e/graphSmoke.mjs')], {
    env: { ...process.env, CS_URL: url, WS: ws, SHOTS: shots, CHROME: tools.chromium, TMPDIR: run, ROOT },
    stdio: 'inherit',
    timeout: 300_000,
  });
  writeFileSync(logFile, Buffer.concat(chunks));
  if (smoke.status !== 0 || graph.status !== 0) {
    mkdirSync(shots, { recursive: true });
    cpSync(logFile, join(shots, 'code-server.log'));
    const logs = join(dir, 'udd/logs');
    if (existsSync(logs)) cpSync(logs, join(shots, 'vscode-logs'), { recursive: true });
  }
  try {
    process.kill(-codeServer.pid, 'SIGKILL');
  } catch {
    // gone
  }
  record(readResults(join(shots, 'ui-smoke-results.json')), 'B');
  record(readResults(join(shots, 'graph-smoke-results.json')), 'B (graph)');
}

async function main() {
  const tools = ensureTools();
  step('build and package the extension');
  for (const [command, args] of [[process.execPath, ['esbuild.mjs']], ['npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', 'dist/synctemplate.vsix']]]) {
    const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  }
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  // Short: unix socket paths under TMPDIR must stay under 107 characters.
  const run = mkdtempSync('/tmp/ste-');
  process.env.TMPDIR = run;
  const fake = await startFakeTruto();
  step(`fake Truto API at ${fake.url}`);
  try {
    await phaseA(tools, fake, run);
    await phaseA(tools, fake, run, true);
    await phaseB(tools, fake, run);
  } finally {
    killAll();
    rmSync(run, { recursive: true, force: true });
  }
  step('done');
  if (process.env.EDITOR_RESULTS_FILE) writeFileSync(process.env.EDITOR_RESULTS_FILE, JSON.stringify(tally));
  console.log(`editor: ${tally.passed} passed, ${tally.failed} failed`);
  process.exitCode = tally.failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`editor tests could not run: ${error.stack ?? error}`);
  if (process.env.EDITOR_RESULTS_FILE) writeFileSync(process.env.EDITOR_RESULTS_FILE, JSON.stringify({ passed: tally.passed, failed: tally.failed + 1 }));
  console.log(`editor: ${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exitCode = 1;
});
