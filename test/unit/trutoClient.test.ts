import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fieldProblems, TrutoApiError } from '../../server/src/publish/apiErrors';
import { checkBaseUrl } from '../../server/src/publish/baseUrl';
import { templateBody, templateFileText, withId } from '../../server/src/publish/templateBody';
import { parseRetryAfter, TrutoClient, type RequestLogEntry, type TrutoClientOptions } from '../../server/src/publish/trutoClient';
import { FakeTruto } from '../support/fakeTruto';

const TOKEN = 'secret-token-1234567890';
const BODY = { label: 'Tickets', default_runtime_version: 3, resources: [{ resource: 'ticketing/tickets', method: 'list' }] };

describe('TrutoClient against the fake Truto API', () => {
  const fake = new FakeTruto({ token: TOKEN, pageSize: 2 });
  const logs: RequestLogEntry[] = [];
  const waits: number[] = [];
  const client = (options: Partial<TrutoClientOptions> = {}) =>
    new TrutoClient({
      baseUrl: fake.url,
      token: TOKEN,
      log: (entry) => logs.push(entry),
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...options,
    });
  before(() => fake.start());
  after(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    logs.length = 0;
    waits.length = 0;
  });

  /** Every outcome must keep the token out of what users and logs see. */
  function assertNoToken(...texts: unknown[]): void {
    for (const text of [...texts, JSON.stringify(logs)]) assert.ok(!String(text).includes(TOKEN), `token leaked in ${String(text)}`);
  }

  it('creates with a bearer token and JSON, and returns the template', async () => {
    const created = await client().create(BODY);
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(fake.count('POST'), 1);
    const [request] = fake.requests;
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(request.body, BODY);
    assert.deepEqual(logs.map((l) => [l.method, l.status, l.templateId, l.outcome]), [['POST', 201, created.id, 'ok']]);
    assertNoToken();
  });

  it('updates, gets, lists every page (result or results) and deletes', async () => {
    const c = client();
    const { id } = await c.create(BODY);
    const updated = await c.update(id, { label: 'Renamed' });
    assert.equal(updated.label, 'Renamed');
    assert.equal((await c.get(id)).label, 'Renamed');
    for (let i = 0; i < 4; i++) fake.seed({ label: `t${i}` });
    const all = await c.listAll({}, 2);
    assert.equal(all.length, 5);
    assert.ok(fake.requests.some((r) => r.path.includes('next_cursor=')));
    assert.deepEqual(await c.delete(id), { id });
    assert.equal(fake.templates.has(id), false);
    const results = new FakeTruto({ token: TOKEN, listKey: 'results' });
    await results.start();
    results.seed({ label: 'x' });
    assert.equal((await new TrutoClient({ baseUrl: results.url, token: TOKEN }).listAll()).length, 1);
    await results.stop();
  });

  it('400: Truto’s message and the field problems from details', async () => {
    const error = await client().create({ default_runtime_version: 3 }).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError);
    assert.equal(error.status, 400);
    assert.ok(error.isValidationError);
    assert.equal(error.trutoMessage, 'label is required');
    assert.deepEqual(fieldProblems(error.details), [{ path: ['label'], message: 'label is required' }]);
    assert.match(error.message, /Truto refused the template \(400\): label is required/);
  });

  it('401: says the token was rejected, never shows it, and sends once', async () => {
    fake.token = 'another-token';
    const error = await client().create(BODY).catch((e: unknown) => e);
    fake.token = TOKEN;
    assert.ok(error instanceof TrutoApiError && error.isAuthError);
    assert.match(error.message, /rejected the API token \(401\)/);
    assert.equal(fake.count('POST'), 1);
    assertNoToken(error.message, error.stack);
  });

  it('redacts the token even when Truto echoes it back', async () => {
    fake.failNext({ kind: 'status', status: 400, message: `bad token ${TOKEN} here` });
    const error = await client().create(BODY).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError);
    assertNoToken(error.message, error.trutoMessage);
  });

  it('404 on update is reported as not found', async () => {
    const error = await client().update('00000000-0000-4000-8000-000000000000', BODY).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError && error.isNotFound);
  });

  it('429: waits Retry-After and retries, then succeeds', async () => {
    fake.failNext({ kind: 'status', status: 429, retryAfter: '2' }, { method: 'POST' });
    const created = await client().create(BODY);
    assert.ok(created.id);
    assert.equal(fake.count('POST'), 2);
    assert.deepEqual(waits, [2000]);
    assert.equal(fake.templates.size, 1);
  });

  it('429: gives up after the allowed attempts, and within the wait budget', async () => {
    for (let i = 0; i < 5; i++) fake.failNext({ kind: 'status', status: 429, retryAfter: '1' }, { method: 'POST' });
    const error = await client({ maxAttempts: 3 }).create(BODY).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError);
    assert.equal(error.kind, 'rate-limited');
    assert.equal(fake.count('POST'), 3);
    assert.deepEqual(waits, [1000, 1000]);
    fake.reset();
    fake.failNext({ kind: 'status', status: 429, retryAfter: '120' }, { method: 'POST' });
    const tooLong = await client({ maxRetryWaitMs: 30_000 }).create(BODY).catch((e: unknown) => e);
    assert.ok(tooLong instanceof TrutoApiError && tooLong.kind === 'rate-limited');
    assert.equal(fake.count('POST'), 1);
  });

  it('5xx after a POST: outcome unknown, never retried', async () => {
    fake.failNext({ kind: 'status', status: 502, rawBody: '<html>bad gateway</html>' }, { method: 'POST' });
    const error = await client().create(BODY).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError);
    assert.equal(error.kind, 'outcome-unknown');
    assert.match(error.message, /before creating it again/);
    assert.equal(fake.count('POST'), 1);
  });

  it('a slow answer after the POST was sent: outcome unknown, exactly one POST (and Truto did create it)', async () => {
    fake.failNext({ kind: 'slow', delayMs: 1500 }, { method: 'POST' });
    const error = await client({ headersTimeoutMs: 300 }).create(BODY).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError);
    assert.equal(error.kind, 'outcome-unknown');
    assert.equal(fake.count('POST'), 1);
    assert.equal(fake.templates.size, 1); // why a retry would have made a duplicate
  });

  it('a connection reset after the body was received: outcome unknown, exactly one POST', async () => {
    fake.failNext({ kind: 'reset-after-body' }, { method: 'POST' });
    const error = await client().create(BODY).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError);
    assert.equal(error.kind, 'outcome-unknown');
    assert.equal(fake.count('POST'), 1);
  });

  it('a 200 that is not JSON after a POST: outcome unknown', async () => {
    fake.failNext({ kind: 'not-json' }, { method: 'POST' });
    const error = await client().create(BODY).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError && error.kind === 'outcome-unknown');
  });

  it('connection refused: nothing was sent, so it retries within bounds and then says so', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const refused = new TrutoClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, sleep: async (ms) => void waits.push(ms), log: (e) => logs.push(e) });
    const error = await refused.create(BODY).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError);
    assert.equal(error.kind, 'unreachable');
    assert.equal(error.attempts, 3);
    assert.match(error.message, /Nothing was sent/);
    assert.equal(waits.length, 2);
  });

  it('cancelled before sending: nothing sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client().create(BODY, { signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(error instanceof TrutoApiError && error.kind === 'cancelled');
    assert.equal(fake.count('POST'), 0);
  });
});

