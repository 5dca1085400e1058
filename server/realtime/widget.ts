import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  LIMITS,
  WIDGET_NAMESPACE,
  type WidgetClientEvents,
  type WidgetServerEvents,
} from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { joinSchema, parse, sendMessageSchema, syncSchema, toolErrorSchema, toolResultSchema, visitorReadSchema, visitorTypingSchema } from '../validation.js';
import { feedbackSocketSchema, handoffSocketSchema } from '../validation-ai.js';
import { widgetPageSchema } from '../validation-live-visitors.js';
import type { NodeEvents } from './cluster.js';
import { acked, budgeted, connectError, listen, type EventHandler } from './handlers.js';
import { originOf } from './origin.js';
import { liveData, pageMoved, type LiveData } from './live-visitors.js';
import { rooms } from './rooms.js';
import type { SendingSockets } from './senders.js';

interface SocketData {
  visitor: VisitorClaims;
  /** Where the visitor is: the live visitors view (§12). */
  live: LiveData;
}
export type WidgetNamespace = Namespace<WidgetClientEvents, WidgetServerEvents, NodeEvents, SocketData>;
type WidgetSocket = Socket<WidgetClientEvents, WidgetServerEvents, NodeEvents, SocketData>;

/**
 * `/widget`: the visitor's realtime channel. The token and the channel's origin allowlist
 * are checked on every connect, reconnects included; nothing is replayed from memory: the
 * client says which `seq` it holds and gets what came after it from the store.
 */
export function registerWidgetNamespace(io: Server, services: Services, logger: Logger, sending: SendingSockets): WidgetNamespace {
  // One Server serves two namespaces with different event maps, so each is typed here.
  const namespace = io.of(WIDGET_NAMESPACE) as unknown as WidgetNamespace;
  const { visitorConversations: conversations, tools, limits } = services;
  const visitorOf = (socket: WidgetSocket) => socket.data.visitor;
  // Each conversation-scoped event may name its conversation; without a name it means the open default one.
  const handlers = new Map<string, EventHandler<WidgetSocket>>([
    ['message:send', acked(logger, sendMessageSchema, async (request, socket) =>
      (await sending.visitorSends(socket.id, visitorOf(socket).visitorId, request.clientId, () => conversations.send(visitorOf(socket), request))).message)],
    ['sync', budgeted(limits, 'sync', logger, acked(logger, syncSchema, async ({ conversationId, after }, socket) =>
      (await conversations.messages(visitorOf(socket), conversationId, { after, limit: LIMITS.pageSize })).data))],
    ['read', budgeted(limits, 'read', logger, acked(logger, visitorReadSchema, ({ conversationId, seq }, socket) => conversations.read(visitorOf(socket), conversationId, seq).then(() => null)))],
    ['tool:result', acked(logger, toolResultSchema, ({ callId, result }, socket) => tools.answer(visitorOf(socket), callId, { ok: true, result }).then(() => null))],
    ['tool:error', acked(logger, toolErrorSchema, ({ callId, error }, socket) => tools.answer(visitorOf(socket), callId, { ok: false, error }).then(() => null))],
    ['handoff', budgeted(limits, 'handoff', logger, acked(logger, handoffSocketSchema, ({ conversationId }, socket) =>
      services.handoff({ visitor: visitorOf(socket), conversationId, reason: 'visitor' })))],
    ['feedback', budgeted(limits, 'feedback', logger, acked(logger, feedbackSocketSchema, ({ conversationId, ...request }, socket) =>
      services.feedback(visitorOf(socket), conversationId, request)))],
    ['typing', budgeted(limits, 'typing', logger, acked(logger, visitorTypingSchema, ({ conversationId, typing }, socket) =>
      conversations.typing(visitorOf(socket), conversationId, typing).then(() => null)))],
    ['page', budgeted(limits, 'page', logger, acked(logger, widgetPageSchema, (page, socket) => pageMoved(services, socket, page)))],
  ]);

  namespace.use((socket, next) => {
    // The token is checked here and not kept: the socket holds the claims it carries.
    const { token, conversationId, after, page } = socket.handshake.auth ?? {};
    socket.handshake.auth = {};
    services.identity
      .authenticate(token, originOf(socket))
      .then((visitor) => {
        // Validated as `GET /join` validates its query: a bad `after` or `conversationId` is refused, naming it.
        socket.handshake.auth = parse(joinSchema, { ...(conversationId === undefined ? {} : { conversationId }), ...(after === undefined ? {} : { after }) });
        socket.data.visitor = visitor;
        socket.data.live = liveData(page, socket.handshake.headers['user-agent']);
        next();
      })
      .catch((error: unknown) => next(connectError(error, logger)));
  });

  namespace.on('connection', async (socket) => {
    const { visitor } = socket.data;
    // Handlers first, before any await, so nothing the client sends right away is missed.
    listen(socket, handlers);
    await socket.join(rooms.visitor(visitor.visitorId));
    try {
      const { conversationId, after } = socket.handshake.auth;
      socket.emit('session:joined', await services.join(visitor, { origin: originOf(socket), conversationId, after }));
    } catch (error) {
      logger.warn({ err: error }, 'widget join failed');
      socket.disconnect(true);
    }
  });

  return namespace;
}
