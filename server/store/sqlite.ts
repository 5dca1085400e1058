import type { VisitorContext, VisitorProfile, WebhookEventType } from '../../src/protocol.js';
import * as ai from './sqlite/ai.js';
import { MessageAppender } from './sqlite/appender.js';
import { ReadCache } from './sqlite/cache.js';
import { Checkpointer, CHECKPOINT_DEFAULTS, type CheckpointOptions } from './sqlite/checkpointer.js';
import * as conversations from './sqlite/conversations.js';
import { Connection, openDatabase } from './sqlite/db.js';
import * as directory from './sqlite/directory.js';
import * as idempotency from './sqlite/idempotency.js';
import * as articles from './sqlite/articles.js';
import * as cannedLabels from './sqlite/canned-labels.js';
import * as liveVisitors from './sqlite/live-visitors.js';
import * as knowledge from './sqlite/knowledge.js';
import * as visitorConversations from './sqlite/visitor-conversations.js';
import * as webhooks from './sqlite/webhooks.js';
// ---- desk: notes
import * as notes from './sqlite/notes.js';
import type { NewNote, NoteQuery } from './note-store.js';
// ---- desk: reports
import * as reports from './sqlite/reports.js';
import type { ReportQuery } from './report-store.js';
import * as teams from './sqlite/teams.js';
import type { NewTeam, TeamPatch, TransferTarget } from './team-store.js';
import * as search from './sqlite/search.js';
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
 * The embedded store: one SQLite file in WAL mode. One connection writes at a time, so what
 * PostgreSQL gets from row locks this gets from immediate transactions; sends are stored by a
 * group commit (`sqlite/appender.ts`) and checkpoints run on a thread of their own
 * (`sqlite/checkpointer.ts`). The SQL for each area lives beside it in `sqlite/`.
 */
export class SqliteStore implements Store {
  readonly #db: Connection;
  readonly #appender: MessageAppender;
  /** Channels, FAQs and webhooks: read for every message, written rarely (see cache.ts). */
  readonly #cache: ReadCache;
  #checkpointer: Checkpointer | null = null;

  /** `checkpoints` tunes the checkpoint thread (tests make it quick). */
  constructor(file: string, checkpoints: CheckpointOptions = CHECKPOINT_DEFAULTS) {
    const database = openDatabase(file);
    this.#db = new Connection(database);
    this.#cache = new ReadCache(this.#db);
    // While the checkpoint thread finishes a checkpoint, sends wait; it commits them after.
    this.#appender = new MessageAppender(this.#db, () => this.#checkpointer?.held ?? false);
    if (file !== ':memory:') {
      // Checkpoints (copying the WAL into the database file, with an fsync) run on a worker
      // thread with its own connection, so a commit here never waits for one.
      database.pragma('wal_autocheckpoint = 0');
      // A restarted WAL keeps its file; one grown in a burst is cut back to this.
      database.pragma('journal_size_limit = 67108864');
      this.#checkpointer = new Checkpointer(file, () => this.#appender.commit(), (error) => this.#checkpointerLost(error), checkpoints);
    }
  }

