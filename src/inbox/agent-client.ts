import { io, type Socket } from 'socket.io-client';
import {
  AGENT_NAMESPACE,
  HTTP_STATUS,
  LIMITS,
  type Ack,
  type Agent,
  type Attachment,
  type AgentClientEvents,
  type AgentLoginResponse,
  type AgentServerEvents,
  type AgentThreadItem,
  type Block,
  type ChatMessage,
  type Conversation,
  type ConversationSummary,
  type Page,
  type ReadEvent,
  type TypingEvent,
} from '../protocol.js';
import { apiError } from '../client/errors.js';
import { requestJson } from '../transport/api.js';
import { handledBy, type HandledFilter } from './ai-outcome.js';
import { ShownThreads } from './shown-threads.js';

export type InboxFilter = 'open' | 'mine' | 'unassigned' | 'closed';

const FILTER_QUERIES: Record<InboxFilter, string> = {
  open: 'status=open',
  mine: 'status=open&assigned=me',
  unassigned: 'status=open&assigned=none',
  closed: 'status=closed',
};

/** The agent API's `handledBy` for each "answered by" choice. */
const HANDLED_QUERIES: Record<HandledFilter, string> = { all: '', ai: '&handledBy=ai', team: '&handledBy=human' };

/** Whether a conversation belongs in the list `filter` shows (narrowed to who answers, `handled`), for agent `agentId`. */
export function inFilter(conversation: Conversation, filter: InboxFilter, agentId: string, handled: HandledFilter = 'all'): boolean {
  if (!handledBy(conversation, handled)) return false;
  if (filter === 'closed') return conversation.status === 'closed';
  if (conversation.status !== 'open') return false;
  if (filter === 'mine') return conversation.assignedAgentId === agentId;
  if (filter === 'unassigned') return conversation.assignedAgentId === null;
  return true;
}

export interface AgentClientHandlers {
  conversation(conversation: ConversationSummary): void;
  message(message: ChatMessage): void;
  typing(event: TypingEvent): void;
  read(event: ReadEvent): void;
  /** `true` also when the list may have moved on unheard (back online, back in view, told to resync): fetch it again. */
  connection(connected: boolean): void;
  unauthorized(): void;
}

/**
 * The inbox's I/O: the agent REST API plus the `/agent` namespace. It keeps the last `seq` of
 * the conversation the inbox shows and, after a reconnect, a server's `resync`, or when the page
 * comes back online or into view (DESIGN §4), asks for what came after it: each message of that
 * conversation reaches `handlers.message` once and in order.
 */
export class AgentClient {
  readonly #server: string;
  readonly #token: string;
  readonly #shown = new ShownThreads();
  /** Conversations with a sync under way (one at a time each). */
  readonly #syncing = new Set<string>();
  #socket: Socket<AgentServerEvents, AgentClientEvents> | null = null;
  #handlers: AgentClientHandlers | null = null;
  /** Listeners of further `/agent` events (the desk's features), kept across `connect`. */
  readonly #listeners: Array<[string, (...args: never[]) => void]> = [];
  /** Ends the page listeners `connect` added. */
  readonly #watching = new AbortController();

  constructor(server: string, token: string) {
    this.#server = server;
    this.#token = token;
  }

  /** The server's origin and this agent's token, for a download the JSON `request` cannot make (a CSV report). */
  get server(): string {
    return this.#server;
  }

  get token(): string {
    return this.#token;
  }

  static async login(server: string, email: string, password: string): Promise<AgentLoginResponse> {
    return request<AgentLoginResponse>(server, 'POST', '/login', undefined, { email, password });
  }

  /** An invited agent chooses a password and is signed in. */
  static async acceptInvite(server: string, token: string, password: string): Promise<AgentLoginResponse> {
    return request<AgentLoginResponse>(server, 'POST', '/invites/accept', undefined, { token, password });
  }

