import escapeHtml from 'escape-html';
import { createHash } from 'node:crypto';
import { parseColor, readableText, toHex } from '../../src/config/colors.js';
import type { Article, ArticleSummary } from '../../src/protocol.js';
import { articleHtml } from './article-html.js';
import { articleText } from './markdown.js';

/** The channel a help page belongs to, as the page shows it. */
export interface HelpChannel {
  key: string;
  name: string;
  primaryColor: string;
  /** The standalone chat link (`/c?k=…`) works without a signature: the pages link to it. */
  chatLink: boolean;
}

/** A published article in a list (the index, search results) and on its own page. */
export type HelpListItem = Pick<ArticleSummary, 'slug' | 'title' | 'locale' | 'snippet'>;
export type HelpArticle = Pick<Article, 'slug' | 'title' | 'locale' | 'body' | 'updatedAt'>;

/** A rendered page and the policy its one inline stylesheet needs. */
export interface HelpPage {
  html: string;
  csp: string;
}

const BASE_CSS = `:root{color-scheme:light;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2329;line-height:1.55}
body{margin:0}
header{background:var(--primary);color:var(--on-primary)}
.bar{max-width:760px;margin:0 auto;padding:20px 24px;display:flex;flex-wrap:wrap;gap:12px;align-items:center;justify-content:space-between}
.bar a{color:inherit;font-weight:600;font-size:1.2rem;text-decoration:none}
form{display:flex;gap:8px}
input{font:inherit;padding:6px 10px;border:1px solid #c9cdd4;border-radius:6px;min-width:14rem}
button{font:inherit;padding:6px 14px;border:1px solid var(--on-primary);border-radius:6px;background:transparent;color:inherit;cursor:pointer}
main{max-width:760px;margin:0 auto;padding:24px}
main a{color:#1d39c4}
.articles{list-style:none;padding:0}
.articles li{padding:12px 0;border-bottom:1px solid #e6e8eb}
.articles p{margin:4px 0 0;color:#4e5969}
pre{background:#f5f6f7;padding:12px;border-radius:6px;overflow:auto}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
blockquote{margin:0;padding-left:16px;border-left:4px solid #e6e8eb;color:#4e5969}
img{max-width:100%;height:auto}
.updated{color:#4e5969;font-size:.9rem}
footer{max-width:760px;margin:0 auto;padding:8px 24px 40px}`;

/**
 * The stylesheet with the channel's color, and the policy allowing exactly it: no script runs on a
 * help page, and no other style applies. Computed once per color.
 */
const themes = new Map<string, { css: string; csp: string }>();
function theme(primaryColor: string): { css: string; csp: string } {
  const color = parseColor(primaryColor) ?? { r: 47, g: 84, b: 235 };
  const primary = toHex(color);
  let cached = themes.get(primary);
  if (!cached) {
    const css = `${BASE_CSS}\n:root{--primary:${primary};--on-primary:${toHex(readableText(color))}}`;
    const hash = createHash('sha256').update(css).digest('base64');
    const csp = `default-src 'none'; script-src 'none'; style-src 'sha256-${hash}'; img-src http: https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
    cached = { css, csp };
    if (themes.size < 1000) themes.set(primary, cached);
  }
  return cached;
}

/** The BCP 47 tag of a stored locale, or `en` for anything that is not one. */
const langOf = (locale: string): string => (/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(locale) ? locale : 'en');

const indexPath = (channel: HelpChannel): string => `/help/${encodeURIComponent(channel.key)}`;
/** A slug is unique per channel and locale: an article's address names both. */
const articlePath = (channel: HelpChannel, slug: string, locale: string): string =>
  `${indexPath(channel)}/${encodeURIComponent(slug)}?locale=${encodeURIComponent(locale)}`;

interface Frame {
  channel: HelpChannel;
  title: string;
  lang: string;
  /** Absolute URL of the page (canonical), or null for a page that has none (search, not found). */
  canonical: string | null;
  description?: string;
  query?: string;
  main: string;
}

function frame({ channel, title, lang, canonical, description, query = '', main }: Frame): HelpPage {
  const { css, csp } = theme(channel.primaryColor);
  const chat = channel.chatLink ? `<footer><a href="/c?k=${encodeURIComponent(channel.key)}">Still need help? Chat with us</a></footer>` : '';
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${canonical ? `<link rel="canonical" href="${escapeHtml(canonical)}">\n` : ''}${description ? `<meta name="description" content="${escapeHtml(description)}">\n` : ''}<style>${css}</style>
</head>
<body>
<header><div class="bar">
<a href="${indexPath(channel)}">${escapeHtml(channel.name)} · Help</a>
<form role="search" method="get" action="${indexPath(channel)}"><input type="search" name="q" value="${escapeHtml(query)}" aria-label="Search the help articles" maxlength="200"><button type="submit">Search</button></form>
</div></header>
<main>
${main}
</main>
${chat}
</body>
</html>`;
  return { html, csp };
}

function list(channel: HelpChannel, items: HelpListItem[]): string {
  const rows = items.map(
    (item) => `<li lang="${escapeHtml(langOf(item.locale))}"><a href="${escapeHtml(articlePath(channel, item.slug, item.locale))}">${escapeHtml(item.title)}</a>${item.snippet ? `<p>${escapeHtml(item.snippet)}</p>` : ''}</li>`,
  );
  return `<ul class="articles">${rows.join('')}</ul>`;
}

/** `/help/:channel`: every published article, or the results for `query`. */
export function indexPage(channel: HelpChannel, items: HelpListItem[], options: { query: string; origin: string; locale?: string | undefined }): HelpPage {
  const searching = options.query !== '';
  const heading = searching ? `Results for “${escapeHtml(options.query)}”` : 'Help articles';
  const empty = searching ? '<p>No article matches your search.</p>' : '<p>No articles yet.</p>';
  return frame({
    channel,
    title: `${searching ? `${options.query} · ` : ''}${channel.name} · Help`,
    lang: langOf(options.locale ?? 'en'),
    canonical: searching ? null : options.origin + indexPath(channel),
    query: options.query,
    main: `<h1>${heading}</h1>\n${items.length ? list(channel, items) : empty}`,
  });
}

/** `/help/:channel/:slug`: one published article. */
export function articlePage(channel: HelpChannel, article: HelpArticle, options: { origin: string }): HelpPage {
  const updated = new Date(article.updatedAt);
  const when = Number.isNaN(updated.getTime()) ? '' : `<p class="updated">Updated <time datetime="${updated.toISOString()}">${updated.toISOString().slice(0, 10)}</time></p>`;
  return frame({
    channel,
    title: `${article.title} · ${channel.name} · Help`,
    lang: langOf(article.locale),
    canonical: options.origin + articlePath(channel, article.slug, article.locale),
    description: articleText(article.body).replace(/\s+/g, ' ').trim().slice(0, 160),
    main: `<article><h1>${escapeHtml(article.title)}</h1>\n${when}\n${articleHtml(article.body)}</article>`,
  });
}

/** The 404 of an unknown article (a known channel keeps its header and search box). */
export function notFoundPage(channel: HelpChannel | null): HelpPage {
  const main = '<h1>Page not found</h1>\n<p>This help page does not exist or is no longer published.</p>';
  if (channel) return frame({ channel, title: `Not found · ${channel.name} · Help`, lang: 'en', canonical: null, main });
  const { css, csp } = theme('');
  return { csp, html: `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Not found</title>\n<style>${css}</style>\n</head>\n<body>\n<main>\n${main}\n</main>\n</body>\n</html>` };
}
