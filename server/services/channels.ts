import type { ChannelConfig } from '../../src/protocol.js';
import { originAllowed } from '../auth/origins.js';
import { notFound, ServiceError } from '../errors.js';
import type { Channel, ChannelSettings, Store } from '../store/store.js';
import type { Presence } from './presence.js';

export const DEFAULT_SETTINGS: ChannelSettings = {
  greeting: 'Hi! How can we help?',
  headerTitle: 'Support',
  headerSubtitle: 'We usually reply in a few minutes',
  primaryColor: '#2f54eb',
  anonymous: true,
  hmac: false,
  assertion: false,
  direct: false,
  links: false,
  linksEnforced: false,
  linkTtl: 300,
};

export class ChannelService {
  readonly #store: Store;
  readonly #presence: Presence;

  constructor(store: Store, presence: Presence) {
    this.#store = store;
    this.#presence = presence;
  }

  /** The channel behind a public key, checked against the caller's Origin. */
  async forVisitor(key: string, origin: string | undefined): Promise<Channel> {
    const channel = await this.#store.getChannel(key);
    if (!channel) throw notFound('channel');
    if (!originAllowed(channel, origin)) {
      throw new ServiceError('forbidden', 'this origin may not use the channel', { param: 'Origin' });
    }
    return channel;
  }

  publicConfig(channel: Channel): ChannelConfig {
    const settings = { ...DEFAULT_SETTINGS, ...channel.settings };
    return {
      channel: channel.key,
      name: channel.name,
      greeting: settings.greeting,
      headerTitle: settings.headerTitle,
      headerSubtitle: settings.headerSubtitle,
      primaryColor: settings.primaryColor,
      anonymous: settings.anonymous,
      online: this.#presence.online,
    };
  }
}
