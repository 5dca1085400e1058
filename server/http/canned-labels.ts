import { Router } from 'express';
import type { AgentClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { parse } from '../validation.js';
import {
  cannedListSchema,
  conversationLabelsSchema,
  createCannedSchema,
  createLabelSchema,
  updateCannedSchema,
  updateLabelSchema,
} from '../validation-canned-labels.js';

/**
 * Canned replies and labels on the agent API (`/api/v1/agent/…`), mounted after its auth and
 * Idempotency-Key handling: the caller is `res.locals.agent`.
 */
export function cannedLabelAgentRouter(services: Services): Router {
  const router = Router();
  const agent = (res: { locals: Record<string, unknown> }) => res.locals.agent as AgentClaims;

  router.get('/canned', async (req, res) => {
    res.json(await services.canned.list(agent(res), parse(cannedListSchema, req.query)));
  });
  router.post('/canned', async (req, res) => {
    res.status(201).json(await services.canned.create(agent(res), parse(createCannedSchema, req.body)));
  });
  router.patch('/canned/:id', async (req, res) => {
    res.json(await services.canned.update(agent(res), req.params.id, parse(updateCannedSchema, req.body)));
  });
  router.delete('/canned/:id', async (req, res) => {
    await services.canned.remove(agent(res), req.params.id);
    res.status(204).end();
  });

  // The definitions, for every agent: what may be applied, and each label's color.
  router.get('/labels', async (_req, res) => {
    res.json({ data: await services.labels.list(), hasMore: false });
  });
  router.put('/conversations/:id/labels', async (req, res) => {
    const { labels } = parse(conversationLabelsSchema, req.body);
    res.json(await services.labels.setForConversation(req.params.id, labels));
  });
  return router;
}

/** Label definitions on the admin API (`/api/v1/admin/labels`), after its auth. */
export function labelAdminRouter(services: Services): Router {
  const router = Router();
  router.get('/labels', async (_req, res) => {
    res.json({ data: await services.labels.list(), hasMore: false });
  });
  router.post('/labels', async (req, res) => {
    res.status(201).json(await services.labels.create(parse(createLabelSchema, req.body)));
  });
  router.patch('/labels/:id', async (req, res) => {
    res.json(await services.labels.update(req.params.id, parse(updateLabelSchema, req.body)));
  });
  router.delete('/labels/:id', async (req, res) => {
    await services.labels.remove(req.params.id);
    res.status(204).end();
  });
  return router;
}
