import { Router } from 'express';
import type { Services } from '../services/index.js';

/**
 * `GET /health` (mount under `/api/v1`): 200 while this node can reach its database, 503
 * otherwise, for a load balancer's health check. Public and cheap: one trivial query.
 */
export function healthRouter(services: Services): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    await services.health();
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  return router;
}
