import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { WEBHOOK_EVENTS, type Webhook, type WebhookDelivery, type WebhookEventType } from '../protocol.js';
import type { AdminChannel } from './admin-api.js';
import { deliveryLog } from './settings-deliveries.js';
import { showFailure, type Status } from './settings-form.js';
import { SettingsSection } from './settings-section.js';

type State = Pick<WebhookEditor, 'webhooks' | 'status' | 'invalid' | 'revealed' | 'confirming' | 'logFor' | 'deliveries'>;

/**
 * The webhooks part of the settings screen: lists every webhook (they are not per channel),
 * adds, pauses, deletes them and rotates their secret, and shows one webhook's delivery log
 * with a Redeliver per delivery. A signing secret is shown once, as the server answers it.
 * A controller, not an element: it renders inside the settings view's shadow root and styles.
 */
export class WebhookEditor extends SettingsSection<State> {
  webhooks: Webhook[] = [];
  status: Status | null = null;
  /** The name of the control the server refused, marked `aria-invalid`. */
  invalid = '';
  /** A secret just created or rotated: shown under its webhook until the next action. */
  revealed: { webhookId: string; secret: string } | null = null;
  /** The webhook whose Delete waits for its confirmation. */
  confirming = '';
  /** The webhook whose delivery log is open, and that log (newest first). */
  logFor = '';
  deliveries: WebhookDelivery[] = [];

  /** Shows the webhooks anew (and forgets any secret, confirmation or log shown before). */
  async load(): Promise<void> {
    const load = ++this.loads;
    this.set({ webhooks: [], status: null, invalid: '', revealed: null, confirming: '', logFor: '', deliveries: [] });
    try {
      const webhooks = (await this.api().webhooks()).data;
      if (load === this.loads) this.set({ webhooks });
    } catch (error) {
      if (load === this.loads) void this.#fail(error, null);
    }
  }

