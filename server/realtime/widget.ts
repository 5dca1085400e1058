import type { Logger } from 'pino';
import type { Namespace, Server } from 'socket.io';
import { z } from 'zod';
import {
  LIMITS,
  WIDGET_NAMESPACE,
  type WidgetClientEvents,
  type WidgetServerEvents,
} from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { readSchema, sendMessageSchema, syncSchema, toolErrorSchema, toolResultSchema, typingSchema } from '../validation.js';
import type { NodeEvents } from './cluster.js';
import { acked, connectError } from './handlers.js';
import { originOf } from './origin.js';
import { rooms } from './rooms.js';

interface SocketData {
  visitor: VisitorClaims;
}
export type WidgetNamespace = Namespace<WidgetClientEvents, WidgetServerEvents, NodeEvents, SocketData>;

const afterSchema = z.number().int().min(0).optional().catch(undefined);

/**
 * `/widget`: the visitor's realtime channel. The token and the channel's origin allowlist
 * are checked on every connect, reconnects included; nothing is replayed from memory: the
 * client says which `seq` it holds and gets what came after it from the store.
 */
export function registerWidgetNamespace(io: Server, services: Services, logger: Logger): WidgetNamespace {
  // One Server serves two namespaces with different event maps, so each is typed here.
  const namespace = io.of(WIDGET_NAMESPACE) as unknown as WidgetNamespace;

  namespace.use((socket, next) => {
    // The token is checked here and not kept: the socket holds the claims it carries.
    const { token, after } = socket.handshake.auth ?? {};
    socket.handshake.auth = { after };
    services.identity
      .authenticate(token, originOf(socket))
      .then((visitor) => {
        socket.data.visitor = visitor;
        next();
      })
      .catch((error: unknown) => next(connectError(error, logger)));
  });

  namespace.on('connection', async (socket) => {
    const { visitor } = socket.data;
    // Handlers first, before any await, so nothing the client sends right away is missed.
    socket.on(
      'message:send',
      acked(logger, sendMessageSchema, async (request) => (await services.conversations.sendFromVisitor(visitor, request, socket.id)).message),
    );
    socket.on(
      'sync',
      acked(logger, syncSchema, async ({ after }) => {
        const page = await services.conversations.visitorMessages(visitor, { after, limit: LIMITS.pageSize });
        return page.data;
      }),
    );
    socket.on('read', acked(logger, readSchema, ({ seq }) => services.conversations.readByVisitor(visitor, seq).then(() => null)));
    socket.on('tool:result', acked(logger, toolResultSchema, async ({ callId, result }) => {
      await services.tools.answer(visitor, callId, { ok: true, result });
      return null;
    }));
    socket.on('tool:error', acked(logger, toolErrorSchema, async ({ callId, error }) => {
      await services.tools.answer(visitor, callId, { ok: false, error });
      return null;
    }));
    socket.on('typing', acked(logger, typingSchema, ({ typing }) => services.conversations.visitorTyping(visitor, typing).then(() => null)));

    await socket.join(rooms.visitor(visitor.visitorId));
    try {
      const after = afterSchema.parse(socket.handshake.auth?.after);
      const channel = await services.channels.forVisitor(visitor.channelKey, originOf(socket));
      const conversation = await services.conversations.currentForVisitor(visitor);
      const page = conversation
        ? await services.conversations.visitorMessages(visitor, { after, limit: LIMITS.pageSize })
        : { data: [] };
      socket.emit('session:joined', { conversation, messages: page.data, config: services.channels.publicConfig(channel) });
    } catch (error) {
      logger.warn({ err: error }, 'widget join failed');
      socket.disconnect(true);
    }
  });

  return namespace;
}
