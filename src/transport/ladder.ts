import { io, type Socket } from 'socket.io-client';
import {
  HTTP_STATUS,
  WIDGET_NAMESPACE,
  type Ack,
  type ChatMessage,
  type SendMessageRequest,
  type ToolOutcome,
  type WidgetClientEvents,
  type WidgetServerEvents,
} from '../protocol.js';
import { apiError, networkError } from '../client/errors.js';
import { pageNow } from '../client/events.js';
import type { RestTransport } from './rest.js';
import type { Transport, TransportOptions } from './transport.js';

/** Failed WebSocket attempts before REST takes over. */
const SOCKET_FAILURES_BEFORE_REST = 2;

/** How long the WebSocket link waits, and how it backs off; tests shorten them. */
export interface LinkTiming {
  /** An attempt with no Engine.IO open packet by then is given up (socket.io-client's `timeout`). */
  openTimeoutMs: number;
  /** A request the server has not acked by then fails as a network error. */
  ackTimeoutMs: number;
  /** The first pause between attempts, doubling up to `reconnectionDelayMax` (jittered ±50%). */
  reconnectionDelay: number;
  reconnectionDelayMax: number;
}

/** The events the widget sends and waits for the server's answer to. */
type AckedEvent = 'message:send' | 'sync' | 'tool:result' | 'tool:error';

const TIMING: LinkTiming = { openTimeoutMs: 20_000, ackTimeoutMs: 10_000, reconnectionDelay: 500, reconnectionDelayMax: 10_000 };

/**
 * A single-page app's navigations: `popstate` and `hashchange`, and the Navigation API's
 * `currententrychange` where the browser has it (it also hears `pushState`).
 */
const NAVIGATIONS = [
  ['popstate', globalThis.window],
  ['hashchange', globalThis.window],
  ['currententrychange', (globalThis as { navigation?: EventTarget }).navigation],
] as const;

/** Socket.IO listens at the server's origin (`/socket.io/`), whatever path `server` has. */
function namespaceUrl(server: string): string {
  try {
    return new URL(WIDGET_NAMESPACE, server).href;
  } catch {
    return server + WIDGET_NAMESPACE; // not a URL: the attempt fails like an unreachable server
  }
}

/**
 * The transport ladder: the visitor protocol over socket.io-client on a WebSocket, then plain
 * REST long-polling. Socket.IO's own HTTP long-polling is left out: it needs sticky sessions
 * behind a balancer, and REST is stateless. The WebSocket keeps retrying in the background while
 * REST carries the chat, and takes over again once it connects. REST is a chunk of its own (most
 * visitors never need it), fetched at the first failed WebSocket attempt and started at the second.
 */
export class LadderTransport implements Transport {
  readonly #socket: Socket<WidgetServerEvents, WidgetClientEvents>;
  readonly #options: TransportOptions;
  readonly #ackTimeoutMs: number;
  #rest: RestTransport | null = null;
  #failures = 0;
  #closed = false;
  /** An attempt failed and the next one waits for its turn (socket.io-client's timer or ours). */
  #waiting = false;
  /** Our own retry, where socket.io-client does not try again by itself. */
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retries = 0;
  #pageTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The tab moved: the team sees the new page, once for the events one navigation raises, after
   * the app had a moment to set its title.
   */
  readonly #moved = () => {
    clearTimeout(this.#pageTimer);
    this.#pageTimer = setTimeout(() => this.#socket.connected && this.#socket.emit('page', pageNow()!), 300);
  };

