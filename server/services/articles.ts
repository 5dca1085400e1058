import type { AdminArticle, Article, ArticleSummary, CreateArticleRequest, QuickHelpItem, UpdateArticleRequest } from '../../src/protocol.js';
import type { Page } from '../../src/protocol.js';
import { notFound, ServiceError } from '../errors.js';
import { articleText, parseArticle } from '../kb/markdown.js';
import { KnowledgeSearch, searchLanguage } from '../search/knowledge.js';
import { SlugTaken, type NewArticle } from '../store/article-store.js';
import type { Channel, Store } from '../store/store.js';
import type { ChannelService } from './channels.js';

/** How many articles an admin list or the help view's top list holds at most. */
export const ARTICLE_LIST_MAX = 100;
const SLUG_MAX = 80;

/** A slug made from a title: lower case ASCII letters and digits joined by dashes (`Returns & refunds` → `returns-refunds`). */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  return slug || 'article';
}

/** What a visitor sees of an article: no Markdown source, no click count. */
const forVisitor = ({ markdown: _markdown, clicks: _clicks, ...article }: AdminArticle): Article => article;

/**
 * Help articles (DESIGN.md §11): the admin API's CRUD, and the visitor's side (published only):
 * the top list, search with snippets, one article, quick help while typing, the clicks it counts.
 */
export class ArticleService {
  readonly #store: Store;
  readonly #channels: ChannelService;
  readonly #search: KnowledgeSearch;

  constructor(store: Store, channels: ChannelService) {
    this.#store = store;
    this.#channels = channels;
    this.#search = new KnowledgeSearch(store);
  }

  // ------------------------------------------------------------ admin

  async list(key: string, query: { locale?: string | undefined; limit: number }): Promise<Page<AdminArticle>> {
    const channel = await this.#channels.get(key);
    const found = await this.#store.listArticles(channel.id, { ...(query.locale ? { locale: query.locale } : {}), limit: query.limit + 1 });
    return { data: found.slice(0, query.limit), hasMore: found.length > query.limit };
  }

  async get(key: string, slug: string, locale: string | undefined): Promise<AdminArticle> {
    const channel = await this.#channels.get(key);
    return this.#find(channel, slug, locale);
  }

  /** A slug given is kept (409 when taken); one made from the title gets `-2`, `-3` … until it is free. */
  async create(key: string, input: CreateArticleRequest): Promise<AdminArticle> {
    const channel = await this.#channels.get(key);
    const article: NewArticle = { ...derived(input.markdown, input.locale), slug: input.slug ?? slugify(input.title), title: input.title, locale: input.locale, status: input.status ?? 'draft' };
    if (input.slug) return this.#store.createArticle(channel.id, article).catch(slugConflict);
    for (let attempt = 1; ; attempt++) {
      const slug = attempt === 1 ? article.slug : `${article.slug.slice(0, SLUG_MAX - 6)}-${attempt}`;
      try {
        return await this.#store.createArticle(channel.id, { ...article, slug });
      } catch (error) {
        if (!(error instanceof SlugTaken) || attempt >= 1000) throw error;
      }
    }
  }

  async update(key: string, slug: string, locale: string | undefined, patch: UpdateArticleRequest): Promise<AdminArticle> {
    const channel = await this.#channels.get(key);
    const current = await this.#find(channel, slug, locale);
    const changes: Partial<NewArticle> = { ...patch };
    if (patch.markdown !== undefined || patch.locale !== undefined) Object.assign(changes, derived(patch.markdown ?? current.markdown, patch.locale ?? current.locale));
    const updated = await this.#store.updateArticle(channel.id, current.locale, current.slug, changes).catch(slugConflict);
    if (!updated) throw notFound('article');
    return updated;
  }

  async remove(key: string, slug: string, locale: string | undefined): Promise<void> {
    const channel = await this.#channels.get(key);
    const current = await this.#find(channel, slug, locale);
    if (!(await this.#store.deleteArticle(channel.id, current.locale, current.slug))) throw notFound('article');
  }

  // ------------------------------------------------------------ visitors (published only)

  /** Search results for `q` with snippets; without `q` the channel's top articles (most picked, then newest). */
  async search(channel: Channel, query: { q?: string | undefined; locale: string; limit: number }): Promise<Page<ArticleSummary>> {
    if (query.q?.trim()) {
      return { data: await this.#search.articles(channel.id, query.q, { locale: query.locale, limit: query.limit }), hasMore: false };
    }
    const top = await this.#store.listArticles(channel.id, { locale: query.locale, status: 'published', limit: query.limit + 1 });
    const data = top.slice(0, query.limit).map(({ slug, title, locale, updatedAt }) => ({ slug, title, locale, updatedAt }));
    return { data, hasMore: top.length > query.limit };
  }

  /** A published article in `locale`, or failing that in its language (`fr` for `fr-CA`). Drafts do not exist here. */
  async read(channel: Channel, slug: string, locale: string): Promise<Article> {
    for (const candidate of new Set([locale, locale.split('-')[0]!])) {
      const article = await this.#store.getArticle(channel.id, candidate, slug);
      if (article?.status === 'published') return forVisitor(article);
    }
    throw notFound('article');
  }

  quickHelp(channel: Channel, q: string, locale: string): Promise<QuickHelpItem[]> {
    return this.#search.quickHelp(channel.id, q, locale);
  }

  /** A quick-help pick of a published article, counted for reports. */
  async click(channel: Channel, slug: string, locale: string): Promise<void> {
    const article = await this.read(channel, slug, locale);
    await this.#store.countArticleClick(channel.id, article.locale, article.slug);
  }

  /** The article by slug: in `locale` when given, else the one article of that slug (409 when several locales have it). */
  async #find(channel: Channel, slug: string, locale: string | undefined): Promise<AdminArticle> {
    if (locale) {
      const article = await this.#store.getArticle(channel.id, locale, slug);
      if (!article) throw notFound('article');
      return article;
    }
    const found = await this.#store.listArticles(channel.id, { slug, limit: 2 });
    if (found.length > 1) throw new ServiceError('conflict', 'several locales have this slug: name one with ?locale=', { param: 'locale' });
    if (!found[0]) throw notFound('article');
    return found[0];
  }
}

/** What the server derives from the Markdown: the tree, its text, and the locale's search configuration. */
function derived(markdown: string, locale: string): Pick<NewArticle, 'markdown' | 'body' | 'text' | 'language'> {
  const body = parseArticle(markdown);
  return { markdown, body, text: articleText(body), language: searchLanguage(locale) };
}

function slugConflict(error: unknown): never {
  if (error instanceof SlugTaken) throw new ServiceError('conflict', `slug ${error.slug} is taken in this locale`, { param: 'slug' });
  throw error;
}
