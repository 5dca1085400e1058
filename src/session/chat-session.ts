import type { SupportChatErrorDetail } from '../events.js';
import {
  newClientId,
  type Attachment,
  type ChannelConfig,
  type ChatMessage,
  type ConnectionState,
  type SessionJoined,
  type SessionRequest,
  type SessionResponse,
  type ToolExecute,
  type ToolOutcome,
  type TransportName,
  type TypingEvent,
  type VisitorProfile,
  type Conversation,
} from '../protocol.js';
import { ApiRequestError, WidgetApi, type FaqChip, type SessionApi } from '../transport/api.js';
import { LadderTransport } from '../transport/ladder.js';
import type { Transport, TransportFactory } from '../transport/transport.js';
import { Outbox, type PendingMessage } from './outbox.js';
import type { UploadItem, Uploads } from './uploads.js';

export type { PendingMessage } from './outbox.js';
export type { UploadItem } from './uploads.js';

export type SessionEvent =
  | { type: 'change' }
  | { type: 'ready' }
  | { type: 'message'; message: ChatMessage }
  | { type: 'unread'; count: number }
  | { type: 'typing'; from: ChatMessage['from']; name: string; typing: boolean }
  | { type: 'state'; state: ConnectionState; transport: TransportName }
  | { type: 'error'; error: SupportChatErrorDetail }
  | { type: 'tool-call'; call: ToolExecute };

export interface ChatSessionOptions {
  channel: string;
  server: string;
  /** Where the visitor id is kept; `null` keeps nothing (the visitor is new on every load). */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Makes the transport (the mock backend's); by default the WebSocket → REST ladder. */
  transport?: TransportFactory;
  /** The REST calls the session makes; the mock backend replaces them. */
  api?: SessionApi;
  /** The visitor's locale, sent as `X-Locale` on every request. */
  locale?: () => string;
  /** Profile fields sent with the handshake (nickname, email, …). */
  profile?: () => VisitorProfile;
  /** Who the visitor signs in as (external id + userHash, or a fresh assertion), per handshake. */
  login?: () => Promise<LoginCredentials>;
  /** Opt-in identity layer 2: sends a browser fingerprint digest with the handshake. */
  fingerprint?: boolean;
  /** The page the chat runs on (URL, referrer, locale), sent with each handshake for the team. */
  context?: () => NonNullable<SessionRequest['context']>;
}

/**
 * The fields that carry something: no empty string, no empty object, no null or undefined (a
 * handshake sends only what the widget knows).
 */
function known<T extends object>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => typeof value === 'number' || (typeof value === 'object' ? value && Object.keys(value).length : value)),
  ) as { [K in keyof T]?: NonNullable<T[K]> };
}

/** Only http(s) URLs of sane length are sent (a file: page or a huge URL must not break the chat). */
function webUrl(value: string | undefined): string | undefined {
  return value && /^https?:\/\//.test(value) && value.length <= 2000 ? value : undefined;
}

export interface LoginCredentials {
  externalUserId?: string;
  userHash?: string;
  assertion?: string;
  /** A signed standalone link. */
  entry?: 'link';
  u?: string;
  nick?: string;
  t?: number;
  s?: string;
}


const TYPING_EXPIRY_MS = 6000;
/** An expired file URL is asked for again at most this often (a broken image must not loop). */
const REFRESH_ATTACHMENT_MS = 60_000;
const RENEW_BEFORE_EXPIRY_MS = 2 * 60 * 1000;
const MAX_BACKOFF_MS = 30_000;

/** WebSocket → REST long-polling: what connects unless the mock backend replaces it. */
const transportLadder: TransportFactory = async (options) => new LadderTransport(options);

