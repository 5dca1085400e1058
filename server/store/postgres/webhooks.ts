import type { Webhook, WebhookDelivery, WebhookEventType } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import type { ClaimedDelivery, DeliveryOutcome, WebhookRecord } from '../store.js';
import { all, changes, one, type Queryable } from './db.js';
import { toDelivery, toWebhook, type DeliveryRow, type WebhookRow } from '../rows.js';

/** Webhooks and their delivery outbox. */

// ------------------------------------------------------------ webhooks

export async function createWebhook(db: Queryable, webhook: Omit<WebhookRecord, 'id' | 'createdAt'>): Promise<Webhook> {
  const row = await one<WebhookRow>(db, `INSERT INTO webhooks (id, url, events, channel_key, secret, active, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
  [newId('wh'), webhook.url, JSON.stringify(webhook.events), webhook.channel, webhook.secret, webhook.active, new Date().toISOString()]);
  return toWebhook(row!);
}

export async function listWebhooks(db: Queryable): Promise<WebhookRecord[]> {
  return (await all<WebhookRow>(db, 'SELECT * FROM webhooks ORDER BY created_at, id')).map(toWebhook);
}

export async function getWebhook(db: Queryable, id: string): Promise<WebhookRecord | null> {
  const row = await one<WebhookRow>(db, 'SELECT * FROM webhooks WHERE id = $1', [id]);
  return row ? toWebhook(row) : null;
}

export async function updateWebhook(
  db: Queryable,
  id: string,
  patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'channel' | 'active' | 'secret'>>,
): Promise<Webhook | null> {
  const current = await getWebhook(db, id);
  if (!current) return null;
  const next = { ...current, ...patch };
  const row = await one<WebhookRow>(db, 'UPDATE webhooks SET url = $1, events = $2, channel_key = $3, active = $4, secret = $5 WHERE id = $6 RETURNING *',
    [next.url, JSON.stringify(next.events), next.channel, next.active, next.secret, id]);
  return row ? toWebhook(row) : null;
}

/** Its deliveries go with it (`ON DELETE CASCADE`). */
export async function deleteWebhook(db: Queryable, id: string): Promise<boolean> {
  return (await changes(db, 'DELETE FROM webhooks WHERE id = $1', [id])) === 1;
}

// ------------------------------------------------------------ deliveries

export async function enqueueDeliveries(
  db: Queryable,
  deliveries: Array<{ id: string; webhookId: string; event: WebhookEventType; payload: string }>,
): Promise<void> {
  if (!deliveries.length) return;
  // One statement, so all of them are queued or none.
  await db.query(`INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, next_attempt_at, created_at)
    SELECT id, webhook_id, event, payload, 'pending', $5, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS d(id, webhook_id, event, payload)`,
  [
    deliveries.map((delivery) => delivery.id),
    deliveries.map((delivery) => delivery.webhookId),
    deliveries.map((delivery) => delivery.event),
    deliveries.map((delivery) => delivery.payload),
    new Date().toISOString(),
  ]);
}

/**
 * Leases due deliveries in one statement. `FOR UPDATE SKIP LOCKED` lets dispatchers on several
 * nodes claim at once: each takes rows no other claim holds, and once a lease is committed
 * the row is no longer due, so no delivery is handed out twice while its lease runs.
 */
export async function claimDueDeliveries(db: Queryable, now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
  return all<ClaimedDelivery>(db, `WITH due AS (
      SELECT id, next_attempt_at FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= $1
      ORDER BY next_attempt_at LIMIT $3
      FOR UPDATE SKIP LOCKED),
    leased AS (
      UPDATE webhook_deliveries d SET next_attempt_at = $2 FROM due, webhooks w
      WHERE d.id = due.id AND w.id = d.webhook_id
      RETURNING d.id, d.event, d.payload, d.attempts, w.url, w.secret, due.next_attempt_at AS due_at)
    SELECT id, event, payload, attempts, url, secret FROM leased ORDER BY due_at, id`, [now, leaseUntil, limit]);
}

export async function recordDelivery(db: Queryable, id: string, outcome: DeliveryOutcome): Promise<void> {
  await db.query(`UPDATE webhook_deliveries SET status = $1, attempts = $2, next_attempt_at = $3, last_status = $4, last_error = $5,
      delivered_at = CASE WHEN $1 = 'delivered' THEN $6 ELSE delivered_at END WHERE id = $7`,
  [outcome.status, outcome.attempts, outcome.nextAttemptAt, outcome.lastStatus, outcome.lastError, new Date().toISOString(), id]);
}

export async function listDeliveries(db: Queryable, webhookId: string, limit: number): Promise<WebhookDelivery[]> {
  return (await all<DeliveryRow>(db, 'SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [webhookId, limit]))
    .map(toDelivery);
}

export async function redeliver(db: Queryable, webhookId: string, deliveryId: string): Promise<WebhookDelivery | null> {
  const row = await one<DeliveryRow>(db, `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1
    WHERE id = $2 AND webhook_id = $3 RETURNING *`, [new Date().toISOString(), deliveryId, webhookId]);
  return row ? toDelivery(row) : null;
}
