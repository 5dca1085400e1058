import type { AdminArticle } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { SlugTaken, type ArticleListQuery, type NewArticle } from '../article-store.js';
import { all, changes, one, sqlState, UNIQUE_VIOLATION, type Queryable } from './db.js';

const SELECT = `SELECT id, slug, title, locale, status, markdown, body, clicks, created_at AS "createdAt", updated_at AS "updatedAt" FROM articles`;

async function unique<T>(slug: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (sqlState(error).code === UNIQUE_VIOLATION) throw new SlugTaken(slug);
    throw error;
  }
}

export async function createArticle(db: Queryable, channelId: string, article: NewArticle): Promise<AdminArticle> {
  const now = new Date().toISOString();
  await unique(article.slug, () => db.query(
    `INSERT INTO articles (id, channel_id, locale, slug, title, markdown, body, text, language, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::regconfig, $10, $11, $11)`,
    [newId('art'), channelId, article.locale, article.slug, article.title, article.markdown, JSON.stringify(article.body), article.text, article.language, article.status, now],
  ));
  return (await getArticle(db, channelId, article.locale, article.slug))!;
}

export async function getArticle(db: Queryable, channelId: string, locale: string, slug: string): Promise<AdminArticle | null> {
  return one<AdminArticle>(db, `${SELECT} WHERE channel_id = $1 AND locale = $2 AND slug = $3`, [channelId, locale, slug]);
}

export async function listArticles(db: Queryable, channelId: string, query: ArticleListQuery): Promise<AdminArticle[]> {
  return all<AdminArticle>(db, `${SELECT} WHERE channel_id = $1 AND ($2::text IS NULL OR locale = $2) AND ($3::text IS NULL OR status = $3)
    AND ($5::text IS NULL OR slug = $5) ORDER BY clicks DESC, updated_at DESC, id LIMIT $4`, [channelId, query.locale ?? null, query.status ?? null, query.limit, query.slug ?? null]);
}

export async function updateArticle(db: Queryable, channelId: string, locale: string, slug: string, patch: Partial<NewArticle>): Promise<AdminArticle | null> {
  const next = { locale, slug, ...patch };
  const updated = await unique(next.slug, () => changes(db,
    `UPDATE articles SET locale = COALESCE($4, locale), slug = COALESCE($5, slug), title = COALESCE($6, title), markdown = COALESCE($7, markdown),
       body = COALESCE($8::jsonb, body), text = COALESCE($9, text), language = COALESCE($10::regconfig, language), status = COALESCE($11, status), updated_at = $12
     WHERE channel_id = $1 AND locale = $2 AND slug = $3`,
    [channelId, locale, slug, patch.locale ?? null, patch.slug ?? null, patch.title ?? null, patch.markdown ?? null,
      patch.body ? JSON.stringify(patch.body) : null, patch.text ?? null, patch.language ?? null, patch.status ?? null, new Date().toISOString()],
  ));
  return updated ? getArticle(db, channelId, next.locale, next.slug) : null;
}

export async function deleteArticle(db: Queryable, channelId: string, locale: string, slug: string): Promise<boolean> {
  return (await changes(db, 'DELETE FROM articles WHERE channel_id = $1 AND locale = $2 AND slug = $3', [channelId, locale, slug])) === 1;
}

export async function countArticleClick(db: Queryable, channelId: string, locale: string, slug: string): Promise<boolean> {
  return (await changes(db, `UPDATE articles SET clicks = clicks + 1 WHERE channel_id = $1 AND locale = $2 AND slug = $3 AND status = 'published'`,
    [channelId, locale, slug])) === 1;
}
