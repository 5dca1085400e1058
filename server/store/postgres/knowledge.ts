import type { KnowledgeHit, KnowledgeQuery } from '../store.js';
import { all, type Queryable } from './db.js';

/**
 * The channel's knowledge ranked by ts_rank for any of the terms: FAQs, and published articles
 * (of `query.locale` when given). A row indexed in 'simple' is matched with 'simple', one indexed
 * in the visitor's language with that language's configuration: each side of the OR compares
 * with a constant query, so the GIN index serves both. A title match (weight A) counts ten times
 * a body match (B). Snippets are plain text (ts_headline with empty markers).
 */
export async function searchKnowledge(db: Queryable, channelId: string, query: KnowledgeQuery): Promise<KnowledgeHit[]> {
  if (!query.terms.length) return [];
  // Terms are letters and digits only (server/search): nothing in them is tsquery syntax.
  const terms = query.terms.join(' | ');
  const kinds = query.kinds ?? ['faq', 'article'];
  const rows = await all<KnowledgeHit & { slug: string | null }>(
    db,
    `SELECT k.kind, k.ref_id AS id, k.title, k.body, a.slug, a.locale, a.updated_at AS "updatedAt",
            CASE WHEN $6 THEN ts_headline(k.language, k.body, q.query,
              'StartSel="", StopSel="", MaxWords=24, MinWords=8, ShortWord=2') END AS snippet
       FROM knowledge_search k LEFT JOIN articles a ON k.kind = 'article' AND a.id = k.ref_id,
            to_tsquery('simple', $2) AS simple, to_tsquery($3::regconfig, $2) AS own,
            LATERAL (SELECT CASE WHEN k.language = 'simple'::regconfig THEN simple WHEN k.language = $3::regconfig THEN own ELSE to_tsquery(k.language, $2) END AS query) AS q
      WHERE k.channel_id = $1 AND ((k.language = 'simple'::regconfig AND k.document @@ simple) OR (k.language = $3::regconfig AND k.document @@ own)
             OR ($8 AND k.document @@ to_tsquery(k.language, $2)))
        AND k.kind = ANY($5::text[]) AND (k.kind = 'faq' OR $7::text IS NULL OR a.locale = $7)
      ORDER BY ts_rank('{0.01, 0.02, 0.1, 1.0}', k.document, q.query) DESC, k.ref_id LIMIT $4`,
    [channelId, terms, query.language, query.limit, kinds, Boolean(query.snippets), query.locale ?? null, query.anyLanguage === true],
  );
  return rows.map(({ slug, locale, updatedAt, snippet, ...hit }) => ({
    ...hit,
    ...(slug === null ? {} : { slug, locale, updatedAt }),
    ...(query.snippets ? { snippet } : {}),
  }));
}
