// `npm start`: the live demo. Builds and packages the extension, checks the examples with the
// CLI, starts a fake Truto API on loopback and code-server with the .vsix installed on
// examples/, its API base URL pointed at the fake. Prints the URL to open. Ctrl+C stops all.
// The folder opens trusted (--disable-workspace-trust): the person running the demo created it, and
// Restricted Mode would only stop the publish commands the demo exists to show.
// First run installs the tools into .tools/ (a few minutes, once); later runs start in seconds.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureTools, ROOT } from './tools.mjs';

const PORT = Number(process.env.PORT ?? 8080);
const children = [];
const stopAll = () => {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // gone
    }
  }
};
process.on('exit', stopAll);
process.on('SIGINT', () => {
  console.log('\nStopping the demo…');
  process.exit(0);
});
process.on('SIGTERM', () => process.exit(0));

function must(label, command, args) {
  console.log(`== ${label}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${label} failed.`);
    process.exit(1);
  }
}

console.log('== preparing tools (first run: Debian packages, Node 24 and code-server into .tools/, a few minutes)');
const tools = ensureTools();
must('build', process.execPath, ['esbuild.mjs']);
must('package dist/synctemplate.vsix', 'npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', 'dist/synctemplate.vsix']);
console.log('== synctemplate check examples/');
spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples/'], { cwd: ROOT, stdio: 'inherit' });

const fake = spawn(process.execPath, [join(ROOT, 'out/test/support/fakeTruto.main.js'), '--token', 'demo-token'], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
children.push(fake);
const { url: fakeUrl, token } = JSON.parse(await new Promise((resolve) => createInterface({ input: fake.stdout }).once('line', resolve)));

const run = mkdtempSync('/tmp/st-demo-');
const dir = (name) => join(run, name);
mkdirSync(dir('udd/User'), { recursive: true });
mkdirSync(dir('udd/Machine'), { recursive: true });
cpSync(join(ROOT, 'examples'), dir('examples'), { recursive: true });
// The examples point $schema at ../schemas/: give the copy its schema too.
cpSync(join(ROOT, 'schemas'), dir('schemas'), { recursive: true });
writeFileSync(dir('udd/User/settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'chat.disableAIFeatures': true, 'extensions.autoCheckUpdates': false, 'update.mode': 'none' }));
writeFileSync(dir('udd/Machine/settings.json'), JSON.stringify({ 'synctemplate.apiBaseUrl': fakeUrl }));
const env = { ...process.env, PATH: `${tools.node24Bin}:${process.env.PATH}`, XDG_CONFIG_HOME: dir('xdg-config'), XDG_DATA_HOME: dir('xdg-data'), TMPDIR: run };
spawnSync(tools.codeServer, ['--user-data-dir', dir('udd'), '--extensions-dir', dir('exts'), '--install-extension', join(ROOT, 'dist/synctemplate.vsix')], { env, stdio: 'ignore' });
const codeServer = spawn(tools.codeServer, ['--bind-addr', `127.0.0.1:${PORT}`, '--auth', 'none', '--user-data-dir', dir('udd'), '--extensions-dir', dir('exts'), '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', dir('examples')], { env, detached: true, stdio: 'ignore' });
children.push(codeServer);
process.on('exit', () => rmSync(run, { recursive: true, force: true }));

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok) break;
  } catch {
    // starting
  }
  if (i > 600) {
    console.error(`code-server did not start on port ${PORT} (set PORT=… to use another).`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log(`
  The editor is ready:  http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(dir('examples'))}

  The folder is open as a trusted workspace (workspace trust is off for this demo: you created the
  folder), so the publish commands work without visiting the Restricted Mode banner.

  Start with File › New File… › "Sync Job Template" (or the walkthrough: Help › Welcome ›
  "Get Started with Truto Sync Job Templates"), or open a *.synctemplate.json file: completion,
  hover, problems and quick fixes work as in VS Code.
  "Synctemplate: Create Sync Job Template" publishes to a fake Truto API at ${fakeUrl}
  (API token: ${token} — the command asks for it the first time).

  Press Ctrl+C to stop.`);
await new Promise(() => {});
