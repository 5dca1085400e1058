import type { Logger } from 'pino';
import type { Namespace, Server } from 'socket.io';
import { AGENT_NAMESPACE, type AgentClientEvents, type AgentServerEvents } from '../../src/protocol.js';
import type { AgentClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { agentReadSchema, agentSendSchema, agentTypingSchema } from '../validation.js';
import { acked, connectError } from './handlers.js';
import { rooms } from './rooms.js';

interface SocketData {
  agent: AgentClaims;
  name: string;
}
export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, SocketData>;

/** `/agent`: the inbox's realtime channel; every agent sees every conversation for now. */
export function registerAgentNamespace(io: Server, services: Services, logger: Logger): AgentNamespace {
  const namespace = io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;

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
    const { agent, name } = socket.data;
    socket.on(
      'message:send',
      acked(logger, agentSendSchema, async ({ conversationId, ...request }) =>
        (await services.conversations.sendFromAgent(agent, conversationId, request, socket.id)).message),
    );
    socket.on(
      'typing',
      acked(logger, agentTypingSchema, ({ conversationId, typing }) =>
        services.conversations.agentTyping(name, conversationId, typing).then(() => null)),
    );
    socket.on(
      'read',
      acked(logger, agentReadSchema, ({ conversationId, seq }) => services.conversations.readByAgent(conversationId, seq).then(() => null)),
    );
    services.presence.agentConnected(agent.agentId);
    socket.on('disconnect', () => services.presence.agentDisconnected(agent.agentId));
    void socket.join([rooms.agents, rooms.agent(agent.agentId)]);
  });

  return namespace;
}
