import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import pg from 'pg';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';

/** One limited action's budget, as rate-limiter-flexible takes it. */
export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/** Builds the limiter for one action; counters in memory unless the nodes share them. */
export type LimiterFactory = (options: LimiterOptions) => RateLimiterAbstract;

/** A Socket.IO adapter constructor (what `new Server({ adapter })` takes). */
export type AdapterFactory = ServerOptions['adapter'];

/**
 * What several nodes share besides the store: Socket.IO broadcasts (each node reaches the
 * sockets of every other) and the rate-limit counters. Built from `REDIS_URL` or, without it,
 * from `DATABASE_URL`; a node with neither is alone and keeps both in memory.
 */
export interface Cluster {
  name: 'postgres' | 'redis';
  adapter: AdapterFactory;
  limiter: LimiterFactory;
  close(): Promise<void>;
}

/**
 * If the shared store is down, each node counts on its own until it is back, rather than
 * refusing every message (rate-limiter-flexible's insurance limiter).
 */
function insured(options: LimiterOptions) {
  return { ...options, insuranceLimiter: new RateLimiterMemory(options) };
}

/**
 * The Postgres adapter (LISTEN/NOTIFY; payloads over 8 KB through `socket_io_attachments`) and
 * counters in `rate_limits`, both created by the store's migrations. Its own small pool: the
 * adapter holds one connection for LISTEN for the life of the node.
 */
export function postgresCluster(connectionString: string, logger: Logger): Cluster {
  const pool = new pg.Pool({ connectionString, max: 4, keepAlive: true });
  const lost = (error: Error) => logger.warn({ code: (error as { code?: string }).code, reason: error.message }, 'cluster connection lost');
  pool.on('error', lost);
  // The adapter keeps one connection checked out for LISTEN, where the pool no longer listens
  // for its errors: a database restart must be logged (the adapter reconnects), not end the node.
  pool.on('connect', (client) => client.on('error', lost));
  return {
    name: 'postgres',
    adapter: createPostgresAdapter(pool, { errorHandler: (error) => logger.warn({ err: error }, 'cluster broadcast failed') }),
    limiter: (options) => new RateLimiterPostgres({ ...insured(options), storeClient: pool, tableName: 'rate_limits', tableCreated: true }),
    // A connection the adapter held when the database went away is never given back, and
    // pool.end() would wait for it forever: the node stops anyway after a moment.
    close: () => Promise.race([pool.end(), new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref())]),
  };
}

/** The Redis adapter (pub/sub on two connections) and counters in Redis. */
export async function redisCluster(url: string, logger: Logger): Promise<Cluster> {
  const publisher = createClient({ url });
  const subscriber = publisher.duplicate();
  for (const client of [publisher, subscriber]) client.on('error', (error: unknown) => logger.warn({ err: error }, 'redis connection failed'));
  await Promise.all([publisher.connect(), subscriber.connect()]);
  return {
    name: 'redis',
    adapter: createRedisAdapter(publisher, subscriber),
    // Without Redis, refuse at once (and count in memory) rather than queue every send.
    limiter: (options) => new RateLimiterRedis({ ...insured(options), storeClient: publisher, useRedisPackage: true, rejectIfRedisNotReady: true }),
    close: async () => {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
