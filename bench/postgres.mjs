// Throughput on PostgreSQL: one node, then two nodes sharing one database (the Postgres adapter
// between them, visitors spread over both, the agent on the second), each on a fresh database
// made for the run and dropped after it, next to a bare relay measured at the same moment.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startChild, throughput } from './load.mjs';

async function onServer(serverUrl, statement) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Runs `measure(databaseUrl)` on a scratch database of the server at `serverUrl`. */
async function onScratchDatabase(serverUrl, measure) {
  const name = `support_chat_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  try {
    return await measure(url.toString());
  } finally {
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/**
 * `serverUrl`: a PostgreSQL server where the role may create databases; `redisUrl`: also two
 * nodes with the Redis adapter.
 */
export async function postgresThroughput(serverUrl, { count = 50, seconds = 5, redisUrl } = {}) {
  const relay = await startChild('relay');
  const bare = await throughput(relay, { count, seconds });
  await relay.stop();
  const setups = [
    { nodes: 1, adapter: 'Postgres', env: {} },
    { nodes: 2, adapter: 'Postgres', env: {} },
    ...(redisUrl ? [{ nodes: 2, adapter: 'Redis', env: { BENCH_REDIS_URL: redisUrl } }] : []),
  ];
  const rows = [];
  for (const { nodes, adapter, env } of setups) {
    const measured = await onScratchDatabase(serverUrl, async (databaseUrl) => {
      const cluster = [await startChild('postgres', [databaseUrl, 'seed'], env)];
      while (cluster.length < nodes) cluster.push(await startChild('postgres', [databaseUrl], env));
      try {
        return await throughput(cluster, { count, seconds });
      } finally {
        for (const node of cluster) await node.stop();
      }
    });
    rows.push({ nodes, adapter, perSecond: measured.perSecond, relay: bare.perSecond, ratio: +(measured.perSecond / bare.perSecond).toFixed(2), acked: measured.acked, agentReceived: measured.agentReceived });
  }
  return rows;
}
