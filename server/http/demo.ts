import { Router } from 'express';
import type { Services } from '../services/index.js';
import { conversationPathSchema, parse } from '../validation.js';

/** `POST /demo/blocks {conversationId}`: the demo page asks its bot for every kind of block (demo channel only). */
export function demoRouter(services: Services): Router {
  const router = Router();
  router.post('/demo/blocks', async (req, res) => {
    const { conversationId } = parse(conversationPathSchema, req.body);
    await services.demoBlocks.show(conversationId);
    res.status(202).json({});
  });
  return router;
}
