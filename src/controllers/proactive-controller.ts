import { nothing, type ReactiveController } from 'lit';
import type { Messages } from '../i18n/en.js';
import type { ProactiveHost, ProactiveRuntime } from '../proactive/runtime.js';
import type { ChannelConfig, ProactiveTrigger } from '../protocol.js';
import type { OptionsController } from './options-controller.js';

type Host = ProactiveHost & { readonly opened: boolean; readonly isConnected: boolean };

/** Signals raised before the chunk is in are kept, up to this many. */
const QUEUED_SIGNALS = 20;

/**
 * Loads the proactive chunk when the channel's live config has triggers (a plain chat never loads
 * it), hands it the page's signals (queued until it is in) and releases it on removal or when the
 * triggers change. The chunk decides everything else (runtime.ts).
 */
export class ProactiveController implements ReactiveController {
  readonly #host: Host;
  readonly #options: OptionsController;
  readonly #mayStore: () => boolean;
  #config: object | null = null;
  /** The triggers as text: a config that arrives again (the client's, after the idle request's) with the same ones keeps the runtime. */
  #watched = 'null';
  #runtime: ProactiveRuntime | null = null;
  #signals: string[] = [];
  #generation = 0;

  constructor(host: Host, options: OptionsController, mayStore: () => boolean) {
    this.#host = host;
    this.#options = options;
    this.#mayStore = mayStore;
    host.addController(this);
  }

  hostUpdated(): void {
    const remote = this.#options.remote as Partial<ChannelConfig> | null;
    if (remote === this.#config) return void (this.#host.opened && this.#runtime?.flush());
    this.#config = remote;
    const triggers = remote?.proactive ?? null;
    if (JSON.stringify(triggers) !== this.#watched && this.#host.isConnected) this.#start(triggers);
    if (this.#host.opened) this.#runtime?.flush();
  }

  hostDisconnected(): void {
    this.#config = null;
    this.#start(null);
  }

  /** The page raised `name`. */
  signal(name: string): void {
    if (this.#runtime) this.#runtime.signal(name);
    // Before the config (or the chunk) is in: kept until it is; dropped when the channel has no triggers.
    else if (this.#signals.length < QUEUED_SIGNALS) this.#signals.push(name);
  }

  /** The bubble by the launcher, while the panel is closed. */
  render(strings: Messages): unknown {
    return this.#runtime && !this.#host.opened ? this.#runtime.render(strings) : nothing;
  }

  #start(triggers: ProactiveTrigger[] | null): void {
    const generation = ++this.#generation;
    this.#watched = JSON.stringify(triggers);
    this.#runtime?.release();
    this.#runtime = null;
    if (!triggers?.length) return void (this.#signals = []);
    void import('../proactive/runtime.js').then(({ startProactive }) => {
      if (generation !== this.#generation) return; // removed, or other triggers, while the chunk loaded
      this.#runtime = startProactive(this.#host, triggers, { channel: this.#options.config.channel, mayStore: this.#mayStore });
      for (const name of this.#signals.splice(0)) this.#runtime.signal(name);
    });
  }
}
