import type { ChatMessage, Conversation, ConversationSummary } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { CONVERSATION_COLUMNS, CONVERSATION_FROM, MESSAGE_SELECT, toUpload, type UploadRow } from '../rows.js';
import type { ConversationHandler, ConversationQuery, MessagePageQuery, UploadRecord } from '../store.js';
import { toConversation, toMessage, toVisitor, type Connection, type ConversationRow, type MessageRow, type VisitorRow } from './db.js';
import { LABEL_FILTER, LABELS_COLUMN, labelsOf } from './canned-labels.js';

/**
 * Conversations, reading their messages (storing them is `appender.ts`), and the files they
 * carry. What only the visitor's side asks (explicit conversations, their list, merges) is in
 * `visitor-conversations.ts`.
 */

/** What a summary adds to its conversation's columns: the visitor's (`v_…`) and the newest message's (`m_…`). */
const SUMMARY_COLUMNS = {
  v_: { id: 'v.id', channel_key: 'vch.key', external_user_id: 'v.external_user_id', verified: 'v.verified', profile: 'v.profile', context: 'v.context', created_at: 'v.created_at' },
  m_: {
    id: 'm.id', conversation_id: 'm.conversation_id', seq: 'm.seq', client_id: 'm.client_id', sender: 'm.sender', author_id: 'm.author_id',
    author_name: 'COALESCE(a.name, ai.name)', author_avatar: 'a.avatar_url', text: 'm.text', attachments: 'm.attachments',
    blocks: 'm.blocks', reply_to: 'm.reply_to', sources: 'm.sources', created_at: 'm.created_at',
  },
};
/** Summaries in one statement, however many rows (as PostgreSQL's `row_to_json`), not two more reads per conversation. */
const SUMMARY_SELECT = `SELECT ${CONVERSATION_COLUMNS}, ${Object.entries(SUMMARY_COLUMNS)
  .flatMap(([prefix, columns]) => Object.entries(columns).map(([name, column]) => `${column} AS ${prefix}${name}`))
  .join(', ')}, ${LABELS_COLUMN}
  FROM ${CONVERSATION_FROM}
  JOIN visitors v ON v.id = c.visitor_id JOIN channels vch ON vch.id = v.channel_id
  LEFT JOIN messages m ON m.id = (SELECT id FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1)
  LEFT JOIN agents a ON a.id = m.author_id LEFT JOIN ai_agents ai ON ai.id = m.author_id`;

/** The columns named `prefix…`, without it. */
function columnsOf<Row>(row: Record<string, unknown>, prefix: keyof typeof SUMMARY_COLUMNS): Row {
  return Object.fromEntries(Object.keys(SUMMARY_COLUMNS[prefix]).map((name) => [name, row[`${prefix}${name}`]])) as Row;
}

type SummaryRow = ConversationRow & Record<string, unknown>;

function toSummary(row: SummaryRow): ConversationSummary {
  const last = columnsOf<MessageRow>(row, 'm_');
  return { ...toConversation(row), visitor: toVisitor(columnsOf<VisitorRow>(row, 'v_')), lastMessage: last.id === null ? null : toMessage(last), labels: labelsOf(row) };
}

/** The visitor's open default conversation (read on the unique partial index). */
export function findOpenConversation(db: Connection, visitorId: string): Conversation | null {
  const row = db.sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = ? AND c.status = 'open' AND c.is_default = 1`)
    .get(visitorId) as ConversationRow | undefined;
  return row ? toConversation(row) : null;
}

export function getConversation(db: Connection, id: string): Conversation | null {
  const row = db.sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.id = ?`)
    .get(id) as ConversationRow | undefined;
  return row ? toConversation(row) : null;
}

export function openConversation(db: Connection, channelId: string, visitorId: string, handler?: ConversationHandler): { conversation: Conversation; created: boolean } {
  // Most calls find a conversation that exists: a plain read, no write lock.
  const open = findOpenConversation(db, visitorId);
  if (open) return { conversation: open, created: false };
  const { conversationId, created } = db.transaction(() => openInTransaction(db, channelId, visitorId, handler)).immediate();
  return { conversation: getConversation(db, conversationId)!, created };
}

/**
 * The visitor's open default conversation, opened if need be, inside the caller's write
 * transaction: nothing else runs on this connection in between, and the unique partial index
 * refuses a second open default conversation from another process.
 */
