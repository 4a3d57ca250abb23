// The language server in a real non-VS Code editor: Debian's headless Neovim (0.7.2 on Debian 12)
// started with the README's copy-paste configuration, against the bundled dist/server.js over
// stdio. Neovim is installed by test/e2e/tools.mjs (apt, as root), like the editor tests' chromium.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { repoPath } from '../support/fixtures';

interface Seen {
  code: string | number | null;
  severity: number;
  line: number;
  message: string;
  source?: string;
}
interface SessionResult {
  version: string;
  error?: string;
  filetype?: string;
  diagnostics?: Seen[];
  completion?: string[];
  hover?: string;
  code_actions?: string[];
  after_fix_line?: string;
  diagnostics_after_fix?: Seen[];
  formatted?: string;
}

const TEMPLATE = `{
  "label": "Neovim session",
  "default_runtime_version": 3,
  "args_schema": {
    "user_id": { "type": "string", "required": true, "description": "The user whose tickets are synced." },
    "team_id": { "type": "string", "required": false, "description": "Only this team." }
  },
  "resources": [
    {
      "resource": "ticketing/tickets",
      "method": "list",
      "query": {
        "assignee": "{{args.usr_id}}",
        "owner": "{{args.user_id}}",
        "team": "{{args.}}"
      }
    }
  ]
}
`;
const UNFORMATTED = '{"label":"Format me","default_runtime_version":3,"resources":[{"resource":"ticketing/tickets","method":"list"}]}\n';

/** Neovim's version as [major, minor], installing Debian's package first if needed. */
function neovimVersion(): [number, number] {
  const installed = spawnSync(process.execPath, [repoPath('test/e2e/tools.mjs'), 'neovim'], { encoding: 'utf8' });
  assert.equal(installed.status, 0, `Neovim is needed for this test and could not be installed:\n${installed.stderr}`);
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  const match = /NVIM v(\d+)\.(\d+)/.exec(version.stdout ?? '');
  assert.ok(match, `nvim --version printed no version: ${version.stdout}${version.stderr}`);
  return [Number(match[1]), Number(match[2])];
}

/** The expected formatting: the pure service's own edits on the same text. */
function formattedByService(text: string): string {
  const document = TextDocument.create('file:///f.synctemplate.json', 'synctemplate', 1, text);
  return TextDocument.applyEdits(document, createLanguageService().format(document, undefined, { tabSize: 8, insertSpaces: false }));
}

describe('Neovim (headless) with the README configuration', () => {
  let work: string;
  let version: [number, number];
  let server: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'st-nvim-'));
    version = neovimVersion();
    // A copy of the bundle the suite just built, so a rebuild meanwhile cannot pull it away.
    server = join(work, 'server.js');
    copyFileSync(repoPath('dist/server.js'), server);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const snippets: { file: string; since: [number, number] }[] = [
    { file: 'synctemplate-0.7.lua', since: [0, 7] },
    { file: 'synctemplate-0.10.lua', since: [0, 10] },
    { file: 'synctemplate-0.11.lua', since: [0, 11] },
  ];

  it('the README shows each configuration exactly as tested', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    for (const { file } of snippets) {
      const snippet = readFileSync(repoPath('test/editors/neovim', file), 'utf8').trim();
      assert.ok(readme.includes(snippet), `README.md does not contain test/editors/neovim/${file} verbatim`);
    }
  });

  for (const { file, since } of snippets) {
    it(`${file}: diagnostics with codes and settings, completion in {{args.}}, hover, a quick fix applied, formatting`, (t) => {
      if (version[0] < since[0] || (version[0] === since[0] && version[1] < since[1])) {
        t.skip(`needs Neovim ${since.join('.')}+, this machine has ${version.join('.')}`);
        return;
      }
      const dir = mkdtempSync(join(work, 'session-'));
      const config = join(dir, 'config.lua');
      // The README's snippet, pointed at this checkout's server and this test's Node.
      const snippet = readFileSync(repoPath('test/editors/neovim', file), 'utf8')
        .replace("'node'", JSON.stringify(process.execPath))
        .replace('/path/to/synctemplate/dist/server.js', server);
      writeFileSync(config, snippet);
      const templateFile = join(dir, 'tickets.synctemplate.json');
      const formatFile = join(dir, 'format.synctemplate.json');
      writeFileSync(templateFile, TEMPLATE);
      writeFileSync(formatFile, UNFORMATTED);
      const resultFile = join(dir, 'result.json');
      const xdg = (name: string) => join(dir, name);
      const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${repoPath('test/editors/neovim/driver.lua')}`], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 90_000,
        env: { ...process.env, CONFIG: config, FILE: templateFile, FORMAT_FILE: formatFile, RESULT: resultFile, XDG_CONFIG_HOME: xdg('config'), XDG_DATA_HOME: xdg('data'), XDG_STATE_HOME: xdg('state'), XDG_CACHE_HOME: xdg('cache') },
      });
      let result: SessionResult;
      try {
        result = JSON.parse(readFileSync(resultFile, 'utf8')) as SessionResult;
      } catch {
        assert.fail(`Neovim wrote no result (exit ${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
      }
      const lspLog = () => [xdg('cache'), xdg('state')].map((d) => join(d, 'nvim', 'lsp.log')).filter(existsSync).map((f) => readFileSync(f, 'utf8').slice(-4000)).join('\n');
      assert.equal(result.error, undefined, `the session failed on Neovim ${result.version}: ${result.error}\n${lspLog()}`);
      assert.equal(result.filetype, 'synctemplate');

      // Diagnostics carry codes and the source; the configured severity arrived through workspace/configuration.
      const unknown = result.diagnostics!.find((d) => d.code === 'unknown-arg');
      assert.ok(unknown, JSON.stringify(result.diagnostics));
      assert.equal(unknown.source, 'synctemplate');
      assert.equal(unknown.severity, 2, 'unknown-arg is an error by default; the settings made it a warning');
      assert.match(unknown.message, /usr_id/);
      assert.ok(result.diagnostics!.every((d) => typeof d.code === 'string' && d.code.length > 0), JSON.stringify(result.diagnostics));

      assert.ok(result.completion!.includes('user_id') && result.completion!.includes('team_id'), `completion in {{args.}}: ${JSON.stringify(result.completion)}`);
      assert.match(result.hover ?? '', /The user whose tickets are synced/);

      assert.ok(result.code_actions!.includes('Change to "user_id"'), JSON.stringify(result.code_actions));
      assert.match(result.after_fix_line ?? '', /"assignee": "\{\{args\.user_id\}\}"/);
      assert.ok(!result.diagnostics_after_fix!.some((d) => d.code === 'unknown-arg'));

      // A buffer's lines hold no final newline: compare without it. (Neovim's defaults: tabs, width 8.)
      assert.equal(result.formatted, formattedByService(UNFORMATTED).replace(/\n$/, ''));
      assert.match(result.formatted ?? '', /^\{\n\t"label": "Format me",\n/);
    });
  }
});
