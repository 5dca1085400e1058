import { DEFAULT_UPLOAD_POLICY, type ChannelConfig } from '../../src/protocol.js';
import { originAllowed } from '../auth/origins.js';
import { notFound, ServiceError } from '../errors.js';
import type { Channel, ChannelSettings, Store } from '../store/store.js';
import { isOpen, nextOpening } from './hours.js';
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
  businessHours: null,
  offlineMessage: 'We are away right now. Leave your email and we will answer as soon as we are back.',
  uploads: DEFAULT_UPLOAD_POLICY,
};

/**
 * A channel's settings with the defaults for what it does not set (channels created before a
 * setting existed have none stored): the one place the defaults are merged.
 */
export function settingsOf(channel: Pick<Channel, 'settings'> | null | undefined): ChannelSettings {
  return { ...DEFAULT_SETTINGS, ...channel?.settings };
}

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
    const settings = settingsOf(channel);
    return {
      channel: channel.key,
      name: channel.name,
      greeting: settings.greeting,
      headerTitle: settings.headerTitle,
      headerSubtitle: settings.headerSubtitle,
      primaryColor: settings.primaryColor,
      anonymous: settings.anonymous,
      online: this.status(channel).online,
      offlineMessage: settings.offlineMessage,
      uploads: settings.uploads,
    };
  }

  /** The status of a channel by key (for pushes to connected visitors); null when it is gone. */
  async statusOf(key: string): Promise<{ online: boolean; nextOnlineAt?: string } | null> {
    const channel = await this.#store.getChannel(key);
    return channel ? this.status(channel) : null;
  }

  /** Online: an agent is connected and, when the channel has business hours, they are open. */
  status(channel: Channel, now = new Date()): { online: boolean; nextOnlineAt?: string } {
    const hours = settingsOf(channel).businessHours;
    const inHours = !hours || isOpen(hours, now);
    const online = this.#presence.online && inHours;
    if (online || !hours || inHours) return { online };
    const next = nextOpening(hours, now);
    return next ? { online, nextOnlineAt: next.toISOString() } : { online };
  }
}
