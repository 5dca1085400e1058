import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { projectRoot } from '../../server/root.js';
import type { AgentClientEvents, AgentServerEvents, ChatMessage, Page } from '../../src/protocol.js';
import { ChatClient } from '../../src/client/chat-client.js';

const root = projectRoot();
export const AGENT = { email: 'faults@test.example', password: 'fault tests password 1' };
const SECRET = 'fault-tests-session-secret-0123456789abcdef';
export const FAULTS_ADMIN_TOKEN = 'fault-tests-admin-token-0123456789';

/** A free TCP port on loopback (the server must come back on the same one after a kill). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The built server as its own process (`node server/build/server/index.js`) on a fixed port and data
 * folder, so it can be killed for real and restarted on the same SQLite file.
 */
export class ServerProcess {
  readonly port: number;
  readonly dataDir: string;
  readonly #env: NodeJS.ProcessEnv;
  #child: ChildProcess | null = null;
  /** What the process wrote to stdout and stderr (the tail), since its last start. */
  output = '';

  /** `env` adds to or overrides the defaults below (a database, limits on, …). */
  constructor(port: number, dataDir = mkdtempSync(join(tmpdir(), 'support-chat-faults-')), env: NodeJS.ProcessEnv = {}) {
    this.port = port;
    this.dataDir = dataDir;
    this.#env = env;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [join(root, 'server/build/server/index.js')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        SESSION_SECRET: SECRET,
        DEMO_AGENT_EMAIL: AGENT.email,
        DEMO_AGENT_PASSWORD: AGENT.password,
        LOG_LEVEL: 'error',
        // Load through one proxy address on purpose (20 visitors x 50 messages): no limits.
        RATE_LIMITS: 'off',
        ADMIN_TOKEN: FAULTS_ADMIN_TOKEN,
        ...this.#env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 20_000);
      const read = (chunk: Buffer) => {
        // The last 64 KB of what the process wrote, for a failing test to show.
        this.output = (this.output + chunk.toString()).slice(-65_536);
        if (this.output.includes('support-chat is running')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}):\n${this.output}`));
      });
    });
  }

  /** Kills the process with `signal` (SIGKILL: no cleanup, no flush) and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await gone;
  }

  async cleanup(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * A TCP proxy we control in front of the server: it can hold back everything the server sends
 * (so an ack never arrives), cut every connection, or refuse new ones.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #pairs = new Set<[Socket, Socket]>();
  #upstreamPort: number;
  #holdDownstream = false;
  #holdUpstream = false;
  /** Connections that no longer deliver what the server sends (see `killOpen`). */
  readonly #dead = new WeakSet<[Socket, Socket]>();
  readonly #heldUpstream: Array<() => void> = [];
  #refuse: 'nothing' | 'websocket' | 'everything' = 'nothing';
  port = 0;

  constructor(upstreamPort: number) {
    this.#upstreamPort = upstreamPort;
    this.#server = createServer((client) => {
      if (this.#refuse === 'everything') {
        client.destroy();
        return;
      }
      const upstream = connect(this.#upstreamPort, '127.0.0.1');
      const pair: [Socket, Socket] = [client, upstream];
      this.#pairs.add(pair);
      const close = () => {
        this.#pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('data', (chunk) => {
        if (this.#refused(chunk)) return close();
        if (this.#holdUpstream) {
          // Stop reading: the client's writes back up in TCP, as on a very slow uplink.
          client.pause();
          this.#heldUpstream.push(() => {
            upstream.write(chunk);
            client.resume();
          });
          return;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!this.#holdDownstream && !this.#dead.has(pair)) client.write(chunk);
      });
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  /**
   * Refuses requests as a hostile network would: `websocket` closes any connection asking for
   * a WebSocket upgrade (plain HTTP still passes); `everything` closes every new connection.
   */
  refuse(what: 'nothing' | 'websocket' | 'everything'): void {
    this.#refuse = what;
  }

  #refused(chunk: Buffer): boolean {
    if (this.#refuse === 'nothing') return false;
    if (this.#refuse === 'everything') return true;
    const head = chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
    return /^GET [^\r\n]*\r\n[\s\S]*?^upgrade:\s*websocket/im.test(head);
  }

  /** Drops (never delivers) what the server sends from now on, until `release()`. */
  holdDownstream(): void {
    this.#holdDownstream = true;
  }

  release(): void {
    this.#holdDownstream = false;
  }

  /**
   * The connections open now stop delivering what the server sends, for good, without being
   * closed (a link that died unnoticed: a network switch, a laptop waking up); new ones work.
   */
  killOpen(): void {
    for (const pair of this.#pairs) this.#dead.add(pair);
  }

  /** Stops forwarding what clients send (uploads stall mid-way), until `releaseUpstream()`. */
  holdUpstream(): void {
    this.#holdUpstream = true;
  }

  releaseUpstream(): void {
    this.#holdUpstream = false;
    for (const resume of this.#heldUpstream.splice(0)) resume();
  }

  /** Cuts every open connection, as a network failure would. */
  cutAll(): void {
    for (const [client, upstream] of this.#pairs) {
      client.destroy();
      upstream.destroy();
    }
  }

  /** Cuts one connection chosen at random (if any). */
  cutOne(random: () => number): void {
    const pairs = [...this.#pairs];
    const pair = pairs[Math.floor(random() * pairs.length)];
    pair?.[0].destroy();
    pair?.[1].destroy();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

/** A server process (`env` as `ServerProcess` takes it) with a proxy in front, and one call to release both (and the clients given). */
export async function serverBehindProxy(env: NodeJS.ProcessEnv = {}): Promise<{ server: ServerProcess; proxy: TcpProxy; release(...clients: Array<{ stop?(): void; disconnect?(): unknown } | undefined>): Promise<void> }> {
  const server = new ServerProcess(await freePort(), undefined, env);
  await server.start();
  const proxy = new TcpProxy(server.port);
  await proxy.listen();
  return {
    server,
    proxy,
    release: async (...clients) => {
      for (const client of clients) {
        client?.stop?.();
        client?.disconnect?.();
      }
      await proxy.close();
      await server.cleanup();
    },
  };
}

/** localStorage for a Node client: the session keeps its visitor id and outbox here. */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
  };
}

/** The widget's own ChatClient (the code the element runs), here in Node, until it is ready. */
export async function visitor(server: string, channel = 'demo'): Promise<ChatClient> {
  const session = new ChatClient({ channel, server, storage: memoryStorage() });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('visitor never became ready')), 15_000)));
  await Promise.race([session.connect(), timeout]).finally(() => clearTimeout(timer));
  return session;
}

export async function agentToken(server: string): Promise<string> {
  const response = await fetch(`${server}/api/v1/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(AGENT),
  });
  if (!response.ok) throw new Error(`agent login failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Every message of a conversation, as the store has it (read through the agent API). */
export async function storedMessages(server: string, token: string, conversationId: string): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  for (let after = 0; ; ) {
    const response = await fetch(`${server}/api/v1/agent/conversations/${conversationId}/messages?after=${after}&limit=100`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as Page<ChatMessage>;
    messages.push(...page.data);
    if (!page.hasMore || !page.data.length) return messages;
    after = page.data.at(-1)!.seq;
  }
}

export function agentSocket(server: string, token: string): ClientSocket<AgentServerEvents, AgentClientEvents> {
  return io(`${server}/agent`, { auth: { token }, transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1000 });
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small deterministic random source, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
