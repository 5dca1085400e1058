import { adminArticleListSchema, articleLocaleSchema, articleSearchSchema, createArticleSchema, quickHelpSchema, updateArticleSchema } from '../../validation-kb.js';
import { articlePreviewSchema } from '../article-preview.js';
import { admin } from './admin.js';
import { json, jsonBody, operation, pageOf, pathParameter, queryParameters, ref, type JsonSchema, type Operation, type OperationSpec } from './build.js';
import { object } from './schemas.js';

/** The knowledge base (DESIGN.md §11) in the OpenAPI description: articles for admins, help for visitors. */

const string: JsonSchema = { type: 'string' };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const children: JsonSchema = { type: 'array', items: ref('ArticleNode') };
const parent = (type: string, extra: Record<string, JsonSchema> = {}) => object({ type: { const: type }, ...extra, children });
const articleFields = {
  id: string,
  slug: string,
  title: string,
  locale: { ...string, description: 'BCP 47.' },
  status: { type: 'string', enum: ['draft', 'published'] },
  body: { type: 'array', items: ref('ArticleNode'), description: 'The tree parsed from the Markdown; render every value as text.' },
  createdAt: dateTime,
  updatedAt: dateTime,
};

export const kbSchemas: Record<string, JsonSchema> = {
  ArticleNode: {
    description: 'One node of an article body. Raw HTML never appears; link and image URLs are absolute http(s).',
    oneOf: [
      parent('paragraph'),
      parent('heading', { depth: { type: 'integer', minimum: 1, maximum: 6 } }),
      parent('list', { ordered: { type: 'boolean' } }),
      parent('listItem'),
      parent('blockquote'),
      parent('emphasis'),
      parent('strong'),
      parent('link', { url: { ...string, format: 'uri' } }),
      object({ type: { const: 'image' }, url: { ...string, format: 'uri' }, alt: string }),
      object({ type: { const: 'code' }, lang: string, value: string }, ['lang']),
      object({ type: { const: 'inlineCode' }, value: string }),
      object({ type: { const: 'text' }, value: string }),
      object({ type: { const: 'break' } }),
    ],
  },
  Article: object(articleFields, [], 'A published help article as visitors get it.'),
  AdminArticle: object({ ...articleFields, markdown: string, clicks: { type: 'integer', description: 'Quick-help picks counted.' } }, [], 'An article as the admin API answers it.'),
  AdminArticlePage: pageOf(ref('AdminArticle')),
  ArticleSummary: object({ slug: string, title: string, snippet: { ...string, description: 'Plain text around the match (search results only).' }, locale: string, updatedAt: dateTime }, ['snippet']),
  ArticleSummaryPage: pageOf(ref('ArticleSummary')),
  QuickHelpItem: object({ kind: { type: 'string', enum: ['article', 'faq'] }, slug: string, faqId: string, title: string, snippet: string }, ['slug', 'faqId']),
  QuickHelpPage: pageOf(ref('QuickHelpItem')),
};

const key = pathParameter('key', "The channel's key.");
const slug = pathParameter('slug', "The article's slug.");
const locale = queryParameters(articleLocaleSchema).map((parameter) => ({ ...parameter, description: 'The locale of the article; needed only when several locales use the slug.' }));

export const kbAdminPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/admin/channels/{key}/articles': {
    get: admin({ id: 'listArticles', summary: "A channel's help articles, drafts too", caller: 'admin', parameters: [key, ...queryParameters(adminArticleListSchema)], ok: { 200: json('Most picked first, then newest.', ref('AdminArticlePage')) }, errors: ['not_found'] }),
    post: admin({
      id: 'createArticle',
      summary: 'Write a help article',
      description: 'The Markdown is parsed on the server; raw HTML is dropped and only http(s) links and images are kept. Without `slug`, one is made from the title (made unique with `-2`, `-3` …). `status` defaults to `draft`.',
      caller: 'admin',
      parameters: [key],
      body: jsonBody(createArticleSchema),
      ok: { 201: json('The new article.', ref('AdminArticle')) },
      errors: ['not_found', 'conflict'],
    }),
  },
  '/api/v1/admin/channels/{key}/articles/{slug}': {
    get: admin({ id: 'getArticle', summary: 'One article', caller: 'admin', parameters: [key, slug, ...locale], ok: { 200: json('The article.', ref('AdminArticle')) }, errors: ['not_found', 'conflict'] }),
    patch: admin({
      id: 'updateArticle',
      summary: 'Change an article',
      caller: 'admin',
      parameters: [key, slug, ...locale],
      body: jsonBody(updateArticleSchema, 'Only the fields given change.'),
      ok: { 200: json('The article as changed.', ref('AdminArticle')) },
      errors: ['not_found', 'conflict'],
    }),
    delete: admin({ id: 'deleteArticle', summary: 'Remove an article', caller: 'admin', parameters: [key, slug, ...locale], ok: { 204: { description: 'Removed.' } }, errors: ['not_found', 'conflict'] }),
  },
  '/api/v1/admin/articles/preview': {
    post: admin({
      id: 'previewArticle',
      summary: 'The tree an article with this Markdown would have (saved nowhere)',
      description: "The inbox's article editor shows it while the admin types.",
      caller: 'admin',
      body: jsonBody(articlePreviewSchema),
      ok: { 200: json('The tree.', object({ body: children })) },
    }),
  },
};

const widget = (spec: OperationSpec): Operation => operation('widget', { ...spec, errors: ['forbidden', 'not_found', 'rate_limited'] });
const HELP_NOTE = "Published articles only. Checked against the channel's origin allowlist. The locale is `locale`, else the `X-Locale` header, else `en`.";

export const kbWidgetPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/widget/channels/{key}/articles': {
    get: widget({ id: 'searchArticles', summary: 'Search help articles, or the top ones without `q`', description: HELP_NOTE, caller: 'public', parameters: [key, ...queryParameters(articleSearchSchema)], ok: { 200: json('Best match first, with snippets; without `q`, most picked first.', ref('ArticleSummaryPage')) } }),
  },
  '/api/v1/widget/channels/{key}/articles/{slug}': {
    get: widget({ id: 'readArticle', summary: 'One help article', description: `${HELP_NOTE} Falls back to the language of a regional locale (\`fr\` for \`fr-CA\`).`, caller: 'public', parameters: [key, slug, ...locale], ok: { 200: json('The article.', ref('Article')) } }),
  },
  '/api/v1/widget/channels/{key}/articles/{slug}/clicks': {
    post: widget({ id: 'countArticleClick', summary: 'Count a quick-help pick of an article', description: HELP_NOTE, caller: 'public', parameters: [key, slug, ...locale], ok: { 204: { description: 'Counted.' } } }),
  },
  '/api/v1/widget/channels/{key}/quickhelp': {
    get: widget({ id: 'quickHelp', summary: 'Up to three articles or FAQs for what the visitor is typing', description: `${HELP_NOTE} Empty until \`q\` has three words.`, caller: 'public', parameters: [key, ...queryParameters(quickHelpSchema)], ok: { 200: json('Best match first.', ref('QuickHelpPage')) } }),
  },
};
