import cors from 'cors';
import { Router, type RequestHandler } from 'express';
import type { AgentClaims } from '../auth/tokens.js';
import { bearer } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { handleUpload } from './files.js';
import { cannedLabelAgentRouter } from './canned-labels.js';
import { idempotencyKeys } from './idempotency.js';
// ---- desk: notes
import { notesRouter } from './notes.js';
// ---- desk: reports
import { reportsRouter } from './reports.js';
import { liveVisitorsRouter } from './live-visitors.js';
import { agentTeamRoutes } from './teams.js';
import { searchRouter } from './search.js';
import { assignSchema, emptySchema, toolCallSchema, acceptInviteSchema, agentLoginSchema, agentMessageSchema, conversationListSchema, messagePageSchema, parse, readSchema, typingSchema } from '../validation.js';

/**
 * `/api/v1/agent`: the inbox's REST API (agents and bots, bearer agent token). The inbox can
 * be embedded in an operator's own admin on another origin, so CORS admits any origin: no
 * cookie is ever read, so a cross-origin page has no ambient authority here.
 */
export function agentRouter(services: Services): Router {
  const router = Router();
  router.use(cors({ origin: true, maxAge: 600, exposedHeaders: ['Retry-After', 'X-Request-Id'] }));

  router.post('/login', async (req, res) => {
    const body = parse(agentLoginSchema, req.body);
    await services.limits.consume('login', `${req.ip}|${body.email.trim().toLowerCase()}`);
    res.json(await services.agents.login(body));
  });

  // An invited agent chooses a password (and is signed in); limited like logins.
  router.post('/invites/accept', async (req, res) => {
    const { token, password } = parse(acceptInviteSchema, req.body);
    await services.limits.consume('login', `${req.ip}|invite`);
    res.json(await services.agents.acceptInvite(token, password));
  });

  const agentAuth: RequestHandler = async (req, res, next) => {
    res.locals.agent = await services.agents.authenticate(bearer(req.get('authorization')));
    next();
  };
  const agent = (res: { locals: Record<string, unknown> }) => res.locals.agent as AgentClaims;
  router.use(agentAuth);
  router.use(idempotencyKeys(services.idempotency, (res) => `agent:${agent(res).agentId}`));
  // ---- desk: reports
  router.use(reportsRouter(services));
  router.use(liveVisitorsRouter(services));

  router.get('/conversations', async (req, res) => {
    res.json(await services.conversations.list(agent(res), parse(conversationListSchema, req.query)));
  });

  router.get('/conversations/:id', async (req, res) => {
    res.json(await services.conversations.getForAgent(req.params.id));
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    // The agent's thread: its messages and the private notes among them.
    res.json(await services.notes.thread(req.params.id, parse(messagePageSchema, req.query)));
  });

  router.post('/conversations/:id/messages', async (req, res) => {
    const body = parse(agentMessageSchema, req.body);
    const { message, created } = await services.conversations.sendFromAgent(agent(res), req.params.id, body);
    res.status(created ? 201 : 200).json(message);
  });

  router.post('/uploads', async (req, res) => {
    await handleUpload(services, { agent: agent(res) }, req, res);
  });

  router.get('/uploads/:id', async (req, res) => {
    res.json(await services.files.forAgent(req.params.id));
  });

  // Runs a tool in the visitor's page and answers with its result (waits up to timeoutMs).
  router.post('/conversations/:id/tool-calls', async (req, res) => {
    res.json(await services.tools.call(req.params.id, parse(toolCallSchema, req.body)));
  });

  // An agent or bot takes an AI conversation over (the AI stops answering it).
  router.post('/conversations/:id/handoff', async (req, res) => {
    parse(emptySchema, req.body);
    res.json(await services.handoff({ conversationId: req.params.id, reason: 'agent' }));
  });

  router.post('/conversations/:id/assign', async (req, res) => {
    const { agentId } = parse(assignSchema, req.body);
    res.json(await services.conversations.assign(req.params.id, agentId));
  });

  agentTeamRoutes(router, services);

  router.get('/visitors/:id/conversations', async (req, res) => {
    res.json(await services.conversations.visitorHistory(req.params.id));
  });

  // The team, for assignment (no secrets: agents as the admin list shows them).
  router.get('/agents', async (_req, res) => {
    res.json({ data: await services.agents.list(), hasMore: false });
  });

  router.post('/conversations/:id/close', async (req, res) => {
    res.json(await services.conversations.closeByAgent(req.params.id));
  });

  router.post('/conversations/:id/reopen', async (req, res) => {
    res.json(await services.conversations.reopen(req.params.id));
  });

  router.post('/conversations/:id/read', async (req, res) => {
    const { seq } = parse(readSchema, req.body);
    await services.conversations.readByAgent(req.params.id, seq);
    res.json({});
  });

  router.post('/conversations/:id/typing', async (req, res) => {
    const { typing } = parse(typingSchema, req.body);
    await services.conversations.agentTyping((await services.agents.profile(agent(res).agentId)).name, req.params.id, typing);
    res.json({});
  });

  // ---- desk: notes
  router.use(notesRouter(services));
  // ---- desk: canned replies and labels
  router.use(cannedLabelAgentRouter(services));
  // ---- desk: search
  router.use(searchRouter(services));

  return router;
}
