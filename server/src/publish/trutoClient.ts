import { Agent, request, type Dispatcher } from 'undici';
import { TrutoApiError, type ApiErrorKind } from './apiErrors';
import { checkBaseUrl } from './baseUrl';

/** A sync job template as Truto returns it (fields beyond these are kept as they come). */
export interface SyncJobTemplate {
  readonly id: string;
  readonly label?: string;
  readonly integration_name?: string | null;
  readonly default_runtime_version?: number;
  readonly updated_at?: string;
  readonly created_at?: string;
  readonly [key: string]: unknown;
}

export interface TemplatePage {
  readonly items: SyncJobTemplate[];
  readonly nextCursor: string | undefined;
}

/** One line of the request log. Never holds the token or any header. */
export interface RequestLogEntry {
  readonly method: string;
  readonly url: string;
  readonly attempt: number;
  readonly status?: number;
  readonly durationMs: number;
  readonly templateId?: string;
  readonly outcome: 'ok' | 'error' | 'retry';
  readonly note?: string;
}

export interface TrutoClientOptions {
  readonly baseUrl: string;
  readonly token: string;
  /** Milliseconds to establish the connection (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Milliseconds to wait for the response headers once the request is sent (default 30 s). */
  readonly headersTimeoutMs?: number;
  /** Milliseconds of silence allowed while the body arrives (default 30 s). */
  readonly bodyTimeoutMs?: number;
  /** How many times a call is tried in all, when a retry is safe (default 3). */
  readonly maxAttempts?: number;
  /** The most time spent waiting between attempts, over all retries (default 30 s). */
  readonly maxRetryWaitMs?: number;
  /** Called for every attempt. */
  readonly log?: (entry: RequestLogEntry) => void;
  /** Waits (injectable so tests need not sleep). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly userAgent?: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Failures that happen before anything reaches the server: retrying cannot duplicate. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ECONNABORTED_BEFORE_SEND']);
/** Truto's default wait when a 429 carries no Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 10_000;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined || header.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.ceil(Number(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Truto's Admin API for sync job templates, with the token as a bearer credential.
 *
 * Retries only where the outcome is known: a 429 (after `Retry-After`, within a bounded number
 * of attempts and total wait), and a failure before the request was sent. A POST, PATCH or
 * DELETE that may have reached Truto (timeout after sending, connection reset, 5xx, cancel) is
 * never retried: it fails with kind `outcome-unknown`, so a template is never created twice.
 */
export class TrutoClient {
  readonly baseUrl: string;
  private readonly dispatcher: Dispatcher;
  private readonly options: TrutoClientOptions;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: TrutoClientOptions) {
    const checked = checkBaseUrl(options.baseUrl);
    if (!checked.ok) throw new TrutoApiError(checked.message, { kind: 'unreachable', method: '-', url: options.baseUrl });
    if (options.token.trim() === '') throw new TrutoApiError('No API token: set one before publishing.', { kind: 'http', method: '-', url: checked.url, status: 401 });
    this.baseUrl = checked.url;
    this.options = options;
    this.sleep = options.sleep ?? defaultSleep;
    this.dispatcher = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 30_000,
      // One request at a time per template: no pipelining, so a reset cannot hide a second request.
      pipelining: 1,
    });
  }

  create(body: Record<string, unknown>, call: CallOptions = {}): Promise<SyncJobTemplate> {
    return this.template('POST', '/sync-job-template', body, call);
  }

  update(id: string, body: Record<string, unknown>, call: CallOptions = {}): Promise<SyncJobTemplate> {
    return this.template('PATCH', `/sync-job-template/${encodeURIComponent(id)}`, body, call);
  }

  get(id: string, call: CallOptions = {}): Promise<SyncJobTemplate> {
    return this.template('GET', `/sync-job-template/${encodeURIComponent(id)}`, undefined, call);
  }

  async delete(id: string, call: CallOptions = {}): Promise<{ id: string }> {
    const result = await this.send('DELETE', `/sync-job-template/${encodeURIComponent(id)}`, undefined, call);
    const deleted = (result as { id?: unknown }).id;
    return { id: typeof deleted === 'string' ? deleted : id };
  }

  /** One page of the list; pass the returned cursor back for the next one. */
  async listPage(params: { limit?: number; cursor?: string; filters?: Record<string, string> } = {}, call: CallOptions = {}): Promise<TemplatePage> {
    const query = new URLSearchParams();
    if (params.limit !== undefined) query.set('limit', String(params.limit));
    if (params.cursor) query.set('next_cursor', params.cursor);
    for (const [key, value] of Object.entries(params.filters ?? {})) query.set(key, value);
    const path = `/sync-job-template${query.size > 0 ? `?${query}` : ''}`;
    const result = (await this.send('GET', path, undefined, call)) as Record<string, unknown>;
    // The list envelope is `{result, next_cursor, limit}`; some Truto pages document `results`.
    const items = Array.isArray(result.result) ? result.result : Array.isArray(result.results) ? result.results : undefined;
    if (!items) {
      throw new TrutoApiError(`Truto answered ${path} without a "result" list, so the templates cannot be read.`, { kind: 'invalid-response', method: 'GET', url: this.baseUrl + path });
    }
    const next = result.next_cursor;
    return { items: items.filter((t): t is SyncJobTemplate => typeof t === 'object' && t !== null && typeof (t as { id?: unknown }).id === 'string'), nextCursor: typeof next === 'string' && next.length > 0 ? next : undefined };
  }

  /** Every template, following the cursor (bounded, so a server that never ends its list cannot loop us). */
  async listAll(call: CallOptions = {}, pageSize = 100, maxPages = 50): Promise<SyncJobTemplate[]> {
    const all: SyncJobTemplate[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const result = await this.listPage({ limit: pageSize, ...(cursor ? { cursor } : {}) }, call);
      all.push(...result.items);
      if (!result.nextCursor || result.nextCursor === cursor) break;
      cursor = result.nextCursor;
    }
    return all;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async template(method: string, path: string, body: Record<string, unknown> | undefined, call: CallOptions): Promise<SyncJobTemplate> {
    const result = await this.send(method, path, body, call);
    if (typeof result !== 'object' || result === null || typeof (result as { id?: unknown }).id !== 'string') {
      throw new TrutoApiError(
        `Truto answered ${method} ${path} with success but without a template id${method === 'POST' ? ': the template may have been created; check the list before creating it again' : ''}.`,
        { kind: method === 'POST' ? 'outcome-unknown' : 'invalid-response', method, url: this.baseUrl + path },
      );
    }
    return result as SyncJobTemplate;
  }

  /** Removes the token from any text that is about to be shown or logged. */
  private redact(text: string): string {
    const token = this.options.token;
    return token.length >= 4 ? text.split(token).join('[redacted]') : text;
  }

  private async send(method: string, path: string, body: Record<string, unknown> | undefined, call: CallOptions): Promise<unknown> {
    const url = this.baseUrl + path;
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 3);
    const maxWait = this.options.maxRetryWaitMs ?? 30_000;
    const idempotent = method === 'GET';
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const log = (entry: Omit<RequestLogEntry, 'method' | 'url' | 'attempt' | 'durationMs'>) =>
        this.options.log?.({ method, url, attempt, durationMs: Date.now() - started, ...entry });
      if (call.signal?.aborted) {
        throw new TrutoApiError(`${method} ${path} was cancelled before it was sent.`, { kind: 'cancelled', method, url, attempts: attempt });
      }
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: method as Dispatcher.HttpMethod,
          dispatcher: this.dispatcher,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            accept: 'application/json',
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            'user-agent': this.options.userAgent ?? 'synctemplate',
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          ...(call.signal ? { signal: call.signal } : {}),
        });
      } catch (error) {
        const code = errorCode(error);
        const notSent = code !== undefined && NOT_SENT_CODES.has(code);
        const cancelled = call.signal?.aborted === true;
        const reason = this.redact(code ?? (error instanceof Error ? error.message : String(error)));
        log({ outcome: notSent && attempt < maxAttempts && !cancelled ? 'retry' : 'error', note: reason });
        if (notSent && !cancelled && attempt < maxAttempts) {
          const wait = Math.min(500 * 2 ** (attempt - 1), 4_000);
          if (waited + wait <= maxWait) {
            waited += wait;
            await this.sleep(wait, call.signal).catch(() => undefined);
            continue;
          }
        }
        throw this.transportError(method, path, url, reason, notSent, cancelled, idempotent, attempt, error);
      }

      const text = this.redact(await response.body.text().catch(() => ''));
      const requestId = header(response.headers, 'x-request-id') ?? header(response.headers, 'x-truto-request-id') ?? header(response.headers, 'cf-ray');
      let parsed: unknown;
      try {
        parsed = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        const id = typeof (parsed as { id?: unknown } | undefined)?.id === 'string' ? (parsed as { id: string }).id : undefined;
        log({ status, outcome: 'ok', ...(id ? { templateId: id } : {}) });
        if (parsed === undefined && method !== 'DELETE') {
          throw new TrutoApiError(`Truto answered ${method} ${path} with ${status} but no JSON body.${method === 'POST' ? ' The template may have been created: check the list before creating it again.' : ''}`, {
            kind: method === 'POST' ? 'outcome-unknown' : 'invalid-response',
            method,
            url,
            status,
            ...(requestId ? { requestId } : {}),
          });
        }
        return parsed ?? {};
      }

      if (status === 429 && attempt < maxAttempts) {
        const wait = parseRetryAfter(response.headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS;
        if (waited + wait <= maxWait) {
          log({ status, outcome: 'retry', note: `rate limited; retrying in ${Math.ceil(wait / 1000)} s` });
          waited += wait;
          try {
            await this.sleep(wait, call.signal);
          } catch {
            throw new TrutoApiError(`${method} ${path} was cancelled while waiting out Truto's rate limit; nothing was changed.`, { kind: 'cancelled', method, url, status, attempts: attempt });
          }
          continue;
        }
      }
      log({ status, outcome: 'error' });
      throw this.httpError(method, path, url, status, parsed, text, requestId, attempt, waited);
    }
  }

  private httpError(method: string, path: string, url: string, status: number, parsed: unknown, text: string, requestId: string | undefined, attempts: number, waited: number): TrutoApiError {
    const envelope = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const trutoMessage = typeof envelope.message === 'string' ? envelope.message : undefined;
    const reason = trutoMessage ?? (text.trim().length > 0 ? text.trim().slice(0, 200) : 'no details');
    const where = `${method} ${path}`;
    const id = requestId ? ` (request id ${requestId})` : '';
    const base = { method, url, status, attempts, ...(trutoMessage ? { trutoMessage } : {}), ...(envelope.details !== undefined ? { details: envelope.details } : {}), ...(requestId ? { requestId } : {}) };
    let kind: ApiErrorKind = 'http';
    let message: string;
    if (status === 401 || status === 403) {
      message = `Truto rejected the API token (${status}): ${reason}. Set a valid API token for ${this.baseUrl}.`;
    } else if (status === 404) {
      message = `Truto has no such template, or this token cannot see it (404 on ${where}).`;
    } else if (status === 400 || status === 422) {
      message = `Truto refused the template (${status}): ${reason}`;
    } else if (status === 429) {
      kind = 'rate-limited';
      message = `Truto is rate limiting this token (429) after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${Math.round(waited / 1000)} s. Nothing was changed; try again in a minute.`;
    } else if (status >= 500 && method !== 'GET') {
      kind = 'outcome-unknown';
      message = `Truto failed (${status}) while handling ${where}${id}: ${reason}. The change may or may not have been applied${method === 'POST' ? ': look for the template in Truto (Open Sync Job Template from Truto) before creating it again, so it is not created twice' : '; running the update again is safe'}.`;
    } else {
      message = `Truto answered ${status} to ${where}${id}: ${reason}`;
    }
    return new TrutoApiError(this.redact(message), { ...base, kind });
  }

  private transportError(method: string, path: string, url: string, reason: string, notSent: boolean, cancelled: boolean, idempotent: boolean, attempts: number, cause: unknown): TrutoApiError {
    const where = `${method} ${path}`;
    if (notSent) {
      return new TrutoApiError(`Could not reach Truto at ${this.baseUrl} (${reason}${attempts > 1 ? `, ${attempts} attempts` : ''}). Nothing was sent; check the network and the API base URL, then try again.`, {
        kind: 'unreachable',
        method,
        url,
        attempts,
        cause,
      });
    }
    if (idempotent) {
      return new TrutoApiError(`${where} failed (${cancelled ? 'cancelled' : reason}). Nothing was changed; try again.`, { kind: cancelled ? 'cancelled' : 'unreachable', method, url, attempts, cause });
    }
    const what = cancelled ? 'was cancelled after it was sent' : `got no answer (${reason})`;
    const advice = method === 'POST'
      ? 'The template may have been created anyway: look for it in Truto (Open Sync Job Template from Truto) before creating it again, so it is not created twice.'
      : method === 'PATCH'
        ? 'The update may or may not have been applied; running it again is safe.'
        : 'The template may or may not have been deleted.';
    return new TrutoApiError(`${where} ${what}. ${advice}`, { kind: 'outcome-unknown', method, url, attempts, cause });
  }
}
