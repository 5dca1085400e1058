import type { ChatMessage, SendMessageRequest, ToolOutcome } from '../protocol.js';
import type { RestTransport } from './rest.js';
import { SocketTransport } from './socket.js';
import type { Transport, TransportOptions } from './transport.js';

/** Failed WebSocket attempts before REST takes over. */
const SOCKET_FAILURES_BEFORE_REST = 2;

/**
 * The transport ladder: Socket.IO over a WebSocket, then plain REST long-polling (stateless, so
 * no sticky sessions; Socket.IO's own HTTP long-polling would need them). The WebSocket keeps
 * retrying in the background while REST carries the chat, and takes over again once it connects.
 * REST is a chunk of its own (most visitors never need it), fetched when the first WebSocket attempt
 * fails and started at the second.
 */
export class LadderTransport implements Transport {
  readonly #socket: SocketTransport;
  readonly #options: TransportOptions;
  #rest: RestTransport | null = null;
  #failures = 0;
  #closed = false;

  constructor(options: TransportOptions) {
    this.#options = options;
    const outer = options.handlers;
    this.#socket = new SocketTransport({
      ...options,
      handlers: {
        ...outer,
        joined: (payload) => {
          this.#failures = 0;
          this.#stopRest();
          outer.joined(payload);
        },
        state: (state, name) => {
          if (state === 'connecting' && name === 'none') {
            // The first failure fetches the REST chunk, so it is there when REST has to take over.
            const rest = import('./rest.js');
            if (++this.#failures >= SOCKET_FAILURES_BEFORE_REST) void this.#startRest(rest);
            else rest.catch(() => {});
            if (this.#rest?.connected) return; // REST is carrying the chat: no state change
          }
          outer.state(state, name);
        },
      },
    });
  }

  get connected(): boolean {
    return this.#socket.connected || Boolean(this.#rest?.connected);
  }

  connect(): void {
    this.#socket.connect();
  }

  send(request: SendMessageRequest): Promise<ChatMessage> {
    return this.#active().send(request);
  }

  sync(after: number): Promise<ChatMessage[]> {
    return this.#active().sync(after);
  }

  typing(typing: boolean): void {
    this.#active().typing(typing);
  }

  read(seq: number): void {
    this.#active().read(seq);
  }

  toolResult(callId: string, outcome: ToolOutcome): Promise<void> {
    return this.#active().toolResult(callId, outcome);
  }

  close(): void {
    this.#closed = true;
    this.#socket.close();
    this.#stopRest();
  }

  #active(): Transport {
    return !this.#socket.connected && this.#rest?.connected ? this.#rest : this.#socket;
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
