import pg from 'pg';
import type { VisitorContext, VisitorProfile, WebhookEventType } from '../../src/protocol.js';
import * as ai from './postgres/ai.js';
import { MessageAppender } from './postgres/appender.js';
import { ReadCache } from './postgres/cache.js';
import { PostgresFileStorage } from './postgres/file-storage.js';
import * as conversations from './postgres/conversations.js';
import { migrate } from './postgres/db.js';
import * as directory from './postgres/directory.js';
import * as idempotency from './postgres/idempotency.js';
import * as articles from './postgres/articles.js';
import * as cannedLabels from './postgres/canned-labels.js';
import * as liveVisitors from './postgres/live-visitors.js';
import * as knowledge from './postgres/knowledge.js';
import * as visitorConversations from './postgres/visitor-conversations.js';
import * as webhooks from './postgres/webhooks.js';
// ---- desk: notes
import * as notes from './postgres/notes.js';
import type { NewNote, NoteQuery } from './note-store.js';
// ---- desk: reports
import * as reports from './postgres/reports.js';
import type { ReportQuery } from './report-store.js';
import * as teams from './postgres/teams.js';
import type { NewTeam, TeamPatch, TransferTarget } from './team-store.js';
import * as search from './postgres/search.js';
import type { DeskSearchQuery } from './search-store.js';
import type { ArticleListQuery, NewArticle } from './article-store.js';
import type { CannedReplyQuery, NewCannedReply } from './canned-label-store.js';
import type {
  AgentPatch,
  Channel,
  ConversationHandler,
  ChannelPatch,
  ConversationQuery,
  DeliveryOutcome,
  Faq,
  KnowledgeQuery,
  MessagePageQuery,
  NewAgent,
  NewAiAgent,
  NewConversation,
  NewMessage,
  NewVisitorMessage,
  SecretKind,
  Store,
  UploadRecord,
  VisitorConversationQuery,
  VisitorIdentity,
  WebhookRecord,
} from './store.js';

/**
 * The store for several nodes: one PostgreSQL database behind a connection pool. It holds the
 * same tables as the SQLite engine and returns the same values; what SQLite gets from having one
 * writer, this gets from row locks and unique indexes, so any number of processes can share it:
 * - `seq`: the conversation row is locked and bumped in the transaction that inserts the message;
 * - a retried send: the unique `(client_id, conversation_id)`;
 * - one open conversation per visitor: a unique partial index;
 * - webhook deliveries: leased with `FOR UPDATE SKIP LOCKED`; assertion replay: a shared table.
 *
 * Call `init()` (or use `PostgresStore.open`) before anything else: it applies the migrations.
 * The SQL for each area lives beside it in `postgres/`.
 */
export class PostgresStore implements Store {
  readonly #pool: pg.Pool;
  readonly #appender: MessageAppender;
  /** Channels, FAQs and webhooks: read for every message, written rarely (see cache.ts). */
  readonly #cache: ReadCache;
  #ready: Promise<void> | null = null;
  #closed: Promise<void> | null = null;

  constructor(connectionString: string, options: { maxConnections?: number } = {}) {
    this.#pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
    // An idle connection that the server drops is discarded by the pool; the next query gets a
    // fresh one (or fails, visibly). Without a listener the event would end the process.
    this.#pool.on('error', () => {});
    // The same for a connection that is checked out when the server goes away.
    this.#pool.on('connect', (client) => client.on('error', () => {}));
    this.#appender = new MessageAppender(this.#pool);
    this.#cache = new ReadCache(connectionString);
  }

  /** Connects and applies the migrations this database has not seen (safe on several nodes at once). */
  init(): Promise<void> {
    this.#ready ??= migrate(this.#pool).then(() => this.#cache.start());
    return this.#ready;
  }

