import {
  newClientId,
  type Attachment,
  type ChannelConfig,
  type ChatMessage,
  type ConnectionState,
  type Conversation,
  type SessionRequest,
  type SessionJoined,
  type ToolExecute,
  type TransportName,
  type TypingEvent,
  type VisitorProfile,
} from '../protocol.js';
import { WidgetApi, type FaqChip, type SessionApi } from '../transport/api.js';
import type { Transport, TransportFactory, TransportHandlers } from '../transport/transport.js';
import { ConversationLog } from './conversation-log.js';
import { Emitter } from './emitter.js';
import { networkError, NotFoundError, SupportChatError, ValidationError } from './errors.js';
import { Identity, type LinkEntry, type LoginOptions } from './identity.js';
import { Outbox, type PendingMessage } from './outbox.js';
import { retryDelay } from './retry.js';
import { browserStorage, ChannelStorage, type KeyValueStorage } from './storage.js';
import { pageContext, toolCall, type ChatClientEvents, type ToolCall, type TypingInfo } from './events.js';
import type { UploadItem, Uploads } from './uploads.js';

export type { ChatClientEvents, ToolCall, TypingInfo } from './events.js';
export type { LoginOptions, LinkEntry } from './identity.js';
export type { PendingMessage } from './outbox.js';
export type { UploadItem } from './uploads.js';

export interface ChatClientOptions {
  /** The channel's public key. */
  channel: string;
  /** The server's origin; by default the page's. */
  server?: string;
  /** Where the realtime connection goes when it takes another host or proxy chain; by default `server`. */
  wsServer?: string;
  /** Load the channel config JSON from here instead of the server's (previews, staging). */
  configUrl?: string;
  /** Where the visitor is remembered; `null` keeps nothing (a new visitor on every load). Default: localStorage. */
  storage?: KeyValueStorage | null;
  /** The visitor's language, sent as `X-Locale` (read on every request). */
  locale?: () => string;
  /** Profile fields sent with each handshake. */
  profile?: () => VisitorProfile;
  /** Sign the visitor in as the host's customer (DESIGN.md §5). */
  login?: LoginOptions | null;
  /** Opt-in identity layer 2: a digest of low-entropy browser signals goes with the handshake. */
  fingerprint?: boolean;
  /** `auto`: WebSocket, then REST long-polling when it cannot get through; `rest`: REST only. */
  transport?: 'auto' | 'rest';
  /** @internal A signed standalone link's parameters. */
  link?: LinkEntry | null;
  /** @internal The in-browser fake server of `mock` mode. */
  backend?: { api: SessionApi; transport: TransportFactory };
}

const TYPING_EXPIRY_MS = 6000;
/** An expired file URL is asked for again at most this often (a broken image must not loop). */
const REFRESH_ATTACHMENT_MS = 60_000;

/** The transports load with the first connection (a page view that never connects never fetches them). */
const TRANSPORTS: Record<'auto' | 'rest', TransportFactory> = {
  auto: async (options) => new (await import('../transport/ladder.js')).LadderTransport(options),
  rest: async (options) => new (await import('../transport/rest.js')).RestTransport(options),
};

/**
 * The visitor's side of one channel, free of any UI (it runs in Node too): identity and login,
 * the current conversation and its messages in `seq` order, the outbox of sends not yet
 * acknowledged, uploads, typing, receipts, tool calls, the read policy and the unread count,
 * the connection and its one retry policy. `<support-chat>` renders what this holds; a page
 * with its own UI uses it directly.
 */
export class ChatClient {
  /** Suggested questions for an empty conversation. */
  faqs: FaqChip[] = [];
  /** The highest `seq` someone on the team has seen ("Seen" under the visitor's messages). */
  seenByTeam = 0;
  /** Who on the team is typing, if anyone. */
  agentTyping: { name: string } | null = null;
  /** The current conversation as the server last described it (status, rating), when known. */
  conversation: Conversation | null = null;

