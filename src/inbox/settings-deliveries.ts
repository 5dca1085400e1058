import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Webhook, WebhookDelivery } from '../protocol.js';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const when = (iso: string | null) => (iso ? html`<time datetime=${iso}>${dateTime.format(new Date(iso))}</time>` : '—');

/** What the receiver last did: the error says it (`HTTP 500`, a timeout), else its status. */
export function lastResult({ lastError, lastStatus }: WebhookDelivery): string {
  return lastError ?? (lastStatus === null ? '—' : `HTTP ${lastStatus}`);
}

/**
 * One webhook's delivery log, newest first: what was sent, how it went, when it is tried next,
 * with Refresh (the log does not update itself) and a Redeliver per delivery.
 */
export function deliveryLog(webhook: Webhook, deliveries: WebhookDelivery[], actions: { refresh: () => void; redeliver: (delivery: WebhookDelivery) => void }) {
  return html`<div class="deliveries" id="deliveries-${webhook.id}">
    <div class="log-bar">
      <h4>Deliveries</h4>
      <button type="button" class="refresh" aria-describedby="webhook-url-${webhook.id}" @click=${actions.refresh}>Refresh</button>
    </div>
    ${deliveries.length
      ? html`<div class="table-scroll"><table>
          <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last result</th>
            <th scope="col">Created</th><th scope="col">Next attempt</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
          <tbody>${repeat(deliveries, (delivery) => delivery.id, (delivery) => html`<tr data-delivery=${delivery.id}>
            <td>${delivery.event}</td><td><span class="delivery-status ${delivery.status}">${delivery.status}</span></td><td>${delivery.attempts}</td>
            <td class="result">${lastResult(delivery)}</td><td>${when(delivery.createdAt)}</td><td>${when(delivery.nextAttemptAt)}</td>
            <td><button type="button" class="link-button redeliver" aria-label="Redeliver ${delivery.event} of ${dateTime.format(new Date(delivery.createdAt))}"
              @click=${() => actions.redeliver(delivery)}>Redeliver</button></td>
          </tr>`)}</tbody>
        </table></div>`
      : html`<p class="empty">No deliveries yet.</p>`}
  </div>`;
}
