import {
  MESSAGE_HIT_COLUMNS,
  MESSAGE_HIT_JOINS,
  NOTE_HIT_COLUMNS,
  NOTE_HIT_JOINS,
  toMessageSearchRow,
  toVisitorSearchRow,
  VISITOR_COLUMNS,
  type DeskSearchQuery,
  type IdSearchRow,
  type MessageHitColumns,
  type MessageSearchRow,
  type VisitorHitColumns,
  type VisitorSearchRow,
} from '../search-store.js';
import { all, one, type Queryable } from './db.js';

/**
 * The agents' search on PostgreSQL: migration 22's GIN indexes over tsvector expressions,
 * ranked by ts_rank. The expressions below are the indexes' own, character for character:
 * the planner uses an expression index only for the same expression.
 */

const JOINERS = `'@./:-_+~?=&#%,', '              '`;
const MESSAGE_DOCUMENT = `to_tsvector('simple'::regconfig, translate(m.text, ${JOINERS}))`;
const NOTE_DOCUMENT = `to_tsvector('simple'::regconfig, translate(n.text, ${JOINERS}))`;
const VISITOR_DOCUMENT = `to_tsvector('simple'::regconfig, translate(visitor_search_text(v.profile, v.external_user_id), ${JOINERS}))`;

const LATEST_CONVERSATION = 'JOIN conversations c ON c.id = (SELECT id FROM conversations WHERE visitor_id = v.id ORDER BY updated_at DESC, id DESC LIMIT 1)';

/** The tsquery text: the terms (letters and digits only: no tsquery syntax) joined by AND, the last a prefix when asked. */
export function tsQuery(query: DeskSearchQuery): string {
  return query.terms.map((term, index) => `${term}${query.prefix && index === query.terms.length - 1 ? ':*' : ''}`).join(' & ');
}

export async function searchMessages(db: Queryable, query: DeskSearchQuery): Promise<MessageSearchRow[]> {
  if (!query.terms.length) return [];
  const rows = await all<MessageHitColumns>(
    db,
    `WITH newest AS (
       SELECT m.id, ts_rank(${MESSAGE_DOCUMENT}, to_tsquery('simple', $1)) AS score FROM messages m
        WHERE m.sender <> 'system' AND ${MESSAGE_DOCUMENT} @@ to_tsquery('simple', $1)
        ORDER BY m.created_at DESC, m.id DESC LIMIT $4)
     SELECT ${MESSAGE_HIT_COLUMNS} FROM newest JOIN messages m ON m.id = newest.id ${MESSAGE_HIT_JOINS}
      ORDER BY newest.score DESC, m.created_at DESC, m.id DESC LIMIT $2 OFFSET $3`,
    [tsQuery(query), query.limit, query.offset, query.window],
  );
  return rows.map(toMessageSearchRow);
}

export async function searchNotes(db: Queryable, query: DeskSearchQuery): Promise<MessageSearchRow[]> {
  if (!query.terms.length) return [];
  const rows = await all<MessageHitColumns>(
    db,
    `WITH newest AS (
       SELECT n.id, ts_rank(${NOTE_DOCUMENT}, to_tsquery('simple', $1)) AS score FROM notes n
        WHERE ${NOTE_DOCUMENT} @@ to_tsquery('simple', $1)
        ORDER BY n.position DESC LIMIT $4)
     SELECT ${NOTE_HIT_COLUMNS} FROM newest JOIN notes n ON n.id = newest.id ${NOTE_HIT_JOINS}
      ORDER BY newest.score DESC, n.position DESC LIMIT $2 OFFSET $3`,
    [tsQuery(query), query.limit, query.offset, query.window],
  );
  return rows.map(toMessageSearchRow);
}

export async function searchVisitors(db: Queryable, query: DeskSearchQuery): Promise<VisitorSearchRow[]> {
  if (!query.terms.length) return [];
  const rows = await all<VisitorHitColumns>(
    db,
    `WITH newest AS (
       SELECT v.id, ts_rank(${VISITOR_DOCUMENT}, to_tsquery('simple', $1)) AS score FROM visitors v
        WHERE ${VISITOR_DOCUMENT} @@ to_tsquery('simple', $1)
        ORDER BY v.created_at DESC, v.id DESC LIMIT $4)
     SELECT ${VISITOR_COLUMNS}, c.id AS conversation_id, c.updated_at AS active_at FROM newest JOIN visitors v ON v.id = newest.id ${LATEST_CONVERSATION}
      ORDER BY newest.score DESC, v.id LIMIT $2 OFFSET $3`,
    [tsQuery(query), query.limit, query.offset, query.window],
  );
  return rows.map(toVisitorSearchRow);
}

export async function findById(db: Queryable, id: string): Promise<IdSearchRow | null> {
  if (id.startsWith('m_')) {
    const row = await one<MessageHitColumns>(db, `SELECT ${MESSAGE_HIT_COLUMNS} FROM messages m ${MESSAGE_HIT_JOINS} WHERE m.id = $1 AND m.sender <> 'system'`, [id]);
    return row ? { kind: 'message', ...toMessageSearchRow(row) } : null;
  }
  if (id.startsWith('cv_')) {
    const row = await one<VisitorHitColumns & { text: string | null }>(
      db,
      `SELECT ${VISITOR_COLUMNS}, c.id AS conversation_id, c.updated_at AS active_at,
              (SELECT text FROM messages WHERE conversation_id = c.id AND sender <> 'system' ORDER BY seq DESC LIMIT 1) AS text
         FROM conversations c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = $1`,
      [id],
    );
    if (!row) return null;
    const { conversationId, activeAt, visitor } = toVisitorSearchRow(row);
    return { kind: 'conversation', conversationId, activeAt, visitor, text: row.text ?? '' };
  }
  if (id.startsWith('v_')) {
    const row = await one<VisitorHitColumns>(db, `SELECT ${VISITOR_COLUMNS}, c.id AS conversation_id, c.updated_at AS active_at FROM visitors v ${LATEST_CONVERSATION} WHERE v.id = $1`, [id]);
    return row ? { kind: 'visitor', ...toVisitorSearchRow(row) } : null;
  }
  return null;
}
