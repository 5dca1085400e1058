import { apiError, networkError } from '../client/errors.js';
import type { ApiError } from '../protocol.js';
import type { RequestOptions } from './types.js';

/** What the last answer said about itself (also set when it was an error). */
export interface ResponseMeta {
  /** The server's id for the request (`X-Request-Id`), to quote in a bug report. */
  requestId: string | undefined;
  status: number;
  /** Seconds to wait (`Retry-After`), when the server asked for it. */
  retryAfter: number | undefined;
  /** `RateLimit-Limit`, `-Remaining` and `-Reset` (or their `X-RateLimit-` forms), when sent. */
  rateLimit: { limit: number | undefined; remaining: number | undefined; reset: number | undefined } | undefined;
}

export interface CallOptions extends RequestOptions {
  /** Query parameters; those left undefined are not sent. */
  query?: object;
  body?: unknown;
  // ---- desk: reports
  /** Another representation than JSON (`text/csv`): the answer's text is returned as it is. */
  accept?: string;
}

export interface HttpOptions {
  server: string;
  token: string;
  /** A `fetch` to use instead of the global one (a proxy agent, a test double, a worker's binding). */
  fetch?: typeof fetch;
}

const numberHeader = (headers: Headers, ...names: string[]): number | undefined => {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  }
  return undefined;
};

function metaOf(response: Response): ResponseMeta {
  const { headers } = response;
  const limit = numberHeader(headers, 'ratelimit-limit', 'x-ratelimit-limit');
  const remaining = numberHeader(headers, 'ratelimit-remaining', 'x-ratelimit-remaining');
  const reset = numberHeader(headers, 'ratelimit-reset', 'x-ratelimit-reset');
  return {
    requestId: headers.get('x-request-id') ?? undefined,
    status: response.status,
    retryAfter: numberHeader(headers, 'retry-after'),
    rateLimit: limit === undefined && remaining === undefined && reset === undefined ? undefined : { limit, remaining, reset },
  };
}

/**
 * The SDK's one way to the server: bearer token, JSON in and out, `Idempotency-Key` when asked,
 * the server's refusal as the client's error classes, and the answer's meta kept for `lastMeta`.
 * Only `fetch`, so it runs wherever that does (Node ≥ 20, Deno, workers).
 */
export class Http {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  lastMeta: ResponseMeta | undefined;

  constructor(options: HttpOptions) {
    this.#base = options.server.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  get server(): string {
    return this.#base;
  }

  /** `path` below `/api/v1`, its dynamic segments already encoded (see `segment`). */
  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    // An id that is empty, `.` or `..` would be folded away by URL parsing: another route.
    const empty = path.split('/').slice(1).find((part) => part === '' || part === '.' || part === '..');
    if (empty !== undefined) throw apiError(400, { code: 'invalid_request', message: `${method} ${path}: an id cannot be "${empty}"` });
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    // Sign-in calls have no token yet.
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
    let response: Response;
    this.lastMeta = undefined;
    try {
      response = await this.#fetch(`${this.#base}/api/v1${path}${queryString(options.query)}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    } catch {
      throw networkError(`${method} ${path}: the server could not be reached`);
    }
    this.lastMeta = metaOf(response);
    const text = await response.text();
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's error page): the status says what happened.
    }
    if (!response.ok) {
      const error = (payload as ApiError | null)?.error;
      const requestId = this.lastMeta.requestId;
      throw apiError(response.status, error ?? { code: 'internal', message: `HTTP ${response.status}`, ...(requestId ? { requestId } : {}) });
    }
    if (options.accept !== undefined) return text as T;
    return payload as T;
  }
}

/** One path segment from a caller's value: `/`, `?` and `#` in an id cannot reach another route. */
export const segment = (value: string): string => encodeURIComponent(value);

function queryString(query: object | undefined): string {
  const entries = Object.entries(query ?? {}).filter(([, value]) => value !== undefined);
  return entries.length ? `?${new URLSearchParams(entries.map(([name, value]) => [name, String(value)]))}` : '';
}

/** A group of operations (`sc.channels`, `sc.messages`, …) over the SDK's one `Http`. */
export abstract class Resource {
  protected readonly http: Http;

  constructor(http: Http) {
    this.http = http;
  }
}