  async #add(event: SubmitEvent, channel: string): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const fields = new FormData(form);
    this.set({ status: null, invalid: '', revealed: null, confirming: '' });
    try {
      const { secret, ...webhook } = await this.api().createWebhook({
        url: String(fields.get('url')),
        events: fields.getAll('event') as WebhookEventType[],
        channel: fields.has('channel') ? channel : null,
      });
      form.reset();
      this.set({ webhooks: [...this.webhooks, webhook], status: { message: 'Webhook added', error: false }, revealed: { webhookId: webhook.id, secret } });
      await this.host.updateComplete;
      this.find('.secret input')?.focus();
    } catch (error) {
      void this.#fail(error, form);
    }
  }

  async #run(action: () => Promise<Partial<State>>): Promise<void> {
    this.set({ status: null, invalid: '', revealed: null });
    try {
      this.set(await action());
    } catch (error) {
      void this.#fail(error, null);
    }
  }

  #setActive(webhook: Webhook, active: boolean) {
    return this.#run(async () => {
      const saved = await this.api().updateWebhook(webhook.id, { active });
      return { webhooks: this.webhooks.map((item) => (item.id === saved.id ? saved : item)), status: { message: saved.active ? 'Webhook active' : 'Webhook paused', error: false } };
    });
  }

  #rotate(webhook: Webhook) {
    return this.#run(async () => {
      const { secret } = await this.api().rotateWebhookSecret(webhook.id);
      return { revealed: { webhookId: webhook.id, secret }, status: { message: 'New secret made: the old one no longer signs', error: false } };
    });
  }

  /** Delete asks first, in the row itself; the keyboard lands on Cancel, not on the deletion. */
  async #confirm(webhook: Webhook | null): Promise<void> {
    const previous = this.confirming;
    this.set({ confirming: webhook?.id ?? '' });
    await this.host.updateComplete;
    this.find(webhook ? `[data-webhook="${webhook.id}"] .cancel` : `[data-webhook="${previous}"] .delete`)?.focus();
  }

  async #delete(webhook: Webhook): Promise<void> {
    await this.#run(async () => {
      await this.api().deleteWebhook(webhook.id);
      const log = this.logFor === webhook.id ? { logFor: '', deliveries: [] } : {};
      return { ...log, webhooks: this.webhooks.filter((item) => item.id !== webhook.id), confirming: '', status: { message: 'Webhook deleted', error: false } };
    });
    // The pressed button is gone: keep the keyboard in the webhooks section.
    if (!this.webhooks.some((item) => item.id === webhook.id)) this.find<HTMLInputElement>('.webhook-form input')?.focus();
  }

  async #toggleLog(webhook: Webhook): Promise<void> {
    if (this.logFor === webhook.id) return this.set({ logFor: '', deliveries: [] });
    this.set({ logFor: webhook.id, deliveries: [] });
    await this.#refresh('');
  }

  /** The open log, fetched again; `done` is said in the status line when it came. */
  async #refresh(done = 'Delivery log refreshed'): Promise<void> {
    const id = this.logFor;
    try {
      const deliveries = (await this.api().webhookDeliveries(id)).data;
      if (id === this.logFor) this.set({ deliveries, status: done ? { message: done, error: false } : this.status });
    } catch (error) {
      void this.#fail(error, null);
    }
  }

  #redeliver(delivery: WebhookDelivery) {
    return this.#run(async () => {
      const queued = await this.api().redeliver(delivery.webhookId, delivery.id);
      const deliveries = this.deliveries.map((item) => (item.id === queued.id ? queued : item));
      return { deliveries, status: { message: 'Redelivery queued: Refresh shows how it went', error: false } };
    });
  }

  /** The server's message in the status line; the field it names is marked and focused. */
  #fail(error: unknown, form: HTMLFormElement | null): Promise<void> {
    return showFailure(error, form, this.host, (patch) => this.set(patch));
  }


  #onInput(event: Event): void {
    const control = event.target as HTMLInputElement;
    if ([control.name, control.closest('fieldset')?.name].includes(this.invalid)) this.set({ invalid: '' });
  }

  /** A refused control is marked, and described by the status line that says why. */
  #mark(name: string) {
    return this.invalid === name ? { invalid: 'true', describedBy: 'webhook-status' } : { invalid: nothing, describedBy: nothing };
  }

  #renderWebhook(webhook: Webhook) {
    const described = `webhook-url-${webhook.id}`;
    const secret = this.revealed?.webhookId === webhook.id ? this.revealed.secret : '';
    return html`<li data-webhook=${webhook.id}>
      <div class="webhook-head">
        <div>
          <p class="webhook-url" id=${described}>${webhook.url}</p>
          <p class="hint">${webhook.events.join(', ')} · ${webhook.channel === null ? 'all channels' : `channel ${webhook.channel}`}</p>
        </div>
        <label class="inline"><input type="checkbox" class="active" .checked=${live(webhook.active)} aria-describedby=${described}
          @change=${(event: Event) => void this.#setActive(webhook, (event.target as HTMLInputElement).checked)} /> Active</label>
      </div>
      ${secret
        ? html`<div class="secret">
            <label>Signing secret <input readonly spellcheck="false" .value=${secret} aria-describedby="secret-note-${webhook.id}" /></label>
            <p class="hint" id="secret-note-${webhook.id}">Copy it now: it won't be shown again. Check each request's X-Support-Chat-Signature with it.</p>
          </div>`
        : nothing}
      ${this.confirming === webhook.id
        ? html`<div class="webhook-actions confirm" role="group" aria-labelledby="confirm-${webhook.id} ${described}">
            <p id="confirm-${webhook.id}">Delete this webhook and its delivery log?</p>
            <button type="button" class="danger confirm-delete" @click=${() => void this.#delete(webhook)}>Delete webhook</button>
            <button type="button" class="cancel" @click=${() => void this.#confirm(null)}>Cancel</button>
          </div>`
        : html`<div class="webhook-actions">
            <button type="button" class="log" aria-expanded=${this.logFor === webhook.id ? 'true' : 'false'} aria-controls="deliveries-${webhook.id}"
              aria-describedby=${described} @click=${() => void this.#toggleLog(webhook)}>Deliveries</button>
            <button type="button" class="rotate" aria-describedby=${described} @click=${() => void this.#rotate(webhook)}>Rotate secret</button>
            <button type="button" class="delete" aria-describedby=${described} @click=${() => void this.#confirm(webhook)}>Delete</button>
          </div>`}
      ${this.logFor === webhook.id
        ? deliveryLog(webhook, this.deliveries, { refresh: () => void this.#refresh(), redeliver: (delivery) => void this.#redeliver(delivery) })
        : nothing}
    </li>`;
  }

  render(channel: AdminChannel) {
    const url = this.#mark('url');
    const events = this.#mark('events');
    const only = this.#mark('channel');
    return html`<section class="webhooks" aria-labelledby="webhooks-title">
      <h3 id="webhooks-title">Webhooks</h3>
      <p class="hint">Your server gets a signed POST for each event it subscribes to; one not answered with a 2xx is tried again later, less and less often.</p>
      <p id="webhook-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
      ${this.webhooks.length
        ? html`<ul class="webhook-list">${repeat(this.webhooks, (webhook) => webhook.id, (webhook) => this.#renderWebhook(webhook))}</ul>`
        : html`<p class="empty">No webhooks yet.</p>`}
      <form class="webhook-form" @submit=${(event: SubmitEvent) => void this.#add(event, channel.key)} @input=${(event: Event) => this.#onInput(event)}>
        <h4>Add a webhook</h4>
        <label>Endpoint URL <input name="url" type="url" required maxlength="2000" spellcheck="false" placeholder="https://example.com/hooks/support-chat"
          aria-invalid=${url.invalid} aria-describedby=${url.describedBy} /></label>
        <fieldset name="events" aria-invalid=${events.invalid} aria-describedby=${events.describedBy}>
          <legend>Events</legend>
          ${WEBHOOK_EVENTS.map((type) => html`<label class="inline"><input type="checkbox" name="event" value=${type} ?checked=${type === 'message.created'} /> ${type}</label>`)}
        </fieldset>
        <div class="check">
          <input id="webhook-channel" type="checkbox" name="channel" aria-describedby="webhook-channel-hint" aria-invalid=${only.invalid} />
          <label for="webhook-channel">This channel only: ${channel.name} (${channel.key})</label>
          <p id="webhook-channel-hint" class="hint">Otherwise every channel's events are sent.</p>
        </div>
        <div class="actions"><button type="submit">Add webhook</button></div>
      </form>
    </section>`;
  }
}
