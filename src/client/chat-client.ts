import type { ChannelConfig, ChatMessage, ConnectionState, Conversation, TransportName, VisitorProfile } from '../protocol.js';
import { WidgetApi, type FaqChip, type SessionApi } from '../transport/api.js';
import { AiActions } from './ai.js';
import { Attachments } from './attachments.js';
import { ChannelConfigLoader } from './channel-config.js';
import { Connection } from './connection.js';
import { ChatConversations, ChatMessages } from './conversation-actions.js';
import { Conversations } from './conversations.js';
import { CurrentConversation } from './current-conversation.js';
import { Delivery } from './delivery.js';
import { Emitter } from './emitter.js';
import { ConflictError, networkError, ValidationError } from './errors.js';
import { offerToolCall, type ChatClientEvents, type TypingInfo } from './events.js';
import type { LoginOptions } from './identity.js';
import type { ChatClientOptions } from './options.js';
import type { PendingMessage } from './outbox.js';
import { PreChat } from './pre-chat.js';
import { ReadPolicy } from './read-policy.js';
import { Resume } from './resume.js';
import { RetryTimers } from './retry.js';
import { browserStorage, ChannelStorage } from './storage.js';
import { Streams, type DeltaInfo, type StreamingMessage } from './streams.js';
import { TeamTyping } from './typing.js';
import type { UploadItem } from './uploads.js';

export type { ChatConversations, ChatMessages, NewConversation } from './conversation-actions.js';
export type { ConversationQuery, MessageQuery } from '../transport/api.js';
export type { ChatClientEvents, ToolCall, TypingInfo } from './events.js';
export type { LoginOptions, LinkEntry } from './identity.js';
export type { ChatClientOptions } from './options.js';
export type { PendingMessage } from './outbox.js';
export type { PreChat, PreChatAnswers, PreChatProblem } from './pre-chat.js';
export type { UploadItem } from './uploads.js';
export type { DeltaInfo, StreamingMessage } from './streams.js';

/**
 * The visitor's side of one channel, free of any UI (it runs in Node too): identity and login,
 * the visitor's conversations (several, like tickets) and the one shown, each one's messages in
 * `seq` order, the outbox of sends not yet acknowledged, uploads, typing, receipts, tool calls,
 * the read policy and the unread counts, the connection and its one retry policy.
 * `<support-chat>` renders what this holds; a page with its own UI uses it directly.
 *
 * This class is the public surface; each concern lives in a part of its own: the connection
 * (`connection.ts`), delivery (`delivery.ts`), the conversations held (`conversations.ts`) and
 * their actions (`conversation-actions.ts`), the shown conversation, the read policy, the
 * team's typing and the channel's config.
 */
export class ChatClient {
  readonly #api: SessionApi;
  readonly #events = new Emitter<ChatClientEvents>();
  /** Aborts in-flight requests and removes the page listeners at `disconnect()`. */
  readonly #abort = new AbortController();
  readonly #timers = new RetryTimers();
  readonly #storage: ChannelStorage;
  readonly #current: CurrentConversation;
  readonly #conversations: Conversations;
  readonly #channel: ChannelConfigLoader;
  readonly #typing: TeamTyping;
  readonly #read: ReadPolicy;
  readonly #delivery: Delivery;
  readonly #connection: Connection;
  readonly #attachments: Attachments;
  readonly #streams: Streams;
  readonly #ai: AiActions;
  #watching = false;
  /** Joined at least once: what the conversation holds is known (the pre-chat form waits for it). */
  #joined = false;
  /** The channel's pre-chat form: the questions to ask before a new conversation's first message (`fields`), and `submit(answers)`. */
  readonly preChat: PreChat;
  /** The visitor's conversations: `summaries`, `list()`, `create()`, `get()`, `open(id)` (see `ChatConversations`). */
  readonly conversations: ChatConversations;
  /** Messages of any of the visitor's conversations: `list(id, page)`, `send(id, text)` (see `ChatMessages`). */
  readonly messages: ChatMessages;

