import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { newSecret } from '../auth/secrets.js';
import type { Webhook, WebhookEventType, WebhookPayload } from '../../src/protocol.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { postOutbound, requirePublicUrl } from '../outbound.js';
import type { Store, WebhookRecord } from '../store/store.js';
import type { ChatEventBus, ChatEvents } from './events.js';

export interface WebhookOptions {
  /** The first retry waits this long; each next one 4× longer (capped at an hour). */
  retryBaseMs?: number;
  /** Attempts before a delivery is marked failed. */
  maxAttempts?: number;
  /** How long the receiver has to answer. */
  timeoutMs?: number;
  /** How often due deliveries are looked for (new events are sent at once anyway). */
  pollMs?: number;
  /** WEBHOOKS_ALLOW_PRIVATE=1: URLs may reach loopback, link-local and private addresses. */
  allowPrivate?: boolean;
}

const DEFAULTS: Required<WebhookOptions> = { retryBaseMs: 10_000, maxAttempts: 8, timeoutMs: 10_000, pollMs: 1000, allowPrivate: false };
const MAX_DELAY_MS = 60 * 60 * 1000;
const BATCH = 20;

/** `t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` (DESIGN.md §3). */
export function signWebhook(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

const publicWebhook = ({ secret: _secret, ...webhook }: WebhookRecord | Webhook & { secret?: string }): Webhook => webhook;

/**
 * Webhooks: each event is written to a delivery outbox in the store, then sent, signed, by a
 * dispatcher that retries with exponential backoff. The store leases what a dispatcher takes,
 * so several nodes can run one each; receivers dedupe on the payload `id`.
 */
export class WebhookService {
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #options: Required<WebhookOptions>;
  readonly #stops: Array<() => void> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #stopped = false;
  readonly #inFlight = new AbortController();

  constructor(store: Store, logger: Logger, options: WebhookOptions = {}) {
    this.#store = store;
    this.#logger = logger;
    this.#options = { ...DEFAULTS, ...options };
  }

  /** Subscribes to the domain events and starts the dispatcher. */
  start(events: ChatEventBus): void {
    const on = <K extends keyof ChatEvents>(name: K, listener: (...args: ChatEvents[K]) => void) => {
      events.on(name, listener as never);
      this.#stops.push(() => events.off(name, listener as never));
    };
    // The conversation a message event carries names its labels, as the conversation events' summaries do (read only when a webhook wants it).
    on('message:created', (message, conversation) =>
      void this.emit('message.created', conversation.channelKey, async () => ({ message, conversation: { ...conversation, labels: await this.#store.conversationLabels(conversation.id) } })));
    on('conversation:created', (conversation) => void this.emit('conversation.created', conversation.channelKey, { conversation }));
    on('conversation:closed', (conversation) => void this.emit('conversation.closed', conversation.channelKey, { conversation }));
    on('conversation:handoff', (conversation, reason) => void this.emit('conversation.handoff', conversation.channelKey, { conversation, reason }));
    on('tool:result', (toolCall) => void this.emit('tool.result', toolCall.channelKey, { toolCall }));
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#inFlight.abort();
    for (const stop of this.#stops.splice(0)) stop();
  }

  /**
   * Queues `type` for every active webhook that wants it (and this channel), then sends at once.
   * `data` may be a function, called only when some webhook wants the event.
   */
  async emit(type: WebhookEventType, channelKey: string, payloadData: unknown): Promise<void> {
    try {
      const targets = (await this.#store.listWebhooks()).filter(
        (webhook) => webhook.active && webhook.events.includes(type) && (webhook.channel === null || webhook.channel === channelKey),
      );
      if (!targets.length) return;
      const data: unknown = typeof payloadData === 'function' ? await (payloadData as () => Promise<unknown>)() : payloadData;
      const createdAt = new Date().toISOString();
      await this.#store.enqueueDeliveries(
        targets.map((webhook) => {
          const id = newId('whd');
          const payload: WebhookPayload = { id, type, createdAt, data };
          return { id, webhookId: webhook.id, event: type, payload: JSON.stringify(payload) };
        }),
      );
      this.#schedule(0);
    } catch (error) {
      this.#logger.error({ err: error, type }, 'webhook enqueue failed');
    }
  }

  // ------------------------------------------------------------ admin

  async create(input: { url: string; events: WebhookEventType[]; channel: string | null }): Promise<Webhook & { secret: string }> {
    await this.#checkChannel(input.channel);
    await this.#checkUrl(input.url);
    const secret = `whsec_${newSecret()}`;
    const webhook = await this.#store.createWebhook({ ...input, active: true, secret });
    return { ...webhook, secret };
  }

  async list(): Promise<Webhook[]> {
    return (await this.#store.listWebhooks()).map(publicWebhook);
  }

  async get(id: string): Promise<Webhook> {
    const webhook = await this.#store.getWebhook(id);
    if (!webhook) throw notFound('webhook');
    return publicWebhook(webhook);
  }

  async update(id: string, patch: Partial<Pick<Webhook, 'url' | 'events' | 'channel' | 'active'>>): Promise<Webhook> {
    await this.#checkChannel(patch.channel);
    if (patch.url !== undefined) await this.#checkUrl(patch.url);
    const webhook = await this.#store.updateWebhook(id, patch);
    if (!webhook) throw notFound('webhook');
    return publicWebhook(webhook);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.#store.deleteWebhook(id))) throw notFound('webhook');
  }

  async rotateSecret(id: string): Promise<{ secret: string }> {
    const secret = `whsec_${newSecret()}`;
    if (!(await this.#store.updateWebhook(id, { secret }))) throw notFound('webhook');
    return { secret };
  }

  async deliveries(id: string, limit: number) {
    await this.get(id);
    return this.#store.listDeliveries(id, limit);
  }

  async redeliver(id: string, deliveryId: string) {
    const delivery = await this.#store.redeliver(id, deliveryId);
    if (!delivery) throw notFound('delivery');
    this.#schedule(0);
    return delivery;
  }

  /** A webhook limited to a channel names one that exists. */
  async #checkChannel(channel: string | null | undefined): Promise<void> {
    if (typeof channel === 'string' && !(await this.#store.getChannel(channel))) throw notFound('channel');
  }

  /** A webhook URL reaches a public address unless the operator allows private ones (checked again on delivery). */
  async #checkUrl(url: string): Promise<void> {
    if (!this.#options.allowPrivate) await requirePublicUrl(url, 'url', 'WEBHOOKS_ALLOW_PRIVATE=1');
  }

  // ------------------------------------------------------------ dispatcher

  #schedule(ms: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#dispatch(), ms);
    this.#timer.unref?.();
  }

  async #dispatch(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        const now = Date.now();
        // A lease longer than any attempt: a node that dies mid-send frees the delivery later.
        const lease = new Date(now + this.#options.timeoutMs * 3).toISOString();
        const due = await this.#store.claimDueDeliveries(new Date(now).toISOString(), lease, BATCH);
        if (!due.length || this.#stopped) break;
        await Promise.all(due.map((delivery) => this.#deliver(delivery)));
      }
    } catch (error) {
      if (!this.#stopped) this.#logger.error({ err: error }, 'webhook dispatch failed');
    } finally {
      this.#running = false;
      this.#schedule(this.#options.pollMs);
    }
  }

  async #deliver(delivery: { id: string; event: WebhookEventType; payload: string; attempts: number; url: string; secret: string }): Promise<void> {
    const attempts = delivery.attempts + 1;
    let lastStatus: number | null = null;
    let lastError: string | null = null;
    const signal = AbortSignal.any([AbortSignal.timeout(this.#options.timeoutMs), this.#inFlight.signal]);
    try {
      lastStatus = await postOutbound(delivery.url, {
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'support-chat-webhooks/1',
          'X-Support-Chat-Event': delivery.event,
          'X-Support-Chat-Delivery': delivery.id,
          'X-Support-Chat-Signature': signWebhook(delivery.secret, delivery.payload),
        },
        body: delivery.payload,
        signal,
        allowPrivate: this.#options.allowPrivate,
      });
      if (lastStatus >= 200 && lastStatus < 300) {
        await this.#store.recordDelivery(delivery.id, { status: 'delivered', attempts, nextAttemptAt: null, lastStatus, lastError: null });
        return;
      }
      lastError = `HTTP ${lastStatus}`;
    } catch (error) {
      if (this.#stopped) return;
      // The log says no more than "unreachable": it is read through the admin API, and the
      // cause (refused, reset, no such host, not a public address) would map a network.
      const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError';
      lastError = timedOut ? `no answer within ${this.#options.timeoutMs} ms` : 'unreachable';
      this.#logger.warn({ err: error, webhookDelivery: delivery.id }, 'webhook target unreachable');
    }
    const failed = attempts >= this.#options.maxAttempts;
    const delay = Math.min(MAX_DELAY_MS, this.#options.retryBaseMs * 4 ** (attempts - 1));
    await this.#store.recordDelivery(delivery.id, {
      status: failed ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: failed ? null : new Date(Date.now() + delay).toISOString(),
      lastStatus,
      lastError: lastError.slice(0, 500),
    });
  }
}
