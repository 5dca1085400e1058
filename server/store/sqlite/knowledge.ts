import type { KnowledgeHit, KnowledgeQuery } from '../store.js';
import type { Connection } from './db.js';

/**
 * The channel's knowledge ranked by bm25 (a title match weighs five times a body match) for
 * any of the terms: FAQs, and published articles (of `query.locale` when given). Each term is
 * quoted: FTS5 reads it as a word, never as query syntax. Snippets are plain text (no markers).
 */
export function searchKnowledge(db: Connection, channelId: string, query: KnowledgeQuery): KnowledgeHit[] {
  if (!query.terms.length) return [];
  const match = query.terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
  const kinds = query.kinds ?? ['faq', 'article'];
  const hits = db
    .sql(`SELECT k.kind, k.ref_id AS id, k.title, k.body, a.slug, a.locale, a.updated_at AS updatedAt,
                 snippet(k, 1, '', '', '…', 16) AS snippet
          FROM knowledge_search k LEFT JOIN articles a ON k.kind = 'article' AND a.id = k.ref_id
          WHERE k MATCH ? AND k.channel_id = ?
            AND (k.kind = 'faq' AND ? OR k.kind = 'article' AND ? AND (? IS NULL OR a.locale = ?))
          ORDER BY bm25(k, 5.0, 1.0), k.ref_id LIMIT ?`)
    .all(match, channelId, kinds.includes('faq') ? 1 : 0, kinds.includes('article') ? 1 : 0, query.locale ?? null, query.locale ?? null, query.limit) as Array<KnowledgeHit & { slug: string | null }>;
  return hits.map(({ slug, locale, updatedAt, snippet, ...hit }) => ({
    ...hit,
    ...(slug === null ? {} : { slug, locale, updatedAt }),
    ...(query.snippets ? { snippet } : {}),
  }));
}