  constructor(options: TransportOptions, timing: Partial<LinkTiming> = {}) {
    this.#options = options;
    const { openTimeoutMs, ackTimeoutMs, reconnectionDelay, reconnectionDelayMax } = { ...TIMING, ...timing };
    this.#ackTimeoutMs = ackTimeoutMs;
    const { handlers } = options;
    const socket: Socket<WidgetServerEvents, WidgetClientEvents> = (this.#socket = io(namespaceUrl(options.wsServer), {
      autoConnect: false,
      // Its own connection: never multiplexed with another socket.io-client on the page (the
      // host's own, or an inbox) that talks to the same server.
      forceNew: true,
      // The only transport a page build carries (scripts/socket-io-client.mjs).
      transports: ['websocket'],
      // Called on every attempt: a reconnect sends the newest token, the shown conversation and its `seq`
      // (what is undefined JSON leaves out).
      auth: (send) => {
        const { token, conversationId, after } = options.auth();
        send({ token, conversationId, after, page: pageNow() });
      },
      reconnectionDelay,
      reconnectionDelayMax,
      timeout: openTimeoutMs,
    }));
    for (const [type, target] of NAVIGATIONS) target?.addEventListener(type, this.#moved);
    socket.on('session:joined', (payload) => {
      handlers.state('online', 'websocket');
      this.#failures = 0;
      this.#retries = 0;
      this.#stopRest();
      handlers.joined(payload);
    });
    socket.on('message:created', (message) => handlers.message(message));
    socket.on('message:delta', (delta) => handlers.delta(delta));
    socket.on('typing', (event) => handlers.typing(event));
    socket.on('read', (event) => handlers.read(event));
    socket.on('presence', ({ online }) => handlers.presence(online));
    socket.on('conversation:updated', (conversation) => handlers.conversation(conversation));
    socket.on('conversation:created', (conversation) => handlers.conversationCreated(conversation));
    socket.on('tool:execute', (call) => handlers.toolCall(call));
    socket.on('resync', () => handlers.resync());
    socket.io.on('reconnect_attempt', () => (this.#waiting = false));
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return; // close(), or connect() bringing a retry forward
      this.#socketDown();
      // A lost link (closed, silent past the heartbeat) is retried by socket.io-client; the
      // server closing the namespace (the join failed) is not.
      if (!socket.active) this.#retryLater();
    });
    socket.on('connect_error', (error) => {
      // A transport failure (unreachable, no open packet in time): socket.io-client tries again.
      if (socket.active) return this.#socketDown();
      // The namespace middleware refused the handshake: socket.io-client stops there.
      const code = (error as Error & { data?: { code?: string } }).data?.code;
      if (code === 'unauthorized') {
        // The session fetches a new token, then calls connect() again.
        handlers.unauthorized();
      } else if (code === 'forbidden' || code === 'not_found') {
        // Refused for good (origin not allowed, channel gone): stop retrying.
        handlers.state('offline', 'none');
      } else {
        this.#socketDown();
        this.#retryLater();
      }
    });
  }

  get connected(): boolean {
    return this.#socket.connected || Boolean(this.#rest?.connected);
  }

  /** Connects now, or keeps the attempt under way; a waiting retry is brought forward. */
  connect(): void {
    const socket = this.#socket;
    if (this.#closed || socket.connected) return;
    // An attempt that begins is not a failure: a healthy open never fetches the REST chunk.
    if (!this.#rest?.connected) this.#options.handlers.state('connecting', 'none');
    clearTimeout(this.#retryTimer);
    // Dropping the waiting retry (the page came back online, a new token came) starts one now.
    if (this.#waiting && socket.active) socket.disconnect();
    this.#waiting = false;
    socket.connect();
  }

  send(request: SendMessageRequest): Promise<ChatMessage> {
    return this.#fallback()?.send(request) ?? this.#request('message:send', request);
  }

  sync(after: number, conversationId?: string): Promise<ChatMessage[]> {
    return this.#fallback()?.sync(after, conversationId) ?? this.#request('sync', { conversationId, after });
  }

  typing(typing: boolean, conversationId?: string): void {
    const rest = this.#fallback();
    if (rest) rest.typing(typing, conversationId);
    else if (this.#socket.connected) this.#socket.emit('typing', { conversationId, typing });
  }

  read(seq: number, conversationId?: string): void {
    const rest = this.#fallback();
    if (rest) rest.read(seq, conversationId);
    else if (this.#socket.connected) this.#socket.emit('read', { conversationId, seq });
  }

  /** The socket hears every conversation of the visitor; REST, while it runs, polls the shown one. */
  shownChanged(): void {
    this.#rest?.shownChanged();
  }

  toolResult(callId: string, outcome: ToolOutcome): Promise<void> {
    return (
      this.#fallback()?.toolResult(callId, outcome) ??
      (outcome.ok
        ? this.#request('tool:result', { callId, result: outcome.result ?? null })
        : this.#request('tool:error', { callId, error: outcome.error }))
    );
  }

  close(): void {
    this.#closed = true;
    for (const [type, target] of NAVIGATIONS) target?.removeEventListener(type, this.#moved);
    clearTimeout(this.#pageTimer);
    clearTimeout(this.#retryTimer);
    this.#socket.disconnect();
    this.#stopRest();
  }

  /** REST, while it carries the chat (the WebSocket is down and REST is up). */
  #fallback(): RestTransport | undefined {
    return !this.#socket.connected && this.#rest?.connected ? this.#rest : undefined;
  }

  /**
   * A WebSocket attempt failed or the link dropped: the first time fetches the REST chunk, so it
   * is there when REST has to take over; the second starts REST. While REST carries the chat, the
   * state stays as it is.
   */
  #socketDown(): void {
    this.#waiting = true;
    const rest = import('./rest.js');
    if (++this.#failures >= SOCKET_FAILURES_BEFORE_REST) void this.#startRest(rest);
    else rest.catch(() => {});
    if (!this.#rest?.connected) this.#options.handlers.state('connecting', 'none');
  }

  /** Tries again after socket.io-client's own backoff (its delays, jittered ±50%), where it does not. */
  #retryLater(): void {
    const manager = this.#socket.io;
    const delay = Math.min(manager.reconnectionDelayMax(), manager.reconnectionDelay() * 2 ** this.#retries++) * (0.5 + Math.random());
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#waiting = false;
      if (!this.#closed) this.#socket.connect();
    }, delay);
  }

  /**
   * An event the server acks with `{ data } | { error }`. Not connected, no ack in time or the link
   * dropped meanwhile is a network error: nothing is buffered while the link is down (the session's
   * outbox holds what waits, and sends it again on the next join).
   */
  async #request<T>(event: AckedEvent, payload: Parameters<WidgetClientEvents[AckedEvent]>[0]): Promise<T> {
    let result: Ack<T>;
    try {
      if (!this.#socket.connected) throw new Error('not connected');
      result = await this.#socket.timeout(this.#ackTimeoutMs).emitWithAck(event, payload);
    } catch {
      throw networkError('no acknowledgement from the server');
    }
    if ('error' in result) throw apiError(HTTP_STATUS[result.error.code] ?? 500, result.error);
    return result.data;
  }

  async #startRest(loading: Promise<typeof import('./rest.js')>): Promise<void> {
    let RestTransport: typeof import('./rest.js').RestTransport;
    try {
      ({ RestTransport } = await loading);
    } catch {
      return; // the chunk did not arrive either: the next failed attempt asks again
    }
    // Still wanted: not closed, and the WebSocket did not connect while the chunk loaded.
    if (this.#rest || this.#closed || this.#socket.connected) return;
    this.#rest = new RestTransport(this.#options);
    this.#rest.connect();
  }

  #stopRest(): void {
    this.#rest?.close();
    this.#rest = null;
  }
}
