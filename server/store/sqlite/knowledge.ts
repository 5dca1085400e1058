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
    .sql(`SELECT knowledge_search.kind, knowledge_search.ref_id AS id, knowledge_search.title, knowledge_search.body, a.slug, a.locale, a.updated_at AS updatedAt,
                 snippet(knowledge_search, 1, '', '', '…', 16) AS snippet
          FROM knowledge_search LEFT JOIN articles a ON knowledge_search.kind = 'article' AND a.id = knowledge_search.ref_id
          WHERE knowledge_search MATCH ? AND knowledge_search.channel_id = ?
            AND (knowledge_search.kind = 'faq' AND ? OR knowledge_search.kind = 'article' AND ? AND (? IS NULL OR a.locale = ?))
          ORDER BY bm25(knowledge_search, 5.0, 1.0), knowledge_search.ref_id LIMIT ?`)
    .all(match, channelId, kinds.includes('faq') ? 1 : 0, kinds.includes('article') ? 1 : 0, query.locale ?? null, query.locale ?? null, query.limit) as Array<KnowledgeHit & { slug: string | null }>;
  return hits.map(({ slug, locale, updatedAt, snippet, ...hit }) => ({
    ...hit,
    ...(slug === null ? {} : { slug, locale, updatedAt }),
    ...(query.snippets ? { snippet } : {}),
  }));
}
