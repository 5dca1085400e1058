import { LIMITS, type AgentSendRequest, type ChatMessage, type Conversation, type ConversationStatus, type ConversationSummary, type Page } from '../../src/protocol.js';
import type { AgentClaims } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { ChatEventBus } from './events.js';
import type { FileService } from './files.js';
import { closedConflict, withoutSummary, type ConversationPublisher, type MessagePage, type SendResult } from './publisher.js';

/**
 * Conversations as the team works them: the one place both transports (REST and Socket.IO)
 * go through for an agent's reads and writes. The visitor's side is `visitor-conversations.ts`;
 * what both do alike once a change is allowed is the `ConversationPublisher`.
 */
export class ConversationService {
  readonly #store: Store;
  readonly #events: ChatEventBus;
  readonly #files: FileService;
  readonly #publisher: ConversationPublisher;

  constructor(store: Store, events: ChatEventBus, files: FileService, publisher: ConversationPublisher) {
    this.#store = store;
    this.#events = events;
    this.#files = files;
    this.#publisher = publisher;
  }

  async closeByAgent(conversationId: string): Promise<Conversation> {
    return this.#publisher.setStatus(await this.getForAgent(conversationId), 'closed');
  }

  async reopen(conversationId: string): Promise<Conversation> {
    const conversation = await this.getForAgent(conversationId);
    try {
      return await this.#publisher.setStatus(conversation, 'open');
    } catch {
      throw new ServiceError('conflict', 'the visitor already has another open default conversation', { param: 'conversationId' });
    }
  }

  /** Gives the conversation to an agent (or to nobody); every agent hears of it. */
  async assign(conversationId: string, agentId: string | null): Promise<Conversation> {
    await this.getForAgent(conversationId);
    if (agentId && !(await this.#store.getAgent(agentId))) throw new ServiceError('invalid_request', 'no such agent', { param: 'agentId' });
    await this.#store.assign(conversationId, agentId);
    return withoutSummary(await this.#publisher.announce(conversationId));
  }

  /** Every conversation of a visitor, newest first (the inbox's side panel). */
  async visitorHistory(visitorId: string): Promise<Page<ConversationSummary>> {
    const data = await this.#store.listVisitorConversations(visitorId, LIMITS.pageSize);
    return { data: data.map((summary) => this.#files.presentSummary(summary)), hasMore: data.length === LIMITS.pageSize };
  }

  /** An agent has seen up to `seq`; the visitor gets a receipt ("Seen"). */
  async readByAgent(conversationId: string, seq: number): Promise<void> {
    const updated = await this.#store.markRead(conversationId, 'agent', seq);
    if (!updated) throw notFound('conversation');
    this.#events.emit('read', { conversationId, by: 'agent', seq: updated.agentReadSeq }, updated.visitorId);
  }

  async list(
    agent: AgentClaims,
    query: { status?: ConversationStatus | undefined; assigned?: 'me' | 'none' | undefined; handledBy?: 'ai' | 'human' | undefined; label?: string | undefined; limit: number },
  ): Promise<Page<ConversationSummary>> {
    const assignedTo = query.assigned === 'me' ? agent.agentId : query.assigned === 'none' ? null : undefined;
    const page = await this.#store.listConversations({ status: query.status, assignedTo, handledBy: query.handledBy, label: query.label, limit: query.limit });
    return { ...page, data: page.data.map((summary) => this.#files.presentSummary(summary)) };
  }

  async getForAgent(conversationId: string): Promise<ConversationSummary> {
    const summary = await this.#store.getConversationSummary(conversationId);
    if (!summary) throw notFound('conversation');
    return this.#files.presentSummary(summary);
  }

  async agentMessages(conversationId: string, page: MessagePage): Promise<Page<ChatMessage>> {
    await this.getForAgent(conversationId);
    return this.#publisher.page(await this.#store.listMessages(conversationId, page));
  }

  /** An agent's or a bot's reply, which may offer blocks (validated by `blocksSchema`); a closed conversation takes none. */
  async sendFromAgent(agent: AgentClaims, conversationId: string, request: Omit<AgentSendRequest, 'conversationId'>): Promise<SendResult> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) throw notFound('conversation');
    if (conversation.status !== 'open') throw closedConflict();
    const attachments = await this.#files.attachable({ agent }, request.attachmentIds);
    const stored = await this.#publisher.stored(() =>
      this.#store.appendMessage({ conversationId: conversation.id, clientId: request.clientId, from: 'agent', authorId: agent.agentId, text: request.text, attachments, ...(request.blocks?.length ? { blocks: request.blocks } : {}) }),
    );
    return this.#publisher.published({ ...conversation, lastSeq: stored.message.seq }, stored, 'agent', agent.agentId);
  }

  /** Tells the conversation's visitor an agent is typing; nothing is stored. */
  async agentTyping(agentName: string, conversationId: string, typing: boolean): Promise<void> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) throw notFound('conversation');
    this.#events.emit('typing', { conversationId, from: 'agent', name: agentName, typing }, conversation.visitorId);
  }
}