  // channels
  async createChannel(channel: Omit<Channel, 'id' | 'createdAt'>) { return this.#cache.change(`channel:${channel.key}`, () => directory.createChannel(this.#db, channel)); }
  async getChannel(key: string) { return this.#cache.get(`channel:${key}`, () => directory.getChannel(this.#db, key)); }
  async listChannels() { return directory.listChannels(this.#db); }
  async updateChannel(key: string, patch: ChannelPatch, check?: (next: Channel) => void) {
    return this.#cache.change(`channel:${key}`, () => directory.updateChannel(this.#db, key, patch, check));
  }

  // visitors
  async createVisitor(channelId: string, profile: VisitorProfile, identity?: VisitorIdentity, fingerprint?: string) {
    return directory.createVisitor(this.#db, channelId, profile, identity, fingerprint);
  }
  async findAnonymousByFingerprint(channelId: string, fingerprint: string) { return directory.findAnonymousByFingerprint(this.#db, channelId, fingerprint); }
  async getVisitor(id: string) { return directory.getVisitor(this.#db, id); }
  async findVisitorByIdentity(channelId: string, identity: VisitorIdentity) { return directory.findVisitorByIdentity(this.#db, channelId, identity); }
  async mergeVisitor(fromId: string, intoId: string) { visitorConversations.mergeVisitor(this.#db, fromId, intoId); }
  async setVisitorContext(id: string, context: VisitorContext) { directory.setVisitorContext(this.#db, id, context); }
  async updateVisitorProfile(id: string, profile: VisitorProfile, check?: (merged: VisitorProfile) => void) { return directory.updateVisitorProfile(this.#db, id, profile, check); }

  // FAQs
  async listFaqs(channelId: string) { return this.#cache.get(`faqs:${channelId}`, () => directory.listFaqs(this.#db, channelId)); }
  async createFaq(channelId: string, faq: Omit<Faq, 'id'>) { return this.#cache.change(`faqs:${channelId}`, () => directory.createFaq(this.#db, channelId, faq)); }
  async updateFaq(channelId: string, id: string, patch: Partial<Omit<Faq, 'id'>>) { return this.#cache.change(`faqs:${channelId}`, () => directory.updateFaq(this.#db, channelId, id, patch)); }
  async deleteFaq(channelId: string, id: string) { return this.#cache.change(`faqs:${channelId}`, () => directory.deleteFaq(this.#db, channelId, id)); }
  async searchKnowledge(channelId: string, query: KnowledgeQuery) { return knowledge.searchKnowledge(this.#db, channelId, query); }

  // articles (the index follows them through migration 18's triggers)
  async createArticle(channelId: string, article: NewArticle) { return articles.createArticle(this.#db, channelId, article); }
  async getArticle(channelId: string, locale: string, slug: string) { return articles.getArticle(this.#db, channelId, locale, slug); }
  async listArticles(channelId: string, query: ArticleListQuery) { return articles.listArticles(this.#db, channelId, query); }
  async updateArticle(channelId: string, locale: string, slug: string, patch: Partial<NewArticle>) { return articles.updateArticle(this.#db, channelId, locale, slug, patch); }
  async deleteArticle(channelId: string, locale: string, slug: string) { return articles.deleteArticle(this.#db, channelId, locale, slug); }
  async countArticleClick(channelId: string, locale: string, slug: string) { return articles.countArticleClick(this.#db, channelId, locale, slug); }

  // channel secrets and assertion replay
  async getChannelSecret(channelId: string, kind: SecretKind) { return directory.getChannelSecret(this.#db, channelId, kind); }
  async setChannelSecret(channelId: string, kind: SecretKind, secret: string) { directory.setChannelSecret(this.#db, channelId, kind, secret); }
  async useAssertion(jti: string, channelId: string, expiresAt: number) { return directory.useAssertion(this.#db, jti, channelId, expiresAt); }

  // idempotency keys
  async claimIdempotencyKey(scope: string, key: string, fingerprint: string, since: string) { return idempotency.claimIdempotencyKey(this.#db, scope, key, fingerprint, since); }
  async completeIdempotencyKey(scope: string, key: string, status: number, body: string | null) { idempotency.completeIdempotencyKey(this.#db, scope, key, status, body); }
  async releaseIdempotencyKey(scope: string, key: string) { idempotency.releaseIdempotencyKey(this.#db, scope, key); }

  // conversations
  async openConversation(channelId: string, visitorId: string, handler?: ConversationHandler) { return conversations.openConversation(this.#db, channelId, visitorId, handler); }
  async findOpenConversation(visitorId: string) { return conversations.findOpenConversation(this.#db, visitorId); }
  async createConversation(conversation: NewConversation) { return visitorConversations.createConversation(this.#db, conversation); }
  async listVisitorSummaries(visitorId: string, query: VisitorConversationQuery) { return visitorConversations.listVisitorSummaries(this.#db, visitorId, query); }
  async getVisitorSummary(id: string) { return visitorConversations.getVisitorSummary(this.#db, id); }
  async getConversation(id: string) { return conversations.getConversation(this.#db, id); }
  async getConversationSummary(id: string) { return conversations.getConversationSummary(this.#db, id); }
  async listConversations(query: ConversationQuery) { return conversations.listConversations(this.#db, query); }
  async setStatus(id: string, status: 'open' | 'closed') { return conversations.setStatus(this.#db, id, status); }
  async latestConversation(visitorId: string) { return conversations.latestConversation(this.#db, visitorId); }
  async rate(id: string, score: number, comment: string | undefined) { return conversations.rate(this.#db, id, score, comment); }
  async assign(id: string, agentId: string | null) { return conversations.assign(this.#db, id, agentId); }
  async listVisitorConversations(visitorId: string, limit: number) { return conversations.listVisitorConversations(this.#db, visitorId, limit); }
  async markRead(conversationId: string, by: 'visitor' | 'agent', seq: number) { return conversations.markRead(this.#db, conversationId, by, seq); }
  async setHandledBy(id: string, handledBy: 'ai' | 'human') { return ai.setHandledBy(this.#db, id, handledBy); }
  async recordFeedback(conversationId: string, messageId: string, helpful: boolean) { return ai.recordFeedback(this.#db, conversationId, messageId, helpful); }

  // messages
  appendMessage(message: NewMessage) { return this.#appender.append(message); }
  appendVisitorMessage(message: NewVisitorMessage) { return this.#appender.appendForVisitor(message); }
  async listMessages(conversationId: string, query: MessagePageQuery) { return conversations.listMessages(this.#db, conversationId, query); }
  async getMessage(conversationId: string, id: string) { return ai.getMessage(this.#db, conversationId, id); }

  // uploads
  async createUpload(upload: UploadRecord) { conversations.createUpload(this.#db, upload); }
  async getUpload(id: string) { return conversations.getUpload(this.#db, id); }

  // agents
  async createAgent(agent: NewAgent) { return directory.createAgent(this.#db, agent); }
  async getAgentByEmail(email: string) { return directory.getAgentByEmail(this.#db, email); }
  async getAgent(id: string) { return directory.getAgent(this.#db, id); }
  async listAgents() { return directory.listAgents(this.#db); }
  async updateAgent(id: string, patch: AgentPatch) { return directory.updateAgent(this.#db, id, patch); }
  async findAgentByInvite(hash: string, now: string) { return directory.findAgentByInvite(this.#db, hash, now); }
  async findAgentByToken(hash: string) { return directory.findAgentByToken(this.#db, hash); }
  async countAgents() { return directory.countAgents(this.#db); }

  // AI agents
  async createAiAgent(agent: NewAiAgent) { return ai.createAiAgent(this.#db, agent); }
  async getAiAgent(id: string) { return ai.getAiAgent(this.#db, id); }
  async listAiAgents() { return ai.listAiAgents(this.#db); }
  async updateAiAgent(id: string, patch: Partial<NewAiAgent>) { return ai.updateAiAgent(this.#db, id, patch); }
  async deleteAiAgent(id: string) { return ai.deleteAiAgent(this.#db, id); }

  // webhooks
  async createWebhook(webhook: Omit<WebhookRecord, 'id' | 'createdAt'>) { return this.#cache.change('webhooks', () => webhooks.createWebhook(this.#db, webhook)); }
  async listWebhooks() { return this.#cache.get('webhooks', () => webhooks.listWebhooks(this.#db)); }
  async getWebhook(id: string) { return webhooks.getWebhook(this.#db, id); }
  async updateWebhook(id: string, patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'channel' | 'active' | 'secret'>>) {
    return this.#cache.change('webhooks', () => webhooks.updateWebhook(this.#db, id, patch));
  }
  async deleteWebhook(id: string) { return this.#cache.change('webhooks', () => webhooks.deleteWebhook(this.#db, id)); }
  async enqueueDeliveries(deliveries: Array<{ id: string; webhookId: string; event: WebhookEventType; payload: string }>) {
    webhooks.enqueueDeliveries(this.#db, deliveries);
  }
  async claimDueDeliveries(now: string, leaseUntil: string, limit: number) { return webhooks.claimDueDeliveries(this.#db, now, leaseUntil, limit); }
  async recordDelivery(id: string, outcome: DeliveryOutcome) { webhooks.recordDelivery(this.#db, id, outcome); }
  async listDeliveries(webhookId: string, limit: number) { return webhooks.listDeliveries(this.#db, webhookId, limit); }
  async redeliver(webhookId: string, deliveryId: string) { return webhooks.redeliver(this.#db, webhookId, deliveryId); }

  // ---- desk: notes
  async createNote(note: NewNote) { return notes.createNote(this.#db, note); }
  async listNotes(conversationId: string, query: NoteQuery) { return notes.listNotes(this.#db, conversationId, query); }
  // ---- desk: canned replies and labels
  async listCannedReplies(query: CannedReplyQuery) { return cannedLabels.listCannedReplies(this.#db, query); }
  async getCannedReply(id: string) { return cannedLabels.getCannedReply(this.#db, id); }
  async createCannedReply(reply: NewCannedReply) { return cannedLabels.createCannedReply(this.#db, reply); }
  async updateCannedReply(id: string, patch: Partial<Pick<NewCannedReply, 'shortcut' | 'text'>>) { return cannedLabels.updateCannedReply(this.#db, id, patch); }
  async deleteCannedReply(id: string) { return cannedLabels.deleteCannedReply(this.#db, id); }
  async listLabels() { return cannedLabels.listLabels(this.#db); }
  async createLabel(label: { name: string; color: string }) { return cannedLabels.createLabel(this.#db, label); }
  async updateLabel(id: string, patch: { name?: string; color?: string }) { return cannedLabels.updateLabel(this.#db, id, patch); }
  async deleteLabel(id: string) { return cannedLabels.deleteLabel(this.#db, id); }
  async openConversationsLabelled(id: string) { return cannedLabels.openConversationsLabelled(this.#db, id); }
  async setConversationLabels(conversationId: string, labelIds: string[]) { return cannedLabels.setConversationLabels(this.#db, conversationId, labelIds); }
  async conversationLabels(conversationId: string) { return cannedLabels.conversationLabels(this.#db, conversationId); }
  // ---- desk: reports
  async reportFigures(query: ReportQuery) { return reports.reportFigures(this.#db, query); }
  // ---- desk: live visitors
  async visitorArrived(visitorId: string, now: string, gapMs: number) { return liveVisitors.visitorArrived(this.#db, visitorId, now, gapMs); }
  async visitorSeen(visitorId: string, now: string) { liveVisitors.visitorSeen(this.#db, visitorId, now); }
  async liveVisitorFacts(visitorIds: string[]) { return liveVisitors.liveVisitorFacts(this.#db, visitorIds); }
  // ---- desk: teams (teams, presence, routing: sqlite/teams.ts)
  async createTeam(team: NewTeam) { return teams.createTeam(this.#db, team); }
  async getTeam(id: string) { return teams.getTeam(this.#db, id); }
  async listTeams(channelId?: string) { return teams.listTeams(this.#db, channelId); }
  async updateTeam(id: string, patch: TeamPatch) { return teams.updateTeam(this.#db, id, patch); }
  async deleteTeam(id: string) { return teams.deleteTeam(this.#db, id); }
  async setAgentPresence(nodeId: string, agentId: string, online: boolean, now: string) { teams.setAgentPresence(this.#db, nodeId, agentId, online, now); }
  async refreshPresence(nodeId: string, agentIds: string[], now: string) { teams.refreshPresence(this.#db, nodeId, agentIds, now); }
  async onlineAgentIds(since: string) { return teams.onlineAgentIds(this.#db, since); }
  async queuedTeamIds() { return teams.queuedTeamIds(this.#db); }
  async routeQueue(teamId: string, onlineSince: string) { return teams.routeQueue(this.#db, teamId, onlineSince); }
  async transferConversation(conversationId: string, target: TransferTarget) { return teams.transferConversation(this.#db, conversationId, target); }
  // ---- desk: search (migration 22's indexes)
  async searchMessages(query: DeskSearchQuery) { return search.searchMessages(this.#db, query); }
  async searchVisitors(query: DeskSearchQuery) { return search.searchVisitors(this.#db, query); }
  async searchNotes(query: DeskSearchQuery) { return search.searchNotes(this.#db, query); }
  async findById(id: string) { return search.findById(this.#db, id); }

  async ping(): Promise<void> {
    this.#db.sql('SELECT 1').get();
  }

  async close(): Promise<void> {
    const checkpointer = this.#checkpointer;
    this.#checkpointer = null;
    await checkpointer?.close();
    // Sends made in this very turn are stored before the connection closes.
    if (this.#db.database.open) this.#appender.commit();
    // The last connection to close checkpoints what is left and removes the WAL.
    if (this.#db.database.open) this.#db.database.close();
  }

  /** Without the checkpoint thread this connection checkpoints by itself, as SQLite does by default. */
  #checkpointerLost(error: unknown): void {
    this.#checkpointer = null;
    if (this.#db.database.open) this.#db.database.pragma('wal_autocheckpoint = 1000');
    process.emitWarning(`SQLite checkpoint thread stopped (${String(error)}); checkpointing on the main thread`);
    this.#appender.commit();
  }
}
