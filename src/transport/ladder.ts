import {
  HTTP_STATUS,
  WIDGET_NAMESPACE,
  type Ack,
  type ChatMessage,
  type SendMessageRequest,
  type ToolOutcome,
  type WidgetServerEvents,
} from '../protocol.js';
import { apiError, networkError } from '../client/errors.js';
import type { RestTransport } from './rest.js';
import { SioClient } from './sio.js';
import type { Transport, TransportOptions } from './transport.js';

const ACK_TIMEOUT_MS = 10_000;
/** Failed WebSocket attempts before REST takes over. */
const SOCKET_FAILURES_BEFORE_REST = 2;

/**
 * The transport ladder: the visitor protocol over Socket.IO on a WebSocket (`sio.ts`), then
 * plain REST long-polling (stateless, so no sticky sessions; Socket.IO's own HTTP long-polling
 * would need them). The WebSocket keeps retrying in the background while REST carries the chat,
 * and takes over again once it connects. REST is a chunk of its own (most visitors never need
 * it), fetched at the first failed WebSocket attempt and started at the second.
 */
export class LadderTransport implements Transport {
  readonly #socket: SioClient<WidgetServerEvents>;
  readonly #options: TransportOptions;
  #rest: RestTransport | null = null;
  #failures = 0;
  #closed = false;

  constructor(options: TransportOptions) {
    this.#options = options;
    const { handlers } = options;
    const socket = (this.#socket = new SioClient<WidgetServerEvents>({
      server: options.wsServer,
      namespace: WIDGET_NAMESPACE,
      // Called on every attempt: a reconnect sends the newest token and `seq`.
      auth: () => ({ ...options.auth() }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
    }));
    socket.on('session:joined', (payload) => {
      handlers.state('online', 'websocket');
      this.#failures = 0;
      this.#stopRest();
      handlers.joined(payload);
    });
    socket.on('message:created', (message) => handlers.message(message));
    socket.on('typing', (event) => handlers.typing(event));
    socket.on('read', (event) => handlers.read(event));
    socket.on('presence', ({ online }) => handlers.presence(online));
    socket.on('conversation:updated', (conversation) => handlers.conversation(conversation));
    socket.on('tool:execute', (call) => handlers.toolCall(call));
    socket.on('resync', () => handlers.resync());
    socket.on('disconnect', () => this.#socketDown());
    socket.on('connect_error', (error) => {
      const code = error.data?.code;
      if (code === 'unauthorized') {
        // The session fetches a new token, then calls connect() again.
        socket.disconnect();
        handlers.unauthorized();
      } else if (code === 'forbidden' || code === 'not_found') {
        // Refused for good (origin not allowed, channel gone): stop retrying.
        socket.disconnect();
        handlers.state('offline', 'none');
      } else {
        this.#socketDown();
      }
    });
  }

  get connected(): boolean {
    return this.#socket.connected || Boolean(this.#rest?.connected);
  }

  connect(): void {
    // An attempt that begins is not a failure: a healthy open never fetches the REST chunk.
    if (!this.#rest?.connected) this.#options.handlers.state('connecting', 'none');
    this.#socket.connect();
  }

  send(request: SendMessageRequest): Promise<ChatMessage> {
    return this.#fallback()?.send(request) ?? this.#request('message:send', request);
  }

  sync(after: number): Promise<ChatMessage[]> {
    return this.#fallback()?.sync(after) ?? this.#request('sync', { after });
  }

  typing(typing: boolean): void {
    const rest = this.#fallback();
    if (rest) rest.typing(typing);
    else this.#socket.emit('typing', { typing });
  }

  read(seq: number): void {
    const rest = this.#fallback();
    if (rest) rest.read(seq);
    else this.#socket.emit('read', { seq });
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
    const rest = import('./rest.js');
    if (++this.#failures >= SOCKET_FAILURES_BEFORE_REST) void this.#startRest(rest);
    else rest.catch(() => {});
    if (!this.#rest?.connected) this.#options.handlers.state('connecting', 'none');
  }

  /** An event the server acks with `{ data } | { error }`; no ack (link down, timeout) is a network error. */
  async #request<T>(event: string, payload: unknown): Promise<T> {
    let result: Ack<T>;
    try {
      result = await this.#socket.emitWithAck<Ack<T>>(event, payload, ACK_TIMEOUT_MS);
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
