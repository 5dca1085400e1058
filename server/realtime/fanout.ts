import { withoutSummary } from '../services/publisher.js';
import type { Services } from '../services/index.js';
import type { AgentNamespace } from './agent.js';
import { rooms } from './rooms.js';
import type { SendingSockets } from './senders.js';
import type { WidgetNamespace } from './widget.js';

/**
 * Whether a broadcast to `room` would reach anyone but `origin`. Alone, a node knows every
 * socket of a room; with other nodes it does not, so it always broadcasts.
 */
function reachesOthers(namespace: WidgetNamespace | AgentNamespace, room: string, origin: string | undefined, clustered: boolean): boolean {
  if (clustered) return true;
  const members = namespace.adapter.rooms.get(room);
  return members !== undefined && members.size > (origin !== undefined && members.has(origin) ? 1 : 0);
}

/**
 * Turns domain events into Socket.IO emits. Whichever transport wrote the change, the
 * visitor's sockets and the agents hear of it the same way. Returns the unsubscribe.
 */
export function connectFanout(services: Services, widget: WidgetNamespace, agents: AgentNamespace, { clustered, sending }: { clustered: boolean; sending: SendingSockets }): () => void {
  const { events } = services;
  // The sending socket has its acknowledgement: everyone else (other tabs, agents) gets the message.
  // A broadcast encodes its packet before it looks for sockets: a visitor with one tab, who sent
  // the message, would cost every message a serialization no one receives.
  const onMessage: Parameters<typeof events.on<'message:created'>>[1] = (message, conversation) => {
    const origin = sending.senderOf(message, conversation);
    const visitorRoom = rooms.visitor(conversation.visitorId);
    if (reachesOthers(widget, visitorRoom, origin, clustered)) {
      (origin ? widget.to(visitorRoom).except(origin) : widget.to(visitorRoom)).emit('message:created', message);
    }
    if (reachesOthers(agents, rooms.agents, origin, clustered)) {
      (origin ? agents.to(rooms.agents).except(origin) : agents.to(rooms.agents)).emit('message:created', message);
    }
  };
  // An answer being written reaches the visitor's widgets only; agents see the stored answer.
  const onDelta: Parameters<typeof events.on<'message:delta'>>[1] = (delta, visitorId) => {
    widget.to(rooms.visitor(visitorId)).emit('message:delta', delta);
  };
  // A new conversation reaches the visitor's every tab too, whichever tab, transport or node opened it.
  const onConversationCreated: Parameters<typeof events.on<'conversation:created'>>[1] = (summary) => {
    agents.to(rooms.agents).emit('conversation:created', summary);
    widget.to(rooms.visitor(summary.visitorId)).emit('conversation:created', withoutSummary(summary));
  };
  const onConversationUpdated: Parameters<typeof events.on<'conversation:updated'>>[1] = (summary) => {
    agents.to(rooms.agents).emit('conversation:updated', summary);
    widget.to(rooms.visitor(summary.visitorId)).emit('conversation:updated', withoutSummary(summary));
  };
  const onTyping: Parameters<typeof events.on<'typing'>>[1] = (event, visitorId) => {
    if (event.from === 'visitor') agents.to(rooms.agents).emit('typing', event);
    else widget.to(rooms.visitor(visitorId)).emit('typing', event);
  };
  const onRead: Parameters<typeof events.on<'read'>>[1] = (event, visitorId) => {
    if (event.by === 'visitor') agents.to(rooms.agents).emit('read', event);
    else widget.to(rooms.visitor(visitorId)).emit('read', event);
  };
  // Each channel's own status (business hours included) goes to that channel's visitors.
  const stopPresence = services.presence.onChange(() => {
    const byChannel = new Map<string, Array<(typeof widget.sockets extends Map<string, infer S> ? S : never)>>();
    for (const socket of widget.sockets.values()) {
      const key = socket.data.visitor?.channelKey;
      if (key) byChannel.set(key, [...(byChannel.get(key) ?? []), socket]);
    }
    for (const [key, sockets] of byChannel) {
      void services.channels.statusOf(key).then((status) => {
        if (status) for (const socket of sockets) socket.emit('presence', { online: status.online });
      });
    }
  });
  // On whichever node the agent's sockets are.
  const onAgentDisabled = (agentId: string) => agents.in(rooms.agent(agentId)).disconnectSockets(true);
  events.on('agent:disabled', onAgentDisabled);
  events.on('message:created', onMessage);
  events.on('message:delta', onDelta);
  events.on('read', onRead);
  events.on('conversation:created', onConversationCreated);
  events.on('conversation:updated', onConversationUpdated);
  events.on('typing', onTyping);
  // ---- desk: teams
  const onTeamQueue: Parameters<typeof events.on<'team:queue'>>[1] = (event) => agents.to(rooms.agents).emit('team:queue', event);
  events.on('team:queue', onTeamQueue);
  // ---- desk: labels
  const onLabel: Parameters<typeof events.on<'label:updated'>>[1] = (label) => agents.to(rooms.agents).emit('label:updated', label);
  events.on('label:updated', onLabel);
  return () => {
    events.off('label:updated', onLabel);
    events.off('team:queue', onTeamQueue);
    events.off('message:created', onMessage);
    events.off('message:delta', onDelta);
    events.off('conversation:created', onConversationCreated);
    events.off('conversation:updated', onConversationUpdated);
    events.off('typing', onTyping);
    events.off('read', onRead);
    events.off('agent:disabled', onAgentDisabled);
    stopPresence();
  };
}
