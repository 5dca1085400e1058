import type { AgentLoginResponse, SearchPage } from '../protocol.js';
import { AiAgents } from './ai-agents.js';
import { Articles } from './articles.js';
import { CannedReplies, Labels } from './canned-labels.js';
import { Channels, Faqs, Links } from './channels.js';
import { Conversations, Messages, Uploads } from './conversations.js';
import { LiveVisitors } from './live-visitors.js';
import { Http, type HttpOptions, type ResponseMeta } from './http.js';
import { Realtime } from './realtime.js';
import { search } from './search.js';
import { Agents, Bots } from './team.js';
import { Webhooks } from './webhooks.js';
// ---- desk: notes
import { Notes } from './notes.js';
// ---- desk: reports
import { Reports } from './reports.js';
import { Teams } from './teams.js';

export interface SupportChatAdminOptions {
  /** The support-chat server's origin, like `https://chat.example.com`. */
  server: string;
  /**
   * Who calls: the server's `ADMIN_TOKEN` (the admin API), an agent's session token (the agent
   * API, and the admin API for an admin), or a bot's API token (`scb_…`, the agent API).
   */
  token: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
}

/**
 * The agent and admin API for an operator's own backend, typed: every operation the REST API
 * has, plus live events. Uses `fetch` (and Web Crypto), so it runs in Node ≥ 20, Deno and
 * workers; `realtime` also needs socket.io-client's WebSocket, loaded on first use.
 *
 * ```ts
 * const sc = new SupportChatAdmin({ server: 'https://chat.example.com', token: process.env.SUPPORT_CHAT_TOKEN });
 * const { data, hasMore } = await sc.conversations.list({ status: 'open' });
 * ```
 * A refusal throws the client's error classes (`NotFoundError`, `RateLimitError`, …).
 */
export class SupportChatAdmin {
  readonly #http: Http;
  readonly channels: Channels;
  readonly faqs: Faqs;
  /** Help articles (an admin's token). */
  readonly articles: Articles;
  readonly links: Links;
  readonly agents: Agents;
  readonly bots: Bots;
  readonly webhooks: Webhooks;
  /** AI agents (an admin's token). */
  readonly aiAgents: AiAgents;
  readonly conversations: Conversations;
  readonly messages: Messages;
  /** A visitor's conversations, who is on the site now, starting a conversation with them. */
  readonly visitors: LiveVisitors;
  readonly uploads: Uploads;
  /** Live events over the `/agent` namespace (an agent's or a bot's token). */
  readonly realtime: Realtime;
  // ---- desk: notes
  /** Private notes in conversations (an agent's or a bot's token). */
  readonly notes: Notes;
  // ---- desk: canned replies and labels
  /** Canned replies: the caller's own and the shared ones (an agent's token). */
  readonly canned: CannedReplies;
  /** Label definitions (applied with `conversations.setLabels`). */
  readonly labels: Labels;
  // ---- desk: reports
  /** Reports per channel and period, as JSON or CSV (an agent's or a bot's token). */
  readonly reports: Reports;
  /** Teams and routing (an admin's token; `teams.forAgents()` for any agent). */
  readonly teams: Teams;

  constructor(options: SupportChatAdminOptions) {
    if (!options.server) throw new TypeError('SupportChatAdmin: `server` is required');
    if (!options.token) throw new TypeError('SupportChatAdmin: `token` is required');
    const http = new Http(options);
    this.#http = http;
    this.channels = new Channels(http);
    this.faqs = new Faqs(http);
    this.articles = new Articles(http);
    this.links = new Links(http);
    this.agents = new Agents(http);
    this.bots = new Bots(http);
    this.webhooks = new Webhooks(http);
    this.aiAgents = new AiAgents(http);
    this.conversations = new Conversations(http);
    this.messages = new Messages(http);
    this.visitors = new LiveVisitors(http);
    this.uploads = new Uploads(http);
    this.realtime = new Realtime(http.server, options.token);
    // ---- desk: notes
    this.notes = new Notes(http);
    // ---- desk: canned replies and labels
    this.canned = new CannedReplies(http);
    this.labels = new Labels(http);
    // ---- desk: reports
    this.reports = new Reports(http);
    this.teams = new Teams(http);
  }

  /** Signs an agent in with email and password: the answer's `token` is what to construct the SDK with. */
  static login(options: Omit<HttpOptions, 'token'> & { email: string; password: string }): Promise<AgentLoginResponse> {
    const { email, password, ...http } = options;
    return new Http({ ...http, token: '' }).call('POST', '/agent/login', { body: { email, password } });
  }

  /** An invited agent chooses a password (12 characters or more) and is signed in. */
  static acceptInvite(options: Omit<HttpOptions, 'token'> & { token: string; password: string }): Promise<AgentLoginResponse> {
    const { token, password, ...http } = options;
    return new Http({ ...http, token: '' }).call('POST', '/agent/invites/accept', { body: { token, password } });
  }

  /** The request id, status and rate-limit headers of the last answer (an error's too). */
  get lastMeta(): ResponseMeta | undefined {
    return this.#http.lastMeta;
  }

  // ---- desk: search
  /**
   * Searches messages, visitors (name, email, external id) and ids, best first (an agent's or a
   * bot's token); pass the page's `nextCursor` as `cursor` for the next one.
   * ```ts
   * const { data, nextCursor } = await sc.search('refund order', { limit: 20 });
   * ```
   */
  search(q: string, options: { limit?: number; cursor?: string } = {}): Promise<SearchPage> {
    return search(this.#http, q, options);
  }

  /** Closes the realtime socket; requests can still be made. */
  close(): void {
    this.realtime.close();
  }
}
