import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { PostgresStore } from '../../server/store/postgres.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { Store } from '../../server/store/store.js';
import { tempDataFile } from './helpers.js';

/**
 * The engines the store contract runs against. `data(t)` makes one fresh, empty data set for
 * one test and returns `open()`: each call opens another store on that same data, as another
 * process or node would. Everything opened is closed (and the data removed) when the test ends.
 */
export interface Engine {
  name: string;
  data(t: TestContext): Promise<() => Promise<Store>>;
  /** Called once after every test of the engine. */
  teardown(): Promise<void>;
}

export const sqliteEngine: Engine = {
  name: 'SQLite',
  async data(t) {
    const data = tempDataFile();
    const stores: Store[] = [];
    t.after(async () => {
      for (const store of stores) await store.close();
      data.remove();
    });
    return async () => {
      const store = new SqliteStore(data.file);
      stores.push(store);
      return store;
    };
  },
  async teardown() {},
};

/**
 * PostgreSQL at `url` (a role that may create databases): one database with a random name for
 * the whole run, dropped at the end, and a fresh schema in it for each test (through the
 * connection's `search_path`), so neither runs nor tests see each other.
 */
export function postgresEngine(url: string): Engine {
  const database = `support_chat_test_${randomBytes(6).toString('hex')}`;
  let created: Promise<void> | null = null;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const databaseUrl = (schema?: string) => {
    const target = new URL(url);
    target.pathname = `/${database}`;
    if (schema) target.searchParams.set('options', `-c search_path=${schema}`);
    return target.toString();
  };
  return {
    name: 'PostgreSQL',
    async data(t) {
      created ??= admin(`CREATE DATABASE ${database}`);
      await created;
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: databaseUrl() });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.end();
      const stores: Store[] = [];
      t.after(async () => {
        for (const store of stores) await store.close();
      });
      return async () => {
        const store = new PostgresStore(databaseUrl(schema));
        stores.push(store);
        await store.init();
        return store;
      };
    },
    async teardown() {
      if (created) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

/** SQLite always; PostgreSQL too when `TEST_DATABASE_URL` names a server to use. */
export function engines(): Engine[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [sqliteEngine, postgresEngine(url)] : [sqliteEngine];
}
