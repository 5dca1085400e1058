import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { AgentClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import { noteSendSchema } from '../validation-notes.js';
import type { AgentNamespace } from './agent.js';
import { acked, type EventHandler } from './handlers.js';
import { rooms } from './rooms.js';

/** The `/agent` socket's `note:send`: the same service call as `POST …/notes`, acked with the note. */
export function noteHandlers<S extends Socket>(services: Services, logger: Logger): Array<[string, EventHandler<S>]> {
  return [
    ['note:send', acked(logger, noteSendSchema, async ({ conversationId, ...request }, socket: S) =>
      (await services.notes.create((socket.data as { agent: AgentClaims }).agent, conversationId, request)).note)],
  ];
}

/**
 * A new note reaches every agent's sockets (`note:created`, the writer's other tabs too: the
 * inbox keeps a note once by id) and each agent it names (`note:mention`, not its author). Only
 * the `/agent` namespace is ever told: no `/widget` room hears of a note. Returns the unsubscribe.
 */
export function connectNoteFanout(services: Services, agents: AgentNamespace): () => void {
  const onNote: (...args: Parameters<Parameters<typeof services.events.on<'note:created'>>[1]>) => void = (note) => {
    agents.to(rooms.agents).emit('note:created', note);
    for (const agentId of note.mentions) {
      if (agentId !== note.author.id) agents.to(rooms.agent(agentId)).emit('note:mention', { conversationId: note.conversationId, note });
    }
  };
  services.events.on('note:created', onNote);
  return () => services.events.off('note:created', onNote);
}
