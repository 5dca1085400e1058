import type pg from 'pg';
import { Readable } from 'node:stream';
import type { FileStorage } from '../../uploads/storage.js';
import { one } from './db.js';

/**
 * Uploaded files in the PostgreSQL database (`file_blobs`), so that every node can serve a file
 * any node received, with no shared disk. Files are at most 10 MB (the upload limit) and read
 * whole, as the local disk storage streams them whole.
 */
export class PostgresFileStorage implements FileStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    // A plain INSERT: a key is generated once and never overwritten.
    await this.#pool.query('INSERT INTO file_blobs (key, bytes, created_at) VALUES ($1, $2, $3)', [key, Buffer.from(bytes), new Date().toISOString()]);
  }

  async get(key: string): Promise<{ stream: Readable; size: number } | null> {
    const row = await one<{ bytes: Buffer }>(this.#pool, 'SELECT bytes FROM file_blobs WHERE key = $1', [key]);
    return row ? { stream: Readable.from([row.bytes]), size: row.bytes.length } : null;
  }

  async delete(key: string): Promise<void> {
    await this.#pool.query('DELETE FROM file_blobs WHERE key = $1', [key]);
  }
}
