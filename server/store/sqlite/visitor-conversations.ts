import type { Conversation, VisitorConversationSummary } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { toVisitorSummary, VISITOR_SUMMARY_SELECT, type VisitorSummaryColumns } from '../rows.js';
import type { NewConversation, VisitorConversationQuery } from '../store.js';
import { getConversation } from './conversations.js';
import { toConversation, type Connection, type ConversationRow } from './db.js';

/** The visitor's side of conversations: explicit ones, the visitor's own list, and merging two visitors. */

type VisitorSummaryRow = ConversationRow & VisitorSummaryColumns;

const toSummary = (row: VisitorSummaryRow) => toVisitorSummary(toConversation(row), row);

/** An explicit conversation, or the one this visitor opened with the same client id (one write lock: no race). */
export function createConversation(db: Connection, input: NewConversation): { conversation: Conversation; created: boolean } {
  const { id, created } = db.transaction(() => {
    const existing = db.sql('SELECT id FROM conversations WHERE visitor_id = ? AND client_id = ?').get(input.visitorId, input.clientId) as { id: string } | undefined;
    if (existing) return { id: existing.id, created: false };
    const now = new Date().toISOString();
    const id = newId('cv');
    db.sql(`INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at, is_default, subject, client_id, attributes,
              handled_by, ai_agent_id)
            VALUES (?, ?, ?, 'open', 0, ?, ?, 0, ?, ?, ?, ?, ?)`)
      .run(id, input.channelId, input.visitorId, now, now, input.subject, input.clientId, JSON.stringify(input.attributes),
        input.handler?.handledBy ?? 'human', input.handler?.aiAgentId ?? null);
    return { id, created: true };
  }).immediate();
  return { conversation: getConversation(db, id)!, created };
}

export function listVisitorSummaries(db: Connection, visitorId: string, query: VisitorConversationQuery): { data: VisitorConversationSummary[]; hasMore: boolean } {
  const where = ['c.visitor_id = ?'];
  const params: unknown[] = [visitorId];
  if (query.status) {
    where.push('c.status = ?');
    params.push(query.status);
  }
  if (query.before !== undefined) {
    // Keyset: after the cursor's place in (created_at, id) order, which never changes.
    where.push('(c.created_at, c.id) < (SELECT created_at, id FROM conversations WHERE id = ? AND visitor_id = c.visitor_id)');
    params.push(query.before);
  }
  const rows = db.sql(`${VISITOR_SUMMARY_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ?`)
    .all(...params, query.limit + 1) as VisitorSummaryRow[];
  return { data: rows.slice(0, query.limit).map(toSummary), hasMore: rows.length > query.limit };
}

export function getVisitorSummary(db: Connection, id: string): VisitorConversationSummary | null {
  const row = db.sql(`${VISITOR_SUMMARY_SELECT} WHERE c.id = ?`).get(id) as VisitorSummaryRow | undefined;
  return row ? toSummary(row) : null;
}

/**
 * Moves every conversation of `fromId` to `intoId` in one write transaction, closing none. Two
 * open default conversations would break the one-default rule: the older one becomes explicit.
 * An explicit conversation both opened with the same client id (a create retried across the
 * login) keeps the target's key; the moved one gives it up.
 */
export function mergeVisitor(db: Connection, fromId: string, intoId: string): void {
  db.transaction(() => {
    const defaults = db.sql(`SELECT id FROM conversations WHERE visitor_id IN (?, ?) AND status = 'open' AND is_default = 1 ORDER BY created_at, id`)
      .all(fromId, intoId) as Array<{ id: string }>;
    if (defaults.length > 1) db.sql('UPDATE conversations SET is_default = 0 WHERE id = ?').run(defaults[0]!.id);
    db.sql(`UPDATE conversations SET client_id = NULL WHERE visitor_id = ?
            AND client_id IN (SELECT client_id FROM conversations WHERE visitor_id = ? AND client_id IS NOT NULL)`).run(fromId, intoId);
    db.sql('UPDATE conversations SET visitor_id = ? WHERE visitor_id = ?').run(intoId, fromId);
  }).immediate();
}
