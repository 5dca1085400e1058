import {
  HTTP_STATUS,
  WIDGET_NAMESPACE,
  type Ack,
  type ChatMessage,
  type SendMessageRequest,
  type ToolOutcome,
  type WidgetServerEvents,
} from '../protocol.js';
import { ApiRequestError } from './api.js';
import { SioClient } from './sio.js';
import type { Transport, TransportOptions } from './transport.js';

const ACK_TIMEOUT_MS = 10_000;

/** The visitor protocol over Socket.IO on a WebSocket (`sio.ts`). */
export class SocketTransport implements Transport {
  readonly #socket: SioClient<WidgetServerEvents>;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    const { handlers } = options;
    const socket = (this.#socket = new SioClient<WidgetServerEvents>({
      server: options.server,
      namespace: WIDGET_NAMESPACE,
      // Called on every attempt: a reconnect sends the newest token and `seq`.
      auth: () => ({ ...options.auth() }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
    }));
    socket.on('session:joined', (payload) => {
      handlers.state('online', 'websocket');
      handlers.joined(payload);
    });
    socket.on('message:created', (message) => handlers.message(message));
    socket.on('typing', (event) => handlers.typing(event));
    socket.on('read', (event) => handlers.read(event));
    socket.on('presence', ({ online }) => handlers.presence?.(online));
    socket.on('conversation:updated', (conversation) => handlers.conversation?.(conversation));
    socket.on('tool:execute', (call) => handlers.toolCall?.(call));
    socket.on('resync', () => handlers.resync?.());
    socket.on('disconnect', () => handlers.state('connecting', 'none'));
    socket.on('connect_error', (error) => {
      const code = error.data?.code;
      if (code === 'unauthorized') {
        // The session fetches a new token, then calls connect() again.
        socket.disconnect();
        handlers.unauthorized({ code, message: error.data?.message ?? 'unauthorized' });
      } else if (code === 'forbidden' || code === 'not_found') {
        // Refused for good (origin not allowed, channel gone): stop retrying.
        socket.disconnect();
        handlers.state('offline', 'none');
      } else {
        handlers.state('connecting', 'none');
      }
    });
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  connect(): void {
    this.#options.handlers.state('connecting', 'none');
    this.#socket.connect();
  }

  send(request: SendMessageRequest): Promise<ChatMessage> {
    return this.#request('message:send', request);
  }

  sync(after: number): Promise<ChatMessage[]> {
    return this.#request('sync', { after });
  }

  typing(typing: boolean): void {
    if (this.#socket.connected) this.#socket.emit('typing', { typing });
  }

  read(seq: number): void {
    if (this.#socket.connected) this.#socket.emit('read', { seq });
  }

  async toolResult(callId: string, outcome: ToolOutcome): Promise<void> {
    await (outcome.ok
      ? this.#request('tool:result', { callId, result: outcome.result ?? null })
      : this.#request('tool:error', { callId, error: outcome.error }));
  }

  close(): void {
    this.#socket.disconnect();
  }

  /** An event the server acks with `{ data } | { error }`; no ack (link down, timeout) is a network error. */
  async #request<T>(event: string, payload: unknown): Promise<T> {
    let result: Ack<T>;
    try {
      result = await this.#socket.emitWithAck<Ack<T>>(event, payload, ACK_TIMEOUT_MS);
    } catch {
      throw new ApiRequestError(0, { code: 'network', message: 'no acknowledgement from the server' });
    }
    if ('error' in result) throw new ApiRequestError(HTTP_STATUS[result.error.code] ?? 500, result.error);
    return result.data;
  }
}

