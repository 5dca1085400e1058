import { newClientId, type BlockReply, type ChatMessage, type Conversation, type Page, type VisitorConversationSummary } from '../protocol.js';
import type { ConversationQuery, MessageQuery, SessionApi } from '../transport/api.js';
import type { Transport } from '../transport/transport.js';
import type { Conversations } from './conversations.js';
import type { CurrentConversation } from './current-conversation.js';
import type { Delivery } from './delivery.js';
import { SupportChatError, ValidationError } from './errors.js';
import type { ReadPolicy } from './read-policy.js';
import { retryDelay } from './retry.js';
import type { TeamTyping } from './typing.js';

/** Attempts of a `create()` that is not confirmed (network, 5xx), all under the same `clientId`; a refusal (429 included) is the caller's at once. */
const CREATE_ATTEMPTS = 4;

export interface ConversationActionsHost {
  api: SessionApi;
  conversations: Conversations;
  current: CurrentConversation;
  read: ReadPolicy;
  typing: TeamTyping;
  delivery: Delivery;
  /** The visitor's token (a handshake when there is none yet). */
  token(): Promise<string>;
  /** The transport, once made. */
  transport(): Transport | null;
  stopped(): boolean;
  /** The page's AI agent (the `agent` option) for the conversations it opens. */
  agent(): string | undefined;
}

/** What `chat.conversations.create()` takes: both optional. */
export interface NewConversation {
  /** Up to 200 characters (`LIMITS.subject`). */
  subject?: string;
  /** Facts about it, string → string (the pre-chat form's answers); limits in `LIMITS`. */
  attributes?: Record<string, string>;
}

/**
 * The visitor's conversations (`chat.conversations`), like tickets: the list the client holds,
 * the server's list, opening one explicitly, and which one is shown. A send, `typing`,
 * `markRead` and `transcript` act on the shown one unless given an id.
 */
export class ChatConversations {
  readonly #host: ConversationActionsHost;

  constructor(host: ConversationActionsHost) {
    this.#host = host;
  }

  /**
   * The visitor's conversations this client holds, newest first (last activity): from the join
   * (the newest 20), live events, `list()` pages and `get()`. Each `unread` is counted here, kept
   * current as messages arrive and are read. Changes are announced by the `conversations` event.
   */
  get summaries(): VisitorConversationSummary[] {
    return this.#host.conversations.summaries;
  }

  /**
   * A page of the visitor's conversations from the server, newest first: by `status`, and older
   * than `before` (the server's cursor) for the next page. What it lists joins `summaries`.
   */
  async list(query: ConversationQuery = {}): Promise<Page<VisitorConversationSummary>> {
    const page = await this.#host.api.conversations(await this.#host.token(), query);
    this.#host.read.announcing(() => this.#host.conversations.listed(page.data));
    return page;
  }

  /**
   * Opens a new conversation (not shown until `open(id)`). Its `clientId` is made here and kept
   * across the retries of an unconfirmed request (network, 5xx), so a retry never opens a second
   * one. Rejects with `ValidationError` (`param` names the field) for a bad subject or attributes,
   * `RateLimitError` when the visitor opens too many (it counts against their message budget).
   */
  async create({ subject, attributes }: NewConversation = {}): Promise<Conversation> {
    const clientId = newClientId();
    for (let attempt = 1; ; attempt++) {
      try {
        const created = await this.#host.api.createConversation(await this.#host.token(), { clientId, subject, attributes, agentId: this.#host.agent() });
        this.#host.conversations.described(created);
        return created;
      } catch (error) {
        const unconfirmed = error instanceof SupportChatError && !error.permanent && error.code !== 'rate_limited';
        if (!unconfirmed || attempt >= CREATE_ATTEMPTS || this.#host.stopped()) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
      }
    }
  }

  /** One conversation of the visitor, with its preview and unread count; `NotFoundError` when it is not theirs. */
  async get(id: string): Promise<VisitorConversationSummary> {
    const conversation = await this.#host.api.conversation(await this.#host.token(), id);
    this.#host.read.announcing(() => this.#host.conversations.described(conversation));
    return conversation;
  }

  /** Ends conversation `id` for the visitor (the team sees it closed); resolves with it, closed. */
  async close(id: string): Promise<Conversation> {
    const closed = await this.#host.api.close(await this.#host.token(), id);
    this.#host.read.announcing(() => this.#host.conversations.described(closed));
    this.#host.current.described(closed);
    return closed;
  }

  /**
   * Shows conversation `id` (null: the visitor's open default one, or none until the next send
   * opens it): `transcript`, `conversation`, `pending`, `send`, typing and `markRead()` act on it
   * from now on, it is remembered for the next page, and its messages are fetched. Announced by
   * the `shown` event. Rejects with `NotFoundError` (nothing changes) when `id` is not the visitor's.
   */
  async open(id: string | null): Promise<void> {
    const { conversations, current, read, typing, delivery } = this.#host;
    const target = id ?? this.#openDefault();
    if (target === current.id) return;
    if (target && !conversations.summary(target)) await this.get(target);
    typing.answered(); // whoever typed in the conversation left behind is not shown any more
    read.receiving(() => current.adopt(target)); // read at once when the visitor sees it
    this.#host.transport()?.shownChanged();
    if (target) await delivery.resume([{ id: target, after: conversations.log(target).lastSeq }]);
  }

  /** The open default conversation this client knows of, if any. */
  #openDefault(): string | null {
    return this.summaries.find((summary) => summary.isDefault && summary.status === 'open')?.id ?? null;
  }
}

/** Messages of any of the visitor's conversations (`chat.messages`). */
export class ChatMessages {
  readonly #host: ConversationActionsHost;

  constructor(host: ConversationActionsHost) {
    this.#host = host;
  }

  /**
   * A page of `conversationId`'s messages as stored on the server, in `seq` order: after `after`,
   * or the newest before `before` (neither: the newest), at most `limit` (1–100, 50 by default);
   * `hasMore` says another page lies beyond. What it brings is held too (not announced).
   * `NotFoundError` when the conversation is not the visitor's.
   */
  async list(conversationId: string, query: MessageQuery = {}): Promise<Page<ChatMessage>> {
    const page = await this.#host.api.messages(await this.#host.token(), conversationId, query);
    this.#host.delivery.receive(page.data, false);
    return page;
  }

  /**
   * Sends `text` to `conversationId` (null: the shown one) through the outbox: exactly once, even
   * across a reload, into that conversation. Resolves with the stored message; a conversation
   * that is not the visitor's rejects with `NotFoundError`, a closed one opened explicitly with
   * `ConflictError` (a closed default one goes on in the next default one, shown in its place
   * when the closed one was). With `replyTo` it answers a block (a tapped choice or a submitted
   * form): `text` shows meanwhile, and the server stores the chosen label (or the form's summary).
   */
  send(conversationId: string | null, text: string, options: { replyTo?: BlockReply } = {}): Promise<ChatMessage> {
    if (typeof text !== 'string' || !text.trim()) return Promise.reject(new ValidationError(400, { code: 'invalid_request', message: 'text: a message needs text', param: 'text' }));
    return this.#host.delivery.queue(text, [], (conversationId ?? this.#host.current.id) || undefined, options.replyTo);
  }
}
