import { newSortableId } from '../../ids.js';
import { toNote, type NewNote, type NoteQuery, type NoteResult, type NoteRow } from '../note-store.js';
import type { Connection } from './db.js';

const NOTE_SELECT = `SELECT n.id, n.conversation_id, n.client_id, n.author_id, a.name AS author_name, a.avatar_url AS author_avatar,
  n.text, n.mentions, n.after_seq, n.created_at FROM notes n JOIN agents a ON a.id = n.author_id`;

const decode = (row: Omit<NoteRow, 'mentions'> & { mentions: string }) => toNote({ ...row, mentions: JSON.parse(row.mentions) });

/** Placed after the conversation's last `seq`, read in the same statement that inserts it. */
export function createNote(db: Connection, note: NewNote): NoteResult | null {
  const inserted = db.sql(`INSERT INTO notes (id, conversation_id, client_id, author_id, text, mentions, after_seq, created_at)
      SELECT ?, id, ?, ?, ?, ?, last_seq, ? FROM conversations WHERE id = ?
      ON CONFLICT (conversation_id, client_id) DO NOTHING`)
    .run(newSortableId('nt'), note.clientId, note.authorId, note.text, JSON.stringify(note.mentions), new Date().toISOString(), note.conversationId);
  const row = db.sql(`${NOTE_SELECT} WHERE n.conversation_id = ? AND n.client_id = ?`).get(note.conversationId, note.clientId) as Parameters<typeof decode>[0] | undefined;
  return row ? { note: decode(row), created: inserted.changes === 1 } : null;
}

export function listNotes(db: Connection, conversationId: string, query: NoteQuery): { data: ReturnType<typeof toNote>[]; hasMore: boolean } {
  const rows = db.sql(`${NOTE_SELECT} WHERE n.conversation_id = ? AND n.after_seq >= ? AND (? IS NULL OR n.after_seq <= ?) AND (? IS NULL OR n.position > (SELECT position FROM notes WHERE id = ?))
      ORDER BY n.position LIMIT ?`)
    .all(conversationId, query.fromSeq ?? 0, query.toSeq ?? null, query.toSeq ?? null, query.afterId ?? null, query.afterId ?? null, query.limit + 1) as Array<Parameters<typeof decode>[0]>;
  return { data: rows.slice(0, query.limit).map(decode), hasMore: rows.length > query.limit };
}
