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

/** Runs one statement on the server at `url` with a connection of its own. */
async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A throw-away database with a random name on the server at `serverUrl` (a role that may create
 * databases): `url` connects to it; `drop()` removes it even while connections remain.
 */
export function scratchDatabase(serverUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  return {
    get url() {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    create: () => onServer(serverUrl, `CREATE DATABASE ${name}`),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    /** Ends every connection to it, as a database restart or failover does to its clients. */
    terminateConnections: () => onServer(serverUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`),
  };
}

/**
 * PostgreSQL at `url`: one scratch database for the whole run, dropped at the end, and a fresh
 * schema in it for each test (through the connection's `search_path`), so neither runs nor tests
 * see each other.
 */
export function postgresEngine(url: string): Engine {
  const database = scratchDatabase(url, 'support_chat_test');
  let created: Promise<void> | null = null;
  const databaseUrl = (schema?: string) => {
    const target = new URL(database.url);
    if (schema) target.searchParams.set('options', `-c search_path=${schema}`);
    return target.toString();
  };
  return {
    name: 'PostgreSQL',
    async data(t) {
      created ??= database.create();
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
      if (created) await database.drop();
    },
  };
}

/** SQLite always; PostgreSQL too when `TEST_DATABASE_URL` names a server to use. */
export function engines(): Engine[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [sqliteEngine, postgresEngine(url)] : [sqliteEngine];
}
