import { z } from 'zod';
import { ARTICLE_LIST_MAX } from './services/articles.js';
import { notBlank } from './validation.js';

/** Request schemas of the knowledge base (DESIGN.md §11), admin and visitor side. Objects are strict. */

/** The longest Markdown an article may have (about 15 printed pages): within the 64 KB JSON body limit. */
export const ARTICLE_MARKDOWN_MAX = 50_000;

const title = notBlank(200);
const markdown = z.string().max(ARTICLE_MARKDOWN_MAX);
/** BCP 47, loosely: `en`, `pt-BR`, `zh-Hant-TW`. */
export const locale = z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}$/, 'a language tag such as en or pt-BR');
const slug = z.string().min(1).max(80).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower case letters and digits joined by dashes');
const status = z.enum(['draft', 'published']);

export const createArticleSchema = z.strictObject({ title, markdown, locale, status: status.optional(), slug: slug.optional() });
export const updateArticleSchema = z.strictObject({
  title: title.optional(),
  markdown: markdown.optional(),
  locale: locale.optional(),
  status: status.optional(),
  slug: slug.optional(),
});

/** `?locale=` naming an article's locale (optional: a slug used in one locale only needs none). */
export const articleLocaleSchema = z.strictObject({ locale: locale.optional() });
export const adminArticleListSchema = z.strictObject({ locale: locale.optional(), limit: z.coerce.number().int().min(1).max(ARTICLE_LIST_MAX).default(50) });

/** The visitor's search (or top list without `q`). */
export const articleSearchSchema = z.strictObject({
  q: z.string().max(500).optional(),
  locale: locale.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const quickHelpSchema = z.strictObject({ q: z.string().max(500).default(''), locale: locale.optional() });
export const articlePathSchema = z.strictObject({ slug });
