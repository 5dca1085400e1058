import { Router } from 'express';
import type { Services } from '../services/index.js';
import { parse } from '../validation.js';
import { searchSchema } from '../validation-search.js';

/** `GET /api/v1/agent/search`: mounted by the agent router after its authentication. */
export function searchRouter(services: Services): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const { q, limit, cursor } = parse(searchSchema, req.query);
    res.json(await services.search.search(q, { limit, cursor }));
  });
  return router;
}
