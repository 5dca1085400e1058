import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { linkSignature } from '../../server/auth/links.js';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createApp, type App } from '../../server/app.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { LocalDiskStorage } from '../../server/uploads/storage.js';
import { DEFAULT_UPLOAD_POLICY, type AgentClientEvents, type AgentServerEvents, type Block, type ChatMessage, type MessageSource, type Sender, type ToolCallRequest } from '../../src/protocol.js';
import { TcpProxy } from '../faults/harness.js';
import { pdf, png } from '../server/files.js';
import { WebhookReceiver } from './webhook-receiver.js';

const AGENT = { email: 'e2e-agent@test.example', password: 'e2e agent password 123', name: 'Eve Agent' };
/** Another agent of the team, for what a colleague does while the inbox's agent looks. */
const COLLEAGUE = { email: 'e2e-colleague@test.example', password: 'e2e colleague password 123', name: 'Cole Colleague' };

type Command = { command: string; payload?: Record<string, unknown> };

/**
 * A web-test-runner plugin that runs a real support-chat server (temporary SQLite file) for
 * the whole browser run, and a real agent (`socket.io-client` on `/agent`) that tests drive
 * through `executeServerCommand`.
 */
export function supportChatServerPlugin() {
  let app: App | undefined;
  let store: SqliteStore | undefined;
  let dir = '';
  let url = '';
  let agent: Socket<AgentServerEvents, AgentClientEvents> | undefined;
  let proxy: TcpProxy | undefined;
  /** The inbox's own way to the server, cut by the inbox tests without touching the visitors' proxy. */
  let agentProxy: TcpProxy | undefined;
  let identitySecret: string | undefined;
  let linkSecret: string | undefined;
  const seen: ChatMessage[] = [];
  const locales: string[] = [];
  const waiters = new Set<() => void>();
  const webhookReceiver = new WebhookReceiver();

  async function connectAgent(): Promise<Socket<AgentServerEvents, AgentClientEvents>> {
    if (agent?.connected) return agent;
    const response = await fetch(`${url}/api/v1/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: AGENT.email, password: AGENT.password }),
    });
    const { token } = (await response.json()) as { token: string };
    const socket: Socket<AgentServerEvents, AgentClientEvents> = io(`${url}/agent`, { auth: { token }, transports: ['websocket'] });
    socket.on('message:created', (message) => {
      seen.push(message);
      for (const wake of waiters) wake();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    agent = socket;
    return socket;
  }

  /** The agent replies in a conversation over its socket; a refusal throws. */
  async function agentSend(conversationId: string, clientId: string, text: string, attachmentIds?: string[], blocks?: Block[]): Promise<ChatMessage> {
    const socket = await connectAgent();
    const ack = await socket.timeout(5000).emitWithAck('message:send', { conversationId, clientId, text, ...(attachmentIds ? { attachmentIds } : {}), ...(blocks ? { blocks } : {}) });
    if ('error' in ack) throw new Error(ack.error.message);
    return ack.data;
  }

  function waitForVisitorMessage(text: string, timeoutMs: number): Promise<ChatMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = seen.find((message) => message.from === 'visitor' && message.text === text);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`the agent never saw "${text}"`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  }

  return {
    name: 'support-chat-server',

    async serverStart() {
      dir = mkdtempSync(join(tmpdir(), 'support-chat-wtr-'));
      store = new SqliteStore(join(dir, 'support-chat.sqlite'));
      // A channel whose business hours never open: always away, whatever agents are connected.
      await store.createChannel({ key: 'e2e-away', name: 'Away', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS, businessHours: { timezone: 'UTC', days: [] } } });
      await store.createChannel({ key: 'e2e', name: 'E2E', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS, greeting: 'Hello from e2e' } });
      // Limits off: every browser test opens sessions from the same address.
      app = createApp({ store, files: new LocalDiskStorage(join(dir, 'uploads')) }, { sessionSecret: 'browser-tests-secret-0123456789abcdef', rateLimits: false, webhooks: { allowPrivate: true } });
      await app.services.agents.create({ ...AGENT, role: 'agent' });
      // Records the X-Locale of every widget API request (not CORS preflights, and not the channel
      // config, a plain GET sent without it so that it needs no preflight), for the locale tests.
      app.httpServer.prependListener('request', (request) => {
        const url = request.url ?? '';
        if (request.method !== 'OPTIONS' && url.startsWith('/api/v1/widget/') && !/\/config(\?|$)/.test(url)) locales.push(String(request.headers['x-locale'] ?? ''));
      });
      await new Promise<void>((resolve) => app!.httpServer.listen(0, '127.0.0.1', resolve));
      const port = (app.httpServer.address() as AddressInfo).port;
      url = `http://127.0.0.1:${port}`;
      proxy = new TcpProxy(port);
      await proxy.listen();
      agentProxy = new TcpProxy(port);
      await agentProxy.listen();
    },

    async serverStop() {
      agent?.disconnect();
      await proxy?.close();
      await agentProxy?.close();
      await app?.close();
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    },

    async executeCommand({ command, payload = {} }: Command) {
      switch (command) {
        case 'chat-offline':
          // The visitor's network, cut for real: the proxy in front of the server closes every
          // connection and refuses new ones. (Chromium's offline emulation does not stop
          // loopback traffic here, and it would also cut the page's link to the test runner.)
          proxy!.refuse(payload.offline ? 'everything' : 'nothing');
          if (payload.offline) proxy!.cutAll();
          return true;
        case 'chat-agent-network':
          // The inbox's network (through `agentProxyUrl`), cut for real as `chat-offline` cuts the visitor's.
          agentProxy!.refuse(payload.offline ? 'everything' : 'nothing');
          if (payload.offline) agentProxy!.cutAll();
          return true;
        case 'chat-agent-silence':
          // What the server sends the inbox is lost while its link stays up, as on a network that
          // drops packets or a laptop waking up: nothing tells the socket it missed anything.
          if (payload.silent) agentProxy!.holdDownstream();
          else agentProxy!.release();
          return true;
        case 'chat-agent-link-dies':
          // The inbox's open connections (its socket) deliver nothing more and are not closed; a new one (REST) works.
          agentProxy!.killOpen();
          return true;
        case 'chat-colleague-send': {
          // Another agent answers, through the same service as a reply from their own inbox.
          const colleague = (await store!.getAgentByEmail(COLLEAGUE.email)) ?? (await app!.services.agents.create({ ...COLLEAGUE, role: 'agent' }));
          const request = { clientId: `colleague-${randomBytes(8).toString('hex')}`, text: String(payload.text) };
          return (await app!.services.conversations.sendFromAgent({ agentId: colleague.id, role: 'agent' }, String(payload.conversationId), request)).message;
        }
        // ---- desk: notes
        case 'chat-colleague-note': {
          // Another agent writes a private note, through the same service as their own inbox.
          const colleague = (await store!.getAgentByEmail(COLLEAGUE.email)) ?? (await app!.services.agents.create({ ...COLLEAGUE, role: 'agent' }));
          const request = { clientId: `colleague-note-${randomBytes(8).toString('hex')}`, text: String(payload.text) };
          return (await app!.services.notes.create({ agentId: colleague.id, role: 'agent' }, String(payload.conversationId), request)).note;
        }
        case 'chat-agent-send':
          return agentSend(String(payload.conversationId), String(payload.clientId), String(payload.text), undefined, payload.blocks as Block[] | undefined);
        case 'chat-server':
          return { url, proxyUrl: proxy!.url, agentProxyUrl: agentProxy!.url, agentName: AGENT.name, agentEmail: AGENT.email, agentPassword: AGENT.password };
        case 'chat-locales-seen':
          return locales.splice(0);
        case 'chat-widget-sockets':
          return (await app!.io.of('/widget').fetchSockets()).length;
        case 'chat-agent-connect':
          await connectAgent();
          return true;
        case 'chat-agent-reply': {
          // Waits until the agent has seen the visitor's message, then answers in its conversation.
          await connectAgent();
          const visitorMessage = await waitForVisitorMessage(String(payload.to), 10_000);
          return agentSend(visitorMessage.conversationId, `agent-${Date.now()}`, String(payload.text));
        }
        case 'chat-agent-send-many': {
          const stored: ChatMessage[] = [];
          for (const [i, text] of (payload.texts as string[]).entries()) stored.push(await agentSend(String(payload.conversationId), `many-${i}`, text));
          return stored.length;
        }
        case 'chat-agent-read': {
          const socket = await connectAgent();
          const ack = await socket.timeout(5000).emitWithAck('read', { conversationId: String(payload.conversationId), seq: Number(payload.seq) });
          if ('error' in ack) throw new Error(ack.error.message);
          return true;
        }
        case 'chat-enable-logins': {
          // The host's backend side: the channel accepts HMAC and assertion logins.
          const channel = (await store!.getChannel('e2e'))!;
          identitySecret ??= randomBytes(32).toString('base64url');
          await store!.setChannelSecret(channel.id, 'identity', identitySecret);
          await store!.updateChannel('e2e', { settings: { ...channel.settings, hmac: true, assertion: true } });
          return true;
        }
        case 'chat-signed-link': {
          const channel = (await store!.getChannel('e2e'))!;
          linkSecret ??= randomBytes(32).toString('base64url');
          await store!.setChannelSecret(channel.id, 'link', linkSecret);
          await store!.updateChannel('e2e', { settings: { ...channel.settings, links: true } });
          const t = Math.floor(Date.now() / 1000);
          const u = String(payload.u);
          const nick = String(payload.nick);
          return new URLSearchParams({ u, nick, t: String(t), s: linkSignature(linkSecret, 'e2e', t, u, nick) }).toString();
        }
        case 'chat-user-hash':
          return createHmac('sha256', identitySecret!).update(String(payload.id)).digest('hex');
        case 'chat-assertion': {
          return jwt.sign({ channel: 'e2e' }, identitySecret!, {
            algorithm: 'HS256',
            subject: String(payload.sub),
            expiresIn: 120,
            jwtid: randomBytes(12).toString('hex'),
          });
        }
        case 'chat-invite':
          return (await app!.services.agents.invite({ email: String(payload.email), name: String(payload.name), role: 'agent' })).invite;
        case 'chat-hold-uploads':
          if (payload.hold) proxy!.holdUpstream();
          else proxy!.releaseUpstream();
          return true;
        case 'chat-uploads-stored':
          return existsSync(join(dir, 'uploads')) ? readdirSync(join(dir, 'uploads')).length : 0;
        case 'chat-agent-send-file': {
          // An agent's upload through the real service (sniffed, measured, stored), then sent.
          const agentRecord = (await store!.getAgentByEmail(AGENT.email))!;
          const uploader = { agent: { agentId: agentRecord.id, role: agentRecord.role } };
          const target = { policy: DEFAULT_UPLOAD_POLICY, channel: null };
          const bytes = payload.kind === 'pdf' ? pdf() : png(Number(payload.width), Number(payload.height));
          const attachment = await app!.services.files.store(uploader, target, { bytes, fileName: String(payload.name) });
          return agentSend(String(payload.conversationId), `file-${attachment.id}`, '', [attachment.id]);
        }
        case 'chat-tool-call': {
          // What an agent's POST …/tool-calls answers: the result, or the error it gets.
          try {
            return await app!.services.tools.call(String(payload.conversationId), payload.request as ToolCallRequest);
          } catch (error) {
            return { error: { code: (error as { code?: string }).code, message: (error as Error).message } };
          }
        }
        case 'chat-messages':
          return (await app!.services.conversations.agentMessages(String(payload.conversationId), { limit: 100 })).data;
        case 'chat-close':
          return app!.services.conversations.closeByAgent(String(payload.id));
        case 'chat-visitor':
          return store!.getVisitor(String(payload.id));
        case 'chat-conversation':
          return app!.services.conversations.getForAgent(String(payload.id));
        case 'chat-store-message': {
          // A prepared message, written to the store as it would be kept (an AI answer with its
          // sources, a visitor's question): nothing answers it and nobody is told.
          const sources = payload.sources as MessageSource[] | undefined;
          const { message } = await store!.appendMessage({
            conversationId: String(payload.conversationId), clientId: `stored-${randomBytes(8).toString('hex')}`, from: payload.from as Sender,
            authorId: typeof payload.authorId === 'string' ? payload.authorId : null, text: String(payload.text), ...(sources ? { sources } : {}),
          });
          return message;
        }
        case 'chat-admin-token': {
          // The server has no ADMIN_TOKEN: an admin agent (created once) signs in instead.
          const admin = { email: 'e2e-admin@test.example', password: 'e2e admin password 123', name: 'Ada Admin' };
          if (!(await store!.getAgentByEmail(admin.email))) await app!.services.agents.create({ ...admin, role: 'admin' });
          return (await app!.services.agents.login({ email: admin.email, password: admin.password })).token;
        }
        case 'chat-webhook-receiver': {
          // A real endpoint for webhooks: its URL and every request it got; `close` stops it.
          if (payload.close) return webhookReceiver.close().then(() => true);
          return { url: await webhookReceiver.start(), requests: webhookReceiver.requests };
        }
        case 'chat-webhook-answer':
          webhookReceiver.answer(Number(payload.status));
          return true;
        default:
          return undefined;
      }
    },
  };
}
