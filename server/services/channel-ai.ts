import type { ChannelConfig } from '../../src/protocol.js';
import { ServiceError } from '../errors.js';
import type { Channel, ChannelSettings, ConversationHandler, Store } from '../store/store.js';

/**
 * A channel's AI agents (`settings.ai`, DESIGN.md §10): which one answers a new conversation,
 * what the widget is told, and that the settings name agents that exist. The one home of
 * "who answers first".
 */

const TEAM: ConversationHandler = { handledBy: 'human', aiAgentId: null };

/** The agents a channel's settings name exist (checked when the settings are written). */
export async function checkAiSettings(store: Store, ai: ChannelSettings['ai']): Promise<void> {
  if (!ai) return;
  const named: Array<[string, string]> = [];
  if (ai.agentId !== null) named.push([ai.agentId, 'settings.ai.agentId']);
  ai.allowed.forEach((id, index) => named.push([id, `settings.ai.allowed.${index}`]));
  for (const [id, param] of named) {
    if (!(await store.getAiAgent(id))) throw new ServiceError('invalid_request', `${param}: no AI agent ${id}`, { param });
  }
}

/**
 * Who answers a conversation the visitor opens now: the page's agent (`agentId`, the `agent`
 * option) when the channel allows it (else 400 `agentId`), or the channel's own, or the team.
 * An agent deleted since leaves the conversation to the team.
 */
export async function handlerFor(store: Store, channel: Channel, agentId: string | undefined): Promise<ConversationHandler> {
  const ai = channel.settings.ai;
  if (agentId !== undefined && agentId !== ai?.agentId && !ai?.allowed.includes(agentId)) {
    throw new ServiceError('invalid_request', 'agentId: not an AI agent this channel allows (settings.ai)', { param: 'agentId' });
  }
  const chosen = agentId ?? ai?.agentId ?? null;
  if (chosen === null || !(await store.getAiAgent(chosen))) return TEAM;
  return { handledBy: 'ai', aiAgentId: chosen };
}

/** What the widget is told: the channel's own agent, by name, and whether a visitor may ask for a person; null without one. */
export async function publicAi(store: Store, channel: Channel): Promise<ChannelConfig['ai']> {
  const ai = channel.settings.ai;
  if (!ai?.agentId) return null;
  const agent = await store.getAiAgent(ai.agentId);
  if (!agent) return null;
  return { agentId: agent.id, name: agent.name, allowed: ai.allowed, handoff: agent.handoff.onRequest };
}
