import { EventEmitter } from 'node:events';
import type { HandoffReason } from './handoff.js';
import type { Agent, ChatMessage, Conversation, ConversationSummary, Label, MessageDelta, ReadEvent, TeamQueueEvent, ToolCallResult, ToolExecute, TypingEvent } from '../../src/protocol.js';

/**
 * What the domain announces after a change is stored. The realtime layer turns these into
 * Socket.IO rooms; REST and socket writers never broadcast themselves, so both fan out alike.
 */
export interface ChatEvents {
  'message:created': [message: ChatMessage, conversation: Conversation];
  /** Text of an AI answer still being written, for the visitor's widgets (its `message:created` follows). */
  'message:delta': [delta: MessageDelta, visitorId: string];
  'conversation:created': [conversation: ConversationSummary];
  'conversation:updated': [conversation: ConversationSummary];
  /** Closed by the visitor or an agent (also announced as `conversation:updated`). */
  'conversation:closed': [conversation: ConversationSummary];
  typing: [event: TypingEvent, visitorId: string];
  read: [event: ReadEvent, visitorId: string];
  /** An AI conversation went to the team (also announced as `conversation:updated`). */
  'conversation:handoff': [conversation: ConversationSummary, reason: HandoffReason];
  /** A page tool to run in the visitor's browser. */
  'tool:execute': [call: ToolExecute, visitorId: string];
  /** A page tool's outcome (for the `tool.result` webhook). */
  'tool:result': [result: ToolCallResult];
  /** A message for this visitor was stored on another node (wakes long-polls here). */
  'visitor:wake': [visitorId: string];
  /** An admin disabled the agent: their open sockets are closed. */
  'agent:disabled': [agentId: string];
}

export type ChatEventBus = EventEmitter<ChatEvents>;

export function createEventBus(): ChatEventBus {
  const bus = new EventEmitter<ChatEvents>();
  bus.setMaxListeners(0);
  return bus;
}

// ---- desk: teams
export interface ChatEvents {
  /** A team's queue as it is after a routing pass changed it (agents' lists show the positions). */
  'team:queue': [event: TeamQueueEvent];
  /** An admin changed an agent (a higher capacity may let routing give them more). */
  'agent:updated': [agent: Agent];
}

// ---- desk: labels
export interface ChatEvents {
  /** An admin renamed or recolored a label (agents' chips follow). */
  'label:updated': [label: Label];
}
