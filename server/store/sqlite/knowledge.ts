import type { KnowledgeHit, KnowledgeQuery } from '../store.js';
import type { Connection } from './db.js';

/**
 * The channel's knowledge ranked by bm25 (title weighs twice the body) for any of the terms.
 * Each term is quoted: FTS5 reads it as a word, never as query syntax.
 */
export function searchKnowledge(db: Connection, channelId: string, query: KnowledgeQuery): KnowledgeHit[] {
  if (!query.terms.length) return [];
  const match = query.terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
  return db
    .sql(`SELECT kind, ref_id AS id, title, body FROM knowledge_search
          WHERE knowledge_search MATCH ? AND channel_id = ? ORDER BY bm25(knowledge_search, 2.0, 1.0) LIMIT ?`)
    .all(match, channelId, query.limit) as KnowledgeHit[];
}
