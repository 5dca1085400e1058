import type { ErrorBody } from '../protocol.js';

/**
 * Every failure the visitor client reports, caught by class: a refusal from the server carries its
 * `ErrorBody` (code, message, the field at fault, how long to wait); `NetworkError` is the one
 * where nothing came back. The element, the client and the SDK throw these same classes.
 */
export class SupportChatError extends Error {
  override name = 'SupportChatError';
  readonly code: ErrorBody['code'];
  /** The HTTP status (0 when nothing came back). */
  readonly status: number;
  /** The request field at fault (`text`, `profile.email`). */
  readonly param: string | undefined;
  /** Seconds to wait before trying again (with `rate_limited`). */
  readonly retryAfter: number | undefined;
  /** The server's id for the request, to quote in a bug report. */
  readonly requestId: string | undefined;
  readonly hint: string | undefined;

  constructor(status: number, body: ErrorBody & { hint?: string }) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.param = body.param;
    this.retryAfter = body.retryAfter;
    this.requestId = body.requestId;
    this.hint = body.hint;
  }

  /** True when the same request cannot succeed if sent again (a 4xx other than 408 and 429). */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** The request (or an option) was malformed: `param` names the field. */
export class ValidationError extends SupportChatError {
  override name = 'ValidationError';
}
/** The token or the login was refused. */
export class AuthError extends SupportChatError {
  override name = 'AuthError';
}
/** Not allowed here (origin not on the channel's allowlist, a login mode the channel refuses). */
export class ForbiddenError extends SupportChatError {
  override name = 'ForbiddenError';
}
export class NotFoundError extends SupportChatError {
  override name = 'NotFoundError';
}
/** The state moved on (the conversation was closed meanwhile). */
export class ConflictError extends SupportChatError {
  override name = 'ConflictError';
}
/** Too many requests: wait `retryAfter` seconds. */
export class RateLimitError extends SupportChatError {
  override name = 'RateLimitError';
}
/** Nothing came back (offline, the server unreachable, no acknowledgement in time). */
export class NetworkError extends SupportChatError {
  override name = 'NetworkError';
}

const BY_STATUS: Record<number, typeof SupportChatError> = {
  0: NetworkError,
  400: ValidationError,
  401: AuthError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  413: ValidationError,
  415: ValidationError,
  429: RateLimitError,
};

/** The error class for a refusal with `status` (an unknown status gives the base class). */
export function apiError(status: number, body: ErrorBody): SupportChatError {
  return new (BY_STATUS[status] ?? SupportChatError)(status, body);
}

/** Nothing came back: the message says what was tried. */
export function networkError(message: string, param?: string): NetworkError {
  return new NetworkError(0, { code: 'network', message, ...(param ? { param } : {}) });
}
