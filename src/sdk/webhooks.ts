import type { Page, Webhook, WebhookDelivery } from '../protocol.js';
import { Resource, segment } from './http.js';
import type { RequestOptions, WebhookInput, WebhookPatch } from './types.js';

const webhookPath = (id: string) => `/admin/webhooks/${segment(id)}`;

/** Where events are POSTed, signed with the webhook's secret (check them with `support-chat/webhook`). */
export class Webhooks extends Resource {
  list(): Promise<Page<Webhook>> {
    return this.http.call('GET', '/admin/webhooks');
  }

  get(id: string): Promise<Webhook> {
    return this.http.call('GET', webhookPath(id));
  }

  /** The webhook and its signing secret, which is shown in this answer only. */
  async create(webhook: WebhookInput, options: RequestOptions = {}): Promise<{ webhook: Webhook; secret: string }> {
    const { secret, ...created } = await this.http.call<Webhook & { secret: string }>('POST', '/admin/webhooks', { ...options, body: webhook });
    return { webhook: created, secret };
  }

  /** `active: false` pauses deliveries. */
  update(id: string, patch: WebhookPatch): Promise<Webhook> {
    return this.http.call('PATCH', webhookPath(id), { body: patch });
  }

  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', webhookPath(id));
  }

  /** A new signing secret, shown in this answer only; the old one stops working at once. */
  rotateSecret(id: string, options: RequestOptions = {}): Promise<{ secret: string }> {
    return this.http.call('POST', `${webhookPath(id)}/secret/rotate`, options);
  }

  /** The delivery log, newest first. */
  deliveries(id: string, query: { limit?: number } = {}): Promise<Page<WebhookDelivery>> {
    return this.http.call('GET', `${webhookPath(id)}/deliveries`, { query });
  }

  /** Sends a delivery again (pending again at once). */
  redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.http.call('POST', `${webhookPath(id)}/deliveries/${segment(deliveryId)}/redeliver`);
  }
}
