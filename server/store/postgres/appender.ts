import type pg from 'pg';
import { LIMITS, type Conversation } from '../../../src/protocol.js';
import { newSortableId } from '../../ids.js';
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
import { getConversation, openConversation } from './conversations.js';
import { all, DEADLOCK, one, sqlState, transaction, UNIQUE_VIOLATION } from './db.js';
import { MESSAGE_SELECT, toMessage, type MessageRow } from '../rows.js';

/**
 * Takes the conversation's row lock (`UPDATE … RETURNING`) and stores the message under the
 * new `seq` in the same statement, so the counter and the message commit or roll back together:
 * `seq` never skips. Only an open conversation takes a message. The `NOT EXISTS` lets a retried
 * send take no number; when a concurrent retry slips past it, the unique
 * `(client_id, conversation_id)` refuses the insert instead.
 */
const INSERT_MESSAGE = `WITH bumped AS (
    UPDATE conversations SET last_seq = last_seq + 1, updated_at = $2
    WHERE id = $1 AND status = 'open' AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1 AND client_id = $3)
    RETURNING last_seq)
  INSERT INTO messages (id, conversation_id, seq, client_id, sender, author_id, text, attachments, blocks, reply_to, sources, created_at)
  SELECT $4, $1, last_seq, $3, $5, $6, $7, $8, $9, $10, $11, $2 FROM bumped
  RETURNING seq,
    COALESCE((SELECT name FROM agents WHERE id = $6), (SELECT name FROM ai_agents WHERE id = $6)) AS author_name,
    (SELECT avatar_url FROM agents WHERE id = $6) AS author_avatar`;

/** Sends per transaction at most: a burst is committed in several, none holding locks for long. */
const MAX_BATCH = 256;

/** What a send stored, with the conversation's attributes as merged when it brought some. */
type StoredMessage = AppendResult & { attributes?: Record<string, string> };

interface Pending {
  input: NewMessage;
  resolve(result: StoredMessage): void;
  reject(error: unknown): void;
}

/**
 * Group commit: the sends that arrive while the previous batch commits (or within one turn of
 * the event loop) are stored in one transaction; each caller then gets its own result, and
 * nothing is acknowledged before it is committed. One batch at a time per process, so this
 * node's sends to a conversation are numbered in the order they arrived.
 */
