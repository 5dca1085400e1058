import type { Conversation, ConnectionState, SessionJoined, SessionRequest, TransportName } from '../protocol.js';
import type { SessionApi } from '../transport/api.js';
import type { Transport, TransportFactory, TransportHandlers } from '../transport/transport.js';
import type { ChannelConfigLoader } from './channel-config.js';
import type { CurrentConversation } from './current-conversation.js';
import type { Emitter } from './emitter.js';
import { networkError, type SupportChatError } from './errors.js';
import { pageContext, reportTo, type ChatClientEvents } from './events.js';
import { Identity, type LoginOptions } from './identity.js';
import type { ChatClientOptions } from './options.js';
import { retryDelay, type RetryTimers } from './retry.js';
import type { ChannelStorage } from './storage.js';

/** The transports load with the first connection (a page view that never connects never fetches them). */
const TRANSPORTS: Record<'auto' | 'rest', TransportFactory> = {
  auto: async (options) => new (await import('../transport/ladder.js')).LadderTransport(options),
  rest: async (options) => new (await import('../transport/rest.js')).RestTransport(options),
};

export interface ConnectionHost {
  options: ChatClientOptions;
  server: string;
  api: SessionApi;
  storage: ChannelStorage;
  current: CurrentConversation;
  channelConfig: ChannelConfigLoader;
  events: Emitter<ChatClientEvents>;
  timers: RetryTimers;
  /** What the transport reports about the conversation; joins, state, resyncs and a refused token are the connection's. */
  handlers: Omit<TransportHandlers, 'joined' | 'state' | 'resync' | 'unauthorized'>;
  /** A join; the first of a run brings history (nothing in it is announced). */
  joined(payload: SessionJoined, first: boolean): void;
  /** Fetches what came after the last `seq` of the conversations held (a resync: the page came back, or the server asked). */
  catchUp(): Promise<void>;
  /** Sends what waits in the outbox (after a join or a resync). */
  flush(): void;
}

/**
 * The connection's lifecycle: who the visitor is (the `Identity`), the handshake, the transport
 * and its state, the join that makes the client ready, a new handshake when the token is
 * refused, a catch-up when the page comes back, and a restart as someone else (login, logout).
 * The first connection is retried with the client's one backoff until it is refused for good.
 */
export class Connection {
  identity: Identity;
  readonly #host: ConnectionHost;
  #transport: Transport | null = null;
  #state: ConnectionState = 'idle';
  #transportName: TransportName = 'none';
  #ready: Promise<void> | null = null;
  #settleReady: { resolve(): void; reject(error: unknown): void } | null = null;
  #joined = false;
  #stopped = false;
  /** Counts restarts (login, logout): a connection attempt of an earlier run gives up. */
  #run = 0;

  constructor(host: ConnectionHost) {
    this.#host = host;
    this.identity = this.#newIdentity(host.options.login ?? null);
  }

  get state(): ConnectionState {
    return this.#state;
  }
  get transportName(): TransportName {
    return this.#transportName;
  }
  get stopped(): boolean {
    return this.#stopped;
  }
  /** Whether this run has started connecting (or is connected). */
  get started(): boolean {
    return this.#ready !== null;
  }
  /** The transport, once made (typing, receipts and tool results go out on it when they can). */
  get transport(): Transport | null {
    return this.#transport;
  }
  /** The transport while joined and connected: the outbox sends only then. */
  get link(): Transport | null {
    return !this.#stopped && this.#joined && this.#transport?.connected ? this.#transport : null;
  }

