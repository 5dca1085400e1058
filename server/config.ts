import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the server reads from the environment, typed, in one place. */
export interface ServerConfig {
  port: number;
  host: string | undefined;
  dataDir: string;
  /** PostgreSQL instead of the embedded SQLite file (several nodes share it). */
  databaseUrl: string | undefined;
  /** Where uploaded files live: `database` (the default with DATABASE_URL) or `disk` (DATA_DIR/uploads). */
  fileStorage: 'database' | 'disk';
  /** Redis for Socket.IO broadcasts and rate limits across nodes (else PostgreSQL does it). */
  redisUrl: string | undefined;
  sessionSecret: string;
  adminToken: string | undefined;
  publicUrl: string | undefined;
  trustProxy: boolean | number | string;
  demoAgentEmail: string;
  demoAgentPassword: string | undefined;
  logLevel: string;
  /** RATE_LIMITS=off disables every limit (load tests and benchmarks only). */
  rateLimits: boolean;
  /** WEBHOOKS_ALLOW_PRIVATE=1: webhook URLs may reach loopback, link-local and private addresses. */
  webhooksAllowPrivate: boolean;
  /** The model an AI agent uses when it names none (AI_BASE_URL, AI_API_KEY, AI_MODEL; trusted as set). */
  ai: AiDefaults;
}

/** Server defaults for AI agents, from the operator's environment. */
export interface AiDefaults {
  /** An OpenAI-compatible endpoint (`…/v1`); from the environment, so trusted even when private. */
  baseUrl: string | undefined;
  apiKey: string | undefined;
  model: string | undefined;
  /** AI_ALLOW_PRIVATE=1: an endpoint set through the API may be private too (a local Ollama). */
  allowPrivate: boolean;
}

const flag = (value: string | undefined) => value === '1' || value === 'true';

function aiDefaults(env: NodeJS.ProcessEnv): AiDefaults {
  const baseUrl = env.AI_BASE_URL?.replace(/\/$/, '') || undefined;
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl)) throw new Error(`AI_BASE_URL must be an http(s) URL, got ${baseUrl}`);
  return { baseUrl, apiKey: env.AI_API_KEY || undefined, model: env.AI_MODEL || undefined, allowPrivate: flag(env.AI_ALLOW_PRIVATE) };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // a list of addresses or subnets, as Express reads it
}

/** SESSION_SECRET, or one generated on first start and kept in DATA_DIR (mode 0600). */
function sessionSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function fileStorage(env: NodeJS.ProcessEnv): 'database' | 'disk' {
  const value = env.FILE_STORAGE || (env.DATABASE_URL ? 'database' : 'disk');
  if (value !== 'database' && value !== 'disk') throw new Error(`FILE_STORAGE must be database or disk, got ${value}`);
  if (value === 'database' && !env.DATABASE_URL) throw new Error('FILE_STORAGE=database needs DATABASE_URL');
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const secret = sessionSecret(dataDir, env.SESSION_SECRET);
  if (secret.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters');
  return {
    port,
    host: env.HOST || undefined,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    fileStorage: fileStorage(env),
    sessionSecret: secret,
    adminToken: env.ADMIN_TOKEN || undefined,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, '') || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    demoAgentEmail: env.DEMO_AGENT_EMAIL || 'agent@example.com',
    demoAgentPassword: env.DEMO_AGENT_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    rateLimits: env.RATE_LIMITS !== 'off',
    webhooksAllowPrivate: flag(env.WEBHOOKS_ALLOW_PRIVATE),
    ai: aiDefaults(env),
  };
}