export class MessageAppender {
  readonly #pool: pg.Pool;
  #queue: Pending[] = [];
  /** The batches being committed, one after another; null when there is nothing to do. */
  #draining: Promise<void> | null = null;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  append(input: NewMessage): Promise<StoredMessage> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      // Sends arriving while a batch commits join the next one; otherwise wait out this tick.
      this.#draining ??= new Promise((resolve) => setImmediate(resolve)).then(() => this.#drain());
    });
  }

  /**
   * A visitor's send (see `NewVisitorMessage`): its conversation is looked up (or the default
   * one opened) first, then the message joins the next group commit, which answers a retry
   * even in a closed conversation. A closed default conversation, found so or closed in
   * between (rare), is followed by the open default one, opened if need be, once more.
   */
  async appendForVisitor({ channelId, visitorId, conversationId, handler, ...message }: NewVisitorMessage): Promise<VisitorAppendResult> {
    let named: Conversation | null = null;
    if (conversationId !== undefined) {
      named = await getConversation(this.#pool, conversationId);
      if (!named || named.visitorId !== visitorId) throw new ConversationNotFound(conversationId);
    }
    for (let attempt = 1; ; attempt++) {
      const { conversation, created: opened } = named ? { conversation: named, created: false } : await openConversation(this.#pool, channelId, visitorId, handler);
      try {
        const { attributes, ...stored } = await this.append({ ...message, conversationId: conversation.id, from: 'visitor', authorId: null });
        const after = stored.created
          ? { ...conversation, lastSeq: stored.message.seq, updatedAt: stored.message.createdAt, attributes: attributes ?? conversation.attributes }
          : conversation;
        return { ...stored, conversation: after, opened };
      } catch (error) {
        if (!(error instanceof ConversationClosed)) throw error;
        // A closed explicit conversation refuses the send; a closed default one is followed by the next.
        if (named && !named.isDefault) throw error;
        if (attempt >= 3) throw error;
        named = null;
      }
    }
  }

  /** Resolves once every send queued so far has been committed or refused. */
  async idle(): Promise<void> {
    await this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length) await this.#commit(this.#queue.splice(0, MAX_BATCH));
    this.#draining = null;
  }

  async #commit(batch: Pending[]): Promise<void> {
    // Every node locks conversations in the same (id) order, so two batches never deadlock;
    // the stable sort keeps each conversation's sends in arrival order.
    const ordered = batch.map((item, index) => ({ item, index })).sort((a, b) => compare(a.item.input.conversationId, b.item.input.conversationId));
    let results: StoredMessage[];
    try {
      results = await transaction(this.#pool, async (client) => {
        const stored: StoredMessage[] = [];
        for (const { item, index } of ordered) stored[index] = await appendOne(client, item.input);
        return stored;
      });
    } catch {
      // One send failed (an upload already taken, a race with a retry on another node) and the
      // whole batch rolled back: store each on its own, so only that one is refused.
      for (const { item } of ordered) {
        try {
          item.resolve(await this.#appendAlone(item.input));
        } catch (error) {
          item.reject(error);
        }
      }
      return;
    }
    batch.forEach((item, index) => item.resolve(results[index]!));
  }

  /** One send in its own transaction; a lost race is run again and then finds the winner's message. */
  async #appendAlone(input: NewMessage): Promise<StoredMessage> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(this.#pool, (client) => appendOne(client, input));
      } catch (error) {
        const { code } = sqlState(error);
        if (attempt >= 3 || (code !== UNIQUE_VIOLATION && code !== DEADLOCK)) throw error;
      }
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One send inside a transaction: the stored message, or the one already under its clientId. */
async function appendOne(client: pg.PoolClient, input: NewMessage): Promise<StoredMessage> {
  const now = new Date().toISOString();
  const id = input.id ?? newSortableId('m');
  const attachments = input.attachments ?? [];
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const inserted = await one<Pick<MessageRow, 'seq' | 'author_name' | 'author_avatar'>>(client, {
    name: 'support-chat.append-message',
    text: INSERT_MESSAGE,
  }, [input.conversationId, now, input.clientId, id, input.from, input.authorId, input.text, JSON.stringify(attachments),
    json(input.blocks), json(input.replyTo), json(input.sources)]);
  if (!inserted) {
    const existing = await one<MessageRow>(client, `${MESSAGE_SELECT} WHERE m.conversation_id = $1 AND m.client_id = $2`, [input.conversationId, input.clientId]);
    // Neither stored nor sent before: the conversation was closed by the time it was stored.
    if (!existing) throw new ConversationClosed(input.conversationId);
    return { message: toMessage(existing), created: false };
  }
  if (attachments.length) {
    const bound = new Set((await all<{ id: string }>(client, `UPDATE uploads SET message_id = $1, conversation_id = $2
      WHERE id = ANY($3::text[]) AND message_id IS NULL RETURNING id`, [id, input.conversationId, attachments.map((attachment) => attachment.id)]))
      .map((row) => row.id));
    // Throwing rolls the whole message back: an upload belongs to one message only (listing
    // the same upload twice takes it twice).
    const seen = new Set<string>();
    attachments.forEach((attachment, index) => {
      if (!bound.has(attachment.id) || seen.has(attachment.id)) throw new AttachmentTaken(index);
      seen.add(attachment.id);
    });
  }
  let attributes: Record<string, string> | undefined;
  if (input.attributes && Object.keys(input.attributes).length) {
    // Merged under the row lock the insert took; too many roll the message back.
    const merged = await one<{ attributes: Record<string, string> }>(client, 'UPDATE conversations SET attributes = attributes || $2::jsonb WHERE id = $1 RETURNING attributes',
      [input.conversationId, JSON.stringify(input.attributes)]);
    attributes = merged!.attributes;
    if (Object.keys(attributes).length > LIMITS.attributes) throw new AttributeLimit(input.conversationId);
  }
  // Built from what was just written; the author's name and avatar came back with the insert.
  const row: MessageRow = {
    id,
    conversation_id: input.conversationId,
    seq: inserted.seq,
    client_id: input.clientId,
    sender: input.from,
    author_id: input.authorId,
    author_name: inserted.author_name,
    author_avatar: inserted.author_avatar,
    text: input.text,
    attachments: JSON.parse(JSON.stringify(attachments)) as MessageRow['attachments'],
    // As the driver will read them back: JSON round-tripped (undefined fields dropped).
    blocks: input.blocks ? (JSON.parse(JSON.stringify(input.blocks)) as MessageRow['blocks']) : null,
    reply_to: input.replyTo ? (JSON.parse(JSON.stringify(input.replyTo)) as MessageRow['reply_to']) : null,
    sources: input.sources ? (JSON.parse(JSON.stringify(input.sources)) as MessageRow['sources']) : null,
    created_at: now,
  };
  return { message: toMessage(row), created: true, ...(attributes ? { attributes } : {}) };
}