  readonly #options: ChatClientOptions;
  readonly #server: string;
  readonly #api: SessionApi;
  readonly #storage: ChannelStorage;
  #identity: Identity;
  readonly #outbox: Outbox;
  readonly #events = new Emitter<ChatClientEvents>();
  /** Aborts in-flight requests and removes the page listeners at `disconnect()`. */
  readonly #abort = new AbortController();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #refreshed = new Map<string, number>();
  #state: ConnectionState = 'idle';
  #transportName: TransportName = 'none';
  #config: ChannelConfig | null = null;
  /** The config from `configUrl`: it wins over what the server sends, but for the live online status. */
  #configFromUrl: ChannelConfig | null = null;
  #configLoading: Promise<ChannelConfig> | null = null;
  #log: ConversationLog | null = null;
  #transport: Transport | null = null;
  /** The upload flow, loaded with the first file the visitor sends. */
  #uploads: Promise<Uploads> | undefined;
  #uploadItems: UploadItem[] = [];
  #ready: Promise<void> | null = null;
  #settleReady: { resolve(): void; reject(error: unknown): void } | null = null;
  #joined = false;
  #stopped = false;
  #flushing = false;
  #retryAttempt = 0;
  #panelVisible = false;
  #watching = false;
  /** Counts restarts (login, logout): a connection attempt of an earlier run gives up. */
  #run = 0;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ChatClientOptions) {
    if (!options?.channel || typeof options.channel !== 'string') throw new ValidationError(400, { code: 'invalid_option', message: 'channel: a channel key is required', param: 'channel' });
    this.#options = options;
    this.#server = (options.server || globalThis.location?.origin || '').replace(/\/+$/, '');
    this.#storage = new ChannelStorage(options.storage === undefined ? browserStorage() : options.storage, options.channel);
    this.#api = options.backend?.api ?? new WidgetApi({ server: this.#server, signal: this.#abort.signal, locale: options.locale });
    this.#outbox = new Outbox({ read: () => this.#storage.read('outbox'), write: (value) => this.#storage.write('outbox', value) });
    this.#identity = this.#newIdentity(options.login ?? null);
    this.#log = this.#storedLog();
  }

  // ------------------------------------------------------------ state

  get state(): ConnectionState {
    return this.#state;
  }
  get transportName(): TransportName {
    return this.#transportName;
  }
  /** The channel's public config (appearance, online status, upload policy), once known. */
  get config(): ChannelConfig | null {
    return this.#config;
  }
  get conversationId(): string | null {
    return this.#log?.id ?? null;
  }
  get visitorId(): string | null {
    return this.#identity.visitorId;
  }
  /** Whether the server verified who the visitor is (an assertion or a userHash login). */
  get verified(): boolean {
    return this.#identity.verified;
  }
  /** Whether this visitor has a conversation (known from an earlier page too): such a visitor connects without waiting for intent. */
  get hasConversation(): boolean {
    return this.#log !== null;
  }
  /** Stored messages of the current conversation, in `seq` order. */
  get transcript(): ChatMessage[] {
    return this.#log?.messages ?? [];
  }
  /** Sends not yet acknowledged (shown as sending, or failed with a retry). */
  get pending(): PendingMessage[] {
    return this.#outbox.pending;
  }
  /** Files on their way up (progress, cancel), before they become messages. */
  get uploads(): UploadItem[] {
    return this.#uploadItems;
  }
  /** Messages from the team the visitor has not seen. */
  get unreadCount(): number {
    return this.#log?.unread ?? 0;
  }

  /** Listens to `type`; returns the function that stops listening. */
  on<K extends keyof ChatClientEvents>(type: K, listener: (payload: ChatClientEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  /** Messages stored in `conversationId`, in either direction, as they arrive. */
  onMessage(conversationId: string, listener: (message: ChatMessage) => void): () => void {
    return this.on('message', (message) => message.conversationId === conversationId && listener(message));
  }

  /** Someone on the team started or stopped typing in `conversationId`. */
  onTyping(conversationId: string, listener: (typing: TypingInfo) => void): () => void {
    return this.on('typing', (typing) => typing.conversationId === conversationId && listener(typing));
  }

  /** The team has seen the visitor's messages up to `seq` in `conversationId`. */
  onRead(conversationId: string, listener: (seq: number) => void): () => void {
    return this.on('read', (read) => read.conversationId === conversationId && listener(read.seq));
  }

  // ------------------------------------------------------------ connection

  /** Connects (handshake, then the realtime link); resolves once joined, rejects if refused for good. */
  connect(): Promise<void> {
    if (this.#stopped) return Promise.reject(networkError('this client was disconnected; create a new one'));
    if (!this.#ready) {
      this.#ready = new Promise<void>((resolve, reject) => (this.#settleReady = { resolve, reject }));
      this.#ready.catch(() => {}); // reported through `error` too: a caller that does not wait is not an unhandled rejection
      if (!this.#watching) this.#watchPage();
      void this.#boot(0);
    }
    return this.#ready;
  }

  /** The channel's config without connecting (for the launcher's appearance before the visitor shows intent). */
  loadConfig(): Promise<ChannelConfig> {
    if (this.#config) return Promise.resolve(this.#config);
    const { configUrl, channel } = this.#options;
    this.#configLoading ??= (configUrl ? this.#fetchConfigUrl(configUrl) : this.#api.config(channel)).then((config) => {
      if (configUrl) this.#configFromUrl = config;
      this.#setConfig(config);
      return this.#config!;
    });
    this.#configLoading.catch(() => (this.#configLoading = null));
    return this.#configLoading;
  }

  /** Releases the connection, timers, listeners and in-flight requests; unacknowledged sends stay stored for the next visit. */
  disconnect(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    clearTimeout(this.#typingTimer);
    this.#identity.stop();
    void this.#uploads?.then((uploads) => uploads.clear());
    this.#transport?.close();
    this.#transport = null;
    const closed = networkError('the chat closed; the message stays queued for the next visit');
    this.#outbox.detach(closed);
    this.#settleReady?.reject(closed);
    this.#events.clear();
  }

  /** Forgets this channel's visitor in storage (sign-out); the next connection starts a new anonymous visitor. */
  forget(): void {
    this.#storage.forget();
    this.#identity.invalidate();
    this.#outbox.clear();
  }

  /**
   * Tells the client whether the visitor can see the conversation (the panel is open). While
   * they can and the page is visible, what arrives is read at once and counts as no unread.
   */
  setVisible(visible: boolean): void {
    this.#panelVisible = visible;
    this.#readIfSeen();
  }

  /**
   * Catches up after the page comes back (online, visible): asks for what came after the last
   * `seq` and sends what waits in the outbox; reconnects at once if the link is down.
   */
  async resync(): Promise<void> {
    const transport = this.#transport;
    if (!transport || this.#stopped) return;
    if (!transport.connected) return transport.connect();
    try {
      this.#receive(await transport.sync(this.#log?.lastSeq ?? 0), true);
    } catch {
      // the next (re)connect syncs anyway
    }
    void this.#flush();
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
    const connected = this.#ready !== null;
    this.forget();
    this.#restart(null);
    return connected ? this.connect() : Promise.resolve();
  }

  // ------------------------------------------------------------ visitor actions

  /** Messages of a conversation as stored on the server (`after` a `seq`, at most `limit`). */
  readonly messages = {
    /** The conversation's messages after `after`, from what this client holds once connected. */
    list: async (conversationId: string, { after = 0 }: { after?: number } = {}): Promise<{ data: ChatMessage[]; hasMore: boolean }> => {
      await this.connect();
      this.#requireCurrent(conversationId);
      const data = await this.#transport!.sync(after);
      this.#receive(data, false);
      return { data, hasMore: data.length >= 100 };
    },
    /** Sends `text` through the outbox (exactly once, survives a reload); resolves with the stored message. */
    send: (conversationId: string | null, text: string): Promise<ChatMessage> => {
      if (conversationId) this.#requireCurrent(conversationId);
      return this.send(text);
    },
  };

  /** Queues `text` for the current conversation; resolves with the stored message once the server acknowledges it. */
  send(text: string): Promise<ChatMessage> {
    if (typeof text !== 'string' || !text.trim()) return Promise.reject(new ValidationError(400, { code: 'invalid_request', message: 'text: a message needs text', param: 'text' }));
    return this.#queue(text, []);
  }

  /**
   * Uploads `file` (shown with its progress, cancelable), then sends it as a message through
   * the outbox like any other. A file the channel cannot take is refused here, before upload.
   */
  async sendFile(file: File): Promise<ChatMessage> {
    const loading = (this.#uploads ??= import('./uploads.js').then(
      ({ Uploads }) =>
        new Uploads({
          changed: (items) => {
            this.#uploadItems = items;
            this.#changed();
          },
          error: (error) => this.#report(error),
          policy: () => this.#config?.uploads,
          run: async (file, onProgress, signal) =>
            this.#api.upload(await this.#identity.token(), file, onProgress, AbortSignal.any([signal, this.#abort.signal])),
          send: (attachment) => this.#queue('', [attachment]),
        }),
    ));
    const uploads = await loading.catch(() => {
      // The chunk did not arrive (network): the next file tries to load it again.
      if (this.#uploads === loading) this.#uploads = undefined;
      const failure = networkError('the upload could not start', 'file');
      this.#report(failure);
      throw failure;
    });
    return uploads.send(file);
  }

  /** Stops an upload in progress, or dismisses a failed one. */
  cancelUpload(id: string): void {
    void this.#uploads?.then((uploads) => uploads.cancel(id));
  }

  /** Uploads a failed file again. */
  retryUpload(id: string): void {
    void this.#uploads?.then((uploads) => uploads.retry(id));
  }

  /** Sends a failed message again under the same `clientId` (so it can never be stored twice). */
  retry(clientId: string): void {
    if (!this.#outbox.retry(clientId)) return;
    this.#changed();
    void this.#flush();
  }

  /** Fetches a fresh URL for an attachment whose signed URL expired. */
  async refreshAttachment(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.#refreshed.get(id) ?? 0) < REFRESH_ATTACHMENT_MS) return;
    this.#refreshed.set(id, now);
    const fresh = await this.#api.attachment(await this.#identity.token(), id).catch(() => null);
    if (!fresh || !this.#log) return;
    this.#log.replaceAttachment(fresh);
    this.#changed();
  }

  /** Tells the team whether the visitor is typing. */
  sendTyping(conversationId: string | null, typing: boolean): void {
    if (!conversationId || conversationId === this.conversationId) this.#transport?.typing(typing);
  }

  /** Marks everything received so far as seen; the unread count drops to 0. */
  markRead(conversationId: string | null = this.conversationId): void {
    const log = this.#log;
    if (!log || conversationId !== log.id) return;
    const newest = log.newestSeq;
    if (newest <= log.readSeq) return;
    this.#storage.write('read', String(newest));
    this.#transport?.read(newest);
    this.#readUpTo(newest);
  }

  /** Updates the visitor's profile on the server without reconnecting. */
  async identify(profile: VisitorProfile): Promise<VisitorProfile> {
    return this.#api.identify(await this.#identity.token(), profile);
  }

  /** Rates the conversation that just closed (1–5, optional comment). */
  async rate(score: number, comment?: string): Promise<Conversation> {
    const rated = await this.#api.rate(await this.#identity.token(), comment ? { score, comment } : { score });
    if (rated.id === this.conversationId) this.conversation = rated;
    this.#changed();
    return rated;
  }

  // ------------------------------------------------------------ internals

  #newIdentity(login: LoginOptions | null): Identity {
    return new Identity({
      api: this.#api,
      channel: this.#options.channel,
      server: this.#server,
      storage: this.#storage,
      login,
      link: this.#options.link ?? null,
      request: () => this.#handshakeRequest(),
    });
  }

  /** The conversation an earlier page knew, with its read position. */
  #storedLog(): ConversationLog | null {
    const id = this.#storage.read('conversation');
    return id ? new ConversationLog(id, Number(this.#storage.read('read')) || 0) : null;
  }

  /** Drops the link and who the visitor was, for `login` and `logout`; the outbox stays (it goes out as the new visitor). */
  #restart(login: LoginOptions | null): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#transport?.close();
    this.#transport = null;
    this.#identity.stop();
    this.#run += 1;
    this.#identity = this.#newIdentity(login);
    this.#settleReady?.reject(networkError('signed in again'));
    this.#ready = this.#settleReady = null;
    this.#joined = false;
    this.#log = this.#storedLog();
    this.conversation = null;
    this.seenByTeam = 0;
    this.#setState('idle', 'none');
    this.#changed();
  }

  #requireCurrent(conversationId: string): void {
    if (conversationId !== this.conversationId) throw new NotFoundError(404, { code: 'not_found', message: `conversationId: ${conversationId} is not this visitor's conversation`, param: 'conversationId' });
  }

  async #boot(attempt: number, run = this.#run): Promise<void> {
    // Stopped, or restarted by a login or logout meanwhile: this attempt is over.
    const over = () => this.#stopped || run !== this.#run;
    if (over()) return;
    this.#setState('connecting', 'none');
    try {
      // A config from `configUrl` is in place before the server's arrives with the join.
      if (this.#options.configUrl) await this.loadConfig();
      // A token kept from an earlier page is used as it is: no handshake on a page view.
      if (!this.#identity.current) this.#adopt((await this.#identity.handshake()).conversation);
      const transport = await (this.#options.backend?.transport ?? TRANSPORTS[this.#options.transport ?? 'auto'])({
        server: this.#server,
        wsServer: (this.#options.wsServer || this.#server).replace(/\/+$/, ''),
        channel: this.#options.channel,
        locale: this.#options.locale,
        auth: () => ({ token: this.#identity.current ?? '', after: this.#log?.lastSeq ?? 0 }),
        handlers: this.#handlers(),
      });
      if (over()) return transport.close();
      this.#transport = transport;
      transport.connect();
    } catch (error) {
      if (over() || (error as Error).name === 'AbortError') return;
      const failure = this.#report(error);
      this.#setState('offline', 'none');
      if (failure.permanent) return this.#settleReady?.reject(failure);
      this.#later(retryDelay(attempt), () => void this.#boot(attempt + 1, run));
    }
  }

  #handlers(): TransportHandlers {
    return {
      joined: (payload) => this.#onJoined(payload),
      message: (message) => this.#receive([message], true),
      typing: (event) => this.#onTyping(event),
      conversation: (conversation) => {
        if (conversation.id !== this.conversationId) return;
        this.conversation = conversation;
        this.#events.emit('conversation', conversation);
        this.#changed();
      },
      presence: (online) => {
        if (this.#config && this.#config.online !== online) this.#setConfig({ ...this.#config, online });
      },
      read: (event) => {
        if (event.by !== 'agent' || event.seq <= this.seenByTeam || !this.conversationId) return;
        this.seenByTeam = event.seq;
        this.#events.emit('read', { conversationId: this.conversationId, seq: event.seq });
        this.#changed();
      },
      state: (state, name) => this.#setState(state, name),
      toolCall: (call) => this.#onToolCall(call),
      resync: () => void this.resync(),
      unauthorized: () => void this.#reauthorize(),
    };
  }

  /** The token was refused: a new handshake (same visitor), then the link again. */
  async #reauthorize(): Promise<void> {
    this.#identity.invalidate();
    try {
      this.#adopt((await this.#identity.handshake()).conversation);
      this.#transport?.connect();
    } catch (error) {
      if (this.#stopped) return;
      this.#report(error);
      this.#setState('offline', 'none');
    }
  }

  async #handshakeRequest(): Promise<SessionRequest> {
    const profile = this.#options.profile?.();
    const fingerprint = this.#options.fingerprint ? await (await import('./fingerprint.js')).browserFingerprint() : undefined;
    const context = pageContext(this.#options.locale?.());
    return {
      ...(profile && Object.keys(profile).length ? { profile } : {}),
      ...(fingerprint ? { fingerprint } : {}),
      ...(context ? { context } : {}),
    };
  }

  #onJoined(payload: SessionJoined): void {
    this.#setConfig(payload.config);
    if (payload.conversation) {
      this.#adopt(payload.conversation);
      this.conversation = payload.conversation;
      this.seenByTeam = Math.max(this.seenByTeam, payload.conversation.agentReadSeq);
    }
    // The first page is history: only messages arriving after the first join are announced.
    this.#receive(payload.messages, this.#joined);
    if (!this.#joined) {
      this.#joined = true;
      // Suggestions are a nicety for an empty conversation: the chat works without them.
      if (!this.transcript.length) this.#loadFaqs();
      this.#events.emit('ready', undefined);
      this.#settleReady?.resolve();
    }
    this.#changed();
    void this.#flush();
  }

  #loadFaqs(): void {
    this.#api.faqs(this.#options.channel).then(
      (page) => {
        this.faqs = page?.data ?? [];
        this.#changed();
      },
      () => {},
    );
  }

  /** The server names the visitor's conversation: follow it (a new one replaces a closed one). */
  #adopt(conversation: Pick<Conversation, 'id'> | null): void {
    if (!conversation || conversation.id === this.#log?.id) return;
    this.#log = new ConversationLog(conversation.id, 0);
    this.conversation = null;
    this.seenByTeam = 0;
    this.#storage.write('conversation', conversation.id);
    this.#storage.write('read', '0');
    this.#changed();
  }

  #setConfig(config: ChannelConfig): void {
    const fromUrl = this.#configFromUrl;
    this.#config = fromUrl && config !== fromUrl ? { ...config, ...fromUrl, online: config.online } : config;
    this.#events.emit('config', this.#config);
    this.#changed();
  }

  async #fetchConfigUrl(url: string): Promise<ChannelConfig> {
    const { requestJson } = await import('../transport/api.js');
    return requestJson<ChannelConfig>(new URL(url, globalThis.location?.href ?? this.#server).href, { method: 'GET', signal: this.#abort.signal });
  }

  #setState(state: ConnectionState, transport: TransportName): void {
    if (state === this.#state && transport === this.#transportName) return;
    this.#state = state;
    this.#transportName = transport;
    this.#events.emit('state', { state, transport });
    this.#changed();
  }

  #queue(text: string, attachments: Attachment[]): Promise<ChatMessage> {
    // Nothing would ever send it, nor settle the promise: the caller hears so at once.
    if (this.#stopped) return Promise.reject(networkError('this client was disconnected; create a new one'));
    const clientId = newClientId();
    return new Promise<ChatMessage>((resolve, reject) => {
      const pending: PendingMessage = { clientId, text, status: 'sending', createdAt: new Date().toISOString() };
      if (attachments.length) pending.attachments = attachments;
      this.#outbox.add(pending, { resolve, reject });
      this.#changed();
      // A send is intent: a client not connected yet connects now.
      if (!this.#ready) void this.connect();
      void this.#flush();
    });
  }

  /**
   * Sends the outbox one message at a time, oldest first, so the store assigns `seq` in the
   * order the visitor wrote. A send that is not confirmed is retried with backoff under the
   * same `clientId`; one refused for good is marked failed and the rest go on.
   */
  async #flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (let pending = this.#outbox.next(); pending; pending = this.#outbox.next()) {
        const transport = this.#transport;
        if (this.#stopped || !transport?.connected || !this.#joined) return;
        try {
          // Without files, `attachmentIds` stays undefined: JSON leaves it out.
          const attachmentIds = pending.attachments?.map((attachment) => attachment.id);
          const message = await transport.send({ clientId: pending.clientId, text: pending.text, attachmentIds });
          this.#retryAttempt = 0;
          this.#receive([message], true);
          this.#outbox.acknowledge(pending.clientId, message); // in case #receive skipped it
        } catch (error) {
          if (this.#stopped) return;
          const failure = error instanceof SupportChatError ? error : networkError(String(error));
          if (failure.permanent) {
            this.#outbox.fail(pending.clientId, failure);
            this.#report(failure);
            this.#changed();
            continue;
          }
          // Not refused, just not confirmed (or told to slow down): the same clientId goes again
          // after a pause (or on the next join).
          let delay = retryDelay(this.#retryAttempt++);
          if (failure.code === 'rate_limited') {
            this.#report(failure);
            delay = Math.max(delay, (failure.retryAfter ?? 1) * 1000);
          }
          this.#later(delay, () => void this.#flush());
          return;
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Adds messages by `seq`, settles matching outbox entries, applies the read policy and announces what is new. */
  #receive(messages: ChatMessage[], announce: boolean): void {
    let changed = false;
    const unreadBefore = this.unreadCount;
    for (const message of messages) {
      if (!this.#log) this.#adopt({ id: message.conversationId });
      // After a close, the visitor's next message opens a new conversation: follow it.
      if (message.conversationId !== this.#log!.id) {
        if (this.conversation?.status !== 'closed') continue;
        this.#adopt({ id: message.conversationId });
      }
      const held = this.#log!.get(message.seq);
      if (!held) {
        this.#log!.add(message);
        changed = true;
        if (announce) this.#events.emit('message', message);
      }
      if (message.from === 'visitor' && message.clientId && this.#outbox.acknowledge(message.clientId, held ?? message)) changed = true;
      if (message.from !== 'visitor' && this.agentTyping) {
        this.agentTyping = null;
        changed = true;
      }
    }
    if (this.#seen()) this.#markReadQuietly();
    const unread = this.unreadCount;
    if (unread !== unreadBefore) this.#events.emit('unread', unread);
    if (changed) this.#changed();
  }

  /** The visitor can see the messages: the panel is visible and so is the page. */
  #seen(): boolean {
    return this.#panelVisible && globalThis.document?.visibilityState !== 'hidden';
  }

  #readIfSeen(): void {
    if (this.#seen()) this.markRead();
  }

  /** Marks read without announcing: the caller announces the count once. */
  #markReadQuietly(): void {
    const log = this.#log;
    if (!log || log.newestSeq <= log.readSeq) return;
    this.#storage.write('read', String(log.newestSeq));
    this.#transport?.read(log.newestSeq);
    log.readUpTo(log.newestSeq);
  }

  /** Moves the read position forward to `seq`; announces the new unread count when it changed. */
  #readUpTo(seq: number): void {
    const before = this.unreadCount;
    if (!this.#log?.readUpTo(seq)) return;
    if (this.unreadCount !== before) this.#events.emit('unread', this.unreadCount);
    this.#changed();
  }

  /** The page comes back (visible, online) or another tab read the conversation. */
  #watchPage(): void {
    const page = globalThis.document;
    if (!page) return;
    this.#watching = true;
    const options = { signal: this.#abort.signal };
    page.addEventListener(
      'visibilitychange',
      () => {
        if (page.visibilityState !== 'visible') return;
        this.#readIfSeen();
        void this.resync();
      },
      options,
    );
    globalThis.addEventListener('online', () => void this.resync(), options);
    // Other tabs of the same browser share the visitor: their read position clears the count here.
    globalThis.addEventListener(
      'storage',
      (event: StorageEvent) => {
        if (event.key === null || event.key === this.#storage.key('read')) this.#readUpTo(Number(this.#storage.read('read')) || 0);
      },
      options,
    );
  }

  #onTyping(event: TypingEvent): void {
    const conversationId = this.conversationId;
    if (event.from === 'visitor' || !conversationId) return;
    clearTimeout(this.#typingTimer);
    const { from } = event;
    const name = event.name ?? '';
    const show = (typing: boolean) => {
      this.agentTyping = typing ? { name } : null;
      this.#events.emit('typing', { conversationId, from, name, typing });
      this.#changed();
    };
    show(event.typing);
    // A lost "stopped typing" must not leave the indicator on forever.
    if (event.typing) this.#typingTimer = setTimeout(() => show(false), TYPING_EXPIRY_MS);
  }

  /** Hands a tool call to whoever listens; with nobody listening it is answered `no_handler` at once. */
  #onToolCall(execute: ToolExecute): void {
    const call: ToolCall = toolCall(execute, (outcome) => {
      if (!this.#transport) return;
      this.#transport.toolResult(execute.callId, outcome).catch(() => {}); // the caller times out if it is lost
    });
    if (!this.#events.emit('tool-call', call)) call.reject({ code: 'no_handler', message: `no handler for ${execute.name}` });
  }

  #changed(): void {
    this.#events.emit('change', undefined);
  }

  /** Announces a failure (`error`) and returns it as a `SupportChatError`. */
  #report(error: unknown): SupportChatError {
    const failure = error instanceof SupportChatError ? error : new SupportChatError(500, { code: 'internal', message: error instanceof Error ? error.message : String(error) });
    this.#events.emit('error', failure);
    return failure;
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) run();
    }, ms);
    this.#timers.add(timer);
  }
}
