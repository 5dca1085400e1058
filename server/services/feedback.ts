import type { Conversation, FeedbackRequest } from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';
import { withoutSummary, type ConversationPublisher } from './publisher.js';
import type { ConversationRef, VisitorConversationService } from './visitor-conversations.js';

/** The visitor's helpful yes/no under an AI answer; answers the conversation as it is then. */
export type Feedback = (visitor: VisitorClaims, ref: ConversationRef, request: FeedbackRequest) => Promise<Conversation>;

/**
 * Feedback on an answer of the conversation's AI agent (a `bot` message it wrote), in an open
 * or closed conversation, before or after a handoff. The latest answer per message counts;
 * `resolvedByAi` is true only while the visitor says one helped (DESIGN.md §10: never assumed).
 * When that changes, the inbox and the visitor hear `conversation:updated`.
 */
export function feedbackOperation(store: Store, publisher: ConversationPublisher, conversations: VisitorConversationService): Feedback {
  return async (visitor, ref, { messageId, helpful }) => {
    const conversation = await conversations.find(visitor, ref);
    if (!conversation) throw new ServiceError('conflict', 'there is no open conversation', { param: 'conversation' });
    const message = await store.getMessage(conversation.id, messageId);
    if (!message) throw new ServiceError('not_found', 'no such message in this conversation', { param: 'messageId' });
    if (message.from !== 'bot' || conversation.aiAgentId === null || message.author?.id !== conversation.aiAgentId) {
      throw new ServiceError('invalid_request', 'messageId: feedback is for the AI agent’s answers', { param: 'messageId' });
    }
    const recorded = await store.recordFeedback(conversation.id, messageId, helpful);
    if (!recorded) throw new ServiceError('not_found', 'no such message in this conversation', { param: 'messageId' });
    if (recorded.conversation.resolvedByAi === conversation.resolvedByAi) return recorded.conversation;
    return withoutSummary(await publisher.announce(conversation.id));
  };
}