describe('base URL policy', () => {
  it('allows https anywhere and http only to this machine', () => {
    assert.deepEqual(checkBaseUrl('https://api.truto.one/'), { ok: true, url: 'https://api.truto.one' });
    for (const ok of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000', 'http://127.5.0.1']) assert.ok(checkBaseUrl(ok).ok, ok);
    for (const bad of ['http://api.truto.one', 'http://10.0.0.5', 'http://localhost.evil.com', 'ftp://x', 'https://user:pw@api.truto.one', 'https://api.truto.one/?x=1', 'not a url']) {
      assert.equal(checkBaseUrl(bad).ok, false, bad);
    }
    assert.throws(() => new TrutoClient({ baseUrl: 'http://api.truto.one', token: TOKEN }), /plain http/);
  });
});

describe('request bodies and files', () => {
  it('sends the document minus $schema, id and server-set keys', () => {
    const result = templateBody(JSON.stringify({ $schema: './s.json', id: 'abc', label: 'x', team_id: 't', created_at: 'c', resources: [] }));
    assert.deepEqual(result, { ok: true, body: { label: 'x', resources: [] }, id: 'abc' });
    assert.equal(templateBody('{ "a": ').ok, false);
    assert.equal(templateBody('[1]').ok, false);
  });

  it('writes the id after $schema, keeping the file’s formatting', () => {
    const text = '{\n    "$schema": "./s.json",\n    "label": "x"\n}\n';
    assert.equal(withId(text, 'id-1'), '{\n    "$schema": "./s.json",\n    "id": "id-1",\n    "label": "x"\n}\n');
    assert.equal(withId('{\n  "label": "x"\n}', 'id-2'), '{\n  "id": "id-2",\n  "label": "x"\n}');
    assert.equal(withId('{\n  "id": "old",\n  "label": "x"\n}', 'new'), '{\n  "id": "new",\n  "label": "x"\n}');
  });

  it('turns a pulled template into a file with id first and no server-set keys', () => {
    const text = templateFileText({ label: 'x', id: 'i', team_id: 't', updated_at: 'u', resources: [] });
    assert.equal(text, '{\n  "id": "i",\n  "label": "x",\n  "resources": []\n}\n');
  });

  it('parses Retry-After as seconds or a date', () => {
    assert.equal(parseRetryAfter('10'), 10_000);
    assert.equal(parseRetryAfter('Wed, 01 Jan 2031 00:00:10 GMT', Date.parse('Wed, 01 Jan 2031 00:00:00 GMT')), 10_000);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
  });
});