  /** Connects (handshake, then the realtime link); resolves once joined, rejects if refused for good. */
  connect(): Promise<void> {
    if (this.#stopped) return Promise.reject(networkError('this client was disconnected; create a new one'));
    if (!this.#ready) {
      this.#ready = new Promise<void>((resolve, reject) => (this.#settleReady = { resolve, reject }));
      this.#ready.catch(() => {}); // reported through `error` too: a caller that does not wait is not an unhandled rejection
      void this.#boot(0);
    }
    return this.#ready;
  }

  /** Catches up when the page comes back into view or online. */
  watch(signal: AbortSignal): void {
    const page = globalThis.document;
    if (!page) return;
    page.addEventListener('visibilitychange', () => page.visibilityState === 'visible' && void this.resync(), { signal });
    globalThis.addEventListener('online', () => void this.resync(), { signal });
  }

  /** Asks for what came after the last `seq` and sends what waits; reconnects at once if the link is down. */
  async resync(): Promise<void> {
    const transport = this.#transport;
    if (!transport || this.#stopped) return;
    if (!transport.connected) return transport.connect();
    await this.#host.catchUp(); // a failure is no matter: the next (re)connect resumes anyway
    this.#host.flush();
  }

  /** Drops the link and who the visitor was, to go on as `login` (null: anonymous); a waiting `connect()` is rejected. Nothing once stopped. */
  restart(login: LoginOptions | null): void {
    if (this.#stopped) return; // a new Identity would start its token renewal for a client that is gone
    this.#host.timers.clear();
    this.#transport?.close();
    this.#transport = null;
    this.identity.stop();
    this.#run += 1;
    this.identity = this.#newIdentity(login);
    this.#settleReady?.reject(networkError('signed in again'));
    this.#ready = this.#settleReady = null;
    this.#joined = false;
    this.#host.current.restore();
    this.#setState('idle', 'none');
    this.#host.events.emit('change', undefined);
  }

  /** Releases the link, the retries and the token's renewal for good; a waiting `connect()` is rejected with `reason`. */
  stop(reason: SupportChatError): void {
    this.#stopped = true; // from here the transport's reports are not heard (a closing link says `connecting`)
    this.#host.timers.clear();
    this.identity.stop();
    this.#transport?.close();
    this.#transport = null;
    this.#setState('idle', 'none');
    this.#settleReady?.reject(reason);
  }

  #newIdentity(login: LoginOptions | null): Identity {
    const { api, options, server, storage } = this.#host;
    return new Identity({ api, channel: options.channel, server, storage, login, link: options.link ?? null, request: () => this.#handshakeRequest() });
  }

  async #handshakeRequest(): Promise<SessionRequest> {
    const { options } = this.#host;
    const profile = options.profile?.();
    const fingerprint = options.fingerprint ? await (await import('./fingerprint.js')).browserFingerprint() : undefined;
    const context = pageContext(options.locale?.());
    return {
      ...(profile && Object.keys(profile).length ? { profile } : {}),
      ...(fingerprint ? { fingerprint } : {}),
      ...(context ? { context } : {}),
    };
  }

  async #boot(attempt: number, run = this.#run): Promise<void> {
    if (this.#over(run)) return;
    const { options, server, channelConfig } = this.#host;
    this.#setState('connecting', 'none');
    try {
      // A config from `configUrl` is in place before the server's arrives with the join.
      if (options.configUrl) await channelConfig.load();
      // A token kept from an earlier page is used as it is: no handshake on a page view.
      if (!this.identity.current) this.#adopt((await this.identity.handshake()).conversation);
      const transport = await (options.backend?.transport ?? TRANSPORTS[options.transport ?? 'auto'])({
        server,
        wsServer: (options.wsServer || server).replace(/\/+$/, ''),
        channel: options.channel,
        locale: options.locale,
        auth: () => {
          const { current } = this.#host;
          return { token: this.identity.current ?? '', conversationId: current.id ?? undefined, after: current.log?.lastSeq ?? 0, shownIsDefault: current.isOpenDefault };
        },
        handlers: {
          ...this.#host.handlers,
          joined: (payload) => this.#onJoined(payload),
          state: (state, name) => !this.#stopped && this.#setState(state, name),
          resync: () => void this.resync(),
          unauthorized: () => void this.#reauthorize(),
        },
      });
      if (this.#over(run)) return transport.close();
      this.#transport = transport;
      transport.connect();
    } catch (error) {
      if (!this.#over(run)) this.#failed(error, attempt, () => void this.#boot(attempt + 1, run));
    }
  }

  /**
   * The token was refused: a new handshake (same visitor), then the link again. A handshake that
   * fails for now is tried again with the backoff; one refused for good ends a waiting `connect()`.
   */
  async #reauthorize(attempt = 0, run = this.#run): Promise<void> {
    if (this.#over(run)) return;
    this.identity.invalidate();
    try {
      this.#adopt((await this.identity.handshake()).conversation);
      this.#transport?.connect();
    } catch (error) {
      if (!this.#over(run)) this.#failed(error, attempt, () => void this.#reauthorize(attempt + 1, run));
    }
  }

  /** Stopped, or restarted by a login or logout since `run` began: what it was doing is over. */
  #over(run: number): boolean {
    return this.#stopped || run !== this.#run;
  }

  /** A step of connecting failed: it is announced; refused for good, it ends a waiting `connect()`, otherwise `again` runs after the backoff. */
  #failed(error: unknown, attempt: number, again: () => void): void {
    if ((error as Error).name === 'AbortError') return; // disconnect() cut it short
    const failure = reportTo(this.#host.events, error);
    this.#setState('offline', 'none');
    if (failure.permanent) return this.#settleReady?.reject(failure);
    this.#host.timers.later(retryDelay(attempt), again);
  }

  #onJoined(payload: SessionJoined): void {
    const first = !this.#joined;
    this.#joined = true; // the link is up: what the join starts (resuming the other conversations) may use it
    this.#host.joined(payload, first);
    if (first) {
      this.#host.events.emit('ready', undefined);
      this.#settleReady?.resolve();
    }
    this.#host.events.emit('change', undefined);
    this.#host.flush();
  }

  /** The handshake names the visitor's conversation: shown when none is (one already shown stays; the join confirms it is the visitor's). */
  #adopt(conversation: Pick<Conversation, 'id'> | null | undefined): void {
    const { current } = this.#host;
    if (!current.id && current.adopt(conversation?.id ?? null)) this.#host.events.emit('change', undefined);
  }

  #setState(state: ConnectionState, transport: TransportName): void {
    if (state === this.#state && transport === this.#transportName) return;
    this.#state = state;
    this.#transportName = transport;
    this.#host.events.emit('state', { state, transport });
    this.#host.events.emit('change', undefined);
  }
}
