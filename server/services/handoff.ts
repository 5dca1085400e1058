import type { Conversation } from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import { newId } from '../ids.js';
import { systemMessage } from '../i18n/system-messages.js';
import { ConversationClosed, type Store } from '../store/store.js';
import type { ChatEventBus } from './events.js';
import { closedConflict, withoutSummary, type ConversationPublisher } from './publisher.js';
import type { VisitorConversationService } from './visitor-conversations.js';

/**
 * Why an AI conversation went to the team: the visitor asked ("Talk to a person"), an agent or
 * bot did through the API, the model called `handoff_to_human`, it found no answer, or its
 * endpoint failed (down, slow, garbage). The `conversation.handoff` webhook says which.
 */
export type HandoffReason = 'visitor' | 'agent' | 'model' | 'no_answer' | 'failure';

export interface HandoffRequest {
  /** The conversation; for a visitor, absent means their open default one. */
  conversationId?: string | undefined;
  /** Set when the visitor asks: the conversation must be theirs, and its AI agent must let them (`handoff.onRequest`). */
  visitor?: VisitorClaims | undefined;
  reason: HandoffReason;
}

/** Hands an AI conversation to the team; a conversation the team handles already is answered as it is. */
export type Handoff = (request: HandoffRequest) => Promise<Conversation>;

/**
 * One function for every way a handoff happens (REST, the socket, the agent API, the model's
 * tool, an answer that failed): `handledBy` becomes `human` once (of two at once, one wins and
 * the other finds it done), a system message in the visitor's language says so (the AI agent's
 * own `handoff.message` when set; on a failure, that the assistant is unavailable), then the
 * inbox and the visitor hear `conversation:updated` and the `conversation.handoff` webhook fires.
 * The AI does not answer a conversation whose `handledBy` is `human`.
 */
export function handoffOperation(store: Store, events: ChatEventBus, publisher: ConversationPublisher, conversations: VisitorConversationService): Handoff {
  return async ({ conversationId, visitor, reason }) => {
    const conversation = visitor ? await conversations.find(visitor, conversationId) : conversationId ? await store.getConversation(conversationId) : null;
    if (!conversation) {
      if (visitor && conversationId === undefined) throw new ServiceError('conflict', 'there is no open conversation', { param: 'conversation' });
      throw notFound('conversation');
    }
    if (conversation.handledBy === 'human') return conversation;
    if (conversation.status === 'closed') throw closedConflict();
    const agent = conversation.aiAgentId ? await store.getAiAgent(conversation.aiAgentId) : null;
    if (reason === 'visitor' && agent && !agent.handoff.onRequest) {
      throw new ServiceError('forbidden', 'this AI agent does not hand over on request (handoff.onRequest)', { param: 'conversationId' });
    }
    const handed = await store.setHandledBy(conversation.id, 'human');
    if (!handed) throw notFound('conversation');
    if (!handed.changed) return handed.conversation;

    const locale = (await store.getVisitor(conversation.visitorId))?.context.locale;
    const text = reason === 'failure' ? systemMessage('aiUnavailable', locale) : agent?.handoff.message || systemMessage('handoff', locale);
    try {
      const note = await store.appendMessage({ conversationId: conversation.id, clientId: `handoff-${newId('m')}`, from: 'system', authorId: null, text });
      events.emit('message:created', note.message, { ...handed.conversation, lastSeq: note.message.seq });
    } catch (error) {
      // Closed meanwhile: the team has it anyway, and no one is there to read the note.
      if (!(error instanceof ConversationClosed)) throw error;
    }
    const summary = await publisher.announce(conversation.id);
    events.emit('conversation:handoff', summary, reason);
    return withoutSummary(summary);
  };
}
