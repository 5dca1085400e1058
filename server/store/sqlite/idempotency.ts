import type { IdempotentRequest } from '../store.js';
import type { Connection } from './db.js';

/** Claims (scope, key) unless a claim made at `since` or later holds it; that claim, or null. */
export function claimIdempotencyKey(db: Connection, scope: string, key: string, fingerprint: string, since: string): IdempotentRequest | null {
  return db.transaction(() => {
    db.sql('DELETE FROM idempotency_keys WHERE created_at < ?').run(since);
    const claimed = db.sql('INSERT OR IGNORE INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES (?, ?, ?, ?)')
      .run(scope, key, fingerprint, new Date().toISOString()).changes === 1;
    return claimed ? null : (db.sql('SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = ? AND key = ?').get(scope, key) as IdempotentRequest);
  }).immediate();
}

export function completeIdempotencyKey(db: Connection, scope: string, key: string, status: number, body: string | null): void {
  db.sql('UPDATE idempotency_keys SET status = ?, body = ? WHERE scope = ? AND key = ?').run(status, body, scope, key);
}

export function releaseIdempotencyKey(db: Connection, scope: string, key: string): void {
  db.sql('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND status IS NULL').run(scope, key);
}
