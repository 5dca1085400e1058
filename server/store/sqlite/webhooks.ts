import type { Webhook, WebhookDelivery, WebhookEventType } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { toDelivery, type DeliveryRow } from '../rows.js';
import type { ClaimedDelivery, DeliveryOutcome, WebhookRecord } from '../store.js';
import { toWebhook, type Connection, type WebhookRow } from './db.js';

/** Webhooks and their delivery outbox. */

// ------------------------------------------------------------ webhooks

export function createWebhook(db: Connection, webhook: Omit<WebhookRecord, 'id' | 'createdAt'>): Webhook {
  const id = newId('wh');
  db.sql('INSERT INTO webhooks (id, url, events, channel_key, secret, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, webhook.url, JSON.stringify(webhook.events), webhook.channel, webhook.secret, webhook.active ? 1 : 0, new Date().toISOString());
  return getWebhook(db, id)!;
}

export function listWebhooks(db: Connection): WebhookRecord[] {
  return (db.sql('SELECT * FROM webhooks ORDER BY created_at, id').all() as WebhookRow[]).map(toWebhook);
}

export function getWebhook(db: Connection, id: string): WebhookRecord | null {
  const row = db.sql('SELECT * FROM webhooks WHERE id = ?').get(id) as WebhookRow | undefined;
  return row ? toWebhook(row) : null;
}

export function updateWebhook(
  db: Connection,
  id: string,
  patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'channel' | 'active' | 'secret'>>,
): Webhook | null {
  const current = getWebhook(db, id);
  if (!current) return null;
  const next = { ...current, ...patch };
  db.sql('UPDATE webhooks SET url = ?, events = ?, channel_key = ?, active = ?, secret = ? WHERE id = ?')
    .run(next.url, JSON.stringify(next.events), next.channel, next.active ? 1 : 0, next.secret, id);
  return getWebhook(db, id);
}

/** Its deliveries go with it. */
export function deleteWebhook(db: Connection, id: string): boolean {
  return db.transaction(() => {
    db.sql('DELETE FROM webhook_deliveries WHERE webhook_id = ?').run(id);
    return db.sql('DELETE FROM webhooks WHERE id = ?').run(id).changes === 1;
  })();
}

// ------------------------------------------------------------ deliveries

export function enqueueDeliveries(db: Connection, deliveries: Array<{ id: string; webhookId: string; event: WebhookEventType; payload: string }>): void {
  const now = new Date().toISOString();
  const insert = db.sql(`INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, next_attempt_at, created_at)
                         VALUES (?, ?, ?, ?, 'pending', ?, ?)`);
  // One transaction, so all of them are queued or none.
  db.transaction(() => {
    for (const delivery of deliveries) insert.run(delivery.id, delivery.webhookId, delivery.event, delivery.payload, now, now);
  })();
}

/** Leases due deliveries in one immediate transaction: no other connection claims the same ones meanwhile. */
export function claimDueDeliveries(db: Connection, now: string, leaseUntil: string, limit: number): ClaimedDelivery[] {
  return db.transaction(() => {
    const rows = db.sql(`SELECT d.id, d.event, d.payload, d.attempts, w.url, w.secret
                         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                         WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`)
      .all(now, limit) as ClaimedDelivery[];
    const lease = db.sql('UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?');
    for (const row of rows) lease.run(leaseUntil, row.id);
    return rows;
  }).immediate();
}

export function recordDelivery(db: Connection, id: string, outcome: DeliveryOutcome): void {
  db.sql(`UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?,
            delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END WHERE id = ?`)
    .run(outcome.status, outcome.attempts, outcome.nextAttemptAt, outcome.lastStatus, outcome.lastError, outcome.status, new Date().toISOString(), id);
}

export function listDeliveries(db: Connection, webhookId: string, limit: number): WebhookDelivery[] {
  return (db.sql('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(webhookId, limit) as DeliveryRow[])
    .map(toDelivery);
}

export function redeliver(db: Connection, webhookId: string, deliveryId: string): WebhookDelivery | null {
  db.sql(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ? AND webhook_id = ?`)
    .run(new Date().toISOString(), deliveryId, webhookId);
  const row = db.sql('SELECT * FROM webhook_deliveries WHERE id = ? AND webhook_id = ?').get(deliveryId, webhookId) as DeliveryRow | undefined;
  return row ? toDelivery(row) : null;
}
