import type { ChatMessage, Conversation, ConversationSummary } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import type { ConversationHandler, ConversationQuery, MessagePageQuery, UploadRecord } from '../store.js';
import { all, one, type Queryable } from './db.js';
import { labelFilter, LABELS_COLUMN, labelsOf } from './canned-labels.js';
import {
  CONVERSATION_COLUMNS,
  CONVERSATION_FROM,
  MESSAGE_SELECT,
  toConversation,
  toMessage,
  toUpload,
  toVisitor,
  VISITOR_SELECT,
  type ConversationRow,
  type MessageRow,
  type UploadRow,
  type VisitorRow,
} from '../rows.js';

/**
 * Conversations, reading their messages (storing them is `appender.ts`), and the files they
 * carry. What only the visitor's side asks (explicit conversations, their list, merges) is in
 * `visitor-conversations.ts`.
 */

/** A conversation with its visitor and newest message, nested by `row_to_json`. */
interface SummaryRow extends ConversationRow {
  visitor: VisitorRow;
  last_message: MessageRow | null;
  labels: string[];
}
/** Summaries in one round trip, as SQLite reads them too (with joins, having no `row_to_json`). */
const SUMMARY_SELECT = `SELECT ${CONVERSATION_COLUMNS},
  (SELECT row_to_json(vr) FROM (${VISITOR_SELECT} WHERE v.id = c.visitor_id) vr) AS visitor,
  (SELECT row_to_json(mr) FROM (${MESSAGE_SELECT} WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1) mr) AS last_message,
  ${LABELS_COLUMN}
  FROM ${CONVERSATION_FROM}`;

function toSummary(row: SummaryRow): ConversationSummary {
  return { ...toConversation(row), visitor: toVisitor(row.visitor), lastMessage: row.last_message ? toMessage(row.last_message) : null, labels: labelsOf(row) };
}

/** The visitor's open default conversation (read on the unique partial index). */
export async function findOpenConversation(db: Queryable, visitorId: string): Promise<Conversation | null> {
  const row = await one<ConversationRow>(db, `SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = $1 AND c.status = 'open' AND c.is_default`, [visitorId]);
  return row ? toConversation(row) : null;
}

export async function getConversation(db: Queryable, id: string): Promise<Conversation | null> {
  const row = await one<ConversationRow>(db, `SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.id = $1`, [id]);
  return row ? toConversation(row) : null;
}

/**
 * The visitor's open default conversation, opened when there is none. The one-open-default
 * rule holds on the unique partial index, not on this code: of two nodes inserting
 * at once, one inserts and the other's `ON CONFLICT … DO NOTHING` waits for it, inserts nothing
 * and reads the winner's row.
 */
export async function openConversation(
  db: Queryable,
  channelId: string,
  visitorId: string,
  handler?: ConversationHandler,
): Promise<{ conversation: Conversation; created: boolean }> {
  for (;;) {
    // Most sends go to a conversation that exists: a plain read first.
    const open = await findOpenConversation(db, visitorId);
    if (open) return { conversation: open, created: false };
    const now = new Date().toISOString();
    const inserted = await one<ConversationRow>(db, `WITH inserted AS (
        INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at, handled_by, ai_agent_id)
        VALUES ($1, $2, $3, 'open', 0, $4, $4, $5, $6)
        ON CONFLICT (visitor_id) WHERE status = 'open' AND is_default DO NOTHING
        RETURNING *)
      SELECT ${CONVERSATION_COLUMNS} FROM inserted c JOIN channels ch ON ch.id = c.channel_id`,
    [newId('cv'), channelId, visitorId, now, handler?.handledBy ?? 'human', handler?.aiAgentId ?? null]);
    if (inserted) return { conversation: toConversation(inserted), created: true };
    // Someone else's open conversation won; read it (unless it was closed meanwhile: go again).
  }
}

export async function getConversationSummary(db: Queryable, id: string): Promise<ConversationSummary | null> {
  const row = await one<SummaryRow>(db, `${SUMMARY_SELECT} WHERE c.id = $1`, [id]);
  return row ? toSummary(row) : null;
}

