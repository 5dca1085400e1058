import cors from 'cors';
import { Router, type Request, type RequestHandler } from 'express';
import type { VisitorClaims } from '../auth/tokens.js';
import { bearer } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { handleUpload } from './files.js';
import { toolAnswerSchema, emptySchema, faqListSchema, identifySchema, joinSchema, parse, ratingSchema, readSchema, sendMessageSchema, sessionSchema, typingSchema, visitorPageSchema } from '../validation.js';

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
  const tokenRoutes = ['/join', '/conversation', '/identify', '/session', '/uploads', '/tool-calls'];
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
    res.json(services.channels.publicConfig(channel));
  });

  router.get('/channels/:key/status', limit('config'), async (req, res) => {
    const channel = await services.channels.forVisitor(String(req.params.key), origin(req));
    res.json(services.channels.status(channel));
  });

  router.get('/channels/:key/faqs', limit('config'), async (req, res) => {
    const channel = await services.channels.forVisitor(String(req.params.key), origin(req));
    const { limit: count } = parse(faqListSchema, req.query);
    res.json(await services.conversations.faqs(channel, count));
  });

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
    const { after } = parse(joinSchema, req.query);
    res.json(await services.join(visitor(res), { origin: origin(req), after }));
  });

  router.get('/conversation', visitorAuth, async (_req, res) => {
    res.json(await services.conversations.currentForVisitor(visitor(res)));
  });

  router.get('/conversation/messages', visitorAuth, async (req, res) => {
    const { wait, ...page } = parse(visitorPageSchema, req.query);
    if (page.after === undefined || wait === 0) {
      res.json(await services.conversations.visitorMessages(visitor(res), page));
      return;
    }
    // Long-poll: answer as soon as a message is stored for this visitor, or after `wait` s.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const result = await services.conversations.waitForVisitorMessages(visitor(res), { ...page, after: page.after }, wait, gone.signal);
    if (!gone.signal.aborted) res.json(result);
  });

  router.post('/conversation/close', visitorAuth, async (req, res) => {
    parse(emptySchema, req.body);
    res.json(await services.conversations.closeByVisitor(visitor(res)));
  });

  router.post('/conversation/rating', visitorAuth, async (req, res) => {
    res.json(await services.conversations.rate(visitor(res), parse(ratingSchema, req.body)));
  });

  router.post('/conversation/read', visitorAuth, async (req, res) => {
    const { seq } = parse(readSchema, req.body);
    await services.conversations.readByVisitor(visitor(res), seq);
    res.json({});
  });

  router.post('/conversation/typing', visitorAuth, async (req, res) => {
    const { typing } = parse(typingSchema, req.body);
    await services.conversations.visitorTyping(visitor(res), typing);
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

  router.post('/conversation/messages', visitorAuth, async (req, res) => {
    const body = parse(sendMessageSchema, req.body);
    const { message, created } = await services.conversations.sendFromVisitor(visitor(res), body);
    res.status(created ? 201 : 200).json(message);
  });

  return router;
}
