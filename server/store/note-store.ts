import type { Author, Note } from '../../src/protocol.js';

/** A note as the service hands it to the store (mentions already resolved to agent ids). */
export interface NewNote {
  conversationId: string;
  clientId: string;
  authorId: string;
  text: string;
  mentions: string[];
}

/**
 * Which notes of a conversation: those placed from `fromSeq` to `toSeq` (both included; no
 * upper end when absent), in creation order, or a page after the note `afterId`.
 */
export interface NoteQuery {
  fromSeq?: number | undefined;
  toSeq?: number | undefined;
  afterId?: string | undefined;
  limit: number;
}

/** The stored note, or the one already stored under the same `(conversationId, clientId)` (`created` false). */
export interface NoteResult {
  note: Note;
  created: boolean;
}

/** A note row, decoded alike by both engines. */
export interface NoteRow {
  id: string;
  conversation_id: string;
  client_id: string;
  author_id: string;
  author_name: string;
  author_avatar: string | null;
  text: string;
  mentions: string[];
  after_seq: number;
  created_at: string;
}

export function toNote(row: NoteRow): Note {
  const author: Author = { id: row.author_id, name: row.author_name, ...(row.author_avatar ? { avatarUrl: row.author_avatar } : {}) };
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.after_seq,
    clientId: row.client_id,
    from: 'note',
    text: row.text,
    attachments: [],
    mentions: row.mentions,
    author,
    createdAt: row.created_at,
  };
}

/**
 * Private notes (DESIGN.md §12), in both engines: a table of their own, so no query a visitor's
 * side runs on `messages` can ever return one, and no note takes a `seq`.
 */
export interface NoteStore {
  /**
   * Stores the note after the conversation's last `seq` as it is at that moment, or returns the
   * one stored under the same `(conversationId, clientId)`. Null when there is no such conversation.
   */
  createNote(note: NewNote): Promise<NoteResult | null>;
  /** The conversation's notes the query names; `hasMore` when the limit cut the list. */
  listNotes(conversationId: string, query: NoteQuery): Promise<{ data: Note[]; hasMore: boolean }>;
}
