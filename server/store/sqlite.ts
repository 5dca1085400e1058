import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  Agent,
  ChatMessage,
  Conversation,
  ConversationSummary,
  Visitor,
  VisitorContext,
  VisitorProfile,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
} from '../../src/protocol.js';
import { newId, newSortableId } from '../ids.js';
import { sqliteMigrations } from './migrations/sqlite.js';
import type {
  AgentPatch,
  AgentRecord,
  Channel,
  ChannelPatch,
  ClaimedDelivery,
  DeliveryOutcome,
  ConversationQuery,
  MessagePageQuery,
  Faq,
  IdempotentRequest,
  NewAgent,
  NewMessage,
  NewVisitorMessage,
  SecretKind,
  Store,
  StoredAttachment,
  UploadRecord,
  VisitorIdentity,
  VisitorAppendResult,
  WebhookRecord,
} from './store.js';
import * as rows from './rows.js';
import { AttachmentTaken, ConversationClosed, type AppendResult } from './store.js';
import { Checkpointer, CHECKPOINT_DEFAULTS, type CheckpointOptions } from './sqlite/checkpointer.js';


/** SQLite keeps JSON as text and flags as 0/1: its rows are decoded into the shared ones. */
type Encoded<Row, Json extends keyof Row, Flags extends keyof Row = never> = Omit<Row, Json | Flags> & Record<Json, string> & Record<Flags, number>;
type ChannelRow = Encoded<rows.ChannelRow, 'allowed_origins' | 'settings'>;
type VisitorRow = Encoded<rows.VisitorRow, 'profile' | 'context', 'verified'>;
type MessageRow = Encoded<rows.MessageRow, 'attachments'>;
type WebhookRow = Encoded<rows.WebhookRow, 'events', 'active'>;
type ConversationRow = rows.ConversationRow;
type UploadRow = rows.UploadRow;
type DeliveryRow = rows.DeliveryRow;
type AgentRow = rows.AgentRow;

const toChannel = (row: ChannelRow) => rows.toChannel({ ...row, allowed_origins: JSON.parse(row.allowed_origins), settings: JSON.parse(row.settings) });
const toVisitor = (row: VisitorRow) =>
  rows.toVisitor({ ...row, verified: row.verified === 1, profile: JSON.parse(row.profile), context: JSON.parse(row.context) });
const toMessage = (row: MessageRow) => rows.toMessage({ ...row, attachments: JSON.parse(row.attachments) });
const toWebhook = (row: WebhookRow) => rows.toWebhook({ ...row, events: JSON.parse(row.events), active: row.active === 1 });
const { toConversation, toUpload, toDelivery, toAgent, CONVERSATION_COLUMNS, CONVERSATION_FROM, MESSAGE_SELECT, VISITOR_SELECT } = rows;

/**
 * Applies the numbered migrations that the file has not seen yet, each in its own transaction.
 * Foreign keys are off meanwhile (a step may rebuild a table others refer to); a step that
 * leaves more broken references than it found rolls back. The caller turns them on after.
 */
function migrate(db: Database.Database): void {
  db.pragma('foreign_keys = OFF');
  const brokenReferences = () => (db.pragma('foreign_key_check') as unknown[]).length;
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').all().map((row) => (row as { version: number }).version),
  );
  for (const migration of sqliteMigrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      const before = brokenReferences();
      db.exec(migration.sql);
      // Only what the step broke counts: a reference broken before (written with foreign keys off) is not its doing.
      if (brokenReferences() > before) throw new Error(`migration ${migration.version} would leave rows referring to rows that no longer exist`);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
  }
}

/**
 * When a group commit stores its sends: every message of one transaction is stamped with it
 * (its `createdAt`, and the time in its id), read from the clock once per commit.
 */
interface CommitTime {
  ms: number;
  iso: string;
}

function commitTime(): CommitTime {
  const ms = Date.now();
  return { ms, iso: new Date(ms).toISOString() };
}

/** A send waiting for the next group commit; `store` runs inside its transaction. */
interface PendingAppend {
  store(at: CommitTime): AppendResult;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** The embedded store: one SQLite file in WAL mode. */
export class SqliteStore implements Store {
  readonly #db: Database.Database;

