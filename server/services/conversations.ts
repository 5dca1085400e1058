import {
  LIMITS,
  type ChatMessage,
  type Conversation,
  type ConversationStatus,
  type ConversationSummary,
  type Page,
  type RatingRequest,
  type SendMessageRequest,
} from '../../src/protocol.js';
import type { AgentClaims, VisitorClaims } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import { AttachmentTaken, ConversationClosed, type Channel, type Store } from '../store/store.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { ChatEventBus } from './events.js';
import type { FileService } from './files.js';

export interface MessagePage {
  after?: number | undefined;
  before?: number | undefined;
  limit: number;
}

const closedConflict = () => new ServiceError('conflict', 'the conversation is closed', { param: 'conversationId' });

/** The bare conversation of an agent-side summary (what the visitor side may see). */
export function withoutSummary({ visitor: _visitor, lastMessage: _last, ...conversation }: ConversationSummary): Conversation {
  return conversation;
}

export interface SendResult {
  message: ChatMessage;
  /** False when the `clientId` was seen before and the stored message is returned. */
  created: boolean;
}

/**
 * Conversations and their messages: the one place both transports (REST and Socket.IO) and
 * both sides (visitor and agent) go through to read and write.
 */
export class ConversationService {
  readonly #store: Store;
  readonly #events: ChatEventBus;
  readonly #limits: RateLimits;
  readonly #files: FileService;

  constructor(store: Store, events: ChatEventBus, limits: RateLimits, files: FileService) {
    this.#store = store;
    this.#events = events;
    this.#limits = limits;
    this.#files = files;
  }

  // ------------------------------------------------------------ visitor side

  async currentForVisitor(visitor: VisitorClaims): Promise<Conversation | null> {
    return this.#store.findOpenConversation(visitor.visitorId);
  }

  async visitorMessages(visitor: VisitorClaims, page: MessagePage): Promise<Page<ChatMessage>> {
    const conversation = await this.#store.findOpenConversation(visitor.visitorId);
    if (!conversation) return { data: [], hasMore: false };
    return this.#presentPage(await this.#store.listMessages(conversation.id, page));
  }

