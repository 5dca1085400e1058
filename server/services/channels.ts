import { LIMITS, UPLOAD_TYPES, type ChannelConfig } from '../../src/protocol.js';
import { originAllowed } from '../auth/origins.js';
import { notFound, ServiceError } from '../errors.js';
import type { Channel, ChannelSettings, Store } from '../store/store.js';
import { isOpen, nextOpening } from './hours.js';
import type { FileService } from './files.js';
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
  uploads: { maxBytes: LIMITS.uploadBytes, types: [...UPLOAD_TYPES] },
};

export class ChannelService {
  readonly #store: Store;
  readonly #presence: Presence;
  readonly #files: FileService;

  constructor(store: Store, presence: Presence, files: FileService) {
    this.#store = store;
    this.#presence = presence;
    this.#files = files;
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
      online: this.status(channel).online,
      offlineMessage: settings.offlineMessage,
      uploads: this.#files.policy(channel),
    };
  }

  /** The status of a channel by key (for pushes to connected visitors); null when it is gone. */
  async statusOf(key: string): Promise<{ online: boolean; nextOnlineAt?: string } | null> {
    const channel = await this.#store.getChannel(key);
    return channel ? this.status(channel) : null;
  }

  /** Online: an agent is connected and, when the channel has business hours, they are open. */
  status(channel: Channel, now = new Date()): { online: boolean; nextOnlineAt?: string } {
    const hours = { ...DEFAULT_SETTINGS, ...channel.settings }.businessHours;
    const inHours = !hours || isOpen(hours, now);
    const online = this.#presence.online && inHours;
    if (online || !hours || inHours) return { online };
    const next = nextOpening(hours, now);
    return next ? { online, nextOnlineAt: next.toISOString() } : { online };
  }
}
