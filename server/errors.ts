import type { ErrorBody, ErrorCode } from '../src/protocol.js';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_option: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  network: 503,
};

/**
 * A failure the caller can act on. Services throw it; the REST error handler and the
 * socket ack wrapper turn it into the same `ErrorBody`.
 */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly param: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { param?: string; retryAfter?: number } = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.param = options.param;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toBody(requestId?: string): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.param !== undefined) body.param = this.param;
    if (this.retryAfter !== undefined) body.retryAfter = this.retryAfter;
    if (requestId) body.requestId = requestId;
    return body;
  }
}

export const notFound = (what: string): ServiceError => new ServiceError('not_found', `${what} not found`);
