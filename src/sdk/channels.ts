import type { Channel, Faq, Page } from '../protocol.js';
import { Resource, segment } from './http.js';
import type { ChannelInput, ChannelPatch, ChannelSecret, ChannelSecretKind, FaqInput, LinkInput, RequestOptions, SignedLink } from './types.js';

const channelPath = (key: string) => `/admin/channels/${segment(key)}`;

/** `/api/v1/admin/channels`: the widget's channels and their secrets. */
export class Channels extends Resource {
  list(): Promise<Page<Channel>> {
    return this.http.call('GET', '/admin/channels');
  }

  get(key: string): Promise<Channel> {
    return this.http.call('GET', channelPath(key));
  }

  create(channel: ChannelInput, options: RequestOptions = {}): Promise<Channel> {
    return this.http.call('POST', '/admin/channels', { ...options, body: channel });
  }

  /** `settings` are merged into the stored ones. */
  update(key: string, patch: ChannelPatch): Promise<Channel> {
    return this.http.call('PATCH', channelPath(key), { body: patch });
  }

  /** A new identity (`userHash`) or link secret; the old one stops working at once. Shown in this answer only. */
  rotateSecret(key: string, kind: ChannelSecretKind, options: RequestOptions = {}): Promise<ChannelSecret> {
    return this.http.call('POST', `${channelPath(key)}/secrets/${segment(kind)}/rotate`, options);
  }
}

/** A channel's FAQs: chips in an empty conversation, answered by a bot. */
export class Faqs extends Resource {
  list(channel: string): Promise<Page<Faq>> {
    return this.http.call('GET', `${channelPath(channel)}/faqs`);
  }

  create(channel: string, faq: FaqInput, options: RequestOptions = {}): Promise<Faq> {
    return this.http.call('POST', `${channelPath(channel)}/faqs`, { ...options, body: faq });
  }

  update(channel: string, id: string, patch: Partial<FaqInput>): Promise<Faq> {
    return this.http.call('PATCH', `${channelPath(channel)}/faqs/${segment(id)}`, { body: patch });
  }

  async delete(channel: string, id: string): Promise<void> {
    await this.http.call('DELETE', `${channelPath(channel)}/faqs/${segment(id)}`);
  }
}

/** Signed standalone chat links (`/c?k=…&s=…`) for one customer, for email, SMS or a QR code. */
export class Links extends Resource {
  create(channel: string, link: LinkInput, options: RequestOptions = {}): Promise<SignedLink> {
    return this.http.call('POST', `${channelPath(channel)}/links`, { ...options, body: link });
  }
}
