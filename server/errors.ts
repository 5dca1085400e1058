import { HTTP_STATUS, type ErrorBody, type ErrorCode } from '../src/protocol.js';

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
    return HTTP_STATUS[this.code];
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
