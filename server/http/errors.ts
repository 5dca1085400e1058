import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HTTP_STATUS, type ErrorCode } from '../../src/protocol.js';
import { ServiceError } from '../errors.js';

/**
 * Turns what body-parser and the router throw into a `ServiceError`. Both mark a client's
 * fault with a 4xx `status` (http-errors): malformed JSON, a body that does not inflate as its
 * Content-Encoding says, bad percent-encoding in a path parameter. Anything else is ours.
 */
function fromParser(error: unknown): ServiceError | null {
  const { type, status, errno } = error as { type?: unknown; status?: unknown; errno?: unknown };
  if (type === 'entity.parse.failed') return new ServiceError('invalid_request', 'body: malformed JSON', { param: 'body' });
  if (type === 'entity.too.large') return new ServiceError('payload_too_large', 'body: too large', { param: 'body' });
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return new ServiceError('unsupported_media_type', 'body: unsupported encoding', { param: 'body' });
  }
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  const code = (Object.keys(HTTP_STATUS) as ErrorCode[]).find((candidate) => HTTP_STATUS[candidate] === status) ?? 'invalid_request';
  if (/decode param/i.test(String((error as Error).message))) return new ServiceError(code, 'path: malformed percent-encoding', { param: 'path' });
  // raw-body's own errors have a `type`; a body that does not inflate carries zlib's `errno`.
  if (typeof type === 'string' || typeof errno === 'number') {
    return new ServiceError(code, 'body: could not be read as sent (length or Content-Encoding)', { param: 'body' });
  }
  return new ServiceError(code, 'request refused');
}

/** The last middleware: every error becomes an `ApiError`; unknown ones are logged and answered `internal`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof ServiceError ? error : fromParser(error);
    const requestId = String(res.locals.requestId ?? '');
    if (known) {
      if (known.retryAfter !== undefined) res.set('Retry-After', String(known.retryAfter));
      res.status(known.status).json({ error: known.toBody(requestId) });
      return;
    }
    logger.error({ err: error, requestId, method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: { code: 'internal', message: 'internal error', requestId } });
  };
}

export const jsonNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'no such route', requestId: String(res.locals.requestId ?? '') } });
};
