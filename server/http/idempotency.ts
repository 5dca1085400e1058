import type { RequestHandler, Response } from 'express';
import type { IdempotencyService } from '../services/idempotency.js';

/**
 * Honours `Idempotency-Key` on the router's POSTs (a JSON body; an upload's stream is not kept).
 * A repeated request gets the first answer with `Idempotent-Replayed: true`. The answer is
 * stored before it is sent, so a client that saw it and retries always finds it.
 */
export function idempotencyKeys(service: IdempotencyService, scopeOf: (res: Response) => string): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || key === undefined || req.is('multipart/form-data')) return next();
    const scope = scopeOf(res);
    const first = await service.claim(scope, key, { method: req.method, path: req.originalUrl, body: req.body });
    if (first) {
      res.status(first.status).set('Idempotent-Replayed', 'true');
      if (first.body === null) res.end();
      else res.type('application/json').send(first.body);
      return;
    }
    let settled = false;
    res.json = (body: unknown) => {
      settled = true;
      // Serialised once: the bytes kept for a replay are the bytes sent now.
      const text = JSON.stringify(body);
      const send = () => res.type('application/json').send(text);
      service.settle(scope, key, res.statusCode, text).then(send, send);
      return res;
    };
    // An answer without a body (204): kept, or the key given back, once it is sent.
    res.once('finish', () => {
      if (!settled) service.settle(scope, key, res.statusCode, null).catch(() => {});
    });
    next();
  };
}