export function openInTransaction(db: Connection, channelId: string, visitorId: string, handler?: ConversationHandler): { conversationId: string; created: boolean } {
  const open = db.sql(`SELECT id FROM conversations WHERE visitor_id = ? AND status = 'open' AND is_default = 1`).get(visitorId) as { id: string } | undefined;
  if (open) return { conversationId: open.id, created: false };
  const now = new Date().toISOString();
  const id = newId('cv');
  db.sql(`INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at, handled_by, ai_agent_id)
          VALUES (?, ?, ?, 'open', 0, ?, ?, ?, ?)`)
    .run(id, channelId, visitorId, now, now, handler?.handledBy ?? 'human', handler?.aiAgentId ?? null);
  return { conversationId: id, created: true };
}

export function getConversationSummary(db: Connection, id: string): ConversationSummary | null {
  const row = db.sql(`${SUMMARY_SELECT} WHERE c.id = ?`).get(id) as SummaryRow | undefined;
  return row ? toSummary(row) : null;
}

export function listConversations(db: Connection, query: ConversationQuery): { data: ConversationSummary[]; hasMore: boolean } {
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
  if (query.handledBy) {
    where.push('c.handled_by = ?');
    params.push(query.handledBy);
  }
  if (query.label) {
    where.push(LABEL_FILTER);
    params.push(query.label);
  }
  const rows = db.sql(`${SUMMARY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                       ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`)
    .all(...params, query.limit + 1) as SummaryRow[];
  return { data: rows.slice(0, query.limit).map(toSummary), hasMore: rows.length > query.limit };
}

export function setStatus(db: Connection, id: string, status: 'open' | 'closed'): Conversation | null {
  db.sql(`UPDATE conversations SET status = ?, closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END WHERE id = ?`)
    .run(status, status, new Date().toISOString(), id);
  return getConversation(db, id);
}

export function latestConversation(db: Connection, visitorId: string): Conversation | null {
  const row = db.sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = ? AND c.is_default = 1 ORDER BY c.created_at DESC, c.id DESC LIMIT 1`)
    .get(visitorId) as ConversationRow | undefined;
  return row ? toConversation(row) : null;
}

export function rate(db: Connection, id: string, score: number, comment: string | undefined): Conversation | null {
  db.sql('UPDATE conversations SET rating_score = ?, rating_comment = ? WHERE id = ?').run(score, comment ?? null, id);
  return getConversation(db, id);
}

export function assign(db: Connection, id: string, agentId: string | null): Conversation | null {
  db.sql('UPDATE conversations SET assigned_agent_id = ? WHERE id = ?').run(agentId, id);
  return getConversation(db, id);
}

export function listVisitorConversations(db: Connection, visitorId: string, limit: number): ConversationSummary[] {
  const rows = db.sql(`${SUMMARY_SELECT} WHERE c.visitor_id = ? ORDER BY c.created_at DESC LIMIT ?`).all(visitorId, limit) as SummaryRow[];
  return rows.map(toSummary);
}

/** Never lowers the read `seq`, never raises it past the last message. */
export function markRead(db: Connection, conversationId: string, by: 'visitor' | 'agent', seq: number): Conversation | null {
  const column = by === 'visitor' ? 'visitor_read_seq' : 'agent_read_seq';
  db.sql(`UPDATE conversations SET ${column} = MAX(${column}, MIN(?, last_seq)) WHERE id = ?`).run(seq, conversationId);
  return getConversation(db, conversationId);
}

export function listMessages(db: Connection, conversationId: string, query: MessagePageQuery): { data: ChatMessage[]; hasMore: boolean } {
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
  const rows = db.sql(`${MESSAGE_SELECT} WHERE ${conditions.join(' AND ')} ORDER BY m.seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT ?`)
    .all(...params, query.limit + 1) as MessageRow[];
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit).map(toMessage);
  if (newestFirst) page.reverse();
  return { data: page, hasMore };
}

// ------------------------------------------------------------ uploads

export function createUpload(db: Connection, upload: UploadRecord): void {
  db.sql(`INSERT INTO uploads (id, channel_id, visitor_id, agent_id, conversation_id, message_id, storage_key,
            file_name, file_size, content_type, width, height, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(upload.id, upload.channelId, upload.visitorId, upload.agentId, upload.conversationId, upload.messageId, upload.storageKey,
      upload.fileName, upload.fileSize, upload.contentType, upload.width ?? null, upload.height ?? null, upload.createdAt);
}

export function getUpload(db: Connection, id: string): UploadRecord | null {
  const row = db.sql('SELECT * FROM uploads WHERE id = ?').get(id) as UploadRow | undefined;
  return row ? toUpload(row) : null;
}