export async function listConversations(db: Queryable, query: ConversationQuery): Promise<{ data: ConversationSummary[]; hasMore: boolean }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.status) {
    params.push(query.status);
    where.push(`c.status = $${params.length}`);
  }
  if (query.assignedTo === null) where.push('c.assigned_agent_id IS NULL');
  else if (query.assignedTo !== undefined) {
    params.push(query.assignedTo);
    where.push(`c.assigned_agent_id = $${params.length}`);
  }
  if (query.handledBy) {
    params.push(query.handledBy);
    where.push(`c.handled_by = $${params.length}`);
  }
  if (query.label) {
    params.push(query.label);
    where.push(labelFilter(params.length));
  }
  params.push(query.limit + 1);
  const rows = await all<SummaryRow>(db, `${SUMMARY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY c.updated_at DESC, c.id DESC LIMIT $${params.length}`, params);
  return { data: rows.slice(0, query.limit).map(toSummary), hasMore: rows.length > query.limit };
}

/** Reopening a default conversation throws the unique index's error when the visitor has another open default one. */
export async function setStatus(db: Queryable, id: string, status: 'open' | 'closed'): Promise<Conversation | null> {
  await db.query(`UPDATE conversations SET status = $1, closed_at = CASE WHEN $1 = 'closed' THEN $2 ELSE NULL END WHERE id = $3`,
    [status, new Date().toISOString(), id]);
  return getConversation(db, id);
}

export async function latestConversation(db: Queryable, visitorId: string): Promise<Conversation | null> {
  const row = await one<ConversationRow>(db, `SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = $1 AND c.is_default
    ORDER BY c.created_at DESC, c.id DESC LIMIT 1`, [visitorId]);
  return row ? toConversation(row) : null;
}

export async function rate(db: Queryable, id: string, score: number, comment: string | undefined): Promise<Conversation | null> {
  await db.query('UPDATE conversations SET rating_score = $1, rating_comment = $2 WHERE id = $3', [score, comment ?? null, id]);
  return getConversation(db, id);
}

export async function assign(db: Queryable, id: string, agentId: string | null): Promise<Conversation | null> {
  await db.query('UPDATE conversations SET assigned_agent_id = $1 WHERE id = $2', [agentId, id]);
  return getConversation(db, id);
}

export async function listVisitorConversations(db: Queryable, visitorId: string, limit: number): Promise<ConversationSummary[]> {
  const rows = await all<SummaryRow>(db, `${SUMMARY_SELECT} WHERE c.visitor_id = $1 ORDER BY c.created_at DESC LIMIT $2`, [visitorId, limit]);
  return rows.map(toSummary);
}

/** Never lowers the read `seq`, never raises it past the last message (`seq` may be any integer: bigint). */
export async function markRead(db: Queryable, conversationId: string, by: 'visitor' | 'agent', seq: number): Promise<Conversation | null> {
  const column = by === 'visitor' ? 'visitor_read_seq' : 'agent_read_seq';
  await db.query(`UPDATE conversations SET ${column} = GREATEST(${column}, LEAST($1::bigint, last_seq)) WHERE id = $2`, [seq, conversationId]);
  return getConversation(db, conversationId);
}

export async function listMessages(db: Queryable, conversationId: string, query: MessagePageQuery): Promise<{ data: ChatMessage[]; hasMore: boolean }> {
  const conditions = ['m.conversation_id = $1'];
  const params: unknown[] = [conversationId];
  if (query.after !== undefined) {
    params.push(query.after);
    conditions.push(`m.seq > $${params.length}::bigint`);
  }
  if (query.before !== undefined) {
    params.push(query.before);
    conditions.push(`m.seq < $${params.length}::bigint`);
  }
  params.push(query.limit + 1);
  // Paging forward from `after` reads oldest first; otherwise the newest page is wanted.
  const newestFirst = query.after === undefined;
  const rows = await all<MessageRow>(db, `${MESSAGE_SELECT} WHERE ${conditions.join(' AND ')}
    ORDER BY m.seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT $${params.length}`, params);
  const page = rows.slice(0, query.limit).map(toMessage);
  if (newestFirst) page.reverse();
  return { data: page, hasMore: rows.length > query.limit };
}

// ------------------------------------------------------------ uploads

export async function createUpload(db: Queryable, upload: UploadRecord): Promise<void> {
  await db.query(`INSERT INTO uploads (id, channel_id, visitor_id, agent_id, conversation_id, message_id, storage_key,
      file_name, file_size, content_type, width, height, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
  [upload.id, upload.channelId, upload.visitorId, upload.agentId, upload.conversationId, upload.messageId, upload.storageKey,
    upload.fileName, upload.fileSize, upload.contentType, upload.width ?? null, upload.height ?? null, upload.createdAt]);
}

export async function getUpload(db: Queryable, id: string): Promise<UploadRecord | null> {
  const row = await one<UploadRow>(db, 'SELECT * FROM uploads WHERE id = $1', [id]);
  return row ? toUpload(row) : null;
}
