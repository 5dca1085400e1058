import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ServiceError } from '../errors.js';

/** Turns what body-parser throws (malformed JSON, too large) into a `ServiceError`. */
function fromParser(error: unknown): ServiceError | null {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return new ServiceError('invalid_request', 'body: malformed JSON', { param: 'body' });
  if (type === 'entity.too.large') return new ServiceError('payload_too_large', 'body: too large', { param: 'body' });
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return new ServiceError('unsupported_media_type', 'body: unsupported encoding', { param: 'body' });
  }
  return null;
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
