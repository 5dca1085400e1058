import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { settingsOf } from '../services/channels.js';
import type { Channel } from '../store/store.js';
import { articlePage, indexPage, notFoundPage, type HelpArticle, type HelpChannel, type HelpListItem, type HelpPage } from '../kb/help-pages.js';

/** What the help pages read: one channel, then its published articles (all, or those matching a search) or one article. */
export interface HelpSource {
  channel(key: string): Promise<Channel | null>;
  published(channel: Channel, search: { query: string; locale: string | undefined }): Promise<HelpListItem[]>;
  /** The published article `slug` in `locale`, or (no locale asked) in the first of `preferred` it exists in, else any. */
  article(channel: Channel, slug: string, locale: { asked: string | undefined; preferred: string[] }): Promise<HelpArticle | null>;
}

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

/**
 * The public help pages: `/help/:channel` (published articles, a search that works without
 * script through `?q=`) and `/help/:channel/:slug` (one article, `?locale=` to choose its
 * language). Server-rendered and escaped (`server/kb/`), under a policy that runs no script.
 */
export function helpRouter(source: HelpSource, options: { publicUrl?: string | undefined }): Router {
  const router = Router();
  const origin = (req: Request) => options.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  async function channelOf(req: Request, res: Response): Promise<Channel | null> {
    const key = channelKey.safeParse(req.params.channel);
    const channel = key.success ? await source.channel(key.data) : null;
    if (!channel) send(res, 404, notFoundPage(null), CACHE.missing);
    return channel;
  }

  router.get('/help/:channel', async (req, res) => {
    const channel = await channelOf(req, res);
    if (!channel) return;
    const { q, locale } = query.parse(req.query);
    const items = await source.published(channel, { query: q, locale });
    send(res, 200, indexPage(helpChannel(channel), items, { query: q, origin: origin(req), locale }), q ? CACHE.search : CACHE.page);
  });

  router.get('/help/:channel/:slug', async (req, res) => {
    const channel = await channelOf(req, res);
    if (!channel) return;
    const wanted = slug.safeParse(req.params.slug);
    const { locale } = query.parse(req.query);
    const article = wanted.success ? await source.article(channel, wanted.data, { asked: locale, preferred: req.acceptsLanguages() }) : null;
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
