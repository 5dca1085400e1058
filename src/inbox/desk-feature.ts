import type { AgentServerEvents } from '../protocol.js';
import type { AgentClient } from './agent-client.js';
import type { InboxClient } from './inbox-client.js';
import type { InboxFeature } from './inbox-feature.js';
import type { InboxSession } from './inbox-session.js';

/**
 * The lifecycle every desk feature shares: it keeps the inbox, holds `api` and `session` while an
 * agent is signed in, and drops them — and every listener it added through `listen` — at sign-out.
 * A feature overrides `started()` to load and listen, and `stopped()` to forget its own state.
 */
export abstract class DeskFeature implements InboxFeature {
  protected readonly inbox: InboxClient;
  /** The agent API while signed in; null once stopped (a late answer checks it is still the same). */
  protected api: AgentClient | null = null;
  protected session: InboxSession | null = null;
  #stops: Array<() => void> = [];

  constructor(inbox: InboxClient) {
    this.inbox = inbox;
  }

  start(api: AgentClient, session: InboxSession): void {
    this.api = api;
    this.session = session;
    this.started(api, session);
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.api = null;
    this.session = null;
    this.stopped();
  }

  /** Hears an `/agent` event until the feature stops. */
  protected listen<E extends keyof AgentServerEvents>(event: E, listener: AgentServerEvents[E]): void {
    if (this.api) this.#stops.push(this.api.on(event, listener));
  }

  /** Runs `undo` when the feature stops (an unsubscriber from elsewhere). */
  protected untilStopped(undo: () => void): void {
    this.#stops.push(undo);
  }

  /** An agent signed in: load, `listen`. */
  protected started(_api: AgentClient, _session: InboxSession): void {}

  /** The agent signed out: forget the feature's own state (`api`, `session` and listeners are gone already). */
  protected stopped(): void {}
}
