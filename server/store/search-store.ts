import type { Sender, SearchVisitor, VisitorProfile } from '../../src/protocol.js';

/**
 * A full-text query the agents' search built (server/search/desk.ts): words of letters and
 * digits only, lower case, so nothing in them is query syntax for either engine.
 */
export interface DeskSearchQuery {
  /** Every one must match (AND). */
  terms: string[];
  /** The last term also matches words it begins (`refu` → refund): the agent is still typing. */
  prefix: boolean;
  limit: number;
  /** Hits of this kind already shown (earlier pages). */
  offset: number;
  /**
   * Only the newest `window` matches are ranked (and reachable): a common word matches a good
   * share of a million messages, and ranking them all costs in proportion.
   */
  window: number;
}

/** A message whose text matched, with its conversation's visitor. */
export interface MessageSearchRow {
  messageId: string;
  conversationId: string;
  seq: number;
  from: Sender | 'note';
  authorName: string | null;
  text: string;
  createdAt: string;
  visitor: SearchVisitor;
}

/** A visitor whose name, email or external id matched, with their most recently active conversation. */
export interface VisitorSearchRow {
  visitor: SearchVisitor;
  conversationId: string;
  /** That conversation's latest activity. */
  activeAt: string;
}

/** What an id typed whole names: a message, a conversation (with its newest message) or a visitor. */
export type IdSearchRow =
  | ({ kind: 'message' } & MessageSearchRow)
  | { kind: 'conversation'; conversationId: string; text: string; activeAt: string; visitor: SearchVisitor }
  | ({ kind: 'visitor' } & VisitorSearchRow);

/**
 * The agents' search (issue 22 item 4), in both engines: message text (FTS5 bm25 / ts_rank over
 * a GIN index), visitors (name, email, external id) and ids. Each list is best first, paged by
 * offset; visitors without any conversation are left out (there is nothing to open).
 */
export interface SearchStore {
  searchMessages(query: DeskSearchQuery): Promise<MessageSearchRow[]>;
  searchVisitors(query: DeskSearchQuery): Promise<VisitorSearchRow[]>;
  /** Private notes, as messages are searched (`from: 'note'`, `seq` the message it follows). */
  searchNotes(query: DeskSearchQuery): Promise<MessageSearchRow[]>;
  /** The message (`m_…`), conversation (`cv_…`) or visitor (`v_…`) with exactly this id. */
  findById(id: string): Promise<IdSearchRow | null>;
}

/** The columns a search reads of a visitor, in both engines (SQLite's profile is JSON text, PostgreSQL's parsed). */
export interface SearchVisitorColumns {
  visitor_id: string;
  visitor_profile: string | VisitorProfile;
  external_user_id: string | null;
}

/**
 * The profile is read whole and its fields picked here: PostgreSQL's `->>` refuses a stored
 * profile holding an escape it cannot decode (a lone surrogate), and one such visitor must not
 * break every search that finds them.
 */
export function toSearchVisitor(row: SearchVisitorColumns): SearchVisitor {
  const profile = (typeof row.visitor_profile === 'string' ? JSON.parse(row.visitor_profile) : row.visitor_profile) as VisitorProfile;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const name = text(profile.name);
  const email = text(profile.email);
  return {
    id: row.visitor_id,
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(row.external_user_id ? { externalUserId: row.external_user_id } : {}),
  };
}

/** A message row as both engines select it (`MESSAGE_HIT_COLUMNS`). */
export interface MessageHitColumns extends SearchVisitorColumns {
  message_id: string;
  conversation_id: string;
  seq: number;
  sender: Sender | 'note';
  author_name: string | null;
  text: string;
  created_at: string;
}

export const toMessageSearchRow = (row: MessageHitColumns): MessageSearchRow => ({
  messageId: row.message_id,
  conversationId: row.conversation_id,
  seq: Number(row.seq),
  from: row.sender,
  authorName: row.author_name,
  text: row.text,
  createdAt: row.created_at,
  visitor: toSearchVisitor(row),
});

/** A visitor row as both engines select it. */
export interface VisitorHitColumns extends SearchVisitorColumns {
  conversation_id: string;
  active_at: string;
}

export const toVisitorSearchRow = (row: VisitorHitColumns): VisitorSearchRow => ({
  visitor: toSearchVisitor(row),
  conversationId: row.conversation_id,
  activeAt: row.active_at,
});

/** What a message hit selects. */
export const MESSAGE_HIT_COLUMNS = `m.id AS message_id, m.conversation_id, m.seq, m.sender, COALESCE(a.name, ai.name) AS author_name, m.text, m.created_at,
  v.id AS visitor_id, v.profile AS visitor_profile, v.external_user_id`;
/** The joins `MESSAGE_HIT_COLUMNS` reads from, after `messages m`. */
export const MESSAGE_HIT_JOINS = `JOIN conversations c ON c.id = m.conversation_id JOIN visitors v ON v.id = c.visitor_id
  LEFT JOIN agents a ON a.id = m.author_id LEFT JOIN ai_agents ai ON ai.id = m.author_id`;
/** What a note hit selects (as a message hit), after `notes n`. */
export const NOTE_HIT_COLUMNS = `n.id AS message_id, n.conversation_id, n.after_seq AS seq, 'note' AS sender, a.name AS author_name, n.text, n.created_at,
  v.id AS visitor_id, v.profile AS visitor_profile, v.external_user_id`;
export const NOTE_HIT_JOINS = `JOIN conversations c ON c.id = n.conversation_id JOIN visitors v ON v.id = c.visitor_id LEFT JOIN agents a ON a.id = n.author_id`;
export const VISITOR_COLUMNS = 'v.id AS visitor_id, v.profile AS visitor_profile, v.external_user_id';
