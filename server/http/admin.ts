import cors from 'cors';
import { Router, type RequestHandler } from 'express';
import { secretsEqual } from '../auth/secrets.js';
import { bearer } from '../auth/tokens.js';
import { ServiceError } from '../errors.js';
import type { Services } from '../services/index.js';
import { adminArticlePreviewRoute } from './article-preview.js';
import { adminArticleRoutes } from './articles.js';
import { labelAdminRouter } from './canned-labels.js';
import { idempotencyKeys } from './idempotency.js';
import type { ChannelChanges } from '../services/channels.js';
import {
  createAgentSchema,
  createBotSchema,
  createChannelSchema,
  createWebhookSchema,
  deliveryListSchema,
  faqPatchSchema,
  faqSchema,
  parse,
  signLinkSchema,
  updateAgentSchema,
  updateChannelSchema,
  updateWebhookSchema,
} from '../validation.js';
import { createAiAgentSchema, updateAiAgentSchema } from '../validation-ai.js';

/**
 * `/api/v1/admin`: operators' API, open to `ADMIN_TOKEN` or an admin agent's token.
 * With neither configured nor presented, every route answers 401. The inbox's settings screen
 * calls it from wherever the inbox is embedded, so CORS admits any origin, as for the agent
 * API: only a bearer token authorizes, never a cookie, so another origin has no ambient authority.
 */
