import pg from 'pg';
import { postgresMigrations } from '../migrations/postgres.js';

/** A pool or one checked-out client: anything that runs a query. */
export type Queryable = pg.Pool | pg.PoolClient;

/** Values bound to `$1, $2, …`. */
export type Params = unknown[];

/** SQL text, or a named statement (parsed once per connection, for the hottest queries). */
export type Sql = string | { name: string; text: string };

function run<T extends pg.QueryResultRow>(db: Queryable, sql: Sql, values: Params): Promise<pg.QueryResult<T>> {
  return db.query<T>(typeof sql === 'string' ? { text: sql, values } : { ...sql, values });
}

/** The first row, or null. */
export async function one<T extends pg.QueryResultRow>(db: Queryable, sql: Sql, params: Params = []): Promise<T | null> {
  return (await run<T>(db, sql, params)).rows[0] ?? null;
}

export async function all<T extends pg.QueryResultRow>(db: Queryable, sql: Sql, params: Params = []): Promise<T[]> {
  return (await run<T>(db, sql, params)).rows;
}

/** How many rows an INSERT, UPDATE or DELETE touched. */
export async function changes(db: Queryable, sql: Sql, params: Params = []): Promise<number> {
  return (await run(db, sql, params)).rowCount ?? 0;
}

/** SQLSTATEs a transaction may hit when it races another one. */
export const UNIQUE_VIOLATION = '23505';
export const DEADLOCK = '40P01';

/** The error's SQLSTATE and, for a constraint violation, the constraint's name. */
export function sqlState(error: unknown): { code?: string; constraint?: string } {
  return error instanceof Error ? (error as pg.DatabaseError) : {};
}

/** Runs `work` in one transaction on one client: committed when it resolves, rolled back when it throws. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // The connection itself failed: it must not go back to the pool.
      broken = rollbackError;
    }
    throw error;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/** Any 64-bit key, the same on every node: it names "migrating support-chat's schema". */
const MIGRATION_LOCK = '8317051873260581473';

/**
 * Applies the numbered migrations the database has not seen yet, each in its own transaction
 * that first takes a transaction-scoped advisory lock: when several nodes start at once, one
 * migrates and the others wait, then find the step recorded and skip it.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  const applied = await transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT COLLATE "C" NOT NULL)`);
    return new Set((await all<{ version: number }>(client, 'SELECT version FROM schema_migrations')).map((row) => row.version));
  });
  for (const migration of postgresMigrations) {
    if (applied.has(migration.version)) continue;
    await transaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Another node may have applied it while this one waited for the lock.
      if (await one(client, 'SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version])) return;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    });
  }
}
