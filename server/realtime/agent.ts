import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import { AGENT_NAMESPACE, LIMITS, type AgentClientEvents, type AgentServerEvents } from '../../src/protocol.js';
import type { AgentClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { agentReadSchema, agentSendSchema, agentSyncSchema, agentTypingSchema } from '../validation.js';
import { acked, budgeted, connectError, listen, type EventHandler } from './handlers.js';
import { rooms } from './rooms.js';
import type { SendingSockets } from './senders.js';
// ---- desk: notes
import { noteHandlers } from './notes.js';

interface SocketData {
  agent: AgentClaims;
  name: string;
}
export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, SocketData>;
type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, Record<string, never>, SocketData>;

/** `/agent`: the inbox's realtime channel; every agent sees every conversation for now. */
export function registerAgentNamespace(io: Server, services: Services, logger: Logger, sending: SendingSockets): AgentNamespace {
  const namespace = io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;
  const { conversations } = services;
  const handlers = new Map<string, EventHandler<AgentSocket>>([
    ['message:send', acked(logger, agentSendSchema, async ({ conversationId, ...request }, socket) =>
      (await sending.agentSends(socket.id, socket.data.agent.agentId, conversationId, request.clientId, () => conversations.sendFromAgent(socket.data.agent, conversationId, request))).message)],
    ['typing', acked(logger, agentTypingSchema, ({ conversationId, typing }, socket) =>
      conversations.agentTyping(socket.data.name, conversationId, typing).then(() => null))],
    ['read', acked(logger, agentReadSchema, ({ conversationId, seq }) => conversations.readByAgent(conversationId, seq).then(() => null))],
    // The same service call as `GET /conversations/:id/messages?after=`: same checks, same page (notes included).
    ['sync', budgeted(services.limits, 'sync', logger, acked(logger, agentSyncSchema, async ({ conversationId, after }) =>
      (await services.notes.thread(conversationId, { after, limit: LIMITS.pageSize })).data))],
    // ---- desk: notes
    ...noteHandlers<AgentSocket>(services, logger),
  ]);

  namespace.use((socket, next) => {
    services.agents
      .authenticate(socket.handshake.auth?.token)
      .then(async (agent) => {
        socket.data.agent = agent;
        socket.data.name = (await services.agents.profile(agent.agentId)).name;
        next();
      })
      .catch((error: unknown) => next(connectError(error, logger)));
  });

  namespace.on('connection', (socket) => {
    const { agent } = socket.data;
    listen(socket, handlers);
    services.presence.agentConnected(agent.agentId);
    services.routing.agentConnected(agent.agentId);
    socket.on('disconnect', () => {
      services.presence.agentDisconnected(agent.agentId);
      services.routing.agentDisconnected(agent.agentId);
    });
    void socket.join([rooms.agents, rooms.agent(agent.agentId)]);
  });

  return namespace;
}
