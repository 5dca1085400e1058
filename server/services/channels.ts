import { DEFAULT_UPLOAD_POLICY, type ChannelConfig } from '../../src/protocol.js';
import { linkSignature } from '../auth/links.js';
import { originAllowed } from '../auth/origins.js';
import { newSecret } from '../auth/secrets.js';
import { notFound, ServiceError } from '../errors.js';
import type { Channel, ChannelPatch, ChannelSettings, ConversationHandler, Faq, SecretKind, Store } from '../store/store.js';
import { checkAiSettings, handlerFor, publicAi } from './channel-ai.js';
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

/** `direct` trusts unverified external ids: only a channel locked to known origins may use it. */
function requireAllowlistForDirect(direct: boolean | undefined, allowedOrigins: string[]): void {
  if (direct && allowedOrigins.length === 0) {
    throw new ServiceError('invalid_request', 'settings.direct: needs an origin allowlist (allowedOrigins)', { param: 'settings.direct' });
  }
}

/** What an admin sends to create a channel (validated); unset settings take the defaults. */
export interface NewChannel {
  key: string;
  name: string;
  allowedOrigins: string[];
  settings: Partial<ChannelSettings>;
}

/** What an admin may change; an absent field is left as it is. */
export interface ChannelChanges {
  name?: string | undefined;
  allowedOrigins?: string[] | undefined;
  settings?: Partial<ChannelSettings> | undefined;
}

/** A signed standalone link for one customer: a root-relative `/c?…` path and when it stops working. */
export interface SignedLink {
  path: string;
  expiresAt: string;
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

  // ------------------------------------------------------------ admin

  async list(): Promise<Channel[]> {
    return this.#store.listChannels();
  }

  /** The channel behind `key`, or null. */
  async find(key: string): Promise<Channel | null> {
    return this.#store.getChannel(key);
  }

  /** The channel behind `key`, or `not_found`. */
  async get(key: string): Promise<Channel> {
    const channel = await this.#store.getChannel(key);
    if (!channel) throw notFound('channel');
    return channel;
  }

  async create(input: NewChannel): Promise<Channel> {
    requireAllowlistForDirect(input.settings.direct, input.allowedOrigins);
    await checkAiSettings(this.#store, input.settings.ai);
    const taken = () => new ServiceError('conflict', 'a channel with this key exists', { param: 'key' });
    if (await this.#store.getChannel(input.key)) throw taken();
    return (
      this.#store
        .createChannel({ key: input.key, name: input.name, allowedOrigins: input.allowedOrigins, settings: { ...DEFAULT_SETTINGS, ...input.settings } })
        // Created at the same moment by another request (or node): the unique key said no.
        .catch(async (error: unknown) => Promise.reject((await this.#store.getChannel(input.key)) ? taken() : error))
    );
  }

  async update(key: string, changes: ChannelChanges): Promise<Channel> {
    const patch: ChannelPatch = {};
    if (changes.name !== undefined) patch.name = changes.name;
    if (changes.allowedOrigins !== undefined) patch.allowedOrigins = changes.allowedOrigins;
    if (changes.settings !== undefined) patch.settings = changes.settings;
    await checkAiSettings(this.#store, changes.settings?.ai);
    // Merged and checked against the channel as it is when written: concurrent edits never undo each other.
    const updated = await this.#store.updateChannel(key, patch, (next) => requireAllowlistForDirect(next.settings.direct, next.allowedOrigins));
    if (!updated) throw notFound('channel');
    return updated;
  }

  // FAQs: shown as chips in an empty conversation; a chip's question gets its answer from a bot.

  async listFaqs(key: string): Promise<Faq[]> {
    return this.#store.listFaqs((await this.get(key)).id);
  }

  async createFaq(key: string, faq: Omit<Faq, 'id'>): Promise<Faq> {
    return this.#store.createFaq((await this.get(key)).id, faq);
  }

  async updateFaq(key: string, id: string, patch: Partial<Omit<Faq, 'id'>>): Promise<Faq> {
    const faq = await this.#store.updateFaq((await this.get(key)).id, id, patch);
    if (!faq) throw notFound('faq');
    return faq;
  }

  async deleteFaq(key: string, id: string): Promise<void> {
    if (!(await this.#store.deleteFaq((await this.get(key)).id, id))) throw notFound('faq');
  }

  /** A signed standalone link for one customer (DESIGN.md §5), valid for the channel's link TTL. */
  async signLink(key: string, customer: { externalUserId: string; nickname: string }, now = Date.now()): Promise<SignedLink> {
    const channel = await this.get(key);
    const settings = settingsOf(channel);
    if (!settings.links) throw new ServiceError('conflict', 'signed links are off for this channel (settings.links)', { param: 'settings.links' });
    let secret = await this.#store.getChannelSecret(channel.id, 'link');
    if (!secret) {
      secret = newSecret();
      await this.#store.setChannelSecret(channel.id, 'link', secret);
    }
    const t = Math.floor(now / 1000);
    const { externalUserId, nickname } = customer;
    const query = new URLSearchParams({ k: channel.key, u: externalUserId, nick: nickname, t: String(t), s: linkSignature(secret, channel.key, t, externalUserId, nickname) });
    return { path: `/c?${query}`, expiresAt: new Date((t + settings.linkTtl) * 1000).toISOString() };
  }

  /** A new secret replaces the old at once; it is returned here only. */
  async rotateSecret(key: string, kind: string): Promise<{ kind: SecretKind; secret: string }> {
    const channel = await this.get(key);
    if (kind !== 'identity' && kind !== 'link') throw new ServiceError('invalid_request', 'kind: identity or link', { param: 'kind' });
    const secret = newSecret();
    await this.#store.setChannelSecret(channel.id, kind, secret);
    return { kind, secret };
  }

  // ------------------------------------------------------------ visitor side

  /** Who answers a conversation the visitor opens now (`agentId`: the page's `agent` option; 400 when not allowed). */
  handlerFor(channel: Channel, agentId: string | undefined): Promise<ConversationHandler> {
    return handlerFor(this.#store, channel, agentId);
  }

  async publicConfig(channel: Channel): Promise<ChannelConfig> {
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
      // A form without fields asks nothing: the widget is told there is none.
      preChat: settings.preChat?.fields.length ? settings.preChat : null,
      ai: await publicAi(this.#store, channel),
      // The widget's Help button and quick help show only when there is something to find (§11).
      help: (await this.#store.listArticles(channel.id, { status: 'published', limit: 1 })).length > 0,
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
