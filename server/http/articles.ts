import type { Request, RequestHandler, Router } from 'express';
import type { Services } from '../services/index.js';
import { parse } from '../validation.js';
import {
  adminArticleListSchema,
  articleLocaleSchema,
  articlePathSchema,
  articleSearchSchema,
  createArticleSchema,
  locale as localeSchema,
  quickHelpSchema,
  updateArticleSchema,
} from '../validation-kb.js';

/** Help articles in the admin API (`/api/v1/admin/channels/:key/articles…`), behind its auth and Idempotency-Key handling. */
export function adminArticleRoutes(router: Router, services: Services): void {
  router.get('/channels/:key/articles', async (req, res) => {
    res.json(await services.articles.list(String(req.params.key), parse(adminArticleListSchema, req.query)));
  });
  router.post('/channels/:key/articles', async (req, res) => {
    res.status(201).json(await services.articles.create(String(req.params.key), parse(createArticleSchema, req.body)));
  });
  router.get('/channels/:key/articles/:slug', async (req, res) => {
    const { locale } = parse(articleLocaleSchema, req.query);
    res.json(await services.articles.get(String(req.params.key), slugOf(req), locale));
  });
  router.patch('/channels/:key/articles/:slug', async (req, res) => {
    const { locale } = parse(articleLocaleSchema, req.query);
    const patch = Object.fromEntries(Object.entries(parse(updateArticleSchema, req.body)).filter(([, value]) => value !== undefined));
    res.json(await services.articles.update(String(req.params.key), slugOf(req), locale, patch));
  });
  router.delete('/channels/:key/articles/:slug', async (req, res) => {
    const { locale } = parse(articleLocaleSchema, req.query);
    await services.articles.remove(String(req.params.key), slugOf(req), locale);
    res.status(204).end();
  });
}

/**
 * The visitor's help (`/api/v1/widget/channels/:key/…`): published articles only, under the
 * channel's Origin allowlist and the config budget per IP. The locale is `?locale=`, else the
 * `X-Locale` header, else English.
 */
export function widgetArticleRoutes(router: Router, services: Services, limit: RequestHandler): void {
  const channel = (req: Request) => services.channels.forVisitor(String(req.params.key), req.get('origin'));
  const localeOf = (req: Request, given: string | undefined) => given ?? headerLocale(req) ?? 'en';

  router.get('/channels/:key/articles', limit, async (req, res) => {
    const { q, locale, limit: count } = parse(articleSearchSchema, req.query);
    res.json(await services.articles.search(await channel(req), { q, locale: localeOf(req, locale), limit: count }));
  });
  router.get('/channels/:key/articles/:slug', limit, async (req, res) => {
    const { locale } = parse(articleLocaleSchema, req.query);
    res.json(await services.articles.read(await channel(req), slugOf(req), localeOf(req, locale)));
  });
  router.get('/channels/:key/quickhelp', limit, async (req, res) => {
    const { q, locale } = parse(quickHelpSchema, req.query);
    res.json({ data: await services.articles.quickHelp(await channel(req), q, localeOf(req, locale)), hasMore: false });
  });
  router.post('/channels/:key/articles/:slug/clicks', limit, async (req, res) => {
    const { locale } = parse(articleLocaleSchema, req.query);
    await services.articles.click(await channel(req), slugOf(req), localeOf(req, locale));
    res.status(204).end();
  });
}

const slugOf = (req: Request) => parse(articlePathSchema, { slug: req.params.slug }).slug;

/** `X-Locale` when it is a language tag; a malformed header is ignored rather than refused. */
function headerLocale(req: Request): string | undefined {
  const header = req.get('x-locale');
  return header && localeSchema.safeParse(header).success ? header : undefined;
}
