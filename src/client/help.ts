import type { Article, ArticleSummary, Page, QuickHelpItem } from '../protocol.js';
import { requestJson } from '../transport/request.js';

/**
 * The channel's help articles, as the visitor reads them (DESIGN.md §11): plain GETs with no
 * header that needs a CORS preflight (the language goes in the query, not in `X-Locale`), and
 * the quick-help click count. No visitor token: articles are public. A chunk of its own, loaded
 * with the help views or the quick help, never by a plain open.
 */
export interface HelpSource {
  /** The API origin (the element's `server`, resolved). */
  server: string;
  channel: string;
  /** The visitor's language: articles in it come first. */
  locale: string;
}

const base = ({ server, channel }: HelpSource) => `${server}/api/v1/widget/channels/${encodeURIComponent(channel)}`;

const query = (values: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
};

/** The top articles (no `q`) or those matching `q`, ranked, with snippets. */
export async function searchArticles(source: HelpSource, q: string, { limit = 10, signal }: { limit?: number; signal?: AbortSignal } = {}): Promise<ArticleSummary[]> {
  const url = `${base(source)}/articles${query({ q: q.trim(), locale: source.locale, limit })}`;
  return (await requestJson<Page<ArticleSummary>>(url, { method: 'GET', signal })).data;
}

/** One published article by slug (404 `not_found` when there is none). */
export function fetchArticle(source: HelpSource, slug: string, signal?: AbortSignal): Promise<Article> {
  return requestJson<Article>(`${base(source)}/articles/${encodeURIComponent(slug)}${query({ locale: source.locale })}`, { method: 'GET', signal });
}

/** Up to three articles or FAQs matching what the visitor is typing. */
export async function quickHelp(source: HelpSource, q: string, signal?: AbortSignal): Promise<QuickHelpItem[]> {
  const url = `${base(source)}/quickhelp${query({ q: q.trim(), locale: source.locale })}`;
  return (await requestJson<Page<QuickHelpItem>>(url, { method: 'GET', signal })).data.slice(0, 3);
}

/** Counts a quick-help pick for the reports; a lost count is not worth an error. */
export function countClick(source: HelpSource, slug: string): void {
  // A body-less POST without custom headers: a simple request, no preflight.
  void fetch(`${base(source)}/articles/${encodeURIComponent(slug)}/clicks`, { method: 'POST', credentials: 'omit', keepalive: true }).catch(() => {});
}
