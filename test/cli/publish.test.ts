import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeTruto } from '../support/fakeTruto';
import { repoPath } from '../support/fixtures';

const TOKEN = 'cli-secret-token-98765';
const TEMPLATE = {
  $schema: '../schemas/synctemplate.schema.json',
  label: 'Tickets',
  default_runtime_version: 3,
  args_schema: { user_id: { type: 'string' } },
  resources: [{ resource: 'ticketing/tickets', method: 'list', query: { u: '{{args.user_id}}' } }],
};

/** Runs dist/cli.js asynchronously (the fake API lives in this process and must keep answering). */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [repoPath('dist', 'cli.js'), ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('synctemplate publish against the fake Truto API', () => {
  const fake = new FakeTruto({ token: TOKEN });
  let dir: string;
  let file: string;
  const env = () => ({ TRUTO_API_TOKEN: TOKEN });
  const write = (content: unknown) => writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  const outputs: string[] = [];
  const run = async (args: string[], environment: Record<string, string | undefined> = env()) => {
    const result = await cli(args, environment);
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  before(() => fake.start());
  after(async () => {
    await fake.stop();
    // The token never appears in anything the command printed, in any case above.
    for (const output of outputs) assert.ok(!output.includes(TOKEN), `token leaked: ${output}`);
  });
  beforeEach(() => {
    fake.reset();
    dir = mkdtempSync(join(tmpdir(), 'synctemplate-publish-'));
    file = join(dir, 'tickets.synctemplate.json');
    write(TEMPLATE);
  });

  it('creates: one POST, body = file minus tool-only keys, prints the id', async () => {
    const { code, stdout, stderr } = await run(['publish', file, '--base-url', fake.url]);
    assert.equal(code, 0, stderr);
    assert.equal(fake.count('POST'), 1);
    const { $schema, ...expected } = TEMPLATE;
    assert.ok($schema);
    assert.deepEqual(fake.requests[0].body, expected);
    const [id] = [...fake.templates.keys()];
    assert.equal(stdout, `${id}\n`);
    assert.match(stderr, /Created sync job template "Tickets"/);
  });

  it('--write-id writes the id, then --update sends a PATCH', async () => {
    const created = await run(['publish', file, '--base-url', fake.url, '--write-id']);
    assert.equal(created.code, 0, created.stderr);
    const id = created.stdout.trim();
    const text = readFileSync(file, 'utf8');
    assert.match(text, new RegExp(`"\\$schema": "\\.\\./schemas/synctemplate\\.schema\\.json",\\n  "id": "${id}",`));
    write(text.replace('"Tickets"', '"Tickets v2"'));
    const updated = await run(['publish', file, '--base-url', fake.url, '--update']);
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(fake.count('PATCH'), 1);
    assert.equal(fake.requests.at(-1)?.path, `/sync-job-template/${id}`);
    assert.equal(fake.templates.get(id)?.label, 'Tickets v2');
    assert.equal(fake.count('POST'), 1);
  });

  it('refuses to create a second copy of a file that has an id, and --update without one', async () => {
    write({ ...TEMPLATE, id: '0b0c9a3e-2d38-4c4e-9d5e-1f7f1f0e8a11' });
    const again = await run(['publish', file, '--base-url', fake.url]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already has an id .* Pass --update/);
    write(TEMPLATE);
    const noId = await run(['publish', file, '--base-url', fake.url, '--update']);
    assert.equal(noId.code, 2);
    assert.equal(fake.requests.length, 0);
  });

  it('sends nothing for a file with errors, and says why', async () => {
    write({ ...TEMPLATE, resources: [{ resource: 'ticketing/tickets', method: 'list', query: { u: '{{args.usr_id}}' } }] });
    const { code, stdout, stderr } = await run(['publish', file, '--base-url', fake.url]);
    assert.equal(code, 1);
    assert.match(stdout, /error unknown-arg/);
    assert.match(stderr, /Nothing was sent/);
    assert.equal(fake.requests.length, 0);
  });

  it('--dry-run prints the body and sends nothing, without a token', async () => {
    const { code, stdout } = await run(['publish', file, '--dry-run'], {});
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).label, 'Tickets');
    assert.equal(JSON.parse(stdout).$schema, undefined);
    assert.equal(fake.requests.length, 0);
  });

  it('needs TRUTO_API_TOKEN and refuses a --token flag', async () => {
    const missing = await run(['publish', file, '--base-url', fake.url], {});
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /TRUTO_API_TOKEN/);
    const flag = await run(['publish', file, '--base-url', fake.url, '--token', TOKEN]);
    assert.equal(flag.code, 2);
    assert.equal(fake.requests.length, 0);
  });

  it('refuses plain http to a non-loopback host', async () => {
    const { code, stderr } = await run(['publish', file, '--base-url', 'http://api.truto.one']);
    assert.equal(code, 2);
    assert.match(stderr, /plain http/);
  });

  it('401: exit 1, says the token was rejected', async () => {
    const { code, stderr } = await run(['publish', file, '--base-url', fake.url], { TRUTO_API_TOKEN: 'wrong-token' });
    assert.equal(code, 1);
    assert.match(stderr, /rejected the API token \(401\)/);
  });

  it('400 with details: exit 1, Truto’s message mapped to file:line:col', async () => {
    fake.failNext({ kind: 'status', status: 400, message: 'Invalid sharing', details: { failures: [{ path: 'resources.0.method', message: 'unknown method' }] } });
    const { code, stderr } = await run(['publish', file, '--base-url', fake.url]);
    assert.equal(code, 1);
    assert.match(stderr, /Truto refused the template \(400\): Invalid sharing/);
    assert.match(stderr, /tickets\.synctemplate\.json:13:7 error truto resources\.0\.method: unknown method/);
  });

  it('a timeout after sending: exit 1, outcome unknown, exactly one POST', async () => {
    fake.failNext({ kind: 'reset-after-body' });
    const { code, stderr } = await run(['publish', file, '--base-url', fake.url, '--verbose']);
    assert.equal(code, 1);
    assert.match(stderr, /may have been created anyway/);
    assert.equal(fake.count('POST'), 1);
  });
});
