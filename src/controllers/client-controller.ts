import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient, LoginOptions } from '../client/chat-client.js';
import { SupportChatError, ValidationError } from '../client/errors.js';
import { browserStorage, ChannelStorage } from '../client/storage.js';
import { resolveServer } from '../config/server.js';
import { SupportChatErrorEvent, SupportChatIdentifyEvent } from '../events.js';
import type { VisitorProfile } from '../protocol.js';
import type { OptionsController } from './options-controller.js';

const IDLE_TIMEOUT_MS = 3000;

/** What the controller needs of its element (`<support-chat>`). */
export interface ClientHost extends ReactiveControllerHost, EventTarget {
  readonly isConnected: boolean;
  /** Whether the panel is open (it connects the client). */
  readonly opened: boolean;
  readonly activeLocale: string;
  /** A signed standalone link's `u`, `nick`, `t` and `s`, from the `/c` page. */
  readonly link: Record<string, string> | null;
}

/** Reports `error` as `support-chat-error` on `target`. */
export function reportError(target: EventTarget, { code, message, param, retryAfter }: SupportChatError): void {
  target.dispatchEvent(new SupportChatErrorEvent({ code, message, ...(param !== undefined && { param }), ...(retryAfter !== undefined && { retryAfter }) }));
}

/** `work`, with its refusal reported as `support-chat-error` on `target` too. */
export async function reported<T>(target: EventTarget, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof SupportChatError) reportError(target, error);
    throw error;
  }
}

/** A refused argument or option: reported as `support-chat-error` on `target`, and returned to be thrown. */
export function invalid(target: EventTarget, code: 'invalid_request' | 'invalid_option', param: string, message: string): ValidationError {
  const error = new ValidationError(400, { code, message: `${param}: ${message}`, param });
  reportError(target, error);
  return error;
}

/**
 * Owns the element's `ChatClient`: creates it from the element's options on demand (its chunk
 * loads then), replaces it when what it is for changes, and releases it completely — connection,
 * timers, listeners and every subscription — on a login, a logout, a shutdown or removal from the
 * page, so nothing of an old client stays reachable. While it lives, the client's events are the
 * element's `support-chat-*` events. It also decides when to connect: on open, on intent, or when
 * the page goes idle for a visitor who already has a conversation.
 */
export class ClientController implements ReactiveController {
  readonly #host: ClientHost;
  readonly #options: OptionsController;
  #client: ChatClient | null = null;
  #creating: Promise<ChatClient | null> | null = null;
  #key = '';
  /** The options the key was last compared for. */
  #keyedConfig: object | null = null;
  #subscriptions: Array<() => void> = [];
  #credentials: LoginOptions | null = null;
  #cancelIdle = () => {};
  /** Whether the visitor sees the conversation shown: the panel is open on its thread (not on the list). */
  readonly #seen: () => boolean;

  constructor(host: ClientHost, options: OptionsController, seen: () => boolean = () => host.opened) {
    this.#host = host;
    this.#options = options;
    this.#seen = seen;
    host.addController(this);
  }

  /** The client, once created. */
  get client(): ChatClient | null {
    return this.#client;
  }