  readonly #statements = new Map<string, Database.Statement>();
  /**
   * Channels, FAQs and webhooks are read for every message and written rarely: they are kept
   * in memory until this connection writes them, or another connection writes anything
   * (SQLite's `data_version` changes), so what is read is always what is stored.
   */
  readonly #cache = new Map<string, unknown>();
  #dataVersion = -1;
  /** Sends waiting for the next group commit (one transaction for every send of a tick). */
  #appends: PendingAppend[] = [];
  readonly #appendOne: Database.Transaction<(append: PendingAppend, at: CommitTime) => AppendResult>;
  readonly #appendBatch: Database.Transaction<(appends: PendingAppend[], at: CommitTime) => AppendResult[]>;
  #checkpointer: Checkpointer | null = null;
  /** Whether `data_version` was read during this turn of the event loop. */
  #versionChecked = false;

  /** `checkpoints` tunes the checkpoint thread (tests make it quick). */
  constructor(file: string, checkpoints: CheckpointOptions = CHECKPOINT_DEFAULTS) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    try {
      migrate(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#db.pragma('foreign_keys = ON');
    if (file !== ':memory:') {
      // Checkpoints (copying the WAL into the database file, with an fsync) run on a worker
      // thread with its own connection, so a commit here never waits for one.
      this.#db.pragma('wal_autocheckpoint = 0');
      // A restarted WAL keeps its file; one grown in a burst is cut back to this.
      this.#db.pragma('journal_size_limit = 67108864');
      this.#checkpointer = new Checkpointer(file, () => this.#commitAppends(), (error) => this.#checkpointerLost(error), checkpoints);
    }
    this.#appendOne = this.#db.transaction((append: PendingAppend, at: CommitTime) => append.store(at));
    this.#appendBatch = this.#db.transaction((appends: PendingAppend[], at: CommitTime) => appends.map((append) => append.store(at)));
  }

  #cached<T>(key: string, load: () => T): T {
    // Another connection's commit is noticed from the next turn of the event loop on.
    if (!this.#versionChecked) {
      this.#versionChecked = true;
      setImmediate(() => (this.#versionChecked = false));
      const version = this.#sql('PRAGMA data_version').pluck().get() as number;
      if (version !== this.#dataVersion) {
        this.#cache.clear();
        this.#dataVersion = version;
      }
    }
    if (this.#cache.has(key)) return this.#cache.get(key) as T;
    const value = load();
    // A miss is not kept: unknown keys (anyone can ask for one) must not grow the cache.
    if (value !== null) this.#cache.set(key, value);
    return value;
  }

  #forget(prefix: string): void {
    for (const key of this.#cache.keys()) if (key.startsWith(prefix)) this.#cache.delete(key);
  }

  // ------------------------------------------------------------ channels

  async createChannel(channel: Omit<Channel, 'id' | 'createdAt'>): Promise<Channel> {
    const row: ChannelRow = {
      id: newId('ch'),
      key: channel.key,
      name: channel.name,
      allowed_origins: JSON.stringify(channel.allowedOrigins),
      settings: JSON.stringify(channel.settings),
      created_at: new Date().toISOString(),
    };
    this.#sql('INSERT INTO channels (id, key, name, allowed_origins, settings, created_at) VALUES (@id, @key, @name, @allowed_origins, @settings, @created_at)')
      .run(row);
    this.#forget(`channel:${channel.key}`);
    return toChannel(row);
  }

  async getChannel(key: string): Promise<Channel | null> {
    return this.#cached(`channel:${key}`, () => {
      const row = this.#sql('SELECT * FROM channels WHERE key = ?').get(key) as ChannelRow | undefined;
      return row ? toChannel(row) : null;
    });
  }

  async listChannels(): Promise<Channel[]> {
    return (this.#sql('SELECT * FROM channels ORDER BY created_at').all() as ChannelRow[]).map(toChannel);
  }

  async updateChannel(key: string, patch: ChannelPatch, check?: (next: Channel) => void): Promise<Channel | null> {
    // Read and write in one immediate transaction: another connection's update cannot slip between.
    const next = this.#db.transaction(() => {
      const row = this.#sql('SELECT * FROM channels WHERE key = ?').get(key) as ChannelRow | undefined;
      if (!row) return null;
      const current = toChannel(row);
      const merged: Channel = { ...current, ...patch, settings: { ...current.settings, ...patch.settings } };
      check?.(merged);
      this.#sql('UPDATE channels SET name = ?, allowed_origins = ?, settings = ? WHERE key = ?')
        .run(merged.name, JSON.stringify(merged.allowedOrigins), JSON.stringify(merged.settings), key);
      return merged;
    }).immediate();
    this.#forget(`channel:${key}`);
    return next;
  }

