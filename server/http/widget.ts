import cors from 'cors';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { VisitorClaims } from '../auth/tokens.js';
import { bearer } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { widgetArticleRoutes } from './articles.js';
import { handleUpload } from './files.js';
import type { ConversationRef } from '../services/visitor-conversations.js';
import {
  conversationMessageSchema,
  conversationPathSchema,
  createConversationSchema,
  emptySchema,
  faqListSchema,
  identifySchema,
  joinSchema,
  parse,
  ratingSchema,
  readSchema,
  sendMessageSchema,
  sessionSchema,
  toolAnswerSchema,
  typingSchema,
  visitorConversationListSchema,
  visitorPageSchema,
} from '../validation.js';
import { feedbackSchema } from '../validation-ai.js';

/**
 * `/api/v1/widget`: the visitor REST API. It is called cross-origin from the host page, so
 * it answers CORS; credentials are bearer tokens, never cookies. Routes under a channel key
 * answer CORS only for that channel's origins. Token routes cannot know the channel at
 * preflight (no Authorization header is sent then), so preflight is open and the real request
 * is checked against the token's channel.
 */
export function widgetRouter(services: Services): Router {
  const router = Router();
  const origin = (req: Request) => req.get('origin');

  router.use(
    '/channels/:key',
    cors((req, callback) => {
      const key = String((req as Request).params.key ?? '');
      services.channels
        .forVisitor(key, origin(req as Request))
        .then(() => callback(null, { origin: true, maxAge: 600, exposedHeaders: ['Retry-After', 'X-Request-Id'] }))
        .catch(() => callback(null, { origin: false }));
    }),
  );
  const tokenRoutes = ['/join', '/conversation', '/conversations', '/identify', '/session', '/uploads', '/tool-calls'];
  router.use(tokenRoutes, cors({ origin: true, maxAge: 600, exposedHeaders: ['Retry-After', 'X-Request-Id'] }));

  // Per IP: req.ip follows the explicit `trust proxy` setting, so X-Forwarded-For cannot
  // reset a bucket unless the operator said a proxy sets it.
  const limit =
    (name: 'config' | 'session'): RequestHandler =>
    async (req, _res, next) => {
      await services.limits.consume(name, req.ip ?? 'unknown');
      next();
    };

  router.get('/channels/:key/config', limit('config'), async (req, res) => {
    const channel = await services.channels.forVisitor(String(req.params.key), origin(req));
    res.json(await services.channels.publicConfig(channel));
  });

  router.get('/channels/:key/status', limit('config'), async (req, res) => {
    const channel = await services.channels.forVisitor(String(req.params.key), origin(req));
    res.json(services.channels.status(channel));
  });

  router.get('/channels/:key/faqs', limit('config'), async (req, res) => {
    const channel = await services.channels.forVisitor(String(req.params.key), origin(req));
    const { limit: count } = parse(faqListSchema, req.query);
    res.json(await services.visitorConversations.faqs(channel, count));
  });

  widgetArticleRoutes(router, services, limit('config'));

  router.post('/channels/:key/session', limit('session'), async (req, res) => {
    const body = parse(sessionSchema, req.body);
    res.status(201).json(await services.identity.startSession(String(req.params.key), body, { origin: origin(req), ip: req.ip, userAgent: req.get('user-agent') }));
  });

  const visitorAuth: RequestHandler = async (req, res, next) => {
    res.locals.visitor = await services.identity.authenticate(bearer(req.get('authorization')), origin(req));
    next();
  };
  const visitor = (res: { locals: Record<string, unknown> }) => res.locals.visitor as VisitorClaims;

  router.post('/session/renew', visitorAuth, async (_req, res) => {
    res.json(await services.identity.renew(visitor(res)));
  });

  router.post('/identify', visitorAuth, async (req, res) => {
    const { profile } = parse(identifySchema, req.body);
    res.json({ profile: await services.identity.identify(visitor(res), profile) });
  });

  // What the socket's `session:joined` carries, in one request (the REST fallback's join).
  router.get('/join', visitorAuth, async (req, res) => {
    const { conversationId, after } = parse(joinSchema, req.query);
    res.json(await services.join(visitor(res), { origin: origin(req), conversationId, after }));
  });

  const conversations = services.visitorConversations;
  const pathConversation = (req: Request) => parse(conversationPathSchema, { conversationId: req.params.id }).conversationId;
  /**
   * The conversation-scoped routes, twice: the singular `/conversation/…` means the open default
   * conversation, `/conversations/:id/…` the one named (404 unless it is the visitor's).
   */
  const scoped = (method: 'get' | 'post', path: string, handler: (ref: ConversationRef, req: Request, res: Response) => Promise<void>) => {
    router[method](`/conversation${path}`, visitorAuth, (req, res) => handler(undefined, req, res));
    router[method](`/conversations/:id${path}`, visitorAuth, (req, res) => handler(pathConversation(req), req, res));
  };

  router.get('/conversations', visitorAuth, async (req, res) => {
    res.json(await conversations.list(visitor(res), parse(visitorConversationListSchema, req.query)));
  });

  router.post('/conversations', visitorAuth, async (req, res) => {
    const { conversation, created } = await conversations.create(visitor(res), parse(createConversationSchema, req.body));
    res.status(created ? 201 : 200).json(conversation);
  });

  router.get('/conversation', visitorAuth, async (_req, res) => {
    res.json(await conversations.find(visitor(res), undefined));
  });

  router.get('/conversations/:id', visitorAuth, async (req, res) => {
    res.json(await conversations.get(visitor(res), pathConversation(req)));
  });

  scoped('get', '/messages', async (ref, req, res) => {
    const { wait, ...page } = parse(visitorPageSchema, req.query);
    if (page.after === undefined || wait === 0) {
      res.json(await conversations.messages(visitor(res), ref, page));
      return;
    }
    // Long-poll: answer as soon as a message is stored there, or after `wait` s.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const result = await conversations.waitForMessages(visitor(res), ref, { ...page, after: page.after }, wait, gone.signal);
    if (!gone.signal.aborted) res.json(result);
  });

  scoped('post', '/messages', async (ref, req, res) => {
    const request = ref === undefined ? parse(sendMessageSchema, req.body) : { ...parse(conversationMessageSchema, req.body), conversationId: ref };
    const { message, created } = await conversations.send(visitor(res), request);
    res.status(created ? 201 : 200).json(message);
  });

  scoped('post', '/close', async (ref, req, res) => {
    parse(emptySchema, req.body);
    res.json(await conversations.close(visitor(res), ref));
  });

  scoped('post', '/rating', async (ref, req, res) => {
    res.json(await conversations.rate(visitor(res), ref, parse(ratingSchema, req.body)));
  });

  // "Talk to a person": the conversation's AI agent hands it to the team.
  scoped('post', '/handoff', async (ref, req, res) => {
    parse(emptySchema, req.body);
    res.json(await services.handoff({ visitor: visitor(res), conversationId: ref, reason: 'visitor' }));
  });

  scoped('post', '/feedback', async (ref, req, res) => {
    res.json(await services.feedback(visitor(res), ref, parse(feedbackSchema, req.body)));
  });

  scoped('post', '/read', async (ref, req, res) => {
    await conversations.read(visitor(res), ref, parse(readSchema, req.body).seq);
    res.json({});
  });

  scoped('post', '/typing', async (ref, req, res) => {
    await conversations.typing(visitor(res), ref, parse(typingSchema, req.body).typing);
    res.json({});
  });

  router.post('/tool-calls/:id/result', visitorAuth, async (req, res) => {
    await services.tools.answer(visitor(res), String(req.params.id), parse(toolAnswerSchema, req.body));
    res.json({});
  });

  router.post('/uploads', visitorAuth, async (req, res) => {
    await handleUpload(services, { visitor: visitor(res) }, req, res);
  });

  router.get('/uploads/:id', visitorAuth, async (req, res) => {
    res.json(await services.files.forVisitor(visitor(res), String(req.params.id)));
  });

  return router;
}
