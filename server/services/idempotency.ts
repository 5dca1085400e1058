import { createHash } from 'node:crypto';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';

/** How long a key's first answer is kept (DESIGN.md §3). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The first answer to a request, as it is sent again. */
export interface FirstAnswer {
  status: number;
  body: string | null;
}

const param = 'Idempotency-Key';

/**
 * `Idempotency-Key` on agent and admin POSTs: the same key with the same request within 24 h
 * gets the first answer again instead of creating a second thing; the same key with another
 * request is a 409. Keys are per caller (`scope`), so two operators cannot collide. Only a
 * success is kept: a refused or failed request gives its key back, to be retried as it is.
 */
export class IdempotencyService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Null when this request may run (its key is now held for it); the first answer otherwise. */
  async claim(scope: string, key: string, request: { method: string; path: string; body: unknown }): Promise<FirstAnswer | null> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ServiceError('invalid_request', `${param}: 1 to 255 visible ASCII characters`, { param });
    const fingerprint = createHash('sha256').update(JSON.stringify([request.method, request.path, request.body ?? null])).digest('base64url');
    const since = new Date(Date.now() - IDEMPOTENCY_WINDOW_MS).toISOString();
    const holder = await this.#store.claimIdempotencyKey(scope, key, fingerprint, since);
    if (!holder) return null;
    if (holder.fingerprint !== fingerprint) throw new ServiceError('conflict', `${param}: already used for another request`, { param });
    if (holder.status === null) throw new ServiceError('conflict', `${param}: the first request with this key is still running`, { param, retryAfter: 1 });
    return { status: holder.status, body: holder.body };
  }

  /** Keeps a success as the key's answer; gives the key back after anything else. */
  settle(scope: string, key: string, status: number, body: string | null): Promise<void> {
    return status >= 200 && status < 300 ? this.#store.completeIdempotencyKey(scope, key, status, body) : this.#store.releaseIdempotencyKey(scope, key);
  }
}
