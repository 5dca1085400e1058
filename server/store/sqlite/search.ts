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
import type { Connection } from './db.js';

/**
 * The agents' search on SQLite: FTS5 indexes of message text (`message_search`, external content
 * over messages) and of visitors (`visitor_search`), both from migration 22, ranked by bm25.
 */

/** A visitor's most recently active conversation. */
const LATEST_CONVERSATION = 'JOIN conversations c ON c.id = (SELECT id FROM conversations WHERE visitor_id = v.id ORDER BY updated_at DESC, id DESC LIMIT 1)';

/**
 * The FTS5 query: every term quoted (FTS5 reads it as a word, never as syntax: the terms hold
 * letters and digits only anyway), all of them required, the last one a prefix when asked.
 */
export function matchExpression(query: DeskSearchQuery): string {
  return query.terms.map((term, index) => `"${term.replaceAll('"', '""')}"${query.prefix && index === query.terms.length - 1 ? '*' : ''}`).join(' ');
}

/**
 * Message-like hits from the FTS5 index `index`: its newest `window` matches (FTS5 walks the index
 * from the newest rowid and stops there), ranked by bm25; then the rows of one page, with the
 * `columns` a hit shows read through `joins` for those rows only.
 */
function rankedHits(db: Connection, index: 'message_search' | 'note_search', columns: string, joins: string, query: DeskSearchQuery): MessageSearchRow[] {
  if (!query.terms.length) return [];
  const rows = db
    .sql(`SELECT ${columns}
            FROM (SELECT rowid, score FROM (SELECT rowid, bm25(${index}) AS score FROM ${index} WHERE ${index} MATCH ? ORDER BY rowid DESC LIMIT ?)
                   ORDER BY score, rowid DESC LIMIT ? OFFSET ?) AS hit
            ${joins}
           ORDER BY hit.score, hit.rowid DESC`)
    .all(matchExpression(query), query.window, query.limit, query.offset) as MessageHitColumns[];
  return rows.map(toMessageSearchRow);
}

export function searchMessages(db: Connection, query: DeskSearchQuery): MessageSearchRow[] {
  return rankedHits(db, 'message_search', MESSAGE_HIT_COLUMNS, `JOIN messages m ON m.rowid = hit.rowid ${MESSAGE_HIT_JOINS}`, query);
}

export function searchNotes(db: Connection, query: DeskSearchQuery): MessageSearchRow[] {
  return rankedHits(db, 'note_search', NOTE_HIT_COLUMNS, `JOIN notes n ON n.position = hit.rowid ${NOTE_HIT_JOINS}`, query);
}

export function searchVisitors(db: Connection, query: DeskSearchQuery): VisitorSearchRow[] {
  if (!query.terms.length) return [];
  const rows = db
    .sql(`SELECT ${VISITOR_COLUMNS}, c.id AS conversation_id, c.updated_at AS active_at
            FROM (SELECT rowid, bm25(visitor_search) AS score FROM visitor_search WHERE visitor_search MATCH ? ORDER BY rowid DESC LIMIT ?) AS hit
            CROSS JOIN visitors v ON v.rowid = hit.rowid ${LATEST_CONVERSATION}
           ORDER BY hit.score, v.id LIMIT ? OFFSET ?`)
    .all(matchExpression(query), query.window, query.limit, query.offset) as VisitorHitColumns[];
  return rows.map(toVisitorSearchRow);
}

export function findById(db: Connection, id: string): IdSearchRow | null {
  if (id.startsWith('m_')) {
    const row = db.sql(`SELECT ${MESSAGE_HIT_COLUMNS} FROM messages m ${MESSAGE_HIT_JOINS} WHERE m.id = ? AND m.sender <> 'system'`).get(id) as MessageHitColumns | undefined;
    return row ? { kind: 'message', ...toMessageSearchRow(row) } : null;
  }
  if (id.startsWith('cv_')) {
    const row = db
      .sql(`SELECT ${VISITOR_COLUMNS}, c.id AS conversation_id, c.updated_at AS active_at,
                   (SELECT text FROM messages WHERE conversation_id = c.id AND sender <> 'system' ORDER BY seq DESC LIMIT 1) AS text
              FROM conversations c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = ?`)
      .get(id) as (VisitorHitColumns & { text: string | null }) | undefined;
    if (!row) return null;
    const { conversationId, activeAt, visitor } = toVisitorSearchRow(row);
    return { kind: 'conversation', conversationId, activeAt, visitor, text: row.text ?? '' };
  }
  if (id.startsWith('v_')) {
    const row = db.sql(`SELECT ${VISITOR_COLUMNS}, c.id AS conversation_id, c.updated_at AS active_at FROM visitors v ${LATEST_CONVERSATION} WHERE v.id = ?`)
      .get(id) as VisitorHitColumns | undefined;
    return row ? { kind: 'visitor', ...toVisitorSearchRow(row) } : null;
  }
  return null;
}