  /** The client for the current options, created if needed; null when none can be made (no channel, not in the page). */
  ensure(): Promise<ChatClient | null> {
    if (this.#client || this.#creating || !this.#host.isConnected || !this.#options.config.channel) return this.#creating ?? Promise.resolve(this.#client);
    this.#key = this.#keyOf();
    const creating: Promise<ChatClient | null> = this.#create().then(({ client, wire }) => {
      if (this.#creating !== creating) {
        client.disconnect(); // released or replaced while its chunk loaded
        return null;
      }
      this.#creating = null;
      this.#client = client;
      client.setVisible(this.#seen());
      this.#subscriptions = wire();
      this.#host.requestUpdate();
      return client;
    });
    creating.catch(() => {
      if (this.#creating === creating) this.#creating = null; // the chunk did not arrive: the next intent tries again
    });
    this.#creating = creating;
    return creating;
  }

  /** The client, created if needed; without a channel there is none and the call fails (`invalid_option`). */
  async require(): Promise<ChatClient> {
    await this.#host.updateComplete; // options set just before the call (or handed over by the CDN loader) are merged
    return (await this.ensure()) ?? Promise.reject(invalid(this.#host, 'invalid_option', 'channel', 'set a channel first'));
  }

  /** Connects the client (creating it first); failures are reported as `support-chat-error`. */
  async connect(): Promise<void> {
    await (await this.ensure())?.connect().catch(() => {});
  }

  /** Updates the visitor's profile: `support-chat-identify` with what the server stored, or `support-chat-error`. */
  async identify(profile: VisitorProfile): Promise<VisitorProfile> {
    const client = await this.require();
    try {
      const stored = await client.identify(profile);
      this.#host.dispatchEvent(new SupportChatIdentifyEvent(stored));
      return stored;
    } catch (error) {
      if (error instanceof SupportChatError) reportError(this.#host, error);
      throw error;
    }
  }

  /** Hover or focus on the launcher: connect ahead of the open, unless consent waits for it. */
  intent(): void {
    if (!this.#options.config.noStorageUntilOpen) void this.connect();
  }

  /** Who the next client signs in as: a login's credentials, or null for the options' `externalUserId` (if any). The current client goes. */
  signIn(credentials: LoginOptions | null): void {
    this.#credentials = credentials;
    this.release();
  }

  /** Forgets the channel's stored visitor and releases the client (nothing of it stays reachable). */
  forget(): void {
    const { mock, channel } = this.#options.config;
    if (!mock && channel) new ChannelStorage(browserStorage(), channel).forget();
    this.release();
    this.#host.requestUpdate();
  }

  /** Disconnects the client and drops every subscription to it. */
  release(): void {
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
    this.#client?.disconnect();
    this.#client = null;
    this.#creating = null;
  }

  hostConnected(): void {
    // Safari has no requestIdleCallback: a timer stands in.
    const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, IDLE_TIMEOUT_MS));
    // What the idle work started (a chunk, then a request) stops too when the element goes.
    const stop = new AbortController();
    const handle = idle(() => this.#onIdle(stop.signal), { timeout: IDLE_TIMEOUT_MS });
    this.#cancelIdle = () => {
      (globalThis.cancelIdleCallback ?? clearTimeout)(handle);
      stop.abort();
    };
  }

  /** Before each host update: a client made for other options (another channel, server or user) is replaced; an open panel connects. */
  hostUpdate(): void {
    // The options are replaced, never mutated: the key is compared only when they moved.
    const config = this.#options.config;
    if ((this.#client || this.#creating) && config !== this.#keyedConfig && this.#keyOf() !== this.#key) {
      this.release();
      void this.ensure();
    }
    this.#keyedConfig = config;
    if (this.#host.opened) void this.connect();
    this.#client?.setVisible(this.#seen());
  }

  hostDisconnected(): void {
    this.#cancelIdle();
    this.release();
  }

  /** What the client is for: when this changes, the old client goes. */
  #keyOf(): string {
    const { channel, server, wsServer, configUrl, mock, externalUserId, userHash, agent } = this.#options.config;
    return JSON.stringify([channel, resolveServer(server), wsServer, configUrl, mock, externalUserId, userHash, agent]);
  }

  /**
   * The page went idle: a visitor who already has a conversation connects (so replies and
   * proactive messages arrive); any other gets the channel's live config (appearance, proactive
   * triggers) and connects on intent. In consent mode that config is all: a GET that stores nothing.
   */
  #onIdle(signal: AbortSignal): void {
    const config = this.#options.config;
    if (!config.channel || config.mock) return;
    // Whether the visitor has a conversation is in storage: the client is not loaded to find out.
    if (!config.noStorageUntilOpen && new ChannelStorage(browserStorage(), config.channel).read('conversation')) return void this.connect();
    // The channel's config, through a chunk of a few hundred bytes, not the client's.
    void import('../client/config-request.js')
      .then(({ fetchChannelConfig }) => {
        signal.throwIfAborted(); // removed while the chunk loaded
        return fetchChannelConfig({ server: resolveServer(config.server), channel: config.channel, configUrl: config.configUrl || undefined, signal });
      })
      .then((remote) => this.client || this.#options.applyChannelConfig(remote))
      .catch(() => {});
  }

  /** A client for the current options (loading its chunk, and the mock backend's if asked for), and how to wire the element to it. */
  async #create(): Promise<{ client: ChatClient; wire: () => Array<() => void> }> {
    const config = this.#options.config;
    const [{ createClient, wireClient }, backend] = await Promise.all([
      import('./client-wiring.js'),
      config.mock ? import('../transport/mock.js').then((mock) => mock.createMockBackend(config.channel, { agent: config.agent || undefined })) : undefined,
    ]);
    const client = createClient(this.#host, config, this.#credentials, backend);
    return { client, wire: () => wireClient(this.#host, this.#options, client) };
  }
}