  connect(handlers: AgentClientHandlers): void {
    const socket: Socket<AgentServerEvents, AgentClientEvents> = io(this.#server + AGENT_NAMESPACE, {
      auth: { token: this.#token },
      transports: ['websocket', 'polling'],
      // Its own connection, even when a <support-chat> on the same page talks to this server.
      forceNew: true,
    });
    this.#handlers = handlers;
    socket.on('connect', () => this.#resume());
    socket.on('disconnect', () => handlers.connection(false));
    socket.on('connect_error', (error) => {
      if ((error as Error & { data?: { code?: string } }).data?.code === 'unauthorized') handlers.unauthorized();
    });
    socket.on('conversation:created', handlers.conversation);
    socket.on('conversation:updated', handlers.conversation);
    socket.on('message:created', (message) => this.#arrived(message));
    socket.on('typing', handlers.typing);
    socket.on('read', handlers.read);
    // The servers may have missed broadcasts (a database outage): the same as a reconnect.
    socket.on('resync', () => this.#resume());
    for (const [event, listener] of this.#listeners) socket.on(event as 'resync', listener as () => void);
    this.#socket = socket;
    this.#watch();
  }

  /**
   * Any call of the agent API (`/api/v1/agent` + `path`) with this agent's token: the desk's
   * features (notes, canned replies, labels, search, teams, reports, visitors) call it from
   * their own modules instead of growing this class.
   */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return request<T>(this.#server, method, path, this.#token, body);
  }

  /** Hears an `/agent` event, now and after any reconnect; returns the function that stops it. */
  on<E extends keyof AgentServerEvents>(event: E, listener: AgentServerEvents[E]): () => void {
    const entry: [string, (...args: never[]) => void] = [event, listener as (...args: never[]) => void];
    this.#listeners.push(entry);
    this.#socket?.on(event as 'resync', listener as () => void);
    return () => {
      this.#listeners.splice(this.#listeners.indexOf(entry), 1);
      this.#socket?.off(event as 'resync', listener as () => void);
    };
  }

  /** A list; `extra` adds the desk's narrowing (`{label: 'vip'}`, `{team: 'tm_…'}`). */
  conversations(filter: InboxFilter, handled: HandledFilter = 'all', extra: Record<string, string> = {}): Promise<Page<ConversationSummary>> {
    const more = Object.keys(extra).length ? `&${new URLSearchParams(extra)}` : '';
    return request(this.#server, 'GET', `/conversations?${FILTER_QUERIES[filter]}${HANDLED_QUERIES[handled]}${more}`, this.#token);
  }

  conversation(id: string): Promise<ConversationSummary> {
    return request(this.#server, 'GET', `/conversations/${encodeURIComponent(id)}`, this.#token);
  }

  visitorHistory(visitorId: string): Promise<Page<ConversationSummary>> {
    return request(this.#server, 'GET', `/visitors/${encodeURIComponent(visitorId)}/conversations`, this.#token);
  }

  team(): Promise<Page<Agent>> {
    return request(this.#server, 'GET', '/agents', this.#token);
  }

  assign(conversationId: string, agentId: string | null): Promise<Conversation> {
    return request(this.#server, 'POST', `/conversations/${encodeURIComponent(conversationId)}/assign`, this.#token, { agentId });
  }

  /** The newest page of a conversation the inbox now shows (instead of any other): it is resumed from its last `seq`. */
  async thread(conversationId: string): Promise<Page<AgentThreadItem>> {
    const page = await request<Page<AgentThreadItem>>(this.#server, 'GET', `/conversations/${encodeURIComponent(conversationId)}/messages?limit=${LIMITS.pageSize}`, this.#token);
    this.#shown.show(conversationId, page.data.at(-1)?.seq ?? 0);
    return page;
  }

  /**
   * A page of the messages after `after`: `sync` over the socket when it is up, else the same
   * page over REST — also when the socket does not answer, a dead link it has not noticed yet
   * (REST opens a new connection).
   */
  async sync(conversationId: string, after: number): Promise<AgentThreadItem[]> {
    const socket = this.#socket;
    if (socket?.connected) {
      const result: Ack<AgentThreadItem[]> | null = await socket.timeout(10_000).emitWithAck('sync', { conversationId, after }).catch(() => null);
      if (result && 'error' in result) throw apiError(HTTP_STATUS[result.error.code] ?? 500, result.error);
      if (result) return result.data;
    }
    const path = `/conversations/${encodeURIComponent(conversationId)}/messages?after=${after}&limit=${LIMITS.pageSize}`;
    return (await request<Page<AgentThreadItem>>(this.#server, 'GET', path, this.#token)).data;
  }

  /** Sends over the socket when it is up, else over REST; the same `clientId` makes a retry safe. */
  async send(conversationId: string, clientId: string, text: string, attachmentIds: string[] = [], blocks?: Block[]): Promise<ChatMessage> {
    const body = { clientId, text, ...(attachmentIds.length ? { attachmentIds } : {}), ...(blocks ? { blocks } : {}) };
    const socket = this.#socket;
    if (socket?.connected) {
      const result: Ack<ChatMessage> = await socket.timeout(10_000).emitWithAck('message:send', { conversationId, ...body });
      if ('error' in result) throw apiError(HTTP_STATUS[result.error.code] ?? 500, result.error);
      this.#arrived(result.data);
      return result.data;
    }
    const message = await request<ChatMessage>(this.#server, 'POST', `/conversations/${encodeURIComponent(conversationId)}/messages`, this.#token, body);
    this.#arrived(message);
    return message;
  }

  /** An attachment again, with a fresh signed URL (an old one expired). */
  attachment(id: string): Promise<Attachment> {
    return request(this.#server, 'GET', `/uploads/${encodeURIComponent(id)}`, this.#token);
  }

  /** Uploads a file for a reply (progress 0–1); attach the result by id. */
  async upload(file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<Attachment> {
    const { uploadFile } = await import('../transport/upload.js');
    return uploadFile({ url: `${this.#server}/api/v1/agent/uploads`, file, token: this.#token, onProgress, signal });
  }

  setStatus(conversationId: string, action: 'close' | 'reopen'): Promise<Conversation> {
    return request(this.#server, 'POST', `/conversations/${encodeURIComponent(conversationId)}/${action}`, this.#token, {});
  }

  /** Read receipt: this agent has seen the conversation up to `seq`. */
  read(conversationId: string, seq: number): void {
    this.#socket?.emit('read', { conversationId, seq });
  }

  typing(conversationId: string, typing: boolean): void {
    this.#socket?.emit('typing', { conversationId, typing });
  }

  close(): void {
    this.#watching.abort();
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.#handlers = null;
  }

  /**
   * Catches up now: the shown conversations from their last `seq` and the list again; if the
   * link is down, it is brought up (a link left for good by the server is not retried by
   * socket.io-client on its own; one waiting for its next retry keeps its timing).
   */
  #resync(): void {
    const socket = this.#socket;
    if (!socket) return;
    if (socket.connected) this.#resume();
    else socket.connect();
  }

  /**
   * A page coming back online or into view may have missed broadcasts on a link that has not
   * noticed it is dead yet (a sleeping laptop, a network switch): it resyncs at once.
   */
  #watch(): void {
    const page = globalThis.document;
    if (!page) return; // in Node (tests, scripts) there is no page to watch
    const { signal } = this.#watching;
    page.addEventListener('visibilitychange', () => page.visibilityState === 'visible' && this.#resync(), { signal });
    globalThis.addEventListener('online', () => this.#resync(), { signal });
  }

  /** (Re)connected, or told broadcasts were missed: the shown conversations from their last `seq`, and the list again. */
  #resume(): void {
    this.#handlers?.connection(true);
    for (const [conversationId] of this.#shown.shown()) void this.#catchUp(conversationId);
  }

  /** A message arrived (live, synced or as the ack of a send): handed on once and in order; a gap is synced. */
  #arrived(message: ChatMessage): void {
    for (const due of this.#shown.take(message)) this.#handlers?.message(due);
    if (this.#shown.hasGap(message.conversationId)) void this.#catchUp(message.conversationId);
  }

  /** Syncs a shown conversation from its last `seq`, page by page, until nothing is missing. */
  async #catchUp(conversationId: string): Promise<void> {
    if (this.#syncing.has(conversationId)) return;
    this.#syncing.add(conversationId);
    try {
      for (;;) {
        const after = this.#shown.seqOf(conversationId);
        if (after === undefined) return;
        // Resuming by `seq` counts messages; the team's notes that come along are the notes module's.
        const page = (await this.sync(conversationId, after)).filter((item): item is ChatMessage => item.from !== 'note');
        for (const message of page) this.#arrived(message);
        if (!page.length || (page.length < LIMITS.pageSize && !this.#shown.hasGap(conversationId))) return;
      }
    } catch {
      // Offline again, or refused: the next reconnect (or the next gap) asks again.
    } finally {
      this.#syncing.delete(conversationId);
    }
  }
}

function request<T>(server: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  return requestJson<T>(`${server}/api/v1/agent${path}`, { method, token, body });
}