export function adminRouter(services: Services, adminToken: string | undefined): Router {
  const router = Router();
  router.use(cors({ origin: true, maxAge: 600, exposedHeaders: ['Retry-After', 'X-Request-Id'] }));

  const adminAuth: RequestHandler = async (req, res, next) => {
    const token = bearer(req.get('authorization'));
    if (!token) throw new ServiceError('unauthorized', 'missing admin token');
    // Who is calling: the scope of their Idempotency-Keys.
    if (adminToken && secretsEqual(token, adminToken)) {
      res.locals.caller = 'admin-token';
      return next();
    }
    const claims = await services.agents.authenticate(token).catch(() => null);
    if (!claims) throw new ServiceError('unauthorized', 'invalid admin token');
    if (claims.role !== 'admin') throw new ServiceError('forbidden', 'admin role required');
    res.locals.caller = `agent:${claims.agentId}`;
    next();
  };
  router.use(adminAuth);
  router.use(idempotencyKeys(services.idempotency, (res) => String(res.locals.caller)));

  router.get('/channels', async (_req, res) => {
    res.json({ data: await services.channels.list(), hasMore: false });
  });
  router.post('/channels', async (req, res) => {
    res.status(201).json(await services.channels.create(parse(createChannelSchema, req.body)));
  });
  router.get('/channels/:key', async (req, res) => {
    res.json(await services.channels.get(req.params.key));
  });
  router.patch('/channels/:key', async (req, res) => {
    const { settings, ...changes } = parse(updateChannelSchema, req.body);
    res.json(await services.channels.update(req.params.key, { ...changes, settings: settings as ChannelChanges['settings'] }));
  });

  // FAQs: shown as chips in an empty conversation; a chip's question gets its answer from a bot.
  router.get('/channels/:key/faqs', async (req, res) => {
    res.json({ data: await services.channels.listFaqs(req.params.key), hasMore: false });
  });
  router.post('/channels/:key/faqs', async (req, res) => {
    res.status(201).json(await services.channels.createFaq(req.params.key, parse(faqSchema, req.body)));
  });
  router.patch('/channels/:key/faqs/:id', async (req, res) => {
    const patch = Object.fromEntries(Object.entries(parse(faqPatchSchema, req.body)).filter(([, value]) => value !== undefined));
    res.json(await services.channels.updateFaq(req.params.key, req.params.id, patch));
  });
  router.delete('/channels/:key/faqs/:id', async (req, res) => {
    await services.channels.deleteFaq(req.params.key, req.params.id);
    res.status(204).end();
  });

  adminArticleRoutes(router, services);
  adminArticlePreviewRoute(router);

  router.post('/channels/:key/links', async (req, res) => {
    res.status(201).json(await services.channels.signLink(req.params.key, parse(signLinkSchema, req.body)));
  });
  // A new secret replaces the old at once and is shown in this answer only.
  router.post('/channels/:key/secrets/:kind/rotate', async (req, res) => {
    res.status(201).json(await services.channels.rotateSecret(req.params.key, req.params.kind));
  });

  // Agents: invite (or create with a password), change name/role/avatar, disable. Bots are
  // agents with an API token instead of a password.
  router.get('/agents', async (_req, res) => {
    res.json({ data: await services.agents.list(), hasMore: false });
  });
  router.post('/agents', async (req, res) => {
    const { password, ...agent } = parse(createAgentSchema, req.body);
    res.status(201).json(password ? { agent: await services.agents.create({ ...agent, password }) } : await services.agents.invite(agent));
  });
  router.patch('/agents/:id', async (req, res) => {
    const patch = Object.fromEntries(Object.entries(parse(updateAgentSchema, req.body)).filter(([, value]) => value !== undefined));
    res.json(await services.agents.update(req.params.id, patch));
  });
  router.post('/agents/:id/invite', async (req, res) => {
    res.status(201).json(await services.agents.reinvite(req.params.id));
  });
  router.post('/bots', async (req, res) => {
    res.status(201).json(await services.agents.createBot(parse(createBotSchema, req.body)));
  });
  router.post('/bots/:id/token/rotate', async (req, res) => {
    res.status(201).json(await services.agents.rotateBotToken(req.params.id));
  });

  // AI agents (DESIGN.md §10): the API key is stored encrypted and never returned (`hasApiKey`).
  router.get('/ai-agents', async (_req, res) => {
    res.json({ data: await services.aiAgents.list(), hasMore: false });
  });
  router.post('/ai-agents', async (req, res) => {
    res.status(201).json(await services.aiAgents.create(parse(createAiAgentSchema, req.body)));
  });
  router.get('/ai-agents/:id', async (req, res) => {
    res.json(await services.aiAgents.get(req.params.id));
  });
  router.patch('/ai-agents/:id', async (req, res) => {
    res.json(await services.aiAgents.update(req.params.id, parse(updateAiAgentSchema, req.body)));
  });
  router.delete('/ai-agents/:id', async (req, res) => {
    await services.aiAgents.remove(req.params.id);
    res.status(204).end();
  });

  // Webhooks: the secret is shown when created or rotated, never listed.
  router.get('/webhooks', async (_req, res) => {
    res.json({ data: await services.webhooks.list(), hasMore: false });
  });
  router.post('/webhooks', async (req, res) => {
    res.status(201).json(await services.webhooks.create(parse(createWebhookSchema, req.body)));
  });
  router.get('/webhooks/:id', async (req, res) => {
    res.json(await services.webhooks.get(req.params.id));
  });
  router.patch('/webhooks/:id', async (req, res) => {
    const patch = Object.fromEntries(Object.entries(parse(updateWebhookSchema, req.body)).filter(([, value]) => value !== undefined));
    res.json(await services.webhooks.update(req.params.id, patch));
  });
  router.delete('/webhooks/:id', async (req, res) => {
    await services.webhooks.remove(req.params.id);
    res.status(204).end();
  });
  router.post('/webhooks/:id/secret/rotate', async (req, res) => {
    res.status(201).json(await services.webhooks.rotateSecret(req.params.id));
  });
  router.get('/webhooks/:id/deliveries', async (req, res) => {
    const { limit } = parse(deliveryListSchema, req.query);
    res.json({ data: await services.webhooks.deliveries(req.params.id, limit), hasMore: false });
  });
  router.post('/webhooks/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    res.json(await services.webhooks.redeliver(req.params.id, req.params.deliveryId));
  });

  // ---- desk: canned replies and labels
  router.use(labelAdminRouter(services));

  return router;
}