function toErrorDetail(error: unknown): SupportChatErrorDetail {
  if (error instanceof ApiRequestError) {
    const { code, message, param, retryAfter } = error;
    return { code, message, ...(param !== undefined && { param }), ...(retryAfter !== undefined && { retryAfter }) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The visitor's side of one channel, free of Lit and of the DOM tree: identity, the
 * conversation, its messages in `seq` order, the outbox of sends not yet acknowledged, and
 * the connection. The element renders what this holds and forwards what the visitor does.
 */
export class ChatSession {
  state: ConnectionState = 'idle';
  transportName: TransportName = 'none';
  config: ChannelConfig | null = null;
  conversationId: string | null = null;
  visitorId: string | null = null;
  /** The current conversation as the server last described it (status, rating), when known. */
  conversation: Conversation | null = null;
  /** Suggested questions for an empty conversation. */
  faqs: FaqChip[] = [];
  /** Whether the server verified who the visitor is (HMAC or assertion login). */
  verified = false;
  /** The highest `seq` someone on the team has seen ("Seen" under the visitor's messages). */
  seenByTeam = 0;
  /** Who on the team is typing, if anyone. */
  agentTyping: { name: string } | null = null;

  readonly #options: ChatSessionOptions;
  readonly #api: SessionApi;
  readonly #abort = new AbortController();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #messages = new Map<number, ChatMessage>();
  readonly #outbox: Outbox;
  /** The upload flow, loaded with the first file the visitor sends. */
  #uploads: Promise<Uploads> | undefined;
  #uploadItems: UploadItem[] = [];
  readonly #refreshed = new Map<string, number>();
  #handshaking: Promise<void> | null = null;
  #sorted: ChatMessage[] | null = null;
  #flushing = false;
  #retryAttempt = 0;
  #transport: Transport | null = null;
  #token: string | null = null;
  /** The highest `seq` up to which nothing is missing: what a reconnect asks to resume after. */
  #lastSeq = 0;
  /** The highest `seq` the visitor has seen (kept per channel, so a reload keeps the count). */
  #readSeq = 0;
  #joined = false;
  #stopped = false;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ChatSessionOptions) {
    this.#options = options;
    this.#api = options.api ?? new WidgetApi({ server: options.server, signal: this.#abort.signal, locale: options.locale });
    this.#readSeq = Number(this.#read('read')) || 0;
    this.#outbox = new Outbox({ read: () => this.#read('outbox'), write: (value) => this.#write('outbox', value) });
  }

  /** Messages from the team the visitor has not seen yet. */
  get unreadCount(): number {
    let count = 0;
    for (const message of this.#messages.values()) if (message.from !== 'visitor' && message.seq > this.#readSeq) count += 1;
    return count;
  }

  /** In `seq` order; sorted once per change, not on every read (every render reads it). */
  get messages(): ChatMessage[] {
    this.#sorted ??= [...this.#messages.values()].sort((a, b) => a.seq - b.seq);
    return this.#sorted;
  }

  get pending(): PendingMessage[] {
    return this.#outbox.pending;
  }

  /** Files on their way up (progress, cancel), before they become messages. */
  get uploads(): UploadItem[] {
    return this.#uploadItems;
  }

  #key(name: string): string {
    return `support-chat:${this.#options.channel}:${name}`;
  }

  #read(name: string): string | null {
    try {
      return this.#options.storage?.getItem(this.#key(name)) ?? null;
    } catch {
      return null; // storage blocked (privacy settings): nothing is remembered
    }
  }

  #write(name: string, value: string | null): void {
    try {
      if (value === null) this.#options.storage?.removeItem(this.#key(name));
      else this.#options.storage?.setItem(this.#key(name), value);
    } catch {
      // not kept: see #read
    }
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads the channel, obtains a token and connects; retries with backoff while it can. */
  start(): void {
    void this.#boot(0);
  }

  /** Releases the connection, timers and in-flight requests. Unacknowledged sends are rejected. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    clearTimeout(this.#typingTimer);
    clearTimeout(this.#renewTimer);
    void this.#uploads?.then((uploads) => uploads.clear());
    this.#transport?.close();
    this.#transport = null;
    this.#outbox.detach(
      new ApiRequestError(0, { code: 'network', message: 'the chat closed; the message stays queued for the next visit' }),
    );
    this.#listeners.clear();
  }

  /** Queues `text` in the outbox; resolves with the stored message once the server acknowledges it. */
  send(text: string): Promise<ChatMessage> {
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
          policy: () => this.config?.uploads,
          run: async (file, onProgress, signal) =>
            this.#api.upload(await this.#authorized(), file, onProgress, AbortSignal.any([signal, this.#abort.signal])),
          send: (attachment) => this.#queue('', [attachment]),
        }),
    ));
    const uploads = await loading.catch(() => {
      // The chunk did not arrive (network): the next file tries to load it again.
      if (this.#uploads === loading) this.#uploads = undefined;
      const failure = new ApiRequestError(0, { code: 'network', message: 'the upload could not start', param: 'file' });
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

  /** Fetches a fresh URL for an attachment whose signed URL expired, and re-renders. */
  async refreshAttachment(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.#refreshed.get(id) ?? 0) < REFRESH_ATTACHMENT_MS) return;
    this.#refreshed.set(id, now);
    const fresh = await this.#api.attachment(await this.#authorized(), id).catch(() => null);
    if (!fresh) return;
    for (const [seq, message] of this.#messages) {
      const attachments: Attachment[] = message.attachments.map((attachment) => (attachment.id === id ? fresh : attachment));
      if (attachments.includes(fresh)) this.#messages.set(seq, { ...message, attachments });
    }
    this.#sorted = null;
    this.#changed();
  }

  #queue(text: string, attachments: Attachment[]): Promise<ChatMessage> {
    const clientId = newClientId();
    return new Promise<ChatMessage>((resolve, reject) => {
      const pending: PendingMessage = { clientId, text, status: 'sending', createdAt: new Date().toISOString() };
      if (attachments.length) pending.attachments = attachments;
      this.#outbox.add(pending, { resolve, reject });
      this.#changed();
      void this.#flush();
    });
  }

  /** The current token, waiting for the handshake under way (or starting one) when there is none. */
  async #authorized(): Promise<string> {
    if (!this.#token) await this.#handshake();
    return this.#token!;
  }

  /** Sends a failed message again under the same `clientId` (so it can never be stored twice). */
  retry(clientId: string): void {
    if (!this.#outbox.retry(clientId)) return;
    this.#changed();
    void this.#flush();
  }

  typing(typing: boolean): void {
    this.#transport?.typing(typing);
  }

  /** Answers an agent's tool call with what the page's handler gave. */
  async answerTool(callId: string, outcome: ToolOutcome): Promise<void> {
    if (!this.#transport) throw new ApiRequestError(0, { code: 'network', message: 'not connected' });
    await this.#transport.toolResult(callId, outcome);
  }

  /**
   * Catches up after the page comes back (online, visible): asks for what came after the last
   * `seq` and sends what waits in the outbox; reconnects at once if the link is down.
   */
  async resync(): Promise<void> {
    const transport = this.#transport;
    if (!transport || this.#stopped) return;
    if (!transport.connected) {
      transport.connect();
      return;
    }
    try {
      this.#receive(await transport.sync(this.#lastSeq), true);
    } catch {
      // the next (re)connect syncs anyway
    }
    void this.#flush();
  }

  /** Marks everything received so far as seen; announces the new unread count when it changed. */
  markRead(): void {
    const newest = Math.max(0, ...this.#messages.keys());
    if (newest <= this.#readSeq) return;
    this.#write('read', String(newest));
    this.#transport?.read(newest);
    this.#readUpTo(newest);
  }

  /**
   * Another tab of this browser changed what is stored for the channel (the element forwards
   * `storage` events): a read position there clears the unread count here too.
   */
  storageChanged(key: string | null): void {
    if (key === null || key === this.#key('read')) this.#readUpTo(Number(this.#read('read')) || 0);
  }

  /** Moves the read position forward to `seq`; announces the new unread count when it changed. */
  #readUpTo(seq: number): void {
    if (seq <= this.#readSeq) return;
    const before = this.unreadCount;
    this.#readSeq = seq;
    const after = this.unreadCount;
    if (after !== before) this.#emit({ type: 'unread', count: after });
    this.#changed();
  }

  /** Rates the conversation that just closed (1–5, optional comment). */
  async rate(score: number, comment?: string): Promise<Conversation> {
    const rated = await this.#api.rate(await this.#authorized(), comment ? { score, comment } : { score });
    if (rated.id === this.conversationId) this.conversation = rated;
    this.#changed();
    return rated;
  }

  /** A new conversation replaces the closed one: its messages, seq and read position start over. */
  #switchTo(conversationId: string): void {
    this.conversationId = conversationId;
    this.conversation = null;
    this.#messages.clear();
    this.#sorted = null;
    this.#lastSeq = 0;
    this.#readSeq = 0;
    this.#write('read', '0');
    this.seenByTeam = 0;
  }

  /** Updates the visitor's profile on the server without reconnecting. */
  async identify(profile: VisitorProfile): Promise<VisitorProfile> {
    return this.#api.identify(await this.#authorized(), profile);
  }

  /** Forgets this channel's stored visitor and read position (sign-out); call before `stop()`. */
  forget(): void {
    for (const name of ['visitor', 'read']) this.#write(name, null);
    this.#outbox.clear();
  }

  // ------------------------------------------------------------ connection

  async #boot(attempt: number): Promise<void> {
    if (this.#stopped) return;
    this.#setState('connecting', 'none');
    try {
      this.config = await this.#api.config(this.#options.channel);
      this.#changed();
      // Suggestions are a nicety: the chat works without them.
      void this.#api
        .faqs(this.#options.channel)
        .then((page) => {
          this.faqs = page.data;
          this.#changed();
        })
        .catch(() => {});
      await this.#handshake();
      const transport = await (this.#options.transport ?? transportLadder)({
        server: this.#options.server,
        channel: this.#options.channel,
        locale: this.#options.locale,
        auth: () => ({ token: this.#token ?? '', after: this.#lastSeq }),
        handlers: {
          joined: (payload) => this.#onJoined(payload),
          message: (message) => this.#receive([message], true),
          typing: (event) => this.#onTyping(event),
          conversation: (conversation) => {
            if (conversation.id !== this.conversationId) return;
            this.conversation = conversation;
            this.#changed();
          },
          presence: (online) => {
            if (!this.config || this.config.online === online) return;
            this.config = { ...this.config, online };
            this.#changed();
          },
          read: (event) => {
            if (event.by !== 'agent' || event.seq <= this.seenByTeam) return;
            this.seenByTeam = event.seq;
            this.#changed();
          },
          state: (state, name) => this.#setState(state, name),
          toolCall: (call) => this.#emit({ type: 'tool-call', call }),
          resync: () => void this.resync(),
          unauthorized: () => void this.#reauthorize(),
        },
      });
      if (this.#stopped) {
        transport.close();
        return;
      }
      this.#transport = transport;
      transport.connect();
    } catch (error) {
      if (this.#stopped || (error as Error).name === 'AbortError') return;
      this.#report(error);
      this.#setState('offline', 'none');
      if (error instanceof ApiRequestError && error.permanent) return;
      this.#later(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt), () => void this.#boot(attempt + 1));
    }
  }

  /**
   * Gets a token for the stored visitor (or a new one), signing in when the host gave
   * credentials. One handshake at a time: two at once would mint two visitors on a first visit.
   */
  #handshake(): Promise<void> {
    this.#handshaking ??= this.#accept(this.#start()).finally(() => {
      this.#handshaking = null;
    });
    return this.#handshaking;
  }

  /** Takes the token a handshake or a renewal gave, and schedules its renewal (same visitor, no new login). */
  async #accept(answer: Promise<SessionResponse>): Promise<void> {
    const session = await answer;
    this.#token = session.token;
    this.visitorId = session.visitorId;
    this.conversationId = session.conversation?.id ?? this.conversationId;
    this.#write('visitor', session.visitorId);
    this.verified = session.verified;
    const renewIn = Date.parse(session.expiresAt) - Date.now() - RENEW_BEFORE_EXPIRY_MS;
    clearTimeout(this.#renewTimer);
    this.#renewTimer = setTimeout(() => void this.#accept(this.#api.renew(session.token)).catch(() => {}), Math.max(renewIn, 10_000));
  }

  async #start() {
    const visitorId = this.#read('visitor');
    const profile = this.#options.profile?.();
    const login = await this.#options.login?.();
    const fingerprint = this.#options.fingerprint ? await (await import('./fingerprint.js')).browserFingerprint() : undefined;
    const page = this.#options.context?.();
    const context = page && {
      pageUrl: webUrl(page.pageUrl),
      referrer: webUrl(page.referrer),
      locale: page.locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(page.locale) ? page.locale : undefined,
    };
    return this.#api.startSession(this.#options.channel, known({ visitorId, context: context && known(context), fingerprint, profile, ...login }));
  }

  async #reauthorize(): Promise<void> {
    try {
      await this.#handshake();
      this.#transport?.connect();
    } catch (error) {
      if (this.#stopped) return;
      this.#report(error);
      this.#setState('offline', 'none');
    }
  }

  #onJoined(payload: SessionJoined): void {
    this.config = payload.config;
    if (payload.conversation) {
      if (this.conversationId && payload.conversation.id !== this.conversationId) this.#switchTo(payload.conversation.id);
      this.conversationId = payload.conversation.id;
      this.conversation = payload.conversation;
      this.seenByTeam = Math.max(this.seenByTeam, payload.conversation.agentReadSeq);
    }
    // The first page is history: only messages arriving after the first join are announced.
    this.#receive(payload.messages, this.#joined);
    if (!this.#joined) {
      this.#joined = true;
      this.#emit({ type: 'ready' });
    }
    this.#changed();
    void this.#flush();
  }

  #setState(state: ConnectionState, transport: TransportName): void {
    if (state === this.state && transport === this.transportName) return;
    this.state = state;
    this.transportName = transport;
    this.#emit({ type: 'state', state, transport });
    this.#changed();
  }

  // ------------------------------------------------------------ messages

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
          if (error instanceof ApiRequestError && error.permanent) {
            this.#outbox.fail(pending.clientId, error);
            this.#report(error);
            this.#changed();
            continue;
          }
          // Not refused, just not confirmed (or told to slow down): the same clientId goes again
          // after a pause (or on the next join).
          let delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.#retryAttempt++);
          if (error instanceof ApiRequestError && error.code === 'rate_limited') {
            this.#report(error);
            delay = Math.max(delay, (error.retryAfter ?? 1) * 1000);
          }
          this.#later(delay, () => void this.#flush());
          return;
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Adds messages by `seq`, settles matching outbox entries and announces what is new. */
  #receive(messages: ChatMessage[], announce: boolean): void {
    let changed = false;
    const unreadBefore = this.unreadCount;
    for (const message of messages) {
      this.conversationId ??= message.conversationId;
      if (message.conversationId !== this.conversationId) {
        // After a close, the visitor's next message opens a new conversation: follow it.
        if (this.conversation?.status !== 'closed') continue;
        this.#switchTo(message.conversationId);
        changed = true;
      }
      const known = this.#messages.get(message.seq);
      if (!known) {
        this.#messages.set(message.seq, message);
        this.#sorted = null;
        changed = true;
        if (announce) this.#emit({ type: 'message', message });
      }
      if (message.from === 'visitor' && message.clientId && this.#outbox.acknowledge(message.clientId, known ?? message)) changed = true;
      if (message.from !== 'visitor' && this.agentTyping) {
        this.agentTyping = null;
        changed = true;
      }
    }
    while (this.#messages.has(this.#lastSeq + 1)) this.#lastSeq += 1;
    const unread = this.unreadCount;
    if (unread !== unreadBefore) this.#emit({ type: 'unread', count: unread });
    if (changed) this.#changed();
  }

  #onTyping(event: TypingEvent): void {
    if (event.from === 'visitor') return;
    clearTimeout(this.#typingTimer);
    const { from } = event;
    const name = event.name ?? '';
    const show = (typing: boolean) => {
      this.agentTyping = typing ? { name } : null;
      this.#emit({ type: 'typing', from, name, typing });
      this.#changed();
    };
    show(event.typing);
    // A lost "stopped typing" must not leave the indicator on forever.
    if (event.typing) this.#typingTimer = setTimeout(() => show(false), TYPING_EXPIRY_MS);
  }

  // ------------------------------------------------------------ helpers

  #emit(event: SessionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #changed(): void {
    this.#emit({ type: 'change' });
  }

  #report(error: unknown): void {
    this.#emit({ type: 'error', error: toErrorDetail(error) });
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) run();
    }, ms);
    this.#timers.add(timer);
  }
}
