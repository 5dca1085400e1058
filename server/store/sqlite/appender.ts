import type Database from 'better-sqlite3';
import { LIMITS, type ChatMessage, type Conversation } from '../../../src/protocol.js';
import { newSortableId } from '../../ids.js';
import { MESSAGE_SELECT } from '../rows.js';
import {
  AttachmentTaken,
  AttributeLimit,
  ConversationClosed,
  ConversationNotFound,
  type AppendResult,
  type NewMessage,
  type NewVisitorMessage,
  type VisitorAppendResult,
} from '../store.js';
import { findOpenConversation, getConversation, openInTransaction } from './conversations.js';
import { toMessage, type Connection, type MessageRow } from './db.js';

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

/**
 * Group commit: every send that arrives during one turn of the event loop is stored in one
 * transaction, then each caller gets its own result. One commit per tick instead of one per
 * message; nothing is acknowledged before it is committed. The messages of one commit share
 * its time (`commitTime`).
 */
export class MessageAppender {
  readonly #db: Connection;
  /** Whether commits are held for now (while the checkpoint thread finishes a checkpoint). */
  readonly #held: () => boolean;
  /** Sends waiting for the next group commit (one transaction for every send of a tick). */
  #appends: PendingAppend[] = [];
  readonly #appendOne: Database.Transaction<(append: PendingAppend, at: CommitTime) => AppendResult>;
  readonly #appendBatch: Database.Transaction<(appends: PendingAppend[], at: CommitTime) => AppendResult[]>;

  constructor(db: Connection, held: () => boolean) {
    this.#db = db;
    this.#held = held;
    this.#appendOne = db.transaction((append: PendingAppend, at: CommitTime) => append.store(at));
    this.#appendBatch = db.transaction((appends: PendingAppend[], at: CommitTime) => appends.map((append) => append.store(at)));
  }

  append(input: NewMessage): Promise<AppendResult> {
    return this.#enqueue((at) => this.#append(input, at));
  }

  appendForVisitor(input: NewVisitorMessage): Promise<VisitorAppendResult> {
    return this.#enqueue((at) => this.#appendForVisitor(input, at));
  }

