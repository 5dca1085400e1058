import type pg from 'pg';
import type { Conversation, VisitorConversationSummary } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { CONVERSATION_COLUMNS, toConversation, toVisitorSummary, VISITOR_SUMMARY_SELECT, type ConversationRow, type VisitorSummaryColumns } from '../rows.js';
import type { NewConversation, VisitorConversationQuery } from '../store.js';
import { all, DEADLOCK, one, sqlState, transaction, UNIQUE_VIOLATION, type Queryable } from './db.js';
import { getConversation } from './conversations.js';

/** The visitor's side of conversations: explicit ones, the visitor's own list, and merging two visitors. */

type VisitorSummaryRow = ConversationRow & VisitorSummaryColumns;

const toSummary = (row: VisitorSummaryRow) => toVisitorSummary(toConversation(row), row);

/**
 * An explicit conversation, or the one this visitor opened with the same client id. Of two
 * nodes inserting at once, the unique `(visitor_id, client_id)` lets one insert; the other's
 * `ON CONFLICT … DO NOTHING` waits for it and reads the winner's row.
 */
export async function createConversation(db: Queryable, input: NewConversation): Promise<{ conversation: Conversation; created: boolean }> {
  const now = new Date().toISOString();
  const inserted = await one<ConversationRow>(db, `WITH inserted AS (
      INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at, is_default, subject, client_id, attributes,
        handled_by, ai_agent_id)
      VALUES ($1, $2, $3, 'open', 0, $4, $4, false, $5, $6, $7, $8, $9)
      ON CONFLICT (visitor_id, client_id) WHERE client_id IS NOT NULL DO NOTHING
      RETURNING *)
    SELECT ${CONVERSATION_COLUMNS} FROM inserted c JOIN channels ch ON ch.id = c.channel_id`,
  [newId('cv'), input.channelId, input.visitorId, now, input.subject, input.clientId, JSON.stringify(input.attributes),
    input.handler?.handledBy ?? 'human', input.handler?.aiAgentId ?? null]);
  if (inserted) return { conversation: toConversation(inserted), created: true };
  const existing = await one<{ id: string }>(db, 'SELECT id FROM conversations WHERE visitor_id = $1 AND client_id = $2', [input.visitorId, input.clientId]);
  return { conversation: (await getConversation(db, existing!.id))!, created: false };
}

export async function listVisitorSummaries(db: Queryable, visitorId: string, query: VisitorConversationQuery): Promise<{ data: VisitorConversationSummary[]; hasMore: boolean }> {
  const where = ['c.visitor_id = $1'];
  const params: unknown[] = [visitorId];
  if (query.status) {
    params.push(query.status);
    where.push(`c.status = $${params.length}`);
  }
  if (query.before !== undefined) {
    // Keyset: after the cursor's place in (created_at, id) order, which never changes.
    params.push(query.before);
    where.push(`(c.created_at, c.id) < (SELECT created_at, id FROM conversations WHERE id = $${params.length} AND visitor_id = c.visitor_id)`);
  }
  params.push(query.limit + 1);
  const rows = await all<VisitorSummaryRow>(db, `${VISITOR_SUMMARY_SELECT} WHERE ${where.join(' AND ')}
    ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`, params);
  return { data: rows.slice(0, query.limit).map(toSummary), hasMore: rows.length > query.limit };
}

export async function getVisitorSummary(db: Queryable, id: string): Promise<VisitorConversationSummary | null> {
  const row = await one<VisitorSummaryRow>(db, `${VISITOR_SUMMARY_SELECT} WHERE c.id = $1`, [id]);
  return row ? toSummary(row) : null;
}

/**
 * Moves every conversation of `fromId` to `intoId`, closing none. Two open default conversations
 * would break the one-default rule: the older one becomes explicit. An explicit conversation
 * both opened with the same client id (a create retried across the login) keeps the target's
 * key; the moved one gives it up. A race with a conversation opened meanwhile breaks a unique
 * index: go again.
 */
export async function mergeVisitor(pool: pg.Pool, fromId: string, intoId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await transaction(pool, async (client) => {
        const defaults = await all<{ id: string }>(client, `SELECT id FROM conversations WHERE visitor_id IN ($1, $2) AND status = 'open' AND is_default
          ORDER BY created_at, id FOR UPDATE`, [fromId, intoId]);
        if (defaults.length > 1) await client.query('UPDATE conversations SET is_default = false WHERE id = $1', [defaults[0]!.id]);
        await client.query(`UPDATE conversations SET client_id = NULL WHERE visitor_id = $1
          AND client_id IN (SELECT client_id FROM conversations WHERE visitor_id = $2 AND client_id IS NOT NULL)`, [fromId, intoId]);
        await client.query('UPDATE conversations SET visitor_id = $1 WHERE visitor_id = $2', [intoId, fromId]);
      });
      return;
    } catch (error) {
      const { code } = sqlState(error);
      if (attempt >= 3 || (code !== UNIQUE_VIOLATION && code !== DEADLOCK)) throw error;
    }
  }
}
