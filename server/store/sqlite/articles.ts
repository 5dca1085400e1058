import type { AdminArticle } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { SlugTaken, type ArticleListQuery, type NewArticle } from '../article-store.js';
import type { Connection } from './db.js';

interface ArticleRow {
  id: string; slug: string; title: string; locale: string; status: AdminArticle['status'];
  markdown: string; body: string; clicks: number; created_at: string; updated_at: string;
}

const COLUMNS = 'id, slug, title, locale, status, markdown, body, clicks, created_at, updated_at';

const toArticle = (row: ArticleRow): AdminArticle => ({
  id: row.id, slug: row.slug, title: row.title, locale: row.locale, status: row.status, markdown: row.markdown,
  body: JSON.parse(row.body), clicks: row.clicks, createdAt: row.created_at, updatedAt: row.updated_at,
});

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

export function createArticle(db: Connection, channelId: string, article: NewArticle): AdminArticle {
  const now = new Date().toISOString();
  const id = newId('art');
  try {
    db.sql(`INSERT INTO articles (id, channel_id, locale, slug, title, markdown, body, text, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, channelId, article.locale, article.slug, article.title, article.markdown, JSON.stringify(article.body), article.text, article.status, now, now);
  } catch (error) {
    if (isUniqueViolation(error)) throw new SlugTaken(article.slug);
    throw error;
  }
  return getArticle(db, channelId, article.locale, article.slug)!;
}

export function getArticle(db: Connection, channelId: string, locale: string, slug: string): AdminArticle | null {
  const row = db.sql(`SELECT ${COLUMNS} FROM articles WHERE channel_id = ? AND locale = ? AND slug = ?`).get(channelId, locale, slug) as ArticleRow | undefined;
  return row ? toArticle(row) : null;
}

export function listArticles(db: Connection, channelId: string, query: ArticleListQuery): AdminArticle[] {
  const rows = db
    .sql(`SELECT ${COLUMNS} FROM articles WHERE channel_id = ? AND (? IS NULL OR locale = ?) AND (? IS NULL OR status = ?) AND (? IS NULL OR slug = ?)
          ORDER BY clicks DESC, updated_at DESC, id LIMIT ?`)
    .all(channelId, query.locale ?? null, query.locale ?? null, query.status ?? null, query.status ?? null, query.slug ?? null, query.slug ?? null, query.limit) as ArticleRow[];
  return rows.map(toArticle);
}

export function updateArticle(db: Connection, channelId: string, locale: string, slug: string, patch: Partial<NewArticle>): AdminArticle | null {
  const current = db.sql('SELECT id, locale, slug, title, markdown, body, text, status FROM articles WHERE channel_id = ? AND locale = ? AND slug = ?')
    .get(channelId, locale, slug) as (Omit<NewArticle, 'body' | 'language'> & { id: string; body: string }) | undefined;
  if (!current) return null;
  const next = { ...current, ...patch, body: patch.body ? JSON.stringify(patch.body) : current.body };
  try {
    db.sql('UPDATE articles SET locale = ?, slug = ?, title = ?, markdown = ?, body = ?, text = ?, status = ?, updated_at = ? WHERE id = ?')
      .run(next.locale, next.slug, next.title, next.markdown, next.body, next.text, next.status, new Date().toISOString(), current.id);
  } catch (error) {
    if (isUniqueViolation(error)) throw new SlugTaken(next.slug);
    throw error;
  }
  return getArticle(db, channelId, next.locale, next.slug);
}

export function deleteArticle(db: Connection, channelId: string, locale: string, slug: string): boolean {
  return db.sql('DELETE FROM articles WHERE channel_id = ? AND locale = ? AND slug = ?').run(channelId, locale, slug).changes === 1;
}

export function countArticleClick(db: Connection, channelId: string, locale: string, slug: string): boolean {
  return db.sql(`UPDATE articles SET clicks = clicks + 1 WHERE channel_id = ? AND locale = ? AND slug = ? AND status = 'published'`)
    .run(channelId, locale, slug).changes === 1;
}
