import { join } from 'node:path';
import pino from 'pino';
import { createApp } from './app.js';
import { postgresCluster, redisCluster } from './cluster.js';
import { readConfig } from './config.js';
import { seedDemo } from './seed.js';
import { PostgresStore } from './store/postgres.js';
import { SqliteStore } from './store/sqlite.js';
import { FallbackStorage, LocalDiskStorage } from './uploads/storage.js';

const config = readConfig();
const logger = pino({ level: config.logLevel });
const store = config.databaseUrl ? await PostgresStore.open(config.databaseUrl) : new SqliteStore(join(config.dataDir, 'support-chat.sqlite'));
// With PostgreSQL, uploaded files live in it too unless FILE_STORAGE=disk: any node serves any
// file. Files an earlier version wrote to DATA_DIR/uploads are still read from there.
const disk = new LocalDiskStorage(join(config.dataDir, 'uploads'));
const files = store instanceof PostgresStore && config.fileStorage === 'database' ? new FallbackStorage(store.fileStorage(), disk) : disk;
// Several nodes: broadcasts and rate limits go through Redis when given, else through PostgreSQL.
const cluster = config.redisUrl
  ? await redisCluster(config.redisUrl, logger)
  : config.databaseUrl
    ? postgresCluster(config.databaseUrl, logger)
    : undefined;
const server = createApp({ store, files, logger, cluster }, {
  sessionSecret: config.sessionSecret,
  adminToken: config.adminToken,
  trustProxy: config.trustProxy,
  rateLimits: config.rateLimits,
  publicUrl: config.publicUrl,
  webhooks: { allowPrivate: config.webhooksAllowPrivate },
  ai: config.ai,
});
const seeded = await seedDemo(store, server.services, {
  email: config.demoAgentEmail,
  password: config.demoAgentPassword,
});

server.httpServer.listen(config.port, config.host, () => {
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://localhost:${port}`;
  const lines = [
    '',
    `support-chat is running (data in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}${cluster ? `; nodes share ${cluster.name}` : ''})`,
    `  Demo page        ${base}/`,
    `  Agent inbox      ${base}/inbox`,
    `  Standalone chat  ${base}/c?k=${seeded.channelKey}`,
    `  Help pages       ${base}/help/${seeded.channelKey}`,
    `  CDN script       ${base}/widget.js`,
  ];
  if (seeded.agent) {
    lines.push(`  Demo agent       ${seeded.agent.email}`);
    lines.push(
      seeded.agent.generated
        ? `  Password         ${seeded.agent.password}   (generated; shown this once, set DEMO_AGENT_PASSWORD to choose)`
        : '  Password         from DEMO_AGENT_PASSWORD',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Whatever hangs (a dead database connection, a client that never closes), the process ends.
  setTimeout(() => process.exit(1), 10_000).unref();
  await server.close();
  await cluster?.close();
  await store.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
