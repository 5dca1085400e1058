import type { ChannelConfig } from '../protocol.js';
import type { FaqChip, SessionApi } from '../transport/api.js';
import type { Emitter } from './emitter.js';
import { fetchChannelConfig } from './config-request.js';
import type { ChatClientEvents } from './events.js';

export interface ChannelConfigOptions {
  api: SessionApi;
  channel: string;
  /** Where a relative `configUrl` resolves outside a page. */
  server: string;
  configUrl: string | undefined;
  signal: AbortSignal;
  events: Emitter<ChatClientEvents>;
}

/**
 * The channel's public config as this client knows it — from the server (with the join, or
 * before connecting for the launcher), or from `configUrl`, which wins over the server's but
 * for the live online status — and its suggested questions.
 */
export class ChannelConfigLoader {
  /** Suggested questions for an empty conversation. */
  faqs: FaqChip[] = [];
  readonly #options: ChannelConfigOptions;
  #config: ChannelConfig | null = null;
  #fromUrl: ChannelConfig | null = null;
  #loading: Promise<ChannelConfig> | null = null;

  constructor(options: ChannelConfigOptions) {
    this.#options = options;
  }

  get config(): ChannelConfig | null {
    return this.#config;
  }

  /** The config, loaded once (again after a failure). */
  load(): Promise<ChannelConfig> {
    if (this.#config) return Promise.resolve(this.#config);
    const { api, channel, configUrl } = this.#options;
    this.#loading ??= (configUrl ? this.#fetch(configUrl) : api.config(channel)).then((config) => {
      if (configUrl) this.#fromUrl = config;
      this.apply(config);
      return this.#config!;
    });
    this.#loading.catch(() => (this.#loading = null));
    return this.#loading;
  }

  /** The server's config (with a join): under what `configUrl` gave, if anything. */
  apply(config: ChannelConfig): void {
    const fromUrl = this.#fromUrl;
    this.#config = fromUrl && config !== fromUrl ? { ...config, ...fromUrl, online: config.online } : config;
    this.#options.events.emit('config', this.#config);
    this.#options.events.emit('change', undefined);
  }

  /** The team came online or went away. */
  presence(online: boolean): void {
    if (this.#config && this.#config.online !== online) this.apply({ ...this.#config, online });
  }

  /** Suggestions are a nicety for an empty conversation: the chat works without them. */
  loadFaqs(): void {
    this.#options.api.faqs(this.#options.channel).then(
      (page) => {
        this.faqs = page?.data ?? [];
        this.#options.events.emit('change', undefined);
      },
      () => {},
    );
  }

  #fetch(configUrl: string): Promise<ChannelConfig> {
    const { server, channel, signal } = this.#options;
    return fetchChannelConfig({ server, channel, configUrl, signal });
  }
}