  static async open(connectionString: string, options?: { maxConnections?: number }): Promise<PostgresStore> {
    const store = new PostgresStore(connectionString, options);
    try {
      await store.init();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  // channels
  createChannel(channel: Omit<Channel, 'id' | 'createdAt'>) { return this.#cache.change(this.#pool, (db) => directory.createChannel(db, channel)); }
  getChannel(key: string) { return this.#cache.get(`channel:${key}`, () => directory.getChannel(this.#pool, key)); }
  listChannels() { return directory.listChannels(this.#pool); }
  updateChannel(key: string, patch: ChannelPatch, check?: (next: Channel) => void) {
    return this.#cache.change(this.#pool, (db) => directory.updateChannel(db, key, patch, check));
  }

  // visitors
  createVisitor(channelId: string, profile: VisitorProfile, identity?: VisitorIdentity, fingerprint?: string) {
    return directory.createVisitor(this.#pool, channelId, profile, identity, fingerprint);
  }
  findAnonymousByFingerprint(channelId: string, fingerprint: string) { return directory.findAnonymousByFingerprint(this.#pool, channelId, fingerprint); }
  getVisitor(id: string) { return directory.getVisitor(this.#pool, id); }
  findVisitorByIdentity(channelId: string, identity: VisitorIdentity) { return directory.findVisitorByIdentity(this.#pool, channelId, identity); }
  mergeVisitor(fromId: string, intoId: string) { return visitorConversations.mergeVisitor(this.#pool, fromId, intoId); }
  setVisitorContext(id: string, context: VisitorContext) { return directory.setVisitorContext(this.#pool, id, context); }
  updateVisitorProfile(id: string, profile: VisitorProfile, check?: (merged: VisitorProfile) => void) { return directory.updateVisitorProfile(this.#pool, id, profile, check); }

  // FAQs
  listFaqs(channelId: string) { return this.#cache.get(`faqs:${channelId}`, () => directory.listFaqs(this.#pool, channelId)); }
  createFaq(channelId: string, faq: Omit<Faq, 'id'>) { return this.#cache.change(this.#pool, (db) => directory.createFaq(db, channelId, faq)); }
  updateFaq(channelId: string, id: string, patch: Partial<Omit<Faq, 'id'>>) { return this.#cache.change(this.#pool, (db) => directory.updateFaq(db, channelId, id, patch)); }
  deleteFaq(channelId: string, id: string) { return this.#cache.change(this.#pool, (db) => directory.deleteFaq(db, channelId, id)); }
  searchKnowledge(channelId: string, query: KnowledgeQuery) { return knowledge.searchKnowledge(this.#pool, channelId, query); }

  // articles (the index follows them through migration 18's triggers)
  createArticle(channelId: string, article: NewArticle) { return articles.createArticle(this.#pool, channelId, article); }
  getArticle(channelId: string, locale: string, slug: string) { return articles.getArticle(this.#pool, channelId, locale, slug); }
  listArticles(channelId: string, query: ArticleListQuery) { return articles.listArticles(this.#pool, channelId, query); }
  updateArticle(channelId: string, locale: string, slug: string, patch: Partial<NewArticle>) { return articles.updateArticle(this.#pool, channelId, locale, slug, patch); }
  deleteArticle(channelId: string, locale: string, slug: string) { return articles.deleteArticle(this.#pool, channelId, locale, slug); }
  countArticleClick(channelId: string, locale: string, slug: string) { return articles.countArticleClick(this.#pool, channelId, locale, slug); }

  // channel secrets and assertion replay
  getChannelSecret(channelId: string, kind: SecretKind) { return directory.getChannelSecret(this.#pool, channelId, kind); }
  setChannelSecret(channelId: string, kind: SecretKind, secret: string) { return directory.setChannelSecret(this.#pool, channelId, kind, secret); }
  useAssertion(jti: string, channelId: string, expiresAt: number) { return directory.useAssertion(this.#pool, jti, channelId, expiresAt); }

  // idempotency keys
  claimIdempotencyKey(scope: string, key: string, fingerprint: string, since: string) { return idempotency.claimIdempotencyKey(this.#pool, scope, key, fingerprint, since); }
  completeIdempotencyKey(scope: string, key: string, status: number, body: string | null) { return idempotency.completeIdempotencyKey(this.#pool, scope, key, status, body); }
  releaseIdempotencyKey(scope: string, key: string) { return idempotency.releaseIdempotencyKey(this.#pool, scope, key); }

  // conversations
  openConversation(channelId: string, visitorId: string, handler?: ConversationHandler) { return conversations.openConversation(this.#pool, channelId, visitorId, handler); }
  findOpenConversation(visitorId: string) { return conversations.findOpenConversation(this.#pool, visitorId); }
  createConversation(conversation: NewConversation) { return visitorConversations.createConversation(this.#pool, conversation); }
  listVisitorSummaries(visitorId: string, query: VisitorConversationQuery) { return visitorConversations.listVisitorSummaries(this.#pool, visitorId, query); }
  getVisitorSummary(id: string) { return visitorConversations.getVisitorSummary(this.#pool, id); }
  getConversation(id: string) { return conversations.getConversation(this.#pool, id); }
  getConversationSummary(id: string) { return conversations.getConversationSummary(this.#pool, id); }
  listConversations(query: ConversationQuery) { return conversations.listConversations(this.#pool, query); }
  setStatus(id: string, status: 'open' | 'closed') { return conversations.setStatus(this.#pool, id, status); }
  latestConversation(visitorId: string) { return conversations.latestConversation(this.#pool, visitorId); }
  rate(id: string, score: number, comment: string | undefined) { return conversations.rate(this.#pool, id, score, comment); }
  assign(id: string, agentId: string | null) { return conversations.assign(this.#pool, id, agentId); }
  listVisitorConversations(visitorId: string, limit: number) { return conversations.listVisitorConversations(this.#pool, visitorId, limit); }
  markRead(conversationId: string, by: 'visitor' | 'agent', seq: number) { return conversations.markRead(this.#pool, conversationId, by, seq); }
  setHandledBy(id: string, handledBy: 'ai' | 'human') { return ai.setHandledBy(this.#pool, id, handledBy); }
  recordFeedback(conversationId: string, messageId: string, helpful: boolean) { return ai.recordFeedback(this.#pool, conversationId, messageId, helpful); }

  // messages
  appendMessage(message: NewMessage) { return this.#appender.append(message); }
  appendVisitorMessage(message: NewVisitorMessage) { return this.#appender.appendForVisitor(message); }
  listMessages(conversationId: string, query: MessagePageQuery) { return conversations.listMessages(this.#pool, conversationId, query); }
  getMessage(conversationId: string, id: string) { return ai.getMessage(this.#pool, conversationId, id); }

  // uploads
  createUpload(upload: UploadRecord) { return conversations.createUpload(this.#pool, upload); }
  getUpload(id: string) { return conversations.getUpload(this.#pool, id); }

  // agents
  createAgent(agent: NewAgent) { return directory.createAgent(this.#pool, agent); }
  getAgentByEmail(email: string) { return directory.getAgentByEmail(this.#pool, email); }
  getAgent(id: string) { return directory.getAgent(this.#pool, id); }
  listAgents() { return directory.listAgents(this.#pool); }
  updateAgent(id: string, patch: AgentPatch) { return directory.updateAgent(this.#pool, id, patch); }
  findAgentByInvite(hash: string, now: string) { return directory.findAgentByInvite(this.#pool, hash, now); }
  findAgentByToken(hash: string) { return directory.findAgentByToken(this.#pool, hash); }
  countAgents() { return directory.countAgents(this.#pool); }

  // AI agents
  createAiAgent(agent: NewAiAgent) { return ai.createAiAgent(this.#pool, agent); }
  getAiAgent(id: string) { return ai.getAiAgent(this.#pool, id); }
  listAiAgents() { return ai.listAiAgents(this.#pool); }
  updateAiAgent(id: string, patch: Partial<NewAiAgent>) { return ai.updateAiAgent(this.#pool, id, patch); }
  deleteAiAgent(id: string) { return ai.deleteAiAgent(this.#pool, id); }

  // webhooks
  createWebhook(webhook: Omit<WebhookRecord, 'id' | 'createdAt'>) { return this.#cache.change(this.#pool, (db) => webhooks.createWebhook(db, webhook)); }
  listWebhooks() { return this.#cache.get('webhooks', () => webhooks.listWebhooks(this.#pool)); }
  getWebhook(id: string) { return webhooks.getWebhook(this.#pool, id); }
  updateWebhook(id: string, patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'channel' | 'active' | 'secret'>>) {
    return this.#cache.change(this.#pool, (db) => webhooks.updateWebhook(db, id, patch));
  }
  deleteWebhook(id: string) { return this.#cache.change(this.#pool, (db) => webhooks.deleteWebhook(db, id)); }
  enqueueDeliveries(deliveries: Array<{ id: string; webhookId: string; event: WebhookEventType; payload: string }>) {
    return webhooks.enqueueDeliveries(this.#pool, deliveries);
  }
  claimDueDeliveries(now: string, leaseUntil: string, limit: number) { return webhooks.claimDueDeliveries(this.#pool, now, leaseUntil, limit); }
  recordDelivery(id: string, outcome: DeliveryOutcome) { return webhooks.recordDelivery(this.#pool, id, outcome); }
  listDeliveries(webhookId: string, limit: number) { return webhooks.listDeliveries(this.#pool, webhookId, limit); }
  redeliver(webhookId: string, deliveryId: string) { return webhooks.redeliver(this.#pool, webhookId, deliveryId); }

  // ---- desk: teams (teams, presence, routing: postgres/teams.ts)
  createTeam(team: NewTeam) { return teams.createTeam(this.#pool, team); }
  getTeam(id: string) { return teams.getTeam(this.#pool, id); }
  listTeams(channelId?: string) { return teams.listTeams(this.#pool, channelId); }
  updateTeam(id: string, patch: TeamPatch) { return teams.updateTeam(this.#pool, id, patch); }
  deleteTeam(id: string) { return teams.deleteTeam(this.#pool, id); }
  setAgentPresence(nodeId: string, agentId: string, online: boolean, now: string) { return teams.setAgentPresence(this.#pool, nodeId, agentId, online, now); }
  refreshPresence(nodeId: string, agentIds: string[], now: string) { return teams.refreshPresence(this.#pool, nodeId, agentIds, now); }
  onlineAgentIds(since: string) { return teams.onlineAgentIds(this.#pool, since); }
  queuedTeamIds() { return teams.queuedTeamIds(this.#pool); }
  routeQueue(teamId: string, onlineSince: string) { return teams.routeQueue(this.#pool, teamId, onlineSince); }
  transferConversation(conversationId: string, target: TransferTarget) { return teams.transferConversation(this.#pool, conversationId, target); }

  /** Uploaded files kept in this database (any node serves any file), on this store's pool. */
  fileStorage(): PostgresFileStorage {
    return new PostgresFileStorage(this.#pool);
  }

  // ---- desk: notes
  async createNote(note: NewNote) { return notes.createNote(this.#pool, note); }
  async listNotes(conversationId: string, query: NoteQuery) { return notes.listNotes(this.#pool, conversationId, query); }

  onReconnect(listener: () => void): () => void {
    return this.#cache.onReconnect(listener);
  }

  // ---- desk: canned replies and labels
  listCannedReplies(query: CannedReplyQuery) { return cannedLabels.listCannedReplies(this.#pool, query); }
  getCannedReply(id: string) { return cannedLabels.getCannedReply(this.#pool, id); }
  createCannedReply(reply: NewCannedReply) { return cannedLabels.createCannedReply(this.#pool, reply); }
  updateCannedReply(id: string, patch: Partial<Pick<NewCannedReply, 'shortcut' | 'text'>>) { return cannedLabels.updateCannedReply(this.#pool, id, patch); }
  deleteCannedReply(id: string) { return cannedLabels.deleteCannedReply(this.#pool, id); }
  listLabels() { return cannedLabels.listLabels(this.#pool); }
  createLabel(label: { name: string; color: string }) { return cannedLabels.createLabel(this.#pool, label); }
  updateLabel(id: string, patch: { name?: string; color?: string }) { return cannedLabels.updateLabel(this.#pool, id, patch); }
  deleteLabel(id: string) { return cannedLabels.deleteLabel(this.#pool, id); }
  openConversationsLabelled(id: string) { return cannedLabels.openConversationsLabelled(this.#pool, id); }
  setConversationLabels(conversationId: string, labelIds: string[]) { return cannedLabels.setConversationLabels(this.#pool, conversationId, labelIds); }
  conversationLabels(conversationId: string) { return cannedLabels.conversationLabels(this.#pool, conversationId); }
  // ---- desk: reports
  reportFigures(query: ReportQuery) { return reports.reportFigures(this.#pool, query); }
  // ---- desk: live visitors
  async visitorArrived(visitorId: string, now: string, gapMs: number) { return liveVisitors.visitorArrived(this.#pool, visitorId, now, gapMs); }
  async visitorSeen(visitorId: string, now: string) { await liveVisitors.visitorSeen(this.#pool, visitorId, now); }
  async liveVisitorFacts(visitorIds: string[]) { return liveVisitors.liveVisitorFacts(this.#pool, visitorIds); }
  // ---- desk: search (migration 22's indexes)
  async searchMessages(query: DeskSearchQuery) { return search.searchMessages(this.#pool, query); }
  async searchVisitors(query: DeskSearchQuery) { return search.searchVisitors(this.#pool, query); }
  async searchNotes(query: DeskSearchQuery) { return search.searchNotes(this.#pool, query); }
  async findById(id: string) { return search.findById(this.#pool, id); }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  /** Waits for the sends already queued, then ends the pool. */
  close(): Promise<void> {
    this.#closed ??= this.#appender.idle().then(() => Promise.all([this.#cache.close(), this.#pool.end()])).then(() => {});
    return this.#closed;
  }
}
