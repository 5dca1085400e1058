import { newSortableId } from '../../ids.js';
import { toNote, type NewNote, type NoteQuery, type NoteResult, type NoteRow } from '../note-store.js';
import { all, one, type Queryable } from './db.js';

const NOTE_SELECT = `SELECT n.id, n.conversation_id, n.client_id, n.author_id, a.name AS author_name, a.avatar_url AS author_avatar,
  n.text, n.mentions, n.after_seq, n.created_at FROM notes n JOIN agents a ON a.id = n.author_id`;

/**
 * Placed after the conversation's last `seq` as committed when the insert runs (a message being
 * stored at that moment comes after the note). The unique `(conversation_id, client_id)` makes a
 * retry, on any node, find the first note.
 */
export async function createNote(db: Queryable, note: NewNote): Promise<NoteResult | null> {
  const inserted = await one<{ id: string }>(db, `INSERT INTO notes (id, conversation_id, client_id, author_id, text, mentions, after_seq, created_at)
      SELECT $1, id, $2, $3, $4, $5::jsonb, last_seq, $6 FROM conversations WHERE id = $7
      ON CONFLICT ON CONSTRAINT notes_client_id DO NOTHING RETURNING id`,
    [newSortableId('nt'), note.clientId, note.authorId, note.text, JSON.stringify(note.mentions), new Date().toISOString(), note.conversationId]);
  const row = await one<NoteRow>(db, `${NOTE_SELECT} WHERE n.conversation_id = $1 AND n.client_id = $2`, [note.conversationId, note.clientId]);
  return row ? { note: toNote(row), created: inserted !== null } : null;
}

export async function listNotes(db: Queryable, conversationId: string, query: NoteQuery): Promise<{ data: ReturnType<typeof toNote>[]; hasMore: boolean }> {
  const rows = await all<NoteRow>(db, `${NOTE_SELECT} WHERE n.conversation_id = $1 AND n.after_seq >= $2 AND ($3::int IS NULL OR n.after_seq <= $3)
      AND ($4::text IS NULL OR n.position > (SELECT position FROM notes WHERE id = $4)) ORDER BY n.position LIMIT $5`,
    [conversationId, query.fromSeq ?? 0, query.toSeq ?? null, query.afterId ?? null, query.limit + 1]);
  return { data: rows.slice(0, query.limit).map(toNote), hasMore: rows.length > query.limit };
}
