#!/usr/bin/env node
// Stand-in for the VS Code *desktop* executable, for @vscode/test-electron's
// runTests({ vscodeExecutablePath }) and @vscode/test-cli's useInstallation.fromPath.
// It accepts the desktop CLI (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=,
// --extensions-dir=, [folder]) and runs the tests in code-server's real Node extension host,
// with a headless system Chromium as the UI. Exit code = test result.
// env: CODE_SERVER (code-server bin), NODE24_BIN (dir with node 24), CHROME (default /usr/bin/chromium),
//      E2E_ARTIFACTS (optional: where to copy the code-server log and a screenshot when tests fail),
//      SHIM_WORKSPACE_TRUST=1 (optional: keep workspace trust on, so the folder opens in Restricted Mode).
// Adapted from shared/e2e/code-shim.mjs for this project: user settings are merged (not only
// created), the process group is killed on every exit path, and failures leave their logs.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { format } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const devPaths = [], positional = [];
let testsPath, udd, extDir;
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(a);
  if (m && m[1] === 'extensionDevelopmentPath') devPaths.push(path.resolve(m[2]));
  else if (m && m[1] === 'extensionTestsPath') testsPath = path.resolve(m[2]);
  else if (m && m[1] === 'user-data-dir') udd = path.resolve(m[2]);
  else if (m && m[1] === 'extensions-dir') extDir = path.resolve(m[2]);
  else if (!a.startsWith('-')) positional.push(path.resolve(a));
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'code-shim-'));
udd ??= path.join(tmp, 'udd'); extDir ??= path.join(tmp, 'exts');
fs.mkdirSync(path.join(udd, 'User'), { recursive: true });
const settings = path.join(udd, 'User', 'settings.json');
let existing = {};
try { existing = JSON.parse(fs.readFileSync(settings, 'utf8')); } catch {}
// Web VS Code auto-saves and shows welcome pages: turn that off, keep whatever the runner set.
fs.writeFileSync(settings, JSON.stringify({ 'files.autoSave': 'off', 'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false,
  'git.enabled': false, 'workbench.tips.enabled': false, 'update.mode': 'none',
  // With trust on, the folder stays untrusted without a modal asking about it.
  ...(process.env.SHIM_WORKSPACE_TRUST === '1' ? { 'security.workspace.trust.startupPrompt': 'never' } : {}), ...existing }));

const port = await new Promise((r) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const env = { ...process.env, PATH: `${process.env.NODE24_BIN}:${process.env.PATH}`, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') };
const cs = spawn(process.env.CODE_SERVER, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', udd, '--extensions-dir', extDir,
  '--disable-telemetry', '--disable-update-check', ...(process.env.SHIM_WORKSPACE_TRUST === '1' ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
  '--vscode-option', 'enable-smoke-test-driver'], { env, detached: true, stdio: ['ignore', fs.openSync(path.join(tmp, 'code-server.log'), 'w'), 'inherit'] });
const killCs = () => { try { process.kill(-cs.pid, 'SIGKILL'); } catch {} };
process.on('exit', killCs);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try { if ((await fetch(`${base}/healthz`)).ok) break; } catch {}
  if (i > 600) { console.error('code-server did not start'); process.exit(1); }
  await new Promise((r) => setTimeout(r, 100));
}
const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
const payload = devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
const target = positional[0];
const where = !target ? 'ew=true' : fs.statSync(target).isDirectory() ? `folder=${encodeURIComponent(target)}` : `workspace=${encodeURIComponent(target)}`;

const profile = path.join(tmp, 'chrome');
const ctx = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROME ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
const page = ctx.pages()[0] ?? await ctx.newPage();
let done; const exited = new Promise((r) => (done = r));
const NOISE = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)|Creating a socket|connection token|builtin extensions cache|authentication provider|ENOTFOUND/;
await page.exposeFunction('codeAutomationLog', (type, args) => { const l = format(...args); if (process.env.VERBOSE || !NOISE.test(l)) (type === 'error' ? console.error : console.log)(l); });
await page.exposeFunction('codeAutomationExit', (code) => done(code));
await page.goto(`${base}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(124), +(process.env.SHIM_TIMEOUT_MS ?? 600000)))]);
if (code !== 0 && process.env.E2E_ARTIFACTS) {
  fs.mkdirSync(process.env.E2E_ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(process.env.E2E_ARTIFACTS, 'extension-tests-failure.png') }).catch(() => {});
  fs.copyFileSync(path.join(tmp, 'code-server.log'), path.join(process.env.E2E_ARTIFACTS, 'extension-tests-code-server.log'));
  const logs = path.join(udd, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(process.env.E2E_ARTIFACTS, 'extension-tests-vscode-logs'), { recursive: true });
}
await ctx.close().catch(() => {});
killCs();
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(typeof code === 'number' ? code : 1);
