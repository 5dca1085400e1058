import { LIMITS, type ChatMessage, type Conversation, type ConversationSummary, type Page } from '../../src/protocol.js';
import { notFound, ServiceError } from '../errors.js';
import { AttachmentTaken, AttributeLimit, ConversationClosed, ConversationNotFound, type Store } from '../store/store.js';
import type { ChatEventBus } from './events.js';
import type { FileService } from './files.js';

export interface MessagePage {
  after?: number | undefined;
  before?: number | undefined;
  limit: number;
}

export interface SendResult {
  message: ChatMessage;
  /** False when the `clientId` was seen before and the stored message is returned. */
  created: boolean;
}

export const closedConflict = () => new ServiceError('conflict', 'the conversation is closed', { param: 'conversationId' });

/** The bare conversation of an agent-side summary (what the visitor side may see: no labels either). */
export function withoutSummary({ visitor: _visitor, lastMessage: _last, labels: _labels, ...conversation }: ConversationSummary): Conversation {
  return conversation;
}

/**
 * What both sides (visitor and agent) do alike once a rule let a change through: store it,
 * turn what the store refused into the caller's error, present what is sent back (signed file
 * URLs) and announce it on the event bus (the realtime layer decides who hears it).
 */
export class ConversationPublisher {
  readonly #store: Store;
  readonly #events: ChatEventBus;
  readonly #files: FileService;

  constructor(store: Store, events: ChatEventBus, files: FileService) {
    this.#store = store;
    this.#events = events;
    this.#files = files;
  }

  page(page: Page<ChatMessage>): Page<ChatMessage> {
    return { ...page, data: page.data.map((message) => this.#files.present(message)) };
  }

  /**
   * What the store answered; an upload another message took, a conversation closed by the time
   * the message was stored, another visitor's conversation or too many attributes are the
   * caller's error (a reply is refused, as it would be a moment later).
   */
  async stored<T>(store: () => Promise<T>): Promise<T> {
    try {
      return await store();
    } catch (error) {
      if (error instanceof ConversationClosed) throw closedConflict();
      if (error instanceof ConversationNotFound) throw new ServiceError('not_found', 'conversation not found', { param: 'conversationId' });
      if (error instanceof AttributeLimit) throw new ServiceError('invalid_request', `attributes: a conversation holds ${LIMITS.attributes} attributes at most`, { param: 'attributes' });
      if (!(error instanceof AttachmentTaken)) throw error;
      throw new ServiceError('conflict', 'this upload is already attached to another message', { param: `attachmentIds.${error.index}` });
    }
  }

  /**
   * A stored send as its sender gets it back: a new message is announced; a retry gets what
   * was stored.
   */
  published(conversation: Conversation, stored: SendResult, from: 'visitor' | 'agent', authorId: string | null): SendResult {
    const result = { ...stored, message: this.#files.present(stored.message) };
    if (result.created) {
      this.#events.emit('message:created', result.message, conversation);
    } else if (result.message.from !== from || (result.message.author?.id ?? null) !== authorId) {
      // The same key from a different sender is a collision, not a retry: never hand one
      // party's message back to another.
      throw new ServiceError('conflict', 'clientId already used in this conversation', { param: 'clientId' });
    }
    return result;
  }

  /** A conversation someone just opened: agents and the visitor's other tabs hear of it. */
  async opened(conversationId: string): Promise<void> {
    const summary = await this.#store.getConversationSummary(conversationId);
    if (summary) this.#events.emit('conversation:created', this.#files.presentSummary(summary));
  }

  /** `before` is the conversation as the caller just read it: a close is announced once. */
  async setStatus(before: Conversation, status: 'open' | 'closed'): Promise<Conversation> {
    await this.#store.setStatus(before.id, status);
    const summary = await this.announce(before.id);
    if (status === 'closed' && before.status === 'open') this.#events.emit('conversation:closed', summary);
    return withoutSummary(summary);
  }

  /** Tells agents and the conversation's visitor that it changed (status, rating); returns what it told. */
  async announce(conversationId: string): Promise<ConversationSummary> {
    const stored = await this.#store.getConversationSummary(conversationId);
    if (!stored) throw notFound('conversation');
    const summary = this.#files.presentSummary(stored);
    this.#events.emit('conversation:updated', summary);
    return summary;
  }
}
