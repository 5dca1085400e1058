import pg from 'pg';
import { transaction } from './db.js';

/** The notification channel every node listens on; its payload is unused. */
const CHANNEL = 'support_chat_cache';
const RECONNECT_MS = 1_000;
/**
 * Nothing is kept longer than this, whatever was heard: a listening connection that died
 * without a word (a silent network, a pooler that drops LISTEN) leaves data at most this old.
 */
const MAX_AGE_MS = 30_000;

/**
 * What a node keeps of the rows it reads for nearly every message and that change rarely (a
 * channel, its FAQs, the webhook list), kept exact across nodes with LISTEN/NOTIFY: a write
 * sends NOTIFY in its own transaction, and every node, this one included, drops its cache when
 * the notification arrives. Nothing is cached while the listening connection is down (or not up
 * yet), so a notification missed then can leave nothing stale; and no entry outlives
 * MAX_AGE_MS. Misses (`null`) are not kept, so unknown keys cannot grow the cache.
 */
export class ReadCache {
  readonly #connectionString: string;
  #listener: pg.Client | null = null;
  #entries = new Map<string, { value: Promise<unknown>; at: number }>();
  #retry: NodeJS.Timeout | null = null;
  #closed = false;
  /** The listening connection was lost at least once since it was last up. */
  #lost = false;
  readonly #reconnected = new Set<() => void>();

  constructor(connectionString: string) {
    this.#connectionString = connectionString;
  }

  /** Starts listening; until it has, and whenever it cannot, every read goes to the database. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#connectionString, keepAlive: true });
    const lost = () => {
      if (this.#listener === client) {
        this.#listener = null;
        this.#lost = true;
      }
      this.#entries.clear();
      if (!this.#closed && !this.#retry) {
        this.#retry = setTimeout(() => {
          this.#retry = null;
          void this.start();
        }, RECONNECT_MS);
        this.#retry.unref();
      }
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.#entries.clear());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch {
      await client.end().catch(() => {});
      return;
    }
    if (this.#closed) {
      await client.end();
      return;
    }
    this.#listener = client;
    if (this.#lost) {
      this.#lost = false;
      for (const listener of this.#reconnected) listener();
    }
  }

  /** Hears when the listening connection is back after a loss (the database was away). */
  onReconnect(listener: () => void): () => void {
    this.#reconnected.add(listener);
    return () => this.#reconnected.delete(listener);
  }

  /** The cached value for `key`, or what `load` reads (kept while no write is announced). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.#listener) return load();
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < MAX_AGE_MS) return hit.value as Promise<T>;
    const entry = { value: load(), at: now };
    this.#entries.set(key, entry);
    const forget = () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
    entry.value.then((value) => value === null && forget(), forget);
    return entry.value as Promise<T>;
  }

  /** Runs a write that changes cached rows, announcing it to every node in the same transaction. */
  async change<T>(pool: pg.Pool, write: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await transaction(pool, async (client) => {
        const written = await write(client);
        await client.query(`NOTIFY ${CHANNEL}`);
        return written;
      });
    } finally {
      this.#entries.clear(); // this node at once (even when the write failed); the others on NOTIFY
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const listener = this.#listener;
    this.#listener = null;
    this.#entries.clear();
    await listener?.end().catch(() => {});
  }
}
