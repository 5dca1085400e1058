import type {
  ChatMessage,
  Conversation,
  CreateConversationRequest,
  Page,
  RatingRequest,
  SendMessageRequest,
  VisitorConversationSummary,
} from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import type { RateLimits } from '../limits/rate-limits.js';
import { ConversationClosed, type Channel, type Store, type VisitorConversationQuery } from '../store/store.js';
import type { ChannelService } from './channels.js';
import type { ChatEventBus } from './events.js';
import type { FileService } from './files.js';
import { withoutSummary, type ConversationPublisher, type MessagePage, type SendResult } from './publisher.js';

/** Which conversation a visitor's request means: the one it names, else the open default one. */
export type ConversationRef = string | undefined;

const notTheirs = () => new ServiceError('not_found', 'conversation not found', { param: 'conversationId' });

/**
 * The visitor's conversations: the one place both transports (REST and Socket.IO) go through
 * for what a visitor reads and writes. A request names its conversation (`ConversationRef`);
 * without a name it means the open default one. A conversation of another visitor does not
 * exist for this one (404).
 */
export class VisitorConversationService {
  readonly #store: Store;
  readonly #events: ChatEventBus;
  readonly #limits: RateLimits;
  readonly #files: FileService;
  readonly #publisher: ConversationPublisher;
  readonly #channels: ChannelService;

  constructor(store: Store, events: ChatEventBus, limits: RateLimits, files: FileService, publisher: ConversationPublisher, channels: ChannelService) {
    this.#store = store;
    this.#channels = channels;
    this.#events = events;
    this.#limits = limits;
    this.#files = files;
    this.#publisher = publisher;
  }

  /** The visitor's conversation with this id; null when there is none (or it is another visitor's). */
  async own(visitor: VisitorClaims, id: string): Promise<Conversation | null> {
    const conversation = await this.#store.getConversation(id);
    return conversation?.visitorId === visitor.visitorId ? conversation : null;
  }

  /** The named conversation (404 unless it is the visitor's), else the open default one (null when there is none). */
  async find(visitor: VisitorClaims, ref: ConversationRef): Promise<Conversation | null> {
    if (ref === undefined) return this.#store.findOpenConversation(visitor.visitorId);
    const conversation = await this.own(visitor, ref);
    if (!conversation) throw notTheirs();
    return conversation;
  }

  /** The visitor's conversations, newest (most recently opened) first; `before` is a conversation id of theirs. */
  async list(visitor: VisitorClaims, query: VisitorConversationQuery): Promise<Page<VisitorConversationSummary>> {
    if (query.before !== undefined && !(await this.own(visitor, query.before))) {
      throw new ServiceError('invalid_request', 'before: not a conversation of this visitor', { param: 'before' });
    }
    return this.#store.listVisitorSummaries(visitor.visitorId, query);
  }

  async get(visitor: VisitorClaims, id: string): Promise<VisitorConversationSummary> {
    const summary = await this.#store.getVisitorSummary(id);
    if (!summary || summary.visitorId !== visitor.visitorId) throw notTheirs();
    return summary;
  }