  /** `store` runs inside the next group commit's transaction. */
  #enqueue<T extends AppendResult>(store: (at: CommitTime) => T): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#appends.push({ store, resolve: resolve as (result: AppendResult) => void, reject });
      if (this.#appends.length === 1) setImmediate(() => this.commit());
    });
  }

  /** Stores the sends waiting, in one transaction, unless commits are held (then the holder calls this again). */
  commit(): void {
    if (this.#held() || !this.#appends.length) return;
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
    // The status is checked as the message is stored, not only when the caller looked it up.
    const open = this.#db.sql(`SELECT last_seq FROM conversations WHERE id = ? AND status = 'open'`)
      .get(input.conversationId) as { last_seq: number } | undefined;
    if (open) return this.#store(input, open.last_seq, at);
    // A closed conversation takes no message, but a retry of one it took is answered.
    const sent = this.#sent(input.conversationId, input.clientId);
    if (!sent) throw new ConversationClosed(input.conversationId);
    return { message: sent, created: false };
  }

  /**
   * A visitor's send, inside the batch's transaction: stored in the conversation it names (see
   * `NewVisitorMessage`), else in their open default one (opened first when there is none). The
   * usual case is three plain statements: the conversation is read, the message takes the next
   * number, and the conversation takes the number. Nothing else writes between them, so the
   * conversation as read, with its new number, is the conversation as stored; reading it back
   * with `RETURNING` cost a group commit more than reading it first.
   */
  #appendForVisitor({ channelId, visitorId, conversationId, handler, ...input }: NewVisitorMessage, at: CommitTime): VisitorAppendResult {
    const db = this.#db;
    let conversation: Conversation | null = null;
    if (conversationId !== undefined) {
      const named = getConversation(db, conversationId);
      if (!named || named.visitorId !== visitorId) throw new ConversationNotFound(conversationId);
      if (named.status === 'open') conversation = named;
      else {
        // A closed conversation takes no message, but a retry of one it took is answered.
        const sent = this.#sent(named.id, input.clientId);
        if (sent) return { message: sent, created: false, conversation: named, opened: false };
        // A closed explicit conversation stays closed; a closed default one is followed by the next.
        if (!named.isDefault) throw new ConversationClosed(named.id);
      }
    }
    conversation ??= findOpenConversation(db, visitorId);
    let opened = false;
    if (!conversation) {
      // The visitor's first message since their last default conversation closed: it opens the next one.
      const { conversationId: openedId, created } = openInTransaction(db, channelId, visitorId, handler);
      conversation = getConversation(db, openedId)!;
      opened = created;
    }
    const { attributes, ...stored } = this.#store({ ...input, conversationId: conversation.id, from: 'visitor', authorId: null }, conversation.lastSeq, at);
    const after = stored.created ? { ...conversation, lastSeq: stored.message.seq, updatedAt: at.iso, attributes: attributes ?? conversation.attributes } : conversation;
    return { ...stored, conversation: after, opened };
  }

  /**
   * Every message is stored here: in its conversation, open and numbered up to `lastSeq` as read
   * in this transaction, under the next number. A clientId stored there before (a retry) is
   * skipped by the insert and answered with that message. The message's uploads become its own;
   * one already taken throws, which rolls the message back. Its `attributes` are merged into the
   * conversation's (returned as merged); too many throw, which rolls it back too.
   */
  #store(input: NewMessage, lastSeq: number, at: CommitTime): AppendResult & { attributes?: Record<string, string> } {
    const db = this.#db;
    const id = input.id ?? newSortableId('m', at.ms);
    const seq = lastSeq + 1;
    const attachments = input.attachments ?? [];
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const inserted = db.sql(`INSERT INTO messages (id, conversation_id, seq, client_id, sender, author_id, text, attachments, blocks, reply_to, sources, created_at)
                             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, conversation_id) DO NOTHING`)
      .run(id, input.conversationId, seq, input.clientId, input.from, input.authorId, input.text, JSON.stringify(attachments),
        json(input.blocks), json(input.replyTo), json(input.sources), at.iso);
    if (inserted.changes !== 1) return { message: this.#sent(input.conversationId, input.clientId)!, created: false };
    db.sql('UPDATE conversations SET last_seq = ?, updated_at = ? WHERE id = ?').run(seq, at.iso, input.conversationId);
    attachments.forEach((attachment, index) => {
      const bound = db.sql('UPDATE uploads SET message_id = ?, conversation_id = ? WHERE id = ? AND message_id IS NULL')
        .run(id, input.conversationId, attachment.id);
      if (bound.changes !== 1) throw new AttachmentTaken(index);
    });
    const attributes = input.attributes && Object.keys(input.attributes).length ? this.#mergeAttributes(input.conversationId, input.attributes) : undefined;
    // Built from what was just written; only an author's name and avatar need a read (a team member's, else an AI agent's).
    const author = input.authorId
      ? ((db.sql('SELECT name AS author_name, avatar_url AS author_avatar FROM agents WHERE id = ?').get(input.authorId) ??
          db.sql('SELECT name AS author_name, NULL AS author_avatar FROM ai_agents WHERE id = ?').get(input.authorId)) as
          Pick<MessageRow, 'author_name' | 'author_avatar'> | undefined)
      : undefined;
    const message = toMessage({
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
      blocks: json(input.blocks),
      reply_to: json(input.replyTo),
      sources: json(input.sources),
      created_at: at.iso,
    });
    return { message, created: true, ...(attributes ? { attributes } : {}) };
  }

  /** The conversation's attributes with `added` merged in, as written. */
  #mergeAttributes(conversationId: string, added: Record<string, string>): Record<string, string> {
    const row = this.#db.sql('SELECT attributes FROM conversations WHERE id = ?').get(conversationId) as { attributes: string };
    const merged = { ...(JSON.parse(row.attributes) as Record<string, string>), ...added };
    if (Object.keys(merged).length > LIMITS.attributes) throw new AttributeLimit(conversationId);
    this.#db.sql('UPDATE conversations SET attributes = ? WHERE id = ?').run(JSON.stringify(merged), conversationId);
    return merged;
  }

  /** The message stored in the conversation under `clientId`, if any. */
  #sent(conversationId: string, clientId: string): ChatMessage | null {
    const row = this.#db.sql(`${MESSAGE_SELECT} WHERE m.client_id = ? AND m.conversation_id = ?`).get(clientId, conversationId) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }
}
