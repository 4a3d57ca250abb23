import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Truto's Admin API, following its documented contract: bearer auth,
 * `/sync-job-template` CRUD with the list envelope `{result, next_cursor, limit}`, the error
 * envelope `{statusCode, error, message, details?}`, and `Retry-After` on 429. Listens on
 * loopback only. Faults can be queued per request to test every failure path, and every request
 * is recorded.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly rawBody: string;
}

export type Fault =
  | { kind: 'status'; status: number; message?: string; details?: unknown; retryAfter?: string; rawBody?: string }
  /** Answer only after `delayMs` (to trip the client's timeout); the request is still applied. */
  | { kind: 'slow'; delayMs: number }
  /** Read the whole request, apply it, then destroy the connection without answering. */
  | { kind: 'reset-after-body' }
  /** Answer 200 with a body that is not JSON. */
  | { kind: 'not-json' };

export interface FakeTrutoOptions {
  readonly token?: string;
  readonly port?: number;
  /** Page size of the list when the client gives no limit. */
  readonly pageSize?: number;
  /** Use `results` instead of `result` as the list key (some Truto pages document it). */
  readonly listKey?: 'result' | 'results';
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export class FakeTruto {
  readonly requests: RecordedRequest[] = [];
  readonly templates = new Map<string, Record<string, unknown>>();
  token: string;
  private readonly faults: { match: (r: RecordedRequest) => boolean; fault: Fault }[] = [];
  private server: Server | undefined;
  private readonly options: FakeTrutoOptions;

  constructor(options: FakeTrutoOptions = {}) {
    this.options = options;
    this.token = options.token ?? 'test-token-5f2a9c';
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('The fake Truto API is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Queues a fault for the next request that matches (method, and path prefix when given). */
  failNext(fault: Fault, match: { method?: string; path?: string } = {}): void {
    this.faults.push({
      match: (r) => (match.method === undefined || r.method === match.method) && (match.path === undefined || r.path.startsWith(match.path)),
      fault,
    });
  }

  count(method: string, pathPrefix = '/sync-job-template'): number {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    this.templates.clear();
  }

  seed(template: Record<string, unknown>): Record<string, unknown> {
    const id = typeof template.id === 'string' ? template.id : randomUUID();
    const stored = { ...template, id, team_id: 'team-1', created_at: '2026-11-01T10:00:00.000Z', updated_at: '2026-11-01T10:00:00.000Z' };
    this.templates.set(id, stored);
    return stored;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__fake/')) return this.admin(req.method ?? 'GET', url.pathname, body, res);
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body, rawBody };
    this.requests.push(recorded);

    const faultIndex = this.faults.findIndex((f) => f.match(recorded));
    const fault = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0].fault : undefined;
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': `req-${this.requests.length}` };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      res.writeHead(fault.status, headers);
      res.end(fault.rawBody ?? JSON.stringify({ statusCode: fault.status, error: REASONS[fault.status] ?? 'Error', message: fault.message ?? REASONS[fault.status] ?? 'Error', ...(fault.details !== undefined ? { details: fault.details } : {}) }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return this.error(res, 401, 'Invalid API token');
    }
    const answer = this.route(recorded.method, url, body);
    if (fault?.kind === 'reset-after-body') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return;
    if (fault?.kind === 'not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>gateway</html>');
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', 'x-request-id': `req-${this.requests.length}` });
    res.end(JSON.stringify(answer.body));
  }

  /**
   * Control endpoints for tests that run in another process (the editor tests): read the
   * recorded requests and templates, reset, and queue faults. Not part of Truto's API.
   */
  private admin(method: string, path: string, body: unknown, res: ServerResponse): void {
    const reply = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (method === 'GET' && path === '/__fake/requests') return reply(200, this.requests.map(({ method: m, path: p, body: b, headers }) => ({ method: m, path: p, body: b, authorization: headers.authorization ? 'present' : 'absent' })));
    if (method === 'GET' && path === '/__fake/templates') return reply(200, [...this.templates.values()]);
    if (method === 'POST' && path === '/__fake/reset') {
      this.requests.length = 0;
      this.faults.length = 0;
      return reply(200, { ok: true });
    }
    if (method === 'POST' && path === '/__fake/fail') {
      const { fault, match } = (body ?? {}) as { fault: Fault; match?: { method?: string; path?: string } };
      this.failNext(fault, match);
      return reply(200, { ok: true });
    }
    return reply(404, { message: 'unknown control endpoint' });
  }

  private error(res: ServerResponse, status: number, message: string, details?: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode: status, error: REASONS[status] ?? 'Error', message, ...(details !== undefined ? { details } : {}) }));
  }

  private route(method: string, url: URL, body: unknown): { status: number; body: unknown } {
    const match = /^\/sync-job-template(?:\/([^/]+))?$/.exec(url.pathname);
    const notFound = { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Not Found' } };
    if (!match) return notFound;
    const id = match[1] ? decodeURIComponent(match[1]) : undefined;
    const now = new Date().toISOString();
    if (!id && method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? this.options.pageSize ?? 20);
      const all = [...this.templates.values()];
      const start = Number(url.searchParams.get('next_cursor') ?? 0);
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : null;
      return { status: 200, body: { [this.options.listKey ?? 'result']: page, next_cursor: next, limit } };
    }
    if (!id && method === 'POST') {
      const problems = validateBody(body, true);
      if (problems) return problems;
      const template = { ...(body as Record<string, unknown>), id: randomUUID(), team_id: 'team-1', created_at: now, updated_at: now };
      this.templates.set(template.id, template);
      return { status: 201, body: template };
    }
    if (!id) return { status: 405, body: { statusCode: 405, error: 'Method Not Allowed', message: 'Method Not Allowed' } };
    const existing = this.templates.get(id);
    if (!existing) return notFound;
    if (method === 'GET') return { status: 200, body: existing };
    if (method === 'PATCH') {
      const problems = validateBody(body, false);
      if (problems) return problems;
      const updated = { ...existing, ...(body as Record<string, unknown>), id, updated_at: now };
      this.templates.set(id, updated);
      return { status: 200, body: updated };
    }
    if (method === 'DELETE') {
      this.templates.delete(id);
      return { status: 200, body: { id } };
    }
    return { status: 405, body: { statusCode: 405, error: 'Method Not Allowed', message: 'Method Not Allowed' } };
  }
}

/** The server-side checks Truto documents: a JSON object body, a label on create, tool-only keys never accepted. */
function validateBody(body: unknown, creating: boolean): { status: number; body: unknown } | undefined {
  const fail = (message: string, failures: { path: string; message: string }[]) => ({ status: 400, body: { statusCode: 400, error: 'Bad Request', message, details: { failures } } });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('Body must be a JSON object', []);
  const b = body as Record<string, unknown>;
  if (creating && (typeof b.label !== 'string' || b.label.length === 0)) return fail('label is required', [{ path: 'label', message: 'label is required' }]);
  for (const key of ['$schema', 'id']) if (key in b) return fail(`Unknown key ${key}`, [{ path: key, message: `${key} is not allowed` }]);
  if (b.sharing !== undefined && !['allow', 'ask', 'deny'].includes(String(b.sharing))) {
    return fail('sharing must be one of allow, ask, deny', [{ path: 'sharing', message: 'must be one of allow, ask, deny' }]);
  }
  return undefined;
}
