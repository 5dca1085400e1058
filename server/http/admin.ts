import { randomBytes } from 'node:crypto';
import cors from 'cors';
import { Router, type RequestHandler } from 'express';
import { secretsEqual } from '../auth/secrets.js';
import { bearer } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import type { Services } from '../services/index.js';
import { idempotencyKeys } from './idempotency.js';
import { DEFAULT_SETTINGS, settingsOf } from '../services/channels.js';
import type { ChannelPatch, Store } from '../store/store.js';
import { linkSignature } from '../auth/links.js';
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

/** `direct` trusts unverified external ids: only a channel locked to known origins may use it. */
function requireAllowlistForDirect(direct: boolean | undefined, allowedOrigins: string[]): void {
  if (direct && allowedOrigins.length === 0) {
    throw new ServiceError('invalid_request', 'settings.direct: needs an origin allowlist (allowedOrigins)', { param: 'settings.direct' });
  }
}

/**
 * `/api/v1/admin`: operators' API, open to `ADMIN_TOKEN` or an admin agent's token.
 * With neither configured nor presented, every route answers 401. The inbox's settings screen
 * calls it from wherever the inbox is embedded, so CORS admits any origin, as for the agent
 * API: only a bearer token authorizes, never a cookie, so another origin has no ambient authority.
 */
export function adminRouter(services: Services, store: Store, adminToken: string | undefined): Router {
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
    res.json({ data: await store.listChannels(), hasMore: false });
  });

  router.post('/channels', async (req, res) => {
    const body = parse(createChannelSchema, req.body);
    requireAllowlistForDirect(body.settings.direct, body.allowedOrigins);
    const taken = () => new ServiceError('conflict', 'a channel with this key exists', { param: 'key' });
    if (await store.getChannel(body.key)) throw taken();
    const channel = await store
      .createChannel({ key: body.key, name: body.name, allowedOrigins: body.allowedOrigins, settings: { ...DEFAULT_SETTINGS, ...body.settings } })
      // Created at the same moment by another request (or node): the unique key said no.
      .catch(async (error: unknown) => Promise.reject((await store.getChannel(body.key)) ? taken() : error));
    res.status(201).json(channel);
  });

  router.get('/channels/:key', async (req, res) => {
    const channel = await store.getChannel(req.params.key);
    if (!channel) throw notFound('channel');
    res.json(channel);
  });

  router.patch('/channels/:key', async (req, res) => {
    const body = parse(updateChannelSchema, req.body);
    const patch: ChannelPatch = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.allowedOrigins !== undefined) patch.allowedOrigins = body.allowedOrigins;
    if (body.settings !== undefined) patch.settings = body.settings as ChannelPatch['settings'];
    // Merged and checked against the channel as it is when written: concurrent edits never undo each other.
    const updated = await store.updateChannel(req.params.key, patch, (next) => requireAllowlistForDirect(next.settings.direct, next.allowedOrigins));
    if (!updated) throw notFound('channel');
    res.json(updated);
  });

  // FAQs: shown as chips in an empty conversation; a chip's question gets its answer from a bot.
  const channelOr404 = async (key: string) => {
    const channel = await store.getChannel(key);
    if (!channel) throw notFound('channel');
    return channel;
  };
  router.get('/channels/:key/faqs', async (req, res) => {
    res.json({ data: await store.listFaqs((await channelOr404(req.params.key)).id), hasMore: false });
  });
  router.post('/channels/:key/faqs', async (req, res) => {
    const channel = await channelOr404(req.params.key);
    res.status(201).json(await store.createFaq(channel.id, parse(faqSchema, req.body)));
  });
  router.patch('/channels/:key/faqs/:id', async (req, res) => {
    const channel = await channelOr404(req.params.key);
    const patch = Object.fromEntries(Object.entries(parse(faqPatchSchema, req.body)).filter(([, value]) => value !== undefined));
    const faq = await store.updateFaq(channel.id, req.params.id, patch);
    if (!faq) throw notFound('faq');
    res.json(faq);
  });
  router.delete('/channels/:key/faqs/:id', async (req, res) => {
    const channel = await channelOr404(req.params.key);
    if (!(await store.deleteFaq(channel.id, req.params.id))) throw notFound('faq');
    res.status(204).end();
  });

  // A signed standalone link for one customer (DESIGN.md §5), valid for the channel's link TTL.
  router.post('/channels/:key/links', async (req, res) => {
    const channel = await store.getChannel(req.params.key);
    if (!channel) throw notFound('channel');
    const body = parse(signLinkSchema, req.body);
    const settings = settingsOf(channel);
    if (!settings.links) throw new ServiceError('conflict', 'signed links are off for this channel (settings.links)', { param: 'settings.links' });
    let secret = await store.getChannelSecret(channel.id, 'link');
    if (!secret) {
      secret = randomBytes(32).toString('base64url');
      await store.setChannelSecret(channel.id, 'link', secret);
    }
    const t = Math.floor(Date.now() / 1000);
    const query = new URLSearchParams({ k: channel.key, u: body.externalUserId, nick: body.nickname, t: String(t), s: linkSignature(secret, channel.key, t, body.externalUserId, body.nickname) });
    res.status(201).json({ path: `/c?${query}`, expiresAt: new Date((t + settings.linkTtl) * 1000).toISOString() });
  });

  // A new secret replaces the old at once and is shown in this answer only.
  router.post('/channels/:key/secrets/:kind/rotate', async (req, res) => {
    const channel = await store.getChannel(req.params.key);
    if (!channel) throw notFound('channel');
    const kind = req.params.kind;
    if (kind !== 'identity' && kind !== 'link') throw new ServiceError('invalid_request', 'kind: identity or link', { param: 'kind' });
    const secret = randomBytes(32).toString('base64url');
    await store.setChannelSecret(channel.id, kind, secret);
    res.status(201).json({ kind, secret });
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
    const agent = await services.agents.update(req.params.id, patch);
    if (agent.disabled) services.events.emit('agent:disabled', agent.id);
    res.json(agent);
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

  // Webhooks: the secret is shown when created or rotated, never listed.
  router.get('/webhooks', async (_req, res) => {
    res.json({ data: await services.webhooks.list(), hasMore: false });
  });
  router.post('/webhooks', async (req, res) => {
    const body = parse(createWebhookSchema, req.body);
    if (body.channel) await channelOr404(body.channel);
    res.status(201).json(await services.webhooks.create(body));
  });
  router.get('/webhooks/:id', async (req, res) => {
    res.json(await services.webhooks.get(req.params.id));
  });
  router.patch('/webhooks/:id', async (req, res) => {
    const patch = Object.fromEntries(Object.entries(parse(updateWebhookSchema, req.body)).filter(([, value]) => value !== undefined));
    if (typeof patch.channel === 'string') await channelOr404(patch.channel);
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

  return router;
}
