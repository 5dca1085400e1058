import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { after, describe, type TestContext } from 'node:test';
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
  /** How many statements the engine runs on its database while `work` runs (a spy, nothing else changes). */
  countStatements(work: () => Promise<unknown>): Promise<number>;
}

/** Counts the calls of `methods` on `target` while `work` runs, then puts them back. */
async function countCalls(target: object, methods: string[], work: () => Promise<unknown>): Promise<number> {
  const spied = target as Record<string, (...args: unknown[]) => unknown>;
  const originals = methods.map((method) => [method, spied[method]!] as const);
  let calls = 0;
  for (const [method, original] of originals) {
    spied[method] = function (this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    };
  }
  try {
    await work();
  } finally {
    for (const [method, original] of originals) spied[method] = original;
  }
  return calls;
}

/** better-sqlite3's statements share one prototype: every statement run is a call of one of these. */
const sqliteStatement = (() => {
  const db = new Database(':memory:');
  const prototype = Object.getPrototypeOf(db.prepare('SELECT 1')) as object;
  db.close();
  return prototype;
})();

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
  countStatements: (work) => countCalls(sqliteStatement, ['run', 'get', 'all', 'iterate'], work),
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
 * Drops `name` even while connections remain. FORCE must end every backend on it, and a role
 * without pg_signal_backend may not end an autovacuum worker that happens to be there: that
 * refusal (42501) passes as soon as the worker is done, so it is tried again for a few seconds.
 */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
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
    drop: () => dropDatabase(serverUrl, name),
    /** Ends every connection to it, as a database restart or failover does to its clients. */
    terminateConnections: () => onServer(serverUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND backend_type = 'client backend'`),
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
    // A pool's query runs on one of its clients.
    countStatements: (work) => countCalls(pg.Client.prototype, ['query'], work),
  };
}

/** SQLite always; PostgreSQL too when `TEST_DATABASE_URL` names a server to use. */
export function engines(): Engine[] {
  const url = process.env.TEST_DATABASE_URL;
  return url ? [sqliteEngine, postgresEngine(url)] : [sqliteEngine];
}

/**
 * A `describe` per engine (`${title}: ${engine.name}`), the engine torn down after its tests.
 * `body` gets `fresh(t)`: a store on fresh, empty data for test `t`, and the engine itself
 * (`engine.data(t)` opens more stores on one data set).
 */
export function describeEngines(title: string, body: (fresh: (t: TestContext) => Promise<Store>, engine: Engine) => void): void {
  for (const engine of engines()) {
    describe(`${title}: ${engine.name}`, () => {
      after(() => engine.teardown());
      body(async (t) => (await engine.data(t))(), engine);
    });
  }
}
