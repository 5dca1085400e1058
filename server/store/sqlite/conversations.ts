import type { ChatMessage, Conversation, ConversationSummary } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { CONVERSATION_COLUMNS, CONVERSATION_FROM, MESSAGE_SELECT, toConversation, toUpload, VISITOR_SELECT, type ConversationRow, type UploadRow } from '../rows.js';
import type { ConversationQuery, MessagePageQuery, UploadRecord } from '../store.js';
import { toMessage, toVisitor, type Connection, type MessageRow, type VisitorRow } from './db.js';

/** Conversations, reading their messages (storing them is `appender.ts`), and the files they carry. */

function summarize(db: Connection, conversation: Conversation): ConversationSummary {
  const visitorRow = db.sql(`${VISITOR_SELECT} WHERE v.id = ?`).get(conversation.visitorId) as VisitorRow;
  const lastRow = db.sql(`${MESSAGE_SELECT} WHERE m.conversation_id = ? ORDER BY m.seq DESC LIMIT 1`)
    .get(conversation.id) as MessageRow | undefined;
  return { ...conversation, visitor: toVisitor(visitorRow), lastMessage: lastRow ? toMessage(lastRow) : null };
}

export function findOpenConversation(db: Connection, visitorId: string): Conversation | null {
  const row = db.sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = ? AND c.status = 'open'`)
    .get(visitorId) as ConversationRow | undefined;
  return row ? toConversation(row) : null;
}

export function getConversation(db: Connection, id: string): Conversation | null {
  const row = db.sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.id = ?`)
    .get(id) as ConversationRow | undefined;
  return row ? toConversation(row) : null;
}

export function openConversation(db: Connection, channelId: string, visitorId: string): { conversation: Conversation; created: boolean } {
  // Most calls find a conversation that exists: a plain read, no write lock.
  const open = findOpenConversation(db, visitorId);
  if (open) return { conversation: open, created: false };
  const { conversationId, created } = db.transaction(() => openInTransaction(db, channelId, visitorId)).immediate();
  return { conversation: getConversation(db, conversationId)!, created };
}

/**
 * The visitor's open conversation, opened if need be, inside the caller's write transaction:
 * nothing else runs on this connection in between, and the unique partial index refuses a
 * second open conversation from another process.
 */
export function openInTransaction(db: Connection, channelId: string, visitorId: string): { conversationId: string; created: boolean } {
  const open = db.sql(`SELECT id FROM conversations WHERE visitor_id = ? AND status = 'open'`).get(visitorId) as { id: string } | undefined;
  if (open) return { conversationId: open.id, created: false };
  const now = new Date().toISOString();
  const id = newId('cv');
  db.sql(`INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at)
          VALUES (?, ?, ?, 'open', 0, ?, ?)`)
    .run(id, channelId, visitorId, now, now);
  return { conversationId: id, created: true };
}

export function getConversationSummary(db: Connection, id: string): ConversationSummary | null {
  const conversation = getConversation(db, id);
  return conversation ? summarize(db, conversation) : null;
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
  const rows = db.sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM}
                       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                       ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`)
    .all(...params, query.limit + 1) as ConversationRow[];
  const hasMore = rows.length > query.limit;
  return { data: rows.slice(0, query.limit).map((row) => summarize(db, toConversation(row))), hasMore };
}

export function setStatus(db: Connection, id: string, status: 'open' | 'closed'): Conversation | null {
  db.sql(`UPDATE conversations SET status = ?, closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END WHERE id = ?`)
    .run(status, status, new Date().toISOString(), id);
  return getConversation(db, id);
}

export function latestConversation(db: Connection, visitorId: string): Conversation | null {
  const row = db.sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT 1`)
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
  const rows = db.sql(`SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATION_FROM} WHERE c.visitor_id = ? ORDER BY c.created_at DESC LIMIT ?`)
    .all(visitorId, limit) as ConversationRow[];
  return rows.map((row) => summarize(db, toConversation(row)));
}

/** Never lowers the read `seq`, never raises it past the last message. */
export function markRead(db: Connection, conversationId: string, by: 'visitor' | 'agent', seq: number): Conversation | null {
  const column = by === 'visitor' ? 'visitor_read_seq' : 'agent_read_seq';
  db.sql(`UPDATE conversations SET ${column} = MAX(${column}, MIN(?, last_seq)) WHERE id = ?`).run(seq, conversationId);
  return getConversation(db, conversationId);
}

/** Moves `fromId`'s conversations to `intoId`; the target's open conversation wins and the other is closed. */
export function mergeVisitor(db: Connection, fromId: string, intoId: string): void {
  db.transaction(() => {
    if (findOpenConversation(db, intoId)) {
      db.sql(`UPDATE conversations SET status = 'closed' WHERE visitor_id = ? AND status = 'open'`).run(fromId);
    }
    db.sql('UPDATE conversations SET visitor_id = ? WHERE visitor_id = ?').run(intoId, fromId);
  }).immediate();
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