  // ------------------------------------------------------------ visitors

  async createVisitor(channelId: string, profile: VisitorProfile, identity?: VisitorIdentity, fingerprint?: string): Promise<Visitor> {
    const id = newId('v');
    this.#sql('INSERT INTO visitors (id, channel_id, external_user_id, verified, profile, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, channelId, identity?.externalUserId ?? null, identity?.verified ? 1 : 0, JSON.stringify(profile), fingerprint ?? null, new Date().toISOString());
    return (await this.getVisitor(id))!;
  }

  async findAnonymousByFingerprint(channelId: string, fingerprint: string): Promise<Visitor | null> {
    const row = this.#sql(`${VISITOR_SELECT} WHERE v.channel_id = ? AND v.fingerprint = ? AND v.external_user_id IS NULL
                           ORDER BY v.created_at DESC LIMIT 1`).get(channelId, fingerprint) as VisitorRow | undefined;
    return row ? toVisitor(row) : null;
  }

  async findVisitorByIdentity(channelId: string, identity: VisitorIdentity): Promise<Visitor | null> {
    const row = this.#sql(`${VISITOR_SELECT} WHERE v.channel_id = ? AND v.external_user_id = ? AND v.verified = ?`)
      .get(channelId, identity.externalUserId, identity.verified ? 1 : 0) as VisitorRow | undefined;
    return row ? toVisitor(row) : null;
  }

  async mergeVisitor(fromId: string, intoId: string): Promise<void> {
    this.#db.transaction(() => {
      // One open conversation per visitor: the target's open one wins, the other is closed.
      if (this.#findOpen(intoId)) {
        this.#sql(`UPDATE conversations SET status = 'closed' WHERE visitor_id = ? AND status = 'open'`).run(fromId);
      }
      this.#sql('UPDATE conversations SET visitor_id = ? WHERE visitor_id = ?').run(intoId, fromId);
    }).immediate();
  }

  async listFaqs(channelId: string): Promise<Faq[]> {
    return this.#cached(`faqs:${channelId}`, () =>
      this.#sql('SELECT id, question, answer, position FROM faqs WHERE channel_id = ? ORDER BY position, created_at').all(channelId) as Faq[],
    );
  }

  async createFaq(channelId: string, faq: Omit<Faq, 'id'>): Promise<Faq> {
    this.#forget(`faqs:${channelId}`);
    const id = newId('faq');
    this.#sql('INSERT INTO faqs (id, channel_id, question, answer, position, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, channelId, faq.question, faq.answer, faq.position, new Date().toISOString());
    return { id, ...faq };
  }

  async updateFaq(channelId: string, id: string, patch: Partial<Omit<Faq, 'id'>>): Promise<Faq | null> {
    const current = this.#sql('SELECT id, question, answer, position FROM faqs WHERE id = ? AND channel_id = ?').get(id, channelId) as Faq | undefined;
    if (!current) return null;
    const next = { ...current, ...patch };
    this.#forget(`faqs:${channelId}`);
    this.#sql('UPDATE faqs SET question = ?, answer = ?, position = ? WHERE id = ?').run(next.question, next.answer, next.position, id);
    return next;
  }

  async deleteFaq(channelId: string, id: string): Promise<boolean> {
    this.#forget(`faqs:${channelId}`);
    return this.#sql('DELETE FROM faqs WHERE id = ? AND channel_id = ?').run(id, channelId).changes === 1;
  }

  async getChannelSecret(channelId: string, kind: SecretKind): Promise<string | null> {
    const row = this.#sql('SELECT secret FROM channel_secrets WHERE channel_id = ? AND kind = ?').get(channelId, kind) as { secret: string } | undefined;
    return row?.secret ?? null;
  }

  async setChannelSecret(channelId: string, kind: SecretKind, secret: string): Promise<void> {
    this.#sql(`INSERT INTO channel_secrets (channel_id, kind, secret, created_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (channel_id, kind) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`)
      .run(channelId, kind, secret, new Date().toISOString());
  }

  async claimIdempotencyKey(scope: string, key: string, fingerprint: string, since: string): Promise<IdempotentRequest | null> {
    return this.#db.transaction(() => {
      this.#sql('DELETE FROM idempotency_keys WHERE created_at < ?').run(since);
      const claimed = this.#sql('INSERT OR IGNORE INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES (?, ?, ?, ?)')
        .run(scope, key, fingerprint, new Date().toISOString()).changes === 1;
      return claimed ? null : (this.#sql('SELECT fingerprint, status, body FROM idempotency_keys WHERE scope = ? AND key = ?').get(scope, key) as IdempotentRequest);
    }).immediate();
  }

  async completeIdempotencyKey(scope: string, key: string, status: number, body: string | null): Promise<void> {
    this.#sql('UPDATE idempotency_keys SET status = ?, body = ? WHERE scope = ? AND key = ?').run(status, body, scope, key);
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    this.#sql('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND status IS NULL').run(scope, key);
  }

  async useAssertion(jti: string, channelId: string, expiresAt: number): Promise<boolean> {
    this.#sql('DELETE FROM used_assertions WHERE expires_at < ?').run(Math.floor(Date.now() / 1000));
    return this.#sql('INSERT OR IGNORE INTO used_assertions (jti, channel_id, expires_at) VALUES (?, ?, ?)').run(jti, channelId, expiresAt).changes === 1;
  }

  async getVisitor(id: string): Promise<Visitor | null> {
    const row = this.#sql(`${VISITOR_SELECT} WHERE v.id = ?`).get(id) as VisitorRow | undefined;
    return row ? toVisitor(row) : null;
  }

  async setVisitorContext(id: string, context: VisitorContext): Promise<void> {
    this.#sql('UPDATE visitors SET context = ? WHERE id = ?').run(JSON.stringify(context), id);
  }

  async updateVisitorProfile(id: string, profile: VisitorProfile, check?: (merged: VisitorProfile) => void): Promise<Visitor | null> {
    return this.#db.transaction(() => {
      const row = this.#sql(`${VISITOR_SELECT} WHERE v.id = ?`).get(id) as VisitorRow | undefined;
      if (!row) return null;
      const current = JSON.parse(row.profile) as VisitorProfile;
      const merged: VisitorProfile = { ...current, ...profile };
      if (current.extra || profile.extra) merged.extra = { ...current.extra, ...profile.extra };
      check?.(merged);
      this.#sql('UPDATE visitors SET profile = ? WHERE id = ?').run(JSON.stringify(merged), id);
      return toVisitor({ ...row, profile: JSON.stringify(merged) });
    }).immediate();
  }

  // ------------------------------------------------------------ conversations

  async openConversation(channelId: string, visitorId: string): Promise<{ conversation: Conversation; created: boolean }> {
    // Most calls find a conversation that exists: a plain read, no write lock.
    const open = this.#findOpen(visitorId);
    if (open) return { conversation: open, created: false };
    const { conversationId, created } = this.#db.transaction(() => this.#openIn(channelId, visitorId)).immediate();
    return { conversation: this.#getConversation(conversationId)!, created };
  }

  /**
   * The visitor's open conversation, opened if need be, inside the caller's write transaction:
   * nothing else runs on this connection in between, and the unique partial index refuses a
   * second open conversation from another process.
   */
  #openIn(channelId: string, visitorId: string): { conversationId: string; created: boolean } {
    const open = this.#sql(`SELECT id FROM conversations WHERE visitor_id = ? AND status = 'open'`).get(visitorId) as { id: string } | undefined;
    if (open) return { conversationId: open.id, created: false };
    const now = new Date().toISOString();
    const id = newId('cv');
    this.#sql(`INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at)
                VALUES (?, ?, ?, 'open', 0, ?, ?)`)
      .run(id, channelId, visitorId, now, now);
    return { conversationId: id, created: true };
  }

  async findOpenConversation(visitorId: string): Promise<Conversation | null> {
    return this.#findOpen(visitorId);
  }

  async getConversation(id: string): Promise<Conversation | null> {
    return this.#getConversation(id);
  }

  async getConversationSummary(id: string): Promise<ConversationSummary | null> {
    const conversation = this.#getConversation(id);
    return conversation ? this.#summarize(conversation) : null;
  }

  async listConversations(query: ConversationQuery): Promise<{ data: ConversationSummary[]; hasMore: boolean }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      where.push('c.status = ?');
      params.push(query.status);
    }
    if (query.assignedTo === null) where.push('c.assigned_agent_id IS NULL');
    else if (query.assignedTo !== undefined) {
      where.push('c.assigned_agent_id = ?');
      params.push(query.assignedTo);
    }
    const rows = this.#sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM}
                ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`)
      .all(...params, query.limit + 1) as ConversationRow[];
    const hasMore = rows.length > query.limit;
    return { data: rows.slice(0, query.limit).map((row) => this.#summarize(toConversation(row))), hasMore };
  }

  async setStatus(id: string, status: 'open' | 'closed'): Promise<Conversation | null> {
    this.#sql(`UPDATE conversations SET status = ?, closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END WHERE id = ?`)
      .run(status, status, new Date().toISOString(), id);
    return this.#getConversation(id);
  }

  async latestConversation(visitorId: string): Promise<Conversation | null> {
    const row = this.#sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT 1`)
      .get(visitorId) as ConversationRow | undefined;
    return row ? toConversation(row) : null;
  }

  async rate(id: string, score: number, comment: string | undefined): Promise<Conversation | null> {
    this.#sql('UPDATE conversations SET rating_score = ?, rating_comment = ? WHERE id = ?').run(score, comment ?? null, id);
    return this.#getConversation(id);
  }

  async assign(id: string, agentId: string | null): Promise<Conversation | null> {
    this.#sql('UPDATE conversations SET assigned_agent_id = ? WHERE id = ?').run(agentId, id);
    return this.#getConversation(id);
  }

  async listVisitorConversations(visitorId: string, limit: number): Promise<ConversationSummary[]> {
    const rows = this.#sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = ? ORDER BY c.created_at DESC LIMIT ?`)
      .all(visitorId, limit) as ConversationRow[];
    return rows.map((row) => this.#summarize(toConversation(row)));
  }

  async markRead(conversationId: string, by: 'visitor' | 'agent', seq: number): Promise<Conversation | null> {
    const column = by === 'visitor' ? 'visitor_read_seq' : 'agent_read_seq';
    this.#sql(`UPDATE conversations SET ${column} = MAX(${column}, MIN(?, last_seq)) WHERE id = ?`).run(seq, conversationId);
    return this.#getConversation(conversationId);
  }

  // ------------------------------------------------------------ messages

  /**
   * Group commit: every send that arrives during one turn of the event loop is stored in one
   * transaction, then each caller gets its own result. One commit per tick instead of one per
   * message; nothing is acknowledged before it is committed. The messages of one commit share
   * its time (`commitTime`).
   */
  appendMessage(input: NewMessage): Promise<AppendResult> {
    return this.#enqueue((at) => this.#append(input, at));
  }

  appendVisitorMessage(input: NewVisitorMessage): Promise<VisitorAppendResult> {
    return this.#enqueue((at) => this.#appendForVisitor(input, at));
  }

  /** `store` runs inside the next group commit's transaction. */
  #enqueue<T extends AppendResult>(store: (at: CommitTime) => T): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#appends.push({ store, resolve: resolve as (result: AppendResult) => void, reject });
      if (this.#appends.length === 1) setImmediate(() => this.#commitAppends());
    });
  }

