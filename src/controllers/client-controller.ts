import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../client/chat-client.js';

export interface ClientControllerOptions {
  /** What the client is for (channel, server, who signs in): when it changes, the old client goes. */
  key(): string;
  /** Whether a client can be made now (the host is in the page and has a channel). */
  wanted(): boolean;
  /** Makes a client for the current options (loading its chunks). */
  create(): Promise<ChatClient>;
  /** Subscribes the host to `client`; every function returned is called when the client goes. */
  attach(client: ChatClient): Array<() => void>;
}

/**
 * Owns the element's `ChatClient`: creates it on demand (its chunk loads then), replaces it
 * when what it is for changes, and releases it completely — connection, timers, listeners and
 * every subscription the host made — on a login, a logout, a shutdown or removal from the page,
 * so nothing of an old client stays reachable.
 */
export class ClientController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ClientControllerOptions;
  #client: ChatClient | null = null;
  #creating: Promise<ChatClient | null> | null = null;
  #key = '';
  #subscriptions: Array<() => void> = [];

  constructor(host: ReactiveControllerHost, options: ClientControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The client, once created. */
  get client(): ChatClient | null {
    return this.#client;
  }

  /** The client for the current options, created if needed; null when none can be made. */
  ensure(): Promise<ChatClient | null> {
    if (this.#client || this.#creating || !this.#options.wanted()) return this.#creating ?? Promise.resolve(this.#client);
    this.#key = this.#options.key();
    const creating: Promise<ChatClient | null> = this.#options.create().then((client) => {
      if (this.#creating !== creating) {
        client.disconnect(); // released or replaced while its chunk loaded
        return null;
      }
      this.#creating = null;
      this.#client = client;
      this.#subscriptions = this.#options.attach(client);
      this.#host.requestUpdate();
      return client;
    });
    creating.catch(() => {
      if (this.#creating === creating) this.#creating = null; // the chunk did not arrive: the next intent tries again
    });
    this.#creating = creating;
    return creating;
  }

  /** Disconnects the client and drops every subscription to it. */
  release(): void {
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
    this.#client?.disconnect();
    this.#client = null;
    this.#creating = null;
  }

  /** Before each host update: a client made for other options (another channel, server or user) is replaced. */
  hostUpdate(): void {
    if ((this.#client || this.#creating) && this.#options.key() !== this.#key) {
      this.release();
      void this.ensure();
    }
  }

  hostDisconnected(): void {
    this.release();
  }
}
