import { changes, one, type Queryable } from './db.js';
import type { IdempotentRequest } from '../store.js';

/** Claims (scope, key) unless a claim made at `since` or later holds it; that claim, or null. */
export async function claimIdempotencyKey(db: Queryable, scope: string, key: string, fingerprint: string, since: string): Promise<IdempotentRequest | null> {
  await db.query('DELETE FROM idempotency_keys WHERE created_at < $1', [since]);
  // A holder released between the insert and the read is claimed on the second round.
  for (let round = 0; round < 2; round++) {
    const claimed = await changes(db, 'INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (scope, key) DO NOTHING',
      [scope, key, fingerprint, new Date().toISOString()]);
    if (claimed === 1) return null;
    const holder = await one<IdempotentRequest>(db, 'SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
    if (holder) return holder;
  }
  return { fingerprint: '', status: null, body: null }; // claimed and released again meanwhile: report it as running
}

export async function completeIdempotencyKey(db: Queryable, scope: string, key: string, status: number, body: string | null): Promise<void> {
  await db.query('UPDATE idempotency_keys SET status = $1, body = $2 WHERE scope = $3 AND key = $4', [status, body, scope, key]);
}

export async function releaseIdempotencyKey(db: Queryable, scope: string, key: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL', [scope, key]);
}