  /** Without the checkpoint thread this connection checkpoints by itself, as SQLite does by default. */
  #checkpointerLost(error: unknown): void {
    this.#checkpointer = null;
    if (this.#db.open) this.#db.pragma('wal_autocheckpoint = 1000');
    process.emitWarning(`SQLite checkpoint thread stopped (${String(error)}); checkpointing on the main thread`);
    this.#commitAppends();
  }

  #commitAppends(): void {
    // While the checkpoint thread finishes a checkpoint, sends wait; it calls this again after.
    if (this.#checkpointer?.held || !this.#appends.length) return;
    const batch = this.#appends;
    this.#appends = [];
    const at = commitTime();
    let results: AppendResult[];
    try {
      results = this.#appendBatch.immediate(batch, at);
    } catch {
      // One send failed (an upload already taken, say) and the whole batch rolled back: store
      // each on its own, so only that one is refused.
      for (const item of batch) {
        try {
          item.resolve(this.#appendOne.immediate(item, at));
        } catch (error) {
          item.reject(error);
        }
      }
      return;
    }
    batch.forEach((item, index) => item.resolve(results[index]!));
  }

  /** One send, inside the batch's transaction: the stored message, or the one already under its clientId. */
  #append(input: NewMessage, at: CommitTime): AppendResult {
    const existing = this.#sql(`${MESSAGE_SELECT} WHERE m.client_id = ? AND m.conversation_id = ?`)
      .get(input.clientId, input.conversationId) as MessageRow | undefined;
    if (existing) return { message: toMessage(existing), created: false };
    // The status is checked as the message is stored, not only when the caller looked it up.
    const bumped = this.#sql(`UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? AND status = 'open' RETURNING last_seq`)
      .get(at.iso, input.conversationId) as { last_seq: number } | undefined;
    if (!bumped) throw new ConversationClosed(input.conversationId);
    return { message: this.#insert(input, bumped.last_seq, at), created: true };
  }

  /**
   * A visitor's send, inside the batch's transaction: stored in their open conversation (opened
   * first when there is none). The usual case is three plain statements: the open conversation
   * is read, the message takes the next number (the insert skips a clientId already stored
   * there: a retry), and the conversation takes the number. Nothing else writes between them,
   * so the conversation as read, with its new number, is the conversation as stored; reading
   * it back with `RETURNING` cost a group commit more than reading it first.
   */
  #appendForVisitor({ channelId, visitorId, ...input }: NewVisitorMessage, at: CommitTime): VisitorAppendResult {
    const open = this.#findOpen(visitorId);
    if (open) {
      const id = newSortableId('m', at.ms);
      const seq = open.lastSeq + 1;
      const attachmentsText = JSON.stringify(input.attachments ?? []);
      const inserted = this.#sql(`INSERT INTO messages (id, conversation_id, seq, client_id, sender, author_id, text, attachments, created_at)
                                  VALUES (?, ?, ?, ?, 'visitor', NULL, ?, ?, ?) ON CONFLICT (client_id, conversation_id) DO NOTHING`)
        .run(id, open.id, seq, input.clientId, input.text, attachmentsText, at.iso);
      if (inserted.changes === 1) {
        this.#sql('UPDATE conversations SET last_seq = ?, updated_at = ? WHERE id = ?').run(seq, at.iso, open.id);
        this.#bindUploads(id, open.id, input.attachments);
        const message = toMessage({ id, conversation_id: open.id, seq, client_id: input.clientId, sender: 'visitor', author_id: null, author_name: null, author_avatar: null, text: input.text, attachments: attachmentsText, created_at: at.iso });
        return { message, created: true, conversation: { ...open, lastSeq: seq, updatedAt: at.iso }, opened: false };
      }
      // A retry: the message stored under this clientId before.
      const existing = this.#sql(`${MESSAGE_SELECT} WHERE m.client_id = ? AND m.conversation_id = ?`).get(input.clientId, open.id) as MessageRow;
      return { message: toMessage(existing), created: false, conversation: open, opened: false };
    }
    // The visitor's first message since their last conversation closed: it opens the next one.
    const { conversationId, created: opened } = this.#openIn(channelId, visitorId);
    return { ...this.#append({ ...input, conversationId, from: 'visitor', authorId: null }, at), conversation: this.#getConversation(conversationId)!, opened };
  }

  /** The message's uploads become its own; one already taken throws, which rolls the message back. */
  #bindUploads(messageId: string, conversationId: string, attachments: StoredAttachment[] = []): void {
    attachments.forEach((attachment, index) => {
      const bound = this.#sql('UPDATE uploads SET message_id = ?, conversation_id = ? WHERE id = ? AND message_id IS NULL')
        .run(messageId, conversationId, attachment.id);
      if (bound.changes !== 1) throw new AttachmentTaken(index);
    });
  }

  /** Stores a new message under `seq` and returns it as stored; an upload already taken rolls it back. */
  #insert(input: NewMessage, seq: number, at: CommitTime): ChatMessage {
    const id = newSortableId('m', at.ms);
    const attachments = input.attachments ?? [];
    this.#sql(`INSERT INTO messages (id, conversation_id, seq, client_id, sender, author_id, text, attachments, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, input.conversationId, seq, input.clientId, input.from, input.authorId, input.text, JSON.stringify(attachments), at.iso);
    this.#bindUploads(id, input.conversationId, attachments);
    // Built from what was just written; only an author's name and avatar need a read.
    const author = input.authorId
      ? (this.#sql('SELECT name AS author_name, avatar_url AS author_avatar FROM agents WHERE id = ?').get(input.authorId) as Pick<MessageRow, 'author_name' | 'author_avatar'> | undefined)
      : undefined;
    return toMessage({
      id,
      conversation_id: input.conversationId,
      seq,
      client_id: input.clientId,
      sender: input.from,
      author_id: input.authorId,
      author_name: author?.author_name ?? null,
      author_avatar: author?.author_avatar ?? null,
      text: input.text,
      attachments: JSON.stringify(attachments),
      created_at: at.iso,
    });
  }

  async listMessages(conversationId: string, query: MessagePageQuery): Promise<{ data: ChatMessage[]; hasMore: boolean }> {
    const conditions = ['m.conversation_id = ?'];
    const params: unknown[] = [conversationId];
    if (query.after !== undefined) {
      conditions.push('m.seq > ?');
      params.push(query.after);
    }
    if (query.before !== undefined) {
      conditions.push('m.seq < ?');
      params.push(query.before);
    }
    // Paging forward from `after` reads oldest first; otherwise the newest page is wanted.
    const newestFirst = query.after === undefined;
    const rows = this.#sql(`${MESSAGE_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY m.seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT ?`)
      .all(...params, query.limit + 1) as MessageRow[];
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit).map(toMessage);
    if (newestFirst) page.reverse();
    return { data: page, hasMore };
  }

  // ------------------------------------------------------------ uploads

  async createUpload(upload: UploadRecord): Promise<void> {
    this.#sql(`INSERT INTO uploads (id, channel_id, visitor_id, agent_id, conversation_id, message_id, storage_key,
                 file_name, file_size, content_type, width, height, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(upload.id, upload.channelId, upload.visitorId, upload.agentId, upload.conversationId, upload.messageId, upload.storageKey,
        upload.fileName, upload.fileSize, upload.contentType, upload.width ?? null, upload.height ?? null, upload.createdAt);
  }

  async getUpload(id: string): Promise<UploadRecord | null> {
    const row = this.#sql('SELECT * FROM uploads WHERE id = ?').get(id) as UploadRow | undefined;
    return row ? toUpload(row) : null;
  }


  // ------------------------------------------------------------ agents

  async createAgent(agent: NewAgent): Promise<Agent> {
    const id = newId('ag');
    this.#sql('INSERT INTO agents (id, email, name, role, kind, avatar_url, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, agent.email, agent.name, agent.role, agent.kind, agent.avatarUrl ?? null, agent.passwordHash, new Date().toISOString());
    return (await this.getAgent(id))!;
  }

  async listAgents(): Promise<Agent[]> {
    return (this.#sql('SELECT * FROM agents ORDER BY created_at, id').all() as AgentRow[]).map(toAgent);
  }

  async updateAgent(id: string, patch: AgentPatch): Promise<Agent | null> {
    const columns = rows.agentPatchColumns(patch);
    if (columns.length) {
      this.#db.prepare(`UPDATE agents SET ${columns.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`).run(...columns.map(([, value]) => value), id);
    }
    return this.getAgent(id);
  }


  async findAgentByInvite(hash: string, now: string): Promise<Agent | null> {
    const row = this.#sql('SELECT * FROM agents WHERE invite_hash = ? AND invite_expires_at > ?').get(hash, now) as AgentRow | undefined;
    return row ? toAgent(row) : null;
  }

  async findAgentByToken(hash: string): Promise<Agent | null> {
    const row = this.#sql(`SELECT * FROM agents WHERE token_hash = ? AND kind = 'bot'`).get(hash) as AgentRow | undefined;
    return row ? toAgent(row) : null;
  }

  async getAgentByEmail(email: string): Promise<AgentRecord | null> {
    const row = this.#sql('SELECT * FROM agents WHERE email = ?').get(email) as AgentRow | undefined;
    return row ? { ...toAgent(row), passwordHash: row.password_hash } : null;
  }

  async getAgent(id: string): Promise<Agent | null> {
    const row = this.#sql('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
    return row ? toAgent(row) : null;
  }

  async countAgents(): Promise<number> {
    return (this.#sql('SELECT count(*) AS n FROM agents').get() as { n: number }).n;
  }

  // ------------------------------------------------------------ webhooks

  async createWebhook(webhook: Omit<WebhookRecord, 'id' | 'createdAt'>): Promise<Webhook> {
    this.#forget('webhooks');
    const id = newId('wh');
    this.#sql('INSERT INTO webhooks (id, url, events, channel_key, secret, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, webhook.url, JSON.stringify(webhook.events), webhook.channel, webhook.secret, webhook.active ? 1 : 0, new Date().toISOString());
    return (await this.getWebhook(id))!;
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    return this.#cached('webhooks', () => (this.#sql('SELECT * FROM webhooks ORDER BY created_at, id').all() as WebhookRow[]).map(toWebhook));
  }

  async getWebhook(id: string): Promise<WebhookRecord | null> {
    const row = this.#sql('SELECT * FROM webhooks WHERE id = ?').get(id) as WebhookRow | undefined;
    return row ? toWebhook(row) : null;
  }

  async updateWebhook(id: string, patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'channel' | 'active' | 'secret'>>): Promise<Webhook | null> {
    const current = await this.getWebhook(id);
    if (!current) return null;
    const next = { ...current, ...patch };
    this.#forget('webhooks');
    this.#sql('UPDATE webhooks SET url = ?, events = ?, channel_key = ?, active = ?, secret = ? WHERE id = ?')
      .run(next.url, JSON.stringify(next.events), next.channel, next.active ? 1 : 0, next.secret, id);
    return this.getWebhook(id);
  }

  async deleteWebhook(id: string): Promise<boolean> {
    this.#forget('webhooks');
    return this.#db.transaction(() => {
      this.#sql('DELETE FROM webhook_deliveries WHERE webhook_id = ?').run(id);
      return this.#sql('DELETE FROM webhooks WHERE id = ?').run(id).changes === 1;
    })();
  }

  async enqueueDeliveries(deliveries: Array<{ id: string; webhookId: string; event: WebhookEventType; payload: string }>): Promise<void> {
    const now = new Date().toISOString();
    const insert = this.#sql(`INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, next_attempt_at, created_at)
                              VALUES (?, ?, ?, ?, 'pending', ?, ?)`);
    this.#db.transaction(() => {
      for (const delivery of deliveries) insert.run(delivery.id, delivery.webhookId, delivery.event, delivery.payload, now, now);
    })();
  }

  async claimDueDeliveries(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
    return this.#db.transaction(() => {
      const rows = this.#sql(`SELECT d.id, d.event, d.payload, d.attempts, w.url, w.secret
                              FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                              WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`)
        .all(now, limit) as ClaimedDelivery[];
      const lease = this.#sql('UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?');
      for (const row of rows) lease.run(leaseUntil, row.id);
      return rows;
    }).immediate();
  }

  async recordDelivery(id: string, outcome: DeliveryOutcome): Promise<void> {
    this.#sql(`UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?,
                 delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END WHERE id = ?`)
      .run(outcome.status, outcome.attempts, outcome.nextAttemptAt, outcome.lastStatus, outcome.lastError, outcome.status, new Date().toISOString(), id);
  }

  async listDeliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    return (this.#sql('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id DESC LIMIT ?').all(webhookId, limit) as DeliveryRow[]).map(toDelivery);
  }

  async redeliver(webhookId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    this.#sql(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ? AND webhook_id = ?`)
      .run(new Date().toISOString(), deliveryId, webhookId);
    const row = this.#sql('SELECT * FROM webhook_deliveries WHERE id = ? AND webhook_id = ?').get(deliveryId, webhookId) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async ping(): Promise<void> {
    this.#sql('SELECT 1').get();
  }

