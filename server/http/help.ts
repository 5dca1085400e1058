import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Article, ArticleSummary } from '../../src/protocol.js';
import { settingsOf } from '../services/channels.js';
import { ServiceError } from '../errors.js';
import type { Services } from '../services/index.js';
import type { Channel } from '../store/store.js';
import { articlePage, indexPage, notFoundPage, type HelpChannel, type HelpPage } from '../kb/help-pages.js';

/** A page's path and query: anything else is a page that does not exist (404), never a JSON error. */
const channelKey = z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/);
const query = z.object({
  q: z.string().max(200).catch('').default('').transform((value) => value.trim()),
  locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).max(35).optional().catch(undefined),
});

/**
 * Pages change when an article is saved: browsers and CDNs keep them five minutes, then ask again
 * with the ETag Express sets (a 304 while the page is the same). A search result keeps one minute.
 */
const CACHE = { page: 'public, max-age=300', search: 'public, max-age=60', missing: 'public, max-age=60' };

function send(res: Response, status: number, page: HelpPage, cacheControl: string): void {
  res.status(status);
  res.set({ 'Content-Security-Policy': page.csp, 'Cache-Control': cacheControl });
  res.type('html').send(page.html);
}

const helpChannel = (channel: Channel): HelpChannel => {
  const settings = settingsOf(channel);
  return { key: channel.key, name: channel.name, primaryColor: settings.primaryColor, chatLink: !settings.linksEnforced };
};

/** An index lists this many articles at most (the most picked, then the newest). */
const INDEX_MAX = 100;

/** `null` for a missing article, which is a 404 page here, not a JSON error. */
const unlessMissing = <T>(promise: Promise<T>): Promise<T | null> =>
  promise.catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === 'not_found') return null;
    throw error;
  });

/**
 * The locales a page tries, in order: the one asked with `?locale=`, else the browser's
 * languages (the first three) and English. The page varies with Accept-Language then.
 */
function localesFor(req: Request, res: Response, asked: string | undefined): string[] {
  if (asked) return [asked];
  res.vary('Accept-Language');
  const preferred = req.acceptsLanguages().filter((tag) => tag !== '*' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag));
  return [...new Set([...preferred.slice(0, 3), 'en'])];
}

/**
 * The public help pages: `/help/:channel` (published articles, a search that works without
 * script through `?q=`) and `/help/:channel/:slug` (one article, `?locale=` to choose its
 * language). Server-rendered and escaped (`server/kb/`), under a policy that runs no script.
 */
export function helpRouter(services: Services, options: { publicUrl?: string | undefined }): Router {
  const router = Router();
  const origin = (req: Request) => options.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  async function channelOf(req: Request, res: Response): Promise<Channel | null> {
    const key = channelKey.safeParse(req.params.channel);
    const channel = key.success ? await services.channels.find(key.data) : null;
    if (!channel) send(res, 404, notFoundPage(null), CACHE.missing);
    return channel;
  }

  router.get('/help/:channel', async (req, res) => {
    const channel = await channelOf(req, res);
    if (!channel) return;
    const { q, locale: asked } = query.parse(req.query);
    const locales = localesFor(req, res, asked);
    let found = { locale: locales[0]!, items: [] as ArticleSummary[] };
    // The first locale with articles (one read when the browser's language has them).
    for (const locale of locales) {
      const items = (await services.articles.search(channel, { q, locale, limit: INDEX_MAX })).data;
      if (items.length) {
        found = { locale, items };
        break;
      }
    }
    send(res, 200, indexPage(helpChannel(channel), found.items, { query: q, origin: origin(req), locale: found.locale }), q ? CACHE.search : CACHE.page);
  });

  router.get('/help/:channel/:slug', async (req, res) => {
    const channel = await channelOf(req, res);
    if (!channel) return;
    const wanted = slug.safeParse(req.params.slug);
    const { locale: asked } = query.parse(req.query);
    let article: Article | null = null;
    for (const locale of wanted.success ? localesFor(req, res, asked) : []) {
      article = await unlessMissing(services.articles.read(channel, wanted.data!, locale));
      if (article) break;
    }
    if (!article) {
      send(res, 404, notFoundPage(helpChannel(channel)), CACHE.missing);
      return;
    }
    const updated = new Date(article.updatedAt);
    if (!Number.isNaN(updated.getTime())) res.set('Last-Modified', updated.toUTCString());
    send(res, 200, articlePage(helpChannel(channel), article, { origin: origin(req) }), CACHE.page);
  });

  return router;
}
