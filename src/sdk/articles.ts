import type { AdminArticle, ArticleNode, CreateArticleRequest, Page, UpdateArticleRequest } from '../protocol.js';
import { Resource, segment } from './http.js';
import type { RequestOptions } from './types.js';

const articlesPath = (channel: string) => `/admin/channels/${segment(channel)}/articles`;
const articlePath = (channel: string, slug: string) => `${articlesPath(channel)}/${segment(slug)}`;

/**
 * A channel's help articles (Markdown, parsed on the server; raw HTML dropped), per locale.
 * `locale` names the article when several locales use the slug.
 */
export class Articles extends Resource {
  list(channel: string, query: { locale?: string; limit?: number } = {}): Promise<Page<AdminArticle>> {
    return this.http.call('GET', articlesPath(channel), { query });
  }

  get(channel: string, slug: string, locale?: string): Promise<AdminArticle> {
    return this.http.call('GET', articlePath(channel, slug), { query: { locale } });
  }

  /** Without `slug`, one is made from the title; `status` defaults to `draft`. */
  create(channel: string, article: CreateArticleRequest, options: RequestOptions = {}): Promise<AdminArticle> {
    return this.http.call('POST', articlesPath(channel), { ...options, body: article });
  }

  update(channel: string, slug: string, patch: UpdateArticleRequest, locale?: string): Promise<AdminArticle> {
    return this.http.call('PATCH', articlePath(channel, slug), { body: patch, query: { locale } });
  }

  async delete(channel: string, slug: string, locale?: string): Promise<void> {
    await this.http.call('DELETE', articlePath(channel, slug), { query: { locale } });
  }

  /** The tree the server would store for `markdown` (what the visitor would see), saving nothing. */
  preview(markdown: string): Promise<{ body: ArticleNode[] }> {
    return this.http.call('POST', '/admin/articles/preview', { body: { markdown } });
  }
}
