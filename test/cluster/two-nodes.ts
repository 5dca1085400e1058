import { after, before } from 'node:test';
import { agentSocket, agentToken, freePort, ServerProcess, until } from '../faults/harness.js';
import { scratchDatabase } from '../server/store-engines.js';
import { Balancer } from './balancer.js';

/**
 * What the cluster suites share: two server processes on different ports over one fresh
 * PostgreSQL database, reaching each other's sockets through Socket.IO's adapter (the Postgres
 * one, or the Redis one when `TEST_REDIS_URL` names a Redis server).
 */
const databaseUrl = process.env.TEST_DATABASE_URL;

/** A suite's `describe` options: skipped without a PostgreSQL server. */
export const needsDatabase = { skip: databaseUrl ? false : 'TEST_DATABASE_URL is not set' };

/** Each suite runs once per adapter, with the adapter's `env` given to both nodes. */
export const adapters = [
  { name: 'PostgreSQL adapter', env: {} as NodeJS.ProcessEnv },
  ...(process.env.TEST_REDIS_URL ? [{ name: 'Redis adapter', env: { REDIS_URL: process.env.TEST_REDIS_URL } }] : []),
];

export type AgentSocket = ReturnType<typeof agentSocket>;

export interface TwoNodes {
  readonly database: ReturnType<typeof scratchDatabase>;
  a: ServerProcess;
  b: ServerProcess;
  /** With `front`: a balancer with no sticky sessions that prefers node A… */
  balancer: Balancer;
  /** …and the demo agent signed in and connected on node B. */
  token: string;
  agent: AgentSocket;
  /** What a test connects (visitors, sockets): disconnected before the nodes stop. */
  readonly clients: Array<{ disconnect(): unknown }>;
}

/**
 * Called inside a `describe`: its `before` creates the database and starts both nodes at once
 * on it (so they migrate and seed it together), its `after` closes everything and drops the
 * database. The fields are there once `before` has run.
 */
export function twoNodes(prefix: string, env: NodeJS.ProcessEnv, options: { front?: boolean } = {}): TwoNodes {
  const nodes = { database: scratchDatabase(databaseUrl ?? '', prefix), clients: [] } as Partial<TwoNodes> as TwoNodes;

  before(async () => {
    await nodes.database.create();
    const nodeEnv = { DATABASE_URL: nodes.database.url, ...env };
    nodes.a = new ServerProcess(await freePort(), undefined, nodeEnv);
    nodes.b = new ServerProcess(await freePort(), undefined, nodeEnv);
    await Promise.all([nodes.a.start(), nodes.b.start()]);
    if (!options.front) return;
    nodes.balancer = new Balancer([nodes.a.port, nodes.b.port]);
    await nodes.balancer.listen();
    nodes.token = await agentToken(nodes.b.url);
    nodes.agent = agentSocket(nodes.b.url, nodes.token);
    await until(() => nodes.agent.connected, 'the agent to connect to node B');
  });

  after(async () => {
    for (const client of nodes.clients) client.disconnect();
    nodes.agent?.disconnect();
    await nodes.balancer?.close();
    await Promise.all([nodes.a?.cleanup(), nodes.b?.cleanup()]);
    await nodes.database.drop();
  });

  return nodes;
}

/** Each request from its own client address (nodes that trust the loopback proxy keep per-IP limits out of the way). */
let address = 0;
export const fromClient = () => ({ 'x-forwarded-for': `10.9.${(++address >> 8) & 255}.${address & 255}` });

/** A JSON request to a node: POST when there is a body, GET otherwise; an empty answer reads as `null`. */
export async function call<T>(base: string, path: string, options: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      'content-type': 'application/json',
      ...fromClient(),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
