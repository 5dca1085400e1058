import { Router } from 'express';
import type { AgentClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { parse } from '../validation.js';
import { onlineVisitorsQuerySchema, startVisitorConversationSchema, visitorIdSchema } from '../validation-live-visitors.js';

/**
 * Live visitors (§12), under `/api/v1/agent` once the agent is signed in: who is on the site now,
 * and an agent starting a conversation with one of them. Validate → service → answer.
 */
export function liveVisitorsRouter(services: Services): Router {
  const router = Router();

  router.get('/visitors/online', async (req, res) => {
    res.json(await services.liveVisitors.online(parse(onlineVisitorsQuerySchema, req.query)));
  });

  // 201 with the new conversation (its `lastMessage` is the agent's first message); the same clientId again: 200, the same one.
  router.post('/visitors/:id/conversations', async (req, res) => {
    const { id: visitorId } = parse(visitorIdSchema, req.params);
    const body = parse(startVisitorConversationSchema, req.body);
    const { conversation, created } = await services.liveVisitors.startConversation(res.locals.agent as AgentClaims, visitorId, body);
    res.status(created ? 201 : 200).json(conversation);
  });

  return router;
}