  constructor(options: ChatClientOptions) {
    if (!options?.channel || typeof options.channel !== 'string') throw new ValidationError(400, { code: 'invalid_option', message: 'channel: a channel key is required', param: 'channel' });
    const server = (options.server || globalThis.location?.origin || '').replace(/\/+$/, '');
    const events = this.#events;
    const timers = this.#timers;
    const storage = (this.#storage = new ChannelStorage(options.storage === undefined ? browserStorage() : options.storage, options.channel));
    const api = (this.#api = options.backend?.api ?? new WidgetApi({ server, signal: this.#abort.signal, locale: options.locale }));
    // Asked on the next turn, with the client's retries: a client stopped meanwhile does not ask.
    const conversations = (this.#conversations = new Conversations(storage, events, (id) => timers.later(0, () => void this.conversations.get(id).catch(() => {}))));
    const current = (this.#current = new CurrentConversation(storage, events, conversations));
    const channelConfig = (this.#channel = new ChannelConfigLoader({ api, channel: options.channel, server, configUrl: options.configUrl, signal: this.#abort.signal, events }));
    const typing = (this.#typing = new TeamTyping(events));
    const streams = (this.#streams = new Streams(events));
    // A stored message replaces its stream (however it arrived: live, a resync, a join).
    events.on('message', (message) => streams.settled(message));
    const agent = () => options.agent || undefined;
    const read = (this.#read = new ReadPolicy({ current, conversations, events, tell: (seq, id) => this.#connection.transport?.read(seq, id) }));
    const delivery = (this.#delivery = new Delivery({
      storage,
      current,
      conversations,
      read,
      typing,
      events,
      timers,
      link: () => this.#connection.link,
      stopped: () => this.#connection.stopped,
      connect: () => void (this.#connection.started || this.connect()),
      attributes: () => this.preChat.take(),
      agent,
    }));
    this.preChat = new PreChat({
      config: () => channelConfig.config,
      given: () => options.profile?.() ?? {},
      fresh: () => this.#joined && !this.transcript.length && !this.pending.length,
      identify: (profile) => this.identify(profile),
      changed: () => this.#changed(),
    });
    this.#connection = new Connection({
      options,
      server,
      api,
      storage,
      current,
      channelConfig,
      events,
      timers,
      handlers: {
        message: (message) => delivery.receive([message], true),
        delta: (delta) => streams.received(delta, ({ conversationId, messageId }) => conversations.log(conversationId).messages.some((message) => message.id === messageId)),
        typing: (event) => typing.received(event, current.id),
        conversation: (conversation) => {
          read.announcing(() => conversations.described(conversation));
          current.described(conversation);
        },
        conversationCreated: (conversation) => conversations.described(conversation),
        presence: (online) => channelConfig.presence(online),
        read: (event) => event.by === 'agent' && current.teamRead(event.conversationId, event.seq),
        // The page's answer goes back when it can; the caller times out if it is lost.
        toolCall: (call) => offerToolCall(events, call, (outcome) => void this.#connection.transport?.toolResult(call.callId, outcome).catch(() => {})),
      },
      joined: (payload, first) => {
        this.#joined = true;
        streams.clear();
        resume.joined(payload, first);
      },
      catchUp: () => resume.catchUp(),
      flush: () => void delivery.flush(),
    });
    const actions = {
      api,
      conversations,
      current,
      read,
      typing,
      delivery,
      token: () => this.#connection.identity.token(),
      transport: () => this.#connection.transport,
      stopped: () => this.#connection.stopped,
      agent,
    };
    this.conversations = new ChatConversations(actions);
    this.messages = new ChatMessages(actions);
    this.#ai = new AiActions({ api, conversations, current, read, config: () => channelConfig.config, token: actions.token, changed: () => this.#changed() });
    const resume = new Resume({ channel: channelConfig, conversations, current, read, delivery, list: (limit) => this.conversations.list({ limit }) });
    this.#attachments = new Attachments({
      api,
      events,
      signal: this.#abort.signal,
      token: () => this.#connection.identity.token(),
      policy: () => channelConfig.config?.uploads,
      send: (attachment) => delivery.queue('', [attachment], current.id ?? undefined),
      replace: (fresh) => current.log?.replaceAttachment(fresh),
    });
  }

  // ------------------------------------------------------------ state

  /** Suggested questions for an empty conversation. */
  get faqs(): FaqChip[] {
    return this.#channel.faqs;
  }
  set faqs(faqs: FaqChip[]) {
    this.#channel.faqs = faqs;
  }
  /** The highest `seq` someone on the team has seen ("Seen" under the visitor's messages). */
  get seenByTeam(): number {
    return this.#current.seenByTeam;
  }
  set seenByTeam(seq: number) {
    this.#current.seenByTeam = seq;
  }
  /** Who on the team is typing, if anyone. */
  get agentTyping(): { name: string } | null {
    return this.#typing.who;
  }
  set agentTyping(who: { name: string } | null) {
    this.#typing.who = who;
  }
  /** The shown conversation as the server last described it (status, rating, `isDefault`, `subject`), when known. */
  get conversation(): Conversation | null {
    return this.#current.conversation;
  }
  set conversation(conversation: Conversation | null) {
    this.#current.conversation = conversation;
  }
  get state(): ConnectionState {
    return this.#connection.state;
  }
  get transportName(): TransportName {
    return this.#connection.transportName;
  }
  /** The channel's public config (appearance, online status, upload policy), once known. */
  get config(): ChannelConfig | null {
    return this.#channel.config;
  }
  /** The shown conversation (`conversations.open(id)` switches; null: none yet, the next send opens the default one). */
  get conversationId(): string | null {
    return this.#current.id;
  }
  get visitorId(): string | null {
    return this.#connection.identity.visitorId;
  }
  /** Whether the server verified who the visitor is (an assertion or a userHash login). */
  get verified(): boolean {
    return this.#connection.identity.verified;
  }
  /** Whether this visitor has a conversation (known from an earlier page too): such a visitor connects without waiting for intent. */
  get hasConversation(): boolean {
    return this.#current.id !== null;
  }
  /** Stored messages of the shown conversation, in `seq` order. */
  get transcript(): ChatMessage[] {
    return this.#current.log?.messages ?? [];
  }
  /** Sends to the shown conversation not yet acknowledged (shown as sending, or failed with a retry). */
  get pending(): PendingMessage[] {
    return this.#delivery.outbox.pending.filter((pending) => this.#current.shows(pending.conversationId));
  }
  /** Answers being written in the shown conversation (an AI agent streaming), oldest first: each one's text so far, until its message replaces it. */
  get streaming(): StreamingMessage[] {
    return this.#streams.in(this.#current.id);
  }
  /** Files on their way up (progress, cancel), before they become messages. */
  get uploads(): UploadItem[] {
    return this.#attachments.items;
  }
  /** Messages from the team the visitor has not seen, in all their conversations (each one's count: `conversations.summaries[i].unread`). */
  get unreadCount(): number {
    return this.#read.unread;
  }

  /** Listens to `type`; returns the function that stops listening. */
  on<K extends keyof ChatClientEvents>(type: K, listener: (payload: ChatClientEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  /** Messages stored in `conversationId` (shown or not), in either direction, as they arrive. */
  onMessage(conversationId: string, listener: (message: ChatMessage) => void): () => void {
    return this.on('message', (message) => message.conversationId === conversationId && listener(message));
  }

  /** Someone on the team started or stopped typing in `conversationId`. */
  onTyping(conversationId: string, listener: (typing: TypingInfo) => void): () => void {
    return this.on('typing', (typing) => typing.conversationId === conversationId && listener(typing));
  }

  /** An answer being written in `conversationId` grew (its text so far, and the piece); its `onMessage` replaces it. */
  onDelta(conversationId: string, listener: (delta: DeltaInfo) => void): () => void {
    return this.on('delta', (delta) => delta.conversationId === conversationId && listener(delta));
  }

  /** The team has seen the visitor's messages up to `seq` in `conversationId`. */
  onRead(conversationId: string, listener: (seq: number) => void): () => void {
    return this.on('read', (read) => read.conversationId === conversationId && listener(read.seq));
  }

  // ------------------------------------------------------------ connection

  /** Connects (handshake, then the realtime link); resolves once joined, rejects if refused for good. */
  connect(): Promise<void> {
    if (!this.#watching && !this.#connection.stopped) {
      this.#watching = true;
      this.#read.watch(this.#abort.signal);
      this.#connection.watch(this.#abort.signal);
    }
    return this.#connection.connect();
  }

  /** The channel's config without connecting (for the launcher's appearance before the visitor shows intent). */
  loadConfig(): Promise<ChannelConfig> {
    return this.#channel.load();
  }

  /** Releases the connection, timers, listeners and in-flight requests; unacknowledged sends stay stored for the next visit. */
  disconnect(): void {
    if (this.#connection.stopped) return;
    this.#abort.abort();
    const closed = networkError('the chat closed; the message stays queued for the next visit');
    this.#connection.stop(closed);
    this.#typing.stop();
    this.#streams.clear();
    this.#attachments.clear();
    this.#delivery.outbox.detach(closed);
    this.#events.clear();
  }

  /** Forgets this channel's visitor in storage (sign-out); the next connection starts a new anonymous visitor. */
  forget(): void {
    this.#storage.forget();
    this.#connection.identity.invalidate();
    this.#delivery.outbox.clear(new ConflictError(409, { code: 'conflict', message: 'the visitor was forgotten (signed out) before this message went out: it was not sent' }));
  }

  /**
   * Tells the client whether the visitor can see the conversation (the panel is open). While
   * they can and the page is visible, what arrives is read at once and counts as no unread.
   */
  setVisible(visible: boolean): void {
    this.#read.setVisible(visible);
  }

  /**
   * Catches up after the page comes back (online, visible): asks for what came after the last
   * `seq` and sends what waits in the outbox; reconnects at once if the link is down.
   */
  resync(): Promise<void> {
    return this.#connection.resync();
  }

  /**
   * Signs the visitor in as the host's customer and reconnects as them. A verified login
   * (assertion or userHash) takes what was written anonymously in this browser along.
   */
  login(credentials: LoginOptions): Promise<void> {
    const given = credentials as { getAssertion?: unknown; assertion?: unknown; externalUserId?: unknown } | undefined;
    const valid = typeof given?.getAssertion === 'function' || typeof given?.assertion === 'string' || (typeof given?.externalUserId === 'string' && given.externalUserId);
    if (!valid) return Promise.reject(new ValidationError(400, { code: 'invalid_option', message: 'login: pass { getAssertion }, { assertion } or { externalUserId, userHash? }', param: 'login' }));
    this.#restart(credentials);
    return this.connect();
  }

  /** Signs the customer out: forgets this channel's visitor and goes on as a new anonymous one. */
  logout(): Promise<void> {
    const connected = this.#connection.started;
    this.forget();
    this.#restart(null);
    return connected ? this.connect() : Promise.resolve();
  }

  // ------------------------------------------------------------ visitor actions

  /** Queues `text` for the shown conversation; resolves with the stored message once the server acknowledges it. */
  send(text: string): Promise<ChatMessage> {
    return this.messages.send(null, text);
  }

  /**
   * Uploads `file` (shown with its progress, cancelable), then sends it as a message through
   * the outbox like any other. A file the channel cannot take is refused here, before upload.
   */
  sendFile(file: File): Promise<ChatMessage> {
    return this.#attachments.send(file);
  }

  /** Stops an upload in progress, or dismisses a failed one. */
  cancelUpload(id: string): void {
    this.#attachments.cancel(id);
  }

  /** Uploads a failed file again. */
  retryUpload(id: string): void {
    this.#attachments.retry(id);
  }

  /** Sends a failed message again under the same `clientId` (so it can never be stored twice). */
  retry(clientId: string): void {
    this.#delivery.retry(clientId);
  }

  /** Fetches a fresh URL for an attachment whose signed URL expired. */
  refreshAttachment(id: string): Promise<void> {
    return this.#attachments.refresh(id);
  }

  /** Tells the team whether the visitor is typing in `conversationId` (null: the shown one). */
  sendTyping(conversationId: string | null, typing: boolean): void {
    this.#connection.transport?.typing(typing, conversationId ?? this.conversationId ?? undefined);
  }

  /** Marks everything received so far in `conversationId` (default: the shown one) as seen; its unread count drops to 0, and the total by as much. */
  markRead(conversationId: string | null = this.conversationId): void {
    this.#read.markRead(conversationId);
  }

  /** Updates the visitor's profile on the server without reconnecting. */
  async identify(profile: VisitorProfile): Promise<VisitorProfile> {
    return this.#api.identify(await this.#connection.identity.token(), profile);
  }

  /** Rates a closed conversation (1–5, optional comment): `conversationId`, by default the shown one. */
  async rate(score: number, comment?: string, conversationId: string | null = this.conversationId): Promise<Conversation> {
    const rated = await this.#api.rate(await this.#connection.identity.token(), comment ? { score, comment } : { score }, conversationId ?? undefined);
    this.#read.announcing(() => this.#conversations.described(rated));
    if (rated.id === this.conversationId) this.conversation = rated;
    this.#changed();
    return rated;
  }

  /** Whether `message` is an AI agent's answer (helpful yes/no and sources go under it). */
  isAiAnswer(message: ChatMessage): boolean {
    return this.#ai.isAnswer(message);
  }

  /** What the visitor said of AI answer `messageId` on this page: helpful (true), not (false), or nothing yet (undefined). */
  feedbackGiven(messageId: string): boolean | undefined {
    return this.#ai.given(messageId);
  }

  /**
   * Asks for a person in `conversationId` (default: the shown one): the AI agent stops answering,
   * the team takes over and the server writes a system message saying so. Resolves with the
   * conversation, now `handledBy: 'human'`.
   */
  handoff(conversationId: string | null = this.conversationId): Promise<Conversation> {
    return this.#ai.handoff(conversationId);
  }

  /** Says whether AI answer `messageId` (in `conversationId`, default: the shown one) helped; `true` counts the conversation as resolved by AI. */
  feedback(messageId: string, helpful: boolean, conversationId: string | null = this.conversationId): Promise<void> {
    return this.#ai.feedback(messageId, helpful, conversationId);
  }

  // ------------------------------------------------------------ internals

  /** Goes on as someone else (null: anonymous); the unread counts follow the conversations that come with them. */
  #restart(login: LoginOptions | null): void {
    this.#read.announcing(() => {
      this.#conversations.clear();
      this.#connection.restart(login);
    });
  }

  #changed(): void {
    this.#events.emit('change', undefined);
  }
}
