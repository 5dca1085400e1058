import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { resolveServer } from '../config/server.js';
import { InboxClient } from './inbox-client.js';

/**
 * Ties `<support-inbox>` to its `InboxClient`: the element renders again on every change, and
 * the client's connection and timers go when the element leaves the page.
 */
export class InboxController implements ReactiveController {
  readonly client: InboxClient;
  readonly #host: ReactiveControllerHost;
  #unsubscribe: (() => void) | null = null;

  constructor(host: ReactiveControllerHost & { server: string }) {
    this.#host = host;
    this.client = new InboxClient(() => resolveServer(host.server));
    host.addController(this);
  }

  hostConnected(): void {
    this.#unsubscribe = this.client.subscribe(() => this.#host.requestUpdate());
    this.client.restore();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.client.release();
  }
}
