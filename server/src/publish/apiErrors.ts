/**
 * Every failure of a call to Truto, as one error type. Its message is safe to show: it never
 * holds the token, and it says what happened and what to do.
 */
export type ApiErrorKind =
  /** Truto answered with an error status. */
  | 'http'
  /** The request never reached Truto (connection refused, DNS, connect timeout). Safe to retry. */
  | 'unreachable'
  /** The request may have reached Truto, but no answer came back (timeout, reset, cancel after send). */
  | 'outcome-unknown'
  /** Cancelled before anything was sent. */
  | 'cancelled'
  /** Truto answered 2xx with something that is not the expected JSON. */
  | 'invalid-response'
  /** Still rate limited after the allowed retries. */
  | 'rate-limited';

export interface ApiErrorInit {
  readonly kind: ApiErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  /** Truto's `message`, when it sent one. */
  readonly trutoMessage?: string;
  /** Truto's `details` (for 400: which fields failed). */
  readonly details?: unknown;
  readonly requestId?: string;
  readonly attempts?: number;
  readonly cause?: unknown;
}

export class TrutoApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly trutoMessage?: string;
  readonly details?: unknown;
  readonly requestId?: string;
  readonly attempts: number;

  constructor(message: string, init: ApiErrorInit) {
    super(message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = 'TrutoApiError';
    this.kind = init.kind;
    this.method = init.method;
    this.url = init.url;
    if (init.status !== undefined) this.status = init.status;
    if (init.trutoMessage !== undefined) this.trutoMessage = init.trutoMessage;
    if (init.details !== undefined) this.details = init.details;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
  }

  /** 401 or 403: the token is missing, wrong, or not allowed to do this. */
  get isAuthError(): boolean {
    return this.kind === 'http' && (this.status === 401 || this.status === 403);
  }

  get isNotFound(): boolean {
    return this.kind === 'http' && this.status === 404;
  }

  get isValidationError(): boolean {
    return this.kind === 'http' && (this.status === 400 || this.status === 422);
  }
}

/** One field problem from a 400/422 `details`, with the JSON path it names when it names one. */
export interface FieldProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * Reads the field problems out of Truto's `details`, whose exact shape is not documented:
 * `{failures: [{path|field|key, message}]}`, a list of such entries, or a map field → message.
 */
export function fieldProblems(details: unknown): FieldProblem[] {
  const toPath = (value: unknown): (string | number)[] => {
    if (Array.isArray(value)) return value.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    if (typeof value !== 'string' || value.length === 0) return [];
    return value
      .replace(/\[(\d+)\]/g, '.$1')
      .split(/[./]/)
      .filter((p) => p.length > 0)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  };
  const fromEntry = (entry: unknown): FieldProblem | undefined => {
    if (typeof entry === 'string') return { path: [], message: entry };
    if (typeof entry !== 'object' || entry === null) return undefined;
    const e = entry as Record<string, unknown>;
    const message = [e.message, e.msg, e.error, e.reason].find((m): m is string => typeof m === 'string') ?? JSON.stringify(entry);
    const path = toPath(e.path ?? e.field ?? e.key ?? e.property ?? e.instancePath ?? e.dataPath);
    return { path, message };
  };
  if (details === undefined || details === null) return [];
  const list = Array.isArray(details)
    ? details
    : typeof details === 'object' && Array.isArray((details as { failures?: unknown }).failures)
      ? (details as { failures: unknown[] }).failures
      : typeof details === 'object' && Array.isArray((details as { errors?: unknown }).errors)
        ? (details as { errors: unknown[] }).errors
        : undefined;
  if (list) return list.map(fromEntry).filter((p): p is FieldProblem => p !== undefined);
  if (typeof details === 'object') {
    return Object.entries(details as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => ({ path: toPath(k), message: v as string }));
  }
  return typeof details === 'string' ? [{ path: [], message: details }] : [];
}
