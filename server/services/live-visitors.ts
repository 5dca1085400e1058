import type { ChatMessage, ConversationSummary, OnlineVisitor, Page, StartVisitorConversationRequest, VisitorPage } from '../../src/protocol.js';
import type { AgentClaims } from '../auth/tokens.js';
import { ServiceError } from '../errors.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { VisitStart } from '../store/live-visitor-store.js';
import type { Store } from '../store/store.js';
import type { FileService } from './files.js';
import type { ConversationPublisher } from './publisher.js';

/** A gap this long with no widget of the visitor connected ends their visit. */
export const VISIT_GAP_MS = 30 * 60_000;

/** One connected widget as the socket layer holds it (`socket.data`), on whichever node. */
export interface LiveSocket {
  visitorId: string;
  channel: string;
  page: VisitorPage;
  /** ISO 8601: when this tab arrived on `page`. */
  onPageSince: string;
  /** ISO 8601: when this socket connected (the visit's start until the store said). */
  connectedAt: string;
  visit: VisitStart | null;
  device: OnlineVisitor['device'];
}

/** The sockets of connected widgets, on every node (the realtime layer answers with `fetchSockets()`). */
export interface LiveSockets {
  /** Of these visitors only, or of one channel, or all. */
  find(filter: { channel?: string | undefined; visitorIds?: string[] }): Promise<LiveSocket[]>;
  /** A visitor's widget changed page: agents hear of it (throttled). */
  changed(visitorId: string, channel: string): void;
}

/** What an agent starting a conversation gets: the conversation (its `lastMessage` is the agent's first message). */
export interface StartedConversation {
  conversation: ConversationSummary;
  message: ChatMessage;
  created: boolean;
}

/** A visitor's tabs as one entry, without what the store adds. */
type Gathered = Omit<OnlineVisitor, 'name' | 'email' | 'conversations'>;

/** Several tabs of one visitor: the newest page, the earliest visit, every tab counted. */
function gather(sockets: LiveSocket[]): Map<string, Gathered> {
  const visitors = new Map<string, Gathered & { since: string }>();
  for (const socket of sockets) {
    const start = socket.visit?.startedAt ?? socket.connectedAt;
    const seen = visitors.get(socket.visitorId);
    const newestPage = !seen || socket.onPageSince > seen.onPageSince;
    const earliestVisit = !seen || start < seen.connectedAt;
    visitors.set(socket.visitorId, {
      visitorId: socket.visitorId,
      channel: socket.channel,
      page: newestPage ? socket.page : seen.page,
      onPageSince: newestPage ? socket.onPageSince : seen.onPageSince,
      device: newestPage ? socket.device : seen.device,
      connectedAt: earliestVisit ? start : seen.connectedAt,
      returning: earliestVisit ? (socket.visit?.returning ?? false) : seen.returning,
      tabs: (seen?.tabs ?? 0) + 1,
      since: start,
    });
  }
  return new Map([...visitors].map(([id, { since: _since, ...visitor }]) => [id, visitor]));
}

/**
 * Who is on the site now (§12): visitors whose widget socket is connected, on any node, with
 * their page, visit and conversations; and an agent starting a conversation with one of them.
 * The socket layer hands in where the sockets are (`connect`) and tells of arrivals and leaves.
 */
export class LiveVisitorService {
  readonly #store: Store;
  readonly #limits: RateLimits;
  readonly #files: FileService;
  readonly #publisher: ConversationPublisher;
  #sockets: LiveSockets | null = null;

  constructor(store: Store, limits: RateLimits, files: FileService, publisher: ConversationPublisher) {
    this.#store = store;
    this.#limits = limits;
    this.#files = files;
    this.#publisher = publisher;
  }

  /** The realtime layer's sockets (null: none, as before the app listens). */
  connect(sockets: LiveSockets | null): void {
    this.#sockets = sockets;
  }

