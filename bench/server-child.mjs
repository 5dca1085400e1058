// One server for the benchmarks, in its own process so its memory and CPU are its own:
// `product` is the real app (createApp over SQLite in a temporary folder, rate limits off);
// `ai` the same with an admin token and AI_BASE_URL / AI_MODEL as the AI defaults (bench/ai.mjs);
// `postgres URL [seed]` is the real app on that PostgreSQL database with the Postgres adapter
// (or the Redis one with BENCH_REDIS_URL), as `DATABASE_URL` runs it (several of them on one database are a cluster; `seed` creates the
// bench channel and agent, once); `relay` is a bare Socket.IO relay (no auth, no store): acks
// each send and forwards it to the agents. Tells the parent its port over IPC, its memory
// after a full GC and the CPU time it has used on request.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';

const [kind, databaseUrl, seed] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'support-chat-bench-'));
let httpServer;
let close = async () => {};

if (kind === 'product' || kind === 'postgres' || kind === 'ai') {
  const { createApp } = await import('../server/build/server/app.js');
  const { LocalDiskStorage } = await import('../server/build/server/uploads/storage.js');
  const { DEFAULT_SETTINGS } = await import('../server/build/server/services/channels.js');
  let store;
  let cluster;
  if (kind === 'postgres') {
    const { PostgresStore } = await import('../server/build/server/store/postgres.js');
    const { postgresCluster, redisCluster } = await import('../server/build/server/cluster.js');
    const { default: pino } = await import('pino');
    const logger = pino({ level: 'silent' });
    store = await PostgresStore.open(databaseUrl);
    // BENCH_REDIS_URL: the Redis adapter instead, as REDIS_URL would select it.
    cluster = process.env.BENCH_REDIS_URL ? await redisCluster(process.env.BENCH_REDIS_URL, logger) : postgresCluster(databaseUrl, logger);
  } else {
    const { SqliteStore } = await import('../server/build/server/store/sqlite.js');
    store = new SqliteStore(join(dir, 'bench.sqlite'));
  }
  // `ai`: the product with an admin token and the AI defaults from the environment (bench/ai.mjs).
  const ai = kind === 'ai' ? { adminToken: 'bench-admin-token-0123456789abcdef', ai: { baseUrl: process.env.AI_BASE_URL, apiKey: undefined, model: process.env.AI_MODEL, allowPrivate: false } } : {};
  const app = createApp({ store, files: new LocalDiskStorage(join(dir, 'uploads')), cluster }, { sessionSecret: 'bench-secret-0123456789abcdefghijklmnop', rateLimits: false, ...ai });
  if (kind === 'product' || seed === 'seed') {
    await store.createChannel({ key: 'bench', name: 'Bench', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
    await app.services.agents.create({ email: 'bench@bench.example', name: 'Bench Agent', password: 'bench agent password', role: 'agent' });
  }
  httpServer = app.httpServer;
  close = async () => {
    await app.close();
    await cluster?.close();
    await store.close();
  };
} else if (kind === 'relay') {
  httpServer = createServer();
  const io = new Server(httpServer, { perMessageDeflate: false, serveClient: false, maxHttpBufferSize: 64 * 1024 });
  const agents = io.of('/agent');
  let seq = 0;
  io.of('/widget').on('connection', (socket) => {
    socket.on('message:send', (request, ack) => {
      const message = { id: `m_${++seq}`, seq, clientId: request.clientId, from: 'visitor', text: request.text, attachments: [], createdAt: new Date().toISOString() };
      ack({ data: message });
      agents.emit('message:created', message);
    });
  });
  close = () => new Promise((resolve) => io.close(() => resolve()));
} else {
  throw new Error('usage: server-child.mjs product | relay | postgres URL [seed]');
}

httpServer.listen(0, '127.0.0.1', () => process.send({ port: httpServer.address().port }));
process.on('message', async (message) => {
  if (message === 'memory') {
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    process.send({ memory: process.memoryUsage() });
  } else if (message === 'cpu') {
    process.send({ cpu: process.cpuUsage() });
  } else if (message === 'stop') {
    await close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
});