  /**
   * Opens a conversation explicitly; the same `clientId` again gives the same one (`created`
   * false). Each call draws on the visitor's message budget, so a loop cannot open thousands.
   */
  async create(visitor: VisitorClaims, request: CreateConversationRequest): Promise<{ conversation: Conversation; created: boolean }> {
    const channel = await this.#channel(visitor);
    await this.#limits.consume('message', visitor.visitorId, channel.settings.limits?.messagesPerMinute);
    const handler = await this.#channels.handlerFor(channel, request.agentId);
    const subject = request.subject?.trim() || null;
    const result = await this.#store.createConversation({
      channelId: channel.id,
      visitorId: visitor.visitorId,
      clientId: request.clientId,
      subject,
      attributes: request.attributes ?? {},
      handler,
    });
    if (result.created) await this.#publisher.opened(result.conversation.id);
    return result;
  }

  async messages(visitor: VisitorClaims, ref: ConversationRef, page: MessagePage): Promise<Page<ChatMessage>> {
    const conversation = await this.find(visitor, ref);
    if (!conversation) return { data: [], hasMore: false };
    return this.#publisher.page(await this.#store.listMessages(conversation.id, page));
  }

  /**
   * Messages after `after`; when there are none and `waitSeconds` > 0, waits (long-poll) until
   * one is stored there, the time runs out or `signal` aborts (the client went away). Any
   * message of the visitor wakes it to look again: cheap, and the default conversation may be
   * opened by the very message awaited.
   */
  async waitForMessages(visitor: VisitorClaims, ref: ConversationRef, page: MessagePage & { after: number }, waitSeconds: number, signal: AbortSignal): Promise<Page<ChatMessage>> {
    if (waitSeconds <= 0 || signal.aborted) return this.messages(visitor, ref, page);
    const deadline = Date.now() + waitSeconds * 1000;
    // Listening before each read: a message stored while it runs still wakes this poll.
    let woken = false;
    const flag = () => void (woken = true);
    let wake: () => void = flag;
    const onMessage = (_message: ChatMessage, conversation: Conversation) => onWake(conversation.visitorId);
    const onWake = (visitorId: string) => {
      if (visitorId === visitor.visitorId) wake();
    };
    this.#events.on('message:created', onMessage);
    this.#events.on('visitor:wake', onWake);
    try {
      for (;;) {
        woken = false;
        const found = await this.messages(visitor, ref, page);
        const left = deadline - Date.now();
        if (found.data.length || signal.aborted || left <= 0) return found;
        if (woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, left);
          function done() {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            wake = flag;
            resolve();
          }
          wake = done;
          signal.addEventListener('abort', done);
        });
      }
    } finally {
      this.#events.off('message:created', onMessage);
      this.#events.off('visitor:wake', onWake);
    }
  }

  /** Stores a visitor's message (see `NewVisitorMessage` for where it goes). Idempotent on `clientId`. */
  async send(visitor: VisitorClaims, request: SendMessageRequest): Promise<SendResult> {
    const channel = await this.#channel(visitor);
    // One budget per visitor, whichever transport carries the message.
    await this.#limits.consume('message', visitor.visitorId, channel.settings.limits?.messagesPerMinute);
    // Who answers, should this send open a conversation (400 `agentId` when the page's agent is not allowed).
    const handler = await this.#channels.handlerFor(channel, request.agentId);
    const attachments = await this.#files.attachable({ visitor }, request.attachmentIds);
    // The store resolves the conversation (or opens the default one) as it stores the message.
    const { conversation, opened, ...stored } = await this.#publisher.stored(() =>
      this.#store.appendVisitorMessage({
        channelId: channel.id,
        visitorId: visitor.visitorId,
        conversationId: request.conversationId,
        clientId: request.clientId,
        text: request.text,
        attachments,
        handler,
        ...(request.attributes ? { attributes: request.attributes } : {}),
      }),
    );
    const result = this.#publisher.published(conversation, stored, 'visitor', null);
    // An AI agent answers FAQs itself (they are its knowledge): the FAQ bot answers the team's conversations only.
    if (result.created && conversation.handledBy !== 'ai') await this.#answerFaq(channel.id, result.message);
    if (opened) await this.#publisher.opened(conversation.id);
    // New attributes (the pre-chat answers) change the conversation the inbox shows.
    else if (result.created && request.attributes && Object.keys(request.attributes).length) await this.#publisher.announce(conversation.id);
    return result;
  }

  /** Tells the agents the visitor is typing in an open conversation; nothing is stored. */
  async typing(visitor: VisitorClaims, ref: ConversationRef, typing: boolean): Promise<void> {
    const conversation = await this.find(visitor, ref);
    if (conversation?.status !== 'open') return;
    this.#events.emit('typing', { conversationId: conversation.id, from: 'visitor', typing }, visitor.visitorId);
  }

  /** The visitor has seen up to `seq` (in a closed conversation too); agents get a receipt. */
  async read(visitor: VisitorClaims, ref: ConversationRef, seq: number): Promise<void> {
    const conversation = await this.find(visitor, ref);
    if (!conversation) return;
    const updated = await this.#store.markRead(conversation.id, 'visitor', seq);
    if (updated) this.#events.emit('read', { conversationId: updated.id, by: 'visitor', seq: updated.visitorReadSeq }, visitor.visitorId);
  }

  /**
   * The visitor ends a conversation. Without a name it is the open default one (409 when there
   * is none); a named one already closed is answered as it is (a retried close).
   */
  async close(visitor: VisitorClaims, ref: ConversationRef): Promise<Conversation> {
    const conversation = await this.find(visitor, ref);
    if (!conversation) throw new ServiceError('conflict', 'there is no open conversation', { param: 'conversation' });
    if (conversation.status === 'closed') return conversation;
    return this.#publisher.setStatus(conversation, 'closed');
  }

  /**
   * The visitor rates a closed conversation (a new rating replaces the old). Without a name: the
   * newest default conversation, as the widget rates the chat it just had.
   */
  async rate(visitor: VisitorClaims, ref: ConversationRef, rating: RatingRequest): Promise<Conversation> {
    const conversation = ref === undefined ? await this.#store.latestConversation(visitor.visitorId) : await this.find(visitor, ref);
    if (!conversation || conversation.status !== 'closed') {
      throw new ServiceError('conflict', 'only a closed conversation can be rated', { param: ref === undefined ? 'conversation' : 'conversationId' });
    }
    await this.#store.rate(conversation.id, rating.score, rating.comment);
    return withoutSummary(await this.#publisher.announce(conversation.id));
  }

  /** The channel's suggested questions (answers stay on the server). */
  async faqs(channel: Channel, limit: number): Promise<Page<{ id: string; question: string }>> {
    const all = await this.#store.listFaqs(channel.id);
    return { data: all.slice(0, limit).map(({ id, question }) => ({ id, question })), hasMore: all.length > limit };
  }

  async #channel(visitor: VisitorClaims): Promise<Channel> {
    const channel = await this.#store.getChannel(visitor.channelKey);
    if (!channel) throw notFound('channel');
    return channel;
  }

  /** A visitor message that is exactly an FAQ question gets the configured answer at once, from a bot. */
  async #answerFaq(channelId: string, message: ChatMessage): Promise<void> {
    const question = message.text.trim();
    const faq = (await this.#store.listFaqs(channelId)).find((item) => item.question.trim() === question);
    if (!faq) return;
    let answer: SendResult;
    try {
      answer = await this.#store.appendMessage({ conversationId: message.conversationId, clientId: `faq-${message.id}`, from: 'bot', authorId: null, text: faq.answer });
    } catch (error) {
      if (error instanceof ConversationClosed) return; // closed meanwhile: no one is there to answer
      throw error;
    }
    const conversation = await this.#store.getConversation(message.conversationId);
    if (answer.created && conversation) this.#events.emit('message:created', answer.message, conversation);
  }
}
