import { io, type Socket } from 'socket.io-client';
import {
  HTTP_STATUS,
  WIDGET_NAMESPACE,
  type Ack,
  type ChatMessage,
  type SendMessageRequest,
  type TransportName,
  type WidgetClientEvents,
  type WidgetServerEvents,
} from '../protocol.js';
import { ApiRequestError } from './api.js';
import type { ToolOutcome } from '../protocol.js';
import type { Transport, TransportOptions } from './transport.js';

const ACK_TIMEOUT_MS = 10_000;


/** The visitor protocol over Socket.IO (WebSocket first, long-polling when it must). */
export class SocketTransport implements Transport {
  readonly #socket: Socket<WidgetServerEvents, WidgetClientEvents>;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    const { handlers } = options;
    this.#socket = io(options.server + WIDGET_NAMESPACE, {
      autoConnect: false,
      // Its own connection: never multiplexed with another socket.io-client on the page (the
      // host's own, or an inbox) that talks to the same server.
      forceNew: true,
      transports: ['websocket', 'polling'],
      // WebSocket blocked (a proxy refusing upgrades): fall back to HTTP long-polling.
      tryAllTransports: true,
      // Called on every attempt: a reconnect sends the newest token and `seq`.
      auth: (callback) => callback({ ...options.auth() }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      withCredentials: false,
    });
    const socket = this.#socket;
    socket.on('session:joined', (payload) => {
      handlers.state('online', this.#transportName());
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
      const data = (error as Error & { data?: { code?: string; message?: string } }).data;
      if (data?.code === 'unauthorized') {
        handlers.unauthorized({ code: 'unauthorized', message: data.message ?? 'unauthorized' });
      } else if (data?.code === 'forbidden' || data?.code === 'not_found') {
        // Refused for good (origin not allowed, channel gone): stop retrying.
        socket.disconnect();
        handlers.state('offline', 'none');
      } else {
        handlers.state('connecting', 'none');
      }
    });
    socket.io.engine?.on('upgrade', () => handlers.state('online', this.#transportName()));
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  connect(): void {
    this.#options.handlers.state('connecting', 'none');
    this.#socket.connect();
  }

  async send(request: SendMessageRequest): Promise<ChatMessage> {
    let result: Ack<ChatMessage>;
    try {
      result = await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', request);
    } catch {
      throw new ApiRequestError(0, { code: 'network', message: 'no acknowledgement from the server' });
    }
    if ('error' in result) throw new ApiRequestError(HTTP_STATUS[result.error.code] ?? 500, result.error);
    return result.data;
  }

  async sync(after: number): Promise<ChatMessage[]> {
    const result: Ack<ChatMessage[]> = await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', { after });
    if ('error' in result) throw new ApiRequestError(HTTP_STATUS[result.error.code] ?? 500, result.error);
    return result.data;
  }

  typing(typing: boolean): void {
    if (this.#socket.connected) this.#socket.emit('typing', { typing });
  }

  read(seq: number): void {
    if (this.#socket.connected) this.#socket.emit('read', { seq });
  }

  async toolResult(callId: string, outcome: ToolOutcome): Promise<void> {
    const result: Ack<null> = outcome.ok
      ? await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('tool:result', { callId, result: outcome.result ?? null })
      : await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('tool:error', { callId, error: outcome.error });
    if ('error' in result) throw new ApiRequestError(HTTP_STATUS[result.error.code] ?? 500, result.error);
  }

  close(): void {
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  #transportName(): TransportName {
    return this.#socket.io.engine?.transport.name === 'websocket' ? 'websocket' : 'polling';
  }
}

