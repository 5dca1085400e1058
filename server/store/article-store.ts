import type { AdminArticle, ArticleNode, ArticleStatus } from '../../src/protocol.js';

/** An article as the service hands it to the store: the Markdown with what the server derived from it. */
export interface NewArticle {
  slug: string;
  title: string;
  locale: string;
  status: ArticleStatus;
  markdown: string;
  /** The tree parsed from `markdown` (server/kb/markdown.ts). */
  body: ArticleNode[];
  /** The tree's plain text: what the full-text index reads. */
  text: string;
  /** PostgreSQL's text search configuration for `locale` (server/search); SQLite ignores it. */
  language: string;
}

export interface ArticleListQuery {
  locale?: string;
  /** This slug only (in any locale unless `locale` is given). */
  slug?: string;
  status?: ArticleStatus;
  limit: number;
}

/** Thrown when another article of the channel and locale already has the slug. */
export class SlugTaken extends Error {
  constructor(readonly slug: string) {
    super(`slug ${slug} is taken`);
    this.name = 'SlugTaken';
  }
}

/**
 * Help articles (DESIGN.md §11), in both engines. An article is named by its channel, locale and
 * slug; published ones feed the knowledge index (migration 18's triggers), drafts never do.
 */
export interface ArticleStore {
  /** Throws `SlugTaken` when the slug is in use in the channel and locale. */
  createArticle(channelId: string, article: NewArticle): Promise<AdminArticle>;
  getArticle(channelId: string, locale: string, slug: string): Promise<AdminArticle | null>;
  /** Most picked first, then most recently updated. */
  listArticles(channelId: string, query: ArticleListQuery): Promise<AdminArticle[]>;
  /** Null when there is no such article; throws `SlugTaken` when a new slug is in use. */
  updateArticle(channelId: string, locale: string, slug: string, patch: Partial<NewArticle>): Promise<AdminArticle | null>;
  deleteArticle(channelId: string, locale: string, slug: string): Promise<boolean>;
  /** Counts a quick-help pick of a published article; false when there is none. */
  countArticleClick(channelId: string, locale: string, slug: string): Promise<boolean>;
}