  async close(): Promise<void> {
    const checkpointer = this.#checkpointer;
    this.#checkpointer = null;
    await checkpointer?.close();
    // Sends made in this very turn are stored before the connection closes.
    if (this.#db.open) this.#commitAppends();
    // The last connection to close checkpoints what is left and removes the WAL.
    if (this.#db.open) this.#db.close();
  }

  // ------------------------------------------------------------ helpers

  /** Prepared statements are compiled once per SQL text and reused. */
  #sql(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  #findOpen(visitorId: string): Conversation | null {
    const row = this.#sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = ? AND c.status = 'open'`)
      .get(visitorId) as ConversationRow | undefined;
    return row ? toConversation(row) : null;
  }

  #getConversation(id: string): Conversation | null {
    const row = this.#sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.id = ?`)
      .get(id) as ConversationRow | undefined;
    return row ? toConversation(row) : null;
  }

  #summarize(conversation: Conversation): ConversationSummary {
    const visitorRow = this.#sql(`${VISITOR_SELECT} WHERE v.id = ?`).get(conversation.visitorId) as VisitorRow;
    const lastRow = this.#sql(`${MESSAGE_SELECT} WHERE m.conversation_id = ? ORDER BY m.seq DESC LIMIT 1`)
      .get(conversation.id) as MessageRow | undefined;
    return { ...conversation, visitor: toVisitor(visitorRow), lastMessage: lastRow ? toMessage(lastRow) : null };
  }
}