  /**
   * Messages after `after`; when there are none and `waitSeconds` > 0, waits (long-poll) until
   * one is stored for this visitor, the time runs out or `signal` aborts (client went away).
   */
  async waitForVisitorMessages(visitor: VisitorClaims, page: MessagePage & { after: number }, waitSeconds: number, signal: AbortSignal): Promise<Page<ChatMessage>> {
    if (waitSeconds <= 0 || signal.aborted) return this.visitorMessages(visitor, page);
    // Listening before the first read: a message stored while it runs still wakes this poll.
    let woken = false;
    let wake: () => void = () => void (woken = true);
    const onMessage = (_message: ChatMessage, conversation: Conversation) => onWake(conversation.visitorId);
    const onWake = (visitorId: string) => {
      if (visitorId === visitor.visitorId) wake();
    };
    this.#events.on('message:created', onMessage);
    this.#events.on('visitor:wake', onWake);
    try {
      const first = await this.visitorMessages(visitor, page);
      if (first.data.length || signal.aborted) return first;
      if (!woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, waitSeconds * 1000);
          function done() {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
          }
          wake = done;
          signal.addEventListener('abort', done);
        });
      }
      return this.visitorMessages(visitor, page);
    } finally {
      this.#events.off('message:created', onMessage);
      this.#events.off('visitor:wake', onWake);
    }
  }

  /** Stores a visitor's message, opening the conversation on the first one. Idempotent on `clientId`. */
  async sendFromVisitor(visitor: VisitorClaims, request: SendMessageRequest): Promise<SendResult> {
    const channel = await this.#store.getChannel(visitor.channelKey);
    if (!channel) throw notFound('channel');
    // One budget per visitor, whichever transport carries the message.
    await this.#limits.consume('message', visitor.visitorId, channel.settings.limits?.messagesPerMinute);
    const attachments = await this.#files.attachable({ visitor }, request.attachmentIds);
    // The store finds (or opens) the visitor's open conversation as it stores the message.
    const { conversation, opened, ...stored } = await this.#stored(() =>
      this.#store.appendVisitorMessage({ channelId: channel.id, visitorId: visitor.visitorId, clientId: request.clientId, text: request.text, attachments }),
    );
    const result = this.#published(conversation, stored, 'visitor', null);
    if (result.created) await this.#answerFaq(channel.id, result.message);
    if (opened) {
      const summary = await this.#store.getConversationSummary(conversation.id);
      if (summary) this.#events.emit('conversation:created', this.#files.presentSummary(summary));
    }
    return result;
  }

  /** Tells the agents the visitor is typing; nothing is stored. */
  async visitorTyping(visitor: VisitorClaims, typing: boolean): Promise<void> {
    const conversation = await this.#store.findOpenConversation(visitor.visitorId);
    if (!conversation) return;
    this.#events.emit('typing', { conversationId: conversation.id, from: 'visitor', typing }, visitor.visitorId);
  }

  /** The visitor has seen up to `seq`; agents get a receipt. */
  async readByVisitor(visitor: VisitorClaims, seq: number): Promise<void> {
    const conversation = await this.#store.findOpenConversation(visitor.visitorId);
    if (!conversation) return;
    const updated = await this.#store.markRead(conversation.id, 'visitor', seq);
    if (updated) this.#events.emit('read', { conversationId: updated.id, by: 'visitor', seq: updated.visitorReadSeq }, visitor.visitorId);
  }

  /** The visitor ends the chat. */
  async closeByVisitor(visitor: VisitorClaims): Promise<Conversation> {
    const conversation = await this.#store.findOpenConversation(visitor.visitorId);
    if (!conversation) throw new ServiceError('conflict', 'there is no open conversation', { param: 'conversation' });
    return this.#setStatus(conversation, 'closed');
  }

  /** The visitor rates the conversation they just had (once it is closed; a new rating replaces the old). */
  async rate(visitor: VisitorClaims, rating: RatingRequest): Promise<Conversation> {
    const conversation = await this.#store.latestConversation(visitor.visitorId);
    if (!conversation || conversation.status !== 'closed') {
      throw new ServiceError('conflict', 'only a closed conversation can be rated', { param: 'conversation' });
    }
    await this.#store.rate(conversation.id, rating.score, rating.comment);
    return withoutSummary(await this.#announce(conversation.id));
  }

  /** The channel's suggested questions (answers stay on the server). */
  async faqs(channel: Channel, limit: number): Promise<Page<{ id: string; question: string }>> {
    const all = await this.#store.listFaqs(channel.id);
    return { data: all.slice(0, limit).map(({ id, question }) => ({ id, question })), hasMore: all.length > limit };
  }

  /** A visitor message that is exactly an FAQ question gets the configured answer at once, from a bot. */
  async #answerFaq(channelId: string, message: ChatMessage): Promise<void> {
    const question = message.text.trim();
    const faq = (await this.#store.listFaqs(channelId)).find((item) => item.question.trim() === question);
    if (!faq) return;
    let answer: SendResult;
    try {
      answer = await this.#store.appendMessage({
        conversationId: message.conversationId,
        clientId: `faq-${message.id}`,
        from: 'bot',
        authorId: null,
        text: faq.answer,
      });
    } catch (error) {
      if (error instanceof ConversationClosed) return; // closed meanwhile: no one is there to answer
      throw error;
    }
    const conversation = await this.#store.getConversation(message.conversationId);
    if (answer.created && conversation) this.#events.emit('message:created', answer.message, conversation);
  }

  // ------------------------------------------------------------ agent side

  async closeByAgent(conversationId: string): Promise<Conversation> {
    return this.#setStatus(await this.getForAgent(conversationId), 'closed');
  }

  async reopen(conversationId: string): Promise<Conversation> {
    const conversation = await this.getForAgent(conversationId);
    try {
      return await this.#setStatus(conversation, 'open');
    } catch {
      throw new ServiceError('conflict', 'the visitor already has another open conversation', { param: 'conversationId' });
    }
  }

  /** `before` is the conversation as the caller just read it: a close is announced once. */
  async #setStatus(before: Conversation, status: 'open' | 'closed'): Promise<Conversation> {
    await this.#store.setStatus(before.id, status);
    const summary = await this.#announce(before.id);
    if (status === 'closed' && before.status === 'open') this.#events.emit('conversation:closed', summary);
    return withoutSummary(summary);
  }

  /** Tells agents and the conversation's visitor that it changed (status, rating); returns what it told. */
  async #announce(conversationId: string): Promise<ConversationSummary> {
    const stored = await this.#store.getConversationSummary(conversationId);
    if (!stored) throw notFound('conversation');
    const summary = this.#files.presentSummary(stored);
    this.#events.emit('conversation:updated', summary);
    return summary;
  }

  /** Gives the conversation to an agent (or to nobody); every agent hears of it. */
  async assign(conversationId: string, agentId: string | null): Promise<Conversation> {
    await this.getForAgent(conversationId);
    if (agentId && !(await this.#store.getAgent(agentId))) throw new ServiceError('invalid_request', 'no such agent', { param: 'agentId' });
    await this.#store.assign(conversationId, agentId);
    return withoutSummary(await this.#announce(conversationId));
  }

  /** Every conversation of a visitor, newest first (the inbox's side panel). */
  async visitorHistory(visitorId: string): Promise<Page<ConversationSummary>> {
    const data = await this.#store.listVisitorConversations(visitorId, LIMITS.pageSize);
    return { data: data.map((summary) => this.#files.presentSummary(summary)), hasMore: data.length === LIMITS.pageSize };
  }

  /** An agent has seen up to `seq`; the visitor gets a receipt ("Seen"). */
  async readByAgent(conversationId: string, seq: number): Promise<void> {
    const updated = await this.#store.markRead(conversationId, 'agent', seq);
    if (!updated) throw notFound('conversation');
    this.#events.emit('read', { conversationId, by: 'agent', seq: updated.agentReadSeq }, updated.visitorId);
  }

  async list(agent: AgentClaims, query: { status?: ConversationStatus | undefined; assigned?: 'me' | 'none' | undefined; limit: number }): Promise<Page<ConversationSummary>> {
    const assignedTo = query.assigned === 'me' ? agent.agentId : query.assigned === 'none' ? null : undefined;
    const page = await this.#store.listConversations({ status: query.status, assignedTo, limit: query.limit });
    return { ...page, data: page.data.map((summary) => this.#files.presentSummary(summary)) };
  }

  async getForAgent(conversationId: string): Promise<ConversationSummary> {
    const summary = await this.#store.getConversationSummary(conversationId);
    if (!summary) throw notFound('conversation');
    return this.#files.presentSummary(summary);
  }

  async agentMessages(conversationId: string, page: MessagePage): Promise<Page<ChatMessage>> {
    await this.getForAgent(conversationId);
    return this.#presentPage(await this.#store.listMessages(conversationId, page));
  }

  async sendFromAgent(agent: AgentClaims, conversationId: string, request: SendMessageRequest): Promise<SendResult> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) throw notFound('conversation');
    return this.#append(conversation, request, agent);
  }

  /** Tells the conversation's visitor an agent is typing; nothing is stored. */
  async agentTyping(agentName: string, conversationId: string, typing: boolean): Promise<void> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) throw notFound('conversation');
    this.#events.emit('typing', { conversationId, from: 'agent', name: agentName, typing }, conversation.visitorId);
  }

  // ------------------------------------------------------------ shared

  #presentPage(page: Page<ChatMessage>): Page<ChatMessage> {
    return { ...page, data: page.data.map((message) => this.#files.present(message)) };
  }

  /** An agent's reply to a conversation the caller just read. */
  async #append(conversation: Conversation, request: SendMessageRequest, agent: AgentClaims): Promise<SendResult> {
    if (conversation.status !== 'open') throw closedConflict();
    const attachments = await this.#files.attachable({ agent }, request.attachmentIds);
    const stored = await this.#stored(() =>
      this.#store.appendMessage({ conversationId: conversation.id, clientId: request.clientId, from: 'agent', authorId: agent.agentId, text: request.text, attachments }),
    );
    return this.#published({ ...conversation, lastSeq: stored.message.seq }, stored, 'agent', agent.agentId);
  }

  /**
   * What the store answered; an upload another message took, or a conversation closed by the
   * time the message was stored, is the caller's conflict (a reply is refused, as it would be a
   * moment later).
   */
  async #stored<T>(store: () => Promise<T>): Promise<T> {
    try {
      return await store();
    } catch (error) {
      if (error instanceof ConversationClosed) throw closedConflict();
      if (!(error instanceof AttachmentTaken)) throw error;
      throw new ServiceError('conflict', 'this upload is already attached to another message', { param: `attachmentIds.${error.index}` });
    }
  }

  /**
   * A stored send as its sender gets it back: a new message is announced (the realtime layer
   * decides who hears it); a retry gets what was stored.
   */
  #published(conversation: Conversation, stored: SendResult, from: 'visitor' | 'agent', authorId: string | null): SendResult {
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
}
