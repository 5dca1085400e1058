/**
 * The part of Socket.IO the widget speaks: protocol 5 over Engine.IO 4, on a WebSocket only,
 * one namespace per connection. socket.io-client is 12–13 KB gzipped, half of what the whole
 * opened widget may weigh (DESIGN.md §6); what the widget needs of it is this much. The server is
 * Socket.IO itself, and every test talks to it through this file.
 *
 * Left out on purpose: HTTP long-polling (needs sticky sessions behind a balancer; the REST
 * fallback covers a blocked WebSocket instead), binary packets (files go over REST), acks the
 * server would ask of the client (the widget protocol has none), multiplexing.
 *
 * Protocol: https://socket.io/docs/v4/socket-io-protocol/ and …/engine-io-protocol/
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each event's payload type comes from the event map
type Listener = (payload: any) => void;

export interface SioOptions {
  /** The server's origin (`https://chat.example.com`); Socket.IO's default path `/socket.io/`. */
  server: string;
  namespace: string;
  /** The CONNECT payload, read on every attempt (a reconnect carries the newest token). */
  auth: () => object;
  reconnectionDelay: number;
  reconnectionDelayMax: number;
  /** How long an attempt may wait for the server's open packet (socket.io-client's `timeout`); 20 s. */
  openTimeoutMs?: number;
}

/** A Socket.IO CONNECT_ERROR: the namespace middleware's `next(err)`, with its `data`. */
export class ConnectError extends Error {
  constructor(
    message: string,
    readonly data?: { code?: string; message?: string },
  ) {
    super(message);
  }
}

/** What the client reports besides the server's own events (socket.io-client's names). */
export interface ReservedEvents {
  connect: () => void;
  disconnect: () => void;
  connect_error: (error: ConnectError) => void;
}

/** `Events`: the server's events (`WidgetServerEvents`), each with one payload. */
export class SioClient<Events extends object> {
  connected = false;
  readonly #options: SioOptions;
  readonly #listeners = new Map<string, Listener>();
  readonly #acks = new Map<number, (result: unknown, error?: Error) => void>();
  #ws: WebSocket | null = null;
  #nextAck = 0;
  #attempts = 0;
  #active = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setTimeout> | undefined;
  /** pingInterval + pingTimeout from the server's open packet: silence longer than this is a dead link. */
  #heartbeatWindow = 0;

  constructor(options: SioOptions) {
    this.#options = options;
  }

  /** One listener per event (all the transport needs), the reserved ones included. */
  on<E extends keyof (Events & ReservedEvents) & string>(event: E, listener: (Events & ReservedEvents)[E]): void {
    this.#listeners.set(event, listener as Listener);
  }

  /** Connects now, or keeps the attempt under way; a waiting retry is brought forward. */
  connect(): void {
    this.#active = true;
    clearTimeout(this.#retryTimer);
    if (!this.#ws) this.#open();
  }

  /** Disconnects for good (until `connect()` is called again). */
  disconnect(): void {
    this.#active = false;
    clearTimeout(this.#retryTimer);
    if (this.connected) this.#send('1');
    this.#drop();
  }

  emit(event: string, payload: unknown): void {
    if (this.connected) this.#send('2', [event, payload]);
  }

  /** Resolves with the server's ack; rejects when not connected, when the link drops or after `timeoutMs`. */
  emitWithAck<T>(event: string, payload: unknown, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.connected) return reject(new Error('not connected'));
      const id = this.#nextAck++;
      const timer = setTimeout(() => this.#settle(id, undefined, new Error('ack timeout')), timeoutMs);
      this.#acks.set(id, (result, error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(result as T);
      });
      this.#send('2', [event, payload], id);
    });
  }

  #open(): void {
    const url = new URL('/socket.io/?EIO=4&transport=websocket', this.#options.server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      return this.#lost(); // a malformed server URL fails like an unreachable one
    }
    this.#ws = ws;
    // An attempt that hangs (a proxy that accepts and says nothing) is given up like a dead link;
    // the server's open packet replaces this with its own heartbeat window.
    this.#heartbeatWindow = this.#options.openTimeoutMs ?? 20_000;
    this.#alive();
    ws.onmessage = (event) => this.#onFrame(String(event.data));
    // A failed attempt fires `error` then `close` in browsers, and only `error` in Node 20's.
    ws.onerror = ws.onclose = () => {
      if (this.#ws === ws) this.#lost();
    };
  }

  #onFrame(frame: string): void {
    switch (frame[0]) {
      case '0': {
        // Engine.IO open: the server will ping every pingInterval and expects a pong within pingTimeout.
        const { pingInterval, pingTimeout } = JSON.parse(frame.slice(1));
        this.#heartbeatWindow = pingInterval + pingTimeout;
        this.#alive();
        this.#send('0', this.#options.auth());
        return;
      }
      case '2': // ping
        this.#ws?.send('3');
        this.#alive();
        return;
      case '4':
        return this.#onPacket(frame.slice(1));
      case '1':
        return this.#lost();
    }
  }

  #alive(): void {
    clearTimeout(this.#heartbeat);
    this.#heartbeat = setTimeout(() => this.#lost(), this.#heartbeatWindow);
  }

  /** A Socket.IO packet: type, `/namespace,`, optional ack id, JSON. */
  #onPacket(packet: string): void {
    const match = /^(\d)(?:(\/[^,]*),)?(\d*)([\s\S]*)$/.exec(packet);
    if (!match || (match[2] ?? '/') !== this.#options.namespace) return;
    const [, type, , ackId, json] = match;
    const payload = json ? JSON.parse(json) : undefined;
    if (type === '0') {
      this.connected = true;
      this.#attempts = 0;
      this.#listeners.get('connect')?.(payload);
    } else if (type === '1') {
      this.#lost(); // the server closed this namespace: try again later, like a dropped link
    } else if (type === '2') {
      this.#listeners.get(payload[0])?.(payload[1]);
    } else if (type === '3') {
      this.#settle(Number(ackId), payload[0]);
    } else if (type === '4') {
      this.#lost(new ConnectError(payload?.message ?? 'refused', payload?.data));
    }
  }

  #send(type: string, payload?: unknown, ackId?: number): void {
    this.#ws?.send(`4${type}${this.#options.namespace},${ackId ?? ''}${payload === undefined ? '' : JSON.stringify(payload)}`);
  }

  #settle(id: number, result: unknown, error?: Error): void {
    const settle = this.#acks.get(id);
    this.#acks.delete(id);
    settle?.(result, error);
  }

  /** Closes the socket and fails what waits for an ack; true when it was connected. */
  #drop(): boolean {
    const ws = this.#ws;
    this.#ws = null;
    clearTimeout(this.#heartbeat);
    if (ws) {
      ws.onmessage = ws.onerror = ws.onclose = null;
      ws.close();
    }
    const wasConnected = this.connected;
    this.connected = false;
    for (const id of [...this.#acks.keys()]) this.#settle(id, undefined, new Error('disconnected'));
    if (wasConnected) this.#listeners.get('disconnect')?.(undefined);
    return wasConnected;
  }

  /**
   * The link is gone, never came or was refused: report it and try again after a growing,
   * jittered pause — unless a listener called `disconnect()` meanwhile.
   */
  #lost(refusal?: ConnectError): void {
    if (!this.#drop()) this.#listeners.get('connect_error')?.(refusal ?? new ConnectError('unreachable'));
    if (!this.#active) return;
    const { reconnectionDelay, reconnectionDelayMax } = this.#options;
    const delay = Math.min(reconnectionDelayMax, reconnectionDelay * 2 ** this.#attempts++) * (0.5 + Math.random());
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }
}
