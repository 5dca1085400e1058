import type { Connection } from './db.js';

/**
 * Channels, FAQs and webhooks are read for every message and written rarely: they are kept in
 * memory until this connection writes them, or another connection writes anything (SQLite's
 * `data_version` changes), so what is read is always what is stored.
 */
export class ReadCache {
  readonly #db: Connection;
  readonly #entries = new Map<string, unknown>();
  #dataVersion = -1;
  /** Whether `data_version` was read during this turn of the event loop. */
  #versionChecked = false;

  constructor(db: Connection) {
    this.#db = db;
  }

  /** The cached value for `key`, or what `load` reads (kept until a write is seen). */
  get<T>(key: string, load: () => T): T {
    // Another connection's commit is noticed from the next turn of the event loop on.
    if (!this.#versionChecked) {
      this.#versionChecked = true;
      setImmediate(() => (this.#versionChecked = false));
      const version = this.#db.sql('PRAGMA data_version').pluck().get() as number;
      if (version !== this.#dataVersion) {
        this.#entries.clear();
        this.#dataVersion = version;
      }
    }
    if (this.#entries.has(key)) return this.#entries.get(key) as T;
    const value = load();
    // A miss is not kept: unknown keys (anyone can ask for one) must not grow the cache.
    if (value !== null) this.#entries.set(key, value);
    return value;
  }

  /** Runs a write on this connection that changes cached rows; what it may change is dropped (even when it fails). */
  change<T>(prefix: string, write: () => T): T {
    try {
      return write();
    } finally {
      for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
    }
  }
}
