import type { Sender, SearchVisitor } from '../../src/protocol.js';

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
  from: Sender;
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
  /** The message (`m_…`), conversation (`cv_…`) or visitor (`v_…`) with exactly this id. */
  findById(id: string): Promise<IdSearchRow | null>;
}

/** The columns a search reads of a visitor, in both engines. */
export interface SearchVisitorColumns {
  visitor_id: string;
  visitor_name: string | null;
  visitor_email: string | null;
  external_user_id: string | null;
}

export function toSearchVisitor(row: SearchVisitorColumns): SearchVisitor {
  return {
    id: row.visitor_id,
    ...(row.visitor_name ? { name: row.visitor_name } : {}),
    ...(row.visitor_email ? { email: row.visitor_email } : {}),
    ...(row.external_user_id ? { externalUserId: row.external_user_id } : {}),
  };
}

/** A message row as both engines select it (`MESSAGE_HIT_COLUMNS`). */
export interface MessageHitColumns extends SearchVisitorColumns {
  message_id: string;
  conversation_id: string;
  seq: number;
  sender: Sender;
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

/** What a message hit selects, given the engine's way to read a profile field (`name` → SQL). */
export const messageHitColumns = (profileField: (name: string) => string) =>
  `m.id AS message_id, m.conversation_id, m.seq, m.sender, COALESCE(a.name, ai.name) AS author_name, m.text, m.created_at, ${visitorColumns(profileField)}`;
/** The joins `messageHitColumns` reads from, after `messages m`. */
export const MESSAGE_HIT_JOINS = `JOIN conversations c ON c.id = m.conversation_id JOIN visitors v ON v.id = c.visitor_id
  LEFT JOIN agents a ON a.id = m.author_id LEFT JOIN ai_agents ai ON ai.id = m.author_id`;
export const visitorColumns = (profileField: (name: string) => string) =>
  `v.id AS visitor_id, ${profileField('name')} AS visitor_name, ${profileField('email')} AS visitor_email, v.external_user_id`;
