import type { KnowledgeHit, KnowledgeQuery } from '../store.js';
import { all, type Queryable } from './db.js';

/**
 * The channel's knowledge ranked by ts_rank for any of the terms. A row indexed in 'simple'
 * (FAQs) is matched with 'simple', one indexed in the visitor's language with that language's
 * configuration: each side of the OR compares with a constant query, so the GIN index serves both.
 */
export async function searchKnowledge(db: Queryable, channelId: string, query: KnowledgeQuery): Promise<KnowledgeHit[]> {
  if (!query.terms.length) return [];
  // Terms are letters and digits only (server/search): nothing in them is tsquery syntax.
  const terms = query.terms.join(' | ');
  return all<KnowledgeHit>(
    db,
    `SELECT kind, ref_id AS id, title, body FROM knowledge_search, to_tsquery('simple', $2) AS simple, to_tsquery($3::regconfig, $2) AS own
      WHERE channel_id = $1 AND ((language = 'simple'::regconfig AND document @@ simple) OR (language = $3::regconfig AND document @@ own))
      ORDER BY ts_rank(document, CASE WHEN language = 'simple'::regconfig THEN simple ELSE own END) DESC, ref_id LIMIT $4`,
    [channelId, terms, query.language, query.limit],
  );
}
