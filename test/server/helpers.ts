import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { dirname, join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createApp, type App, type AppOptions } from '../../server/app.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { LocalDiskStorage } from '../../server/uploads/storage.js';
import type {
  AgentClientEvents,
  AgentServerEvents,
  SessionJoined,
  SessionResponse,
  WidgetClientEvents,
  WidgetServerEvents,
} from '../../src/protocol.js';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const AGENT = { email: 'agent@test.example', password: 'correct horse battery staple', name: 'Ada Agent' };

export interface TestServer {
  url: string;
  app: App;
  store: SqliteStore;
  file: string;
  /** Stops the server and the store; the data file stays until `cleanup()`. */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A temporary folder for one test's SQLite file. */
export function tempDataFile(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'support-chat-test-'));
  return { file: join(dir, 'support-chat.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Where a test server beside `file` keeps its uploads. */
export const uploadsDir = (file: string): string => join(dirname(file), 'uploads');

/**
 * A real server on port 0 over a real SQLite file, with a `test` channel and one agent
 * (created on first use of the file). Pass the `file` of a stopped server to restart on it.
 */
export async function startServer(
  options: { file?: string; rateLimits?: AppOptions['rateLimits']; webhooks?: AppOptions['webhooks']; ai?: AppOptions['ai']; answering?: AppOptions['answering'] } = {},
): Promise<TestServer> {
  const data = options.file ? { file: options.file, remove: () => {} } : tempDataFile();
  const store = new SqliteStore(data.file);
  // Limits are off unless a test is about them: suites send bursts from one address on purpose.
  const files = new LocalDiskStorage(uploadsDir(data.file));
  const app = createApp(
    { store, files },
    {
      sessionSecret: SECRET,
      adminToken: ADMIN_TOKEN,
      rateLimits: options.rateLimits ?? false,
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
      ...(options.ai ? { ai: options.ai } : {}),
      ...(options.answering ? { answering: options.answering } : {}),
    },
  );
  if (!(await store.getChannel('test'))) {
    await store.createChannel({ key: 'test', name: 'Test', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
    await app.services.agents.create({ ...AGENT, role: 'agent' });
  }
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    await store.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    file: data.file,
    stop,
    cleanup: async () => {
      await stop();
      data.remove();
    },
  };
}

/** A suite's server (`suiteServer`): a `TestServer` with the test agent's token. */
export interface SuiteServer extends TestServer {
  token: string;
  /** Sockets a test opens: disconnected before the server stops. */
  readonly sockets: Array<{ disconnect(): unknown }>;
}

/**
 * Called at the top of a file or a `describe`: its `before` starts a server (`startServer(options)`)
 * and signs the test agent in, its `after` disconnects `sockets` and cleans the server up.
 * The fields are there once `before` has run; a hook that needs them belongs in a `describe`
 * (Node 20 does not wait for one top-level `before` before running the next).
 */
export function suiteServer(options: Parameters<typeof startServer>[0] = {}): SuiteServer {
  const server = { sockets: [] } as Partial<SuiteServer> as SuiteServer;
  before(async () => {
    Object.assign(server, await startServer(options));
    server.token = await loginAgent(server.url);
  });
  after(async () => {
    for (const socket of server.sockets) socket.disconnect();
    await server.cleanup?.();
  });
  return server;
}

export async function json<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? null : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

export async function startVisitor(url: string, body: object = {}, channel = 'test'): Promise<SessionResponse> {
  const { status, body: session } = await json<SessionResponse>(`${url}/api/v1/widget/channels/${channel}/session`, { body });
  if (status !== 201) throw new Error(`session failed: ${status} ${JSON.stringify(session)}`);
  return session;
}

export type WidgetSocket = Socket<WidgetServerEvents, WidgetClientEvents>;
export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

/** A connected `/widget` socket and the `session:joined` it received (for `conversationId`, when given). */
export async function connectVisitor(url: string, token: string, after?: number, conversationId?: string): Promise<{ socket: WidgetSocket; joined: SessionJoined }> {
  const socket: WidgetSocket = io(`${url}/widget`, {
    auth: { token, ...(after === undefined ? {} : { after }), ...(conversationId === undefined ? {} : { conversationId }) },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const joined = await new Promise<SessionJoined>((resolve, reject) => {
    socket.once('session:joined', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, joined };
}

export async function loginAgent(url: string): Promise<string> {
  const { status, body } = await json<{ token: string }>(`${url}/api/v1/agent/login`, {
    body: { email: AGENT.email, password: AGENT.password },
  });
  if (status !== 200) throw new Error(`agent login failed: ${status}`);
  return body.token;
}

export async function connectAgent(url: string, token: string): Promise<AgentSocket> {
  const socket: AgentSocket = io(`${url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the next `event` on `socket` that `match` accepts. */
export function nextEvent<T>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** One request a `receiver()` got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A real HTTP receiver (a webhook endpoint); `answer` picks the status for each request (by its index). */
export async function receiver(answer: (index: number) => number = () => 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ headers: req.headers, body, at: Date.now() });
    res.writeHead(answer(received.length - 1)).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A TCP port free at the moment of asking, for a child process to listen on. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
