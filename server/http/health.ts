import { Router } from 'express';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';

/**
 * `GET /health` (mount under `/api/v1`): 200 while this node can reach its database, 503
 * otherwise, for a load balancer's health check. Public and cheap: one trivial query.
 */
export function healthRouter(store: Store): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      await store.ping();
    } catch {
      throw new ServiceError('unavailable', 'the database does not answer');
    }
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  return router;
}