  /** Visitors online now, newest visit first. */
  async online(query: { channel?: string | undefined; limit: number }): Promise<Page<OnlineVisitor>> {
    const gathered = [...gather(await this.#find({ channel: query.channel })).values()].sort(
      (a, b) => b.connectedAt.localeCompare(a.connectedAt) || a.visitorId.localeCompare(b.visitorId),
    );
    return { data: await this.#complete(gathered.slice(0, query.limit)), hasMore: gathered.length > query.limit };
  }

  /** These visitors as they are now; those with no widget connected are left out. */
  async describe(visitorIds: string[]): Promise<OnlineVisitor[]> {
    return this.#complete([...gather(await this.#find({ visitorIds })).values()]);
  }

  /** A visitor's widget changed page (the socket layer keeps where it is). */
  changed(visitorId: string, channel: string): void {
    this.#sockets?.changed(visitorId, channel);
  }

  /** A widget of the visitor connected: where their visit stands (null when the visitor is gone). */
  arrived(visitorId: string, now = new Date()): Promise<VisitStart | null> {
    return this.#store.visitorArrived(visitorId, now.toISOString(), VISIT_GAP_MS);
  }

  /** A widget of the visitor disconnected. */
  left(visitorId: string, now = new Date()): Promise<void> {
    return this.#store.visitorSeen(visitorId, now.toISOString());
  }

  /**
   * An agent opens a conversation with a visitor on the site: explicit (the visitor's default
   * one is left alone), assigned to the agent, answered by the team, with the agent's first
   * message. The visitor's widgets hear `conversation:created`, then `message:created`. The same
   * `clientId` again answers with the same conversation (`created` false).
   */
  async startConversation(agent: AgentClaims, visitorId: string, request: StartVisitorConversationRequest): Promise<StartedConversation> {
    const visitor = await this.#store.getVisitor(visitorId);
    if (!visitor) throw new ServiceError('not_found', 'visitor not found', { param: 'visitorId' });
    const channel = await this.#store.getChannel(visitor.channelKey);
    if (!channel) throw new ServiceError('not_found', 'visitor not found', { param: 'visitorId' });
    // One budget per agent and one per visitor: no agent floods the site, no visitor is hounded.
    await this.#limits.consume('startConversation', agent.agentId);
    await this.#limits.consume('visitorInvited', visitorId);
    if (!(await this.#find({ visitorIds: [visitorId] })).length) {
      throw new ServiceError('conflict', 'the visitor is not on the site now: no widget of theirs is connected', { param: 'visitorId' });
    }
    const { conversation } = await this.#store.createConversation({
      channelId: channel.id,
      visitorId,
      // The agent's key, apart from the keys the visitor's own widget opens conversations with.
      clientId: `agent-${agent.agentId}-${request.clientId}`,
      subject: null,
      attributes: {},
      handler: { handledBy: 'human', aiAgentId: null },
    });
    // Not written in yet (also after a start that failed half-way): assigned and announced first,
    // so the widget knows the conversation before its first message.
    if (conversation.lastSeq === 0) {
      await this.#store.assign(conversation.id, agent.agentId);
      await this.#publisher.opened(conversation.id);
    }
    const stored = await this.#publisher.stored(() =>
      this.#store.appendMessage({ conversationId: conversation.id, clientId: request.clientId, from: 'agent', authorId: agent.agentId, text: request.text }),
    );
    const { message, created } = this.#publisher.published({ ...conversation, lastSeq: stored.message.seq }, stored, 'agent', agent.agentId);
    const summary = await this.#store.getConversationSummary(conversation.id);
    return { conversation: this.#files.presentSummary(summary!), message, created };
  }

  async #find(filter: { channel?: string | undefined; visitorIds?: string[] }): Promise<LiveSocket[]> {
    if (!this.#sockets) return [];
    try {
      return await this.#sockets.find(filter);
    } catch {
      // A node that does not answer in time (the adapter's timeout): say so rather than list part of the site.
      throw new ServiceError('unavailable', 'a server node did not answer: try again in a moment', { retryAfter: 5 });
    }
  }

  /** Adds name, email and conversation counts from the store. */
  async #complete(visitors: Gathered[]): Promise<OnlineVisitor[]> {
    const facts = new Map((await this.#store.liveVisitorFacts(visitors.map((visitor) => visitor.visitorId))).map((row) => [row.visitorId, row]));
    return visitors.flatMap((visitor) => {
      const known = facts.get(visitor.visitorId);
      if (!known) return [];
      return [{
        ...visitor,
        ...(known.name ? { name: known.name } : {}),
        ...(known.email ? { email: known.email } : {}),
        conversations: { open: known.openConversations, total: known.totalConversations },
      }];
    });
  }
}
