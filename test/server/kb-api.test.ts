import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AdminArticle, ApiError, Article, ArticleSummary, Page, QuickHelpItem } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, startServer, type TestServer } from './helpers.js';

/** The knowledge base over HTTP: the admin CRUD, and what visitors get (published only). */

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

const admin = <T = AdminArticle>(path: string, body?: unknown, method?: string, headers?: Record<string, string>) =>
  json<T & ApiError>(`${server.url}/api/v1/admin/channels/test${path}`, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}), ...(headers ? { headers } : {}) });
const widget = <T>(path: string, method?: string, headers?: Record<string, string>) =>
  json<T & ApiError>(`${server.url}/api/v1/widget/channels/test${path}`, { ...(method ? { method } : {}), ...(headers ? { headers } : {}) });

test('admins create, read, change and delete articles; slugs come from titles and stay unique', async () => {
  const first = await admin('/articles', { title: 'Crème brûlée & Co!', markdown: '# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))', locale: 'en' });
  assert.equal(first.status, 201);
  assert.equal(first.body.slug, 'creme-brulee-co');
  assert.equal(first.body.status, 'draft');
  assert.deepEqual(first.body.body, [{ type: 'heading', depth: 1, children: [{ type: 'text', value: 'Hi' }] }, { type: 'paragraph', children: [{ type: 'text', value: 'x' }] }]);
  const second = await admin('/articles', { title: 'Crème brûlée & co', markdown: 'Again.', locale: 'en' });
  assert.equal(second.body.slug, 'creme-brulee-co-2');
  const taken = await admin('/articles', { title: 'Other', markdown: '', locale: 'en', slug: 'creme-brulee-co' });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.param, 'slug');

  // The same key and body answer the first article again, not a third one.
  const keyed = { 'idempotency-key': 'kb-create-1' };
  const once = await admin('/articles', { title: 'Keyed', markdown: 'k', locale: 'en' }, 'POST', keyed);
  const twice = await admin('/articles', { title: 'Keyed', markdown: 'k', locale: 'en' }, 'POST', keyed);
  assert.equal(once.status, 201);
  assert.equal(twice.body.id, once.body.id);

  const patched = await admin('/articles/creme-brulee-co', { markdown: '**Bold** now', status: 'published' }, 'PATCH');
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.body.body, [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: 'Bold' }] }, { type: 'text', value: ' now' }] }]);
  assert.equal(patched.body.markdown, '**Bold** now');
  assert.equal((await admin('/articles/creme-brulee-co?locale=en')).body.status, 'published');
  const listed = await admin<Page<AdminArticle>>('/articles');
  assert.ok(listed.body.data.some((article) => article.slug === 'creme-brulee-co-2'));

  // One slug in two locales: the locale must then be named.
  await admin('/articles', { title: 'Keyed', markdown: 'fr', locale: 'fr' });
  const ambiguous = await admin('/articles/keyed');
  assert.equal(ambiguous.status, 409);
  assert.equal(ambiguous.body.error.param, 'locale');
  assert.equal((await admin('/articles/keyed?locale=fr', undefined, 'DELETE')).status, 204);
  assert.equal((await admin('/articles/keyed?locale=fr', undefined, 'DELETE')).status, 404);
  assert.equal((await json(`${server.url}/api/v1/admin/channels/test/articles`)).status, 401);
});

test('bad input is refused naming the field', async () => {
  const cases: Array<[unknown, string]> = [
    [{ title: ' ', markdown: '', locale: 'en' }, 'title'],
    [{ title: 'T', markdown: 5, locale: 'en' }, 'markdown'],
    [{ title: 'T', markdown: 'x'.repeat(50_001), locale: 'en' }, 'markdown'],
    [{ title: 'T', markdown: '', locale: 'english please' }, 'locale'],
    [{ title: 'T', markdown: '', locale: 'en', slug: 'Not A Slug' }, 'slug'],
    [{ title: 'T', markdown: '', locale: 'en', status: 'live' }, 'status'],
    [{ title: 'T', markdown: '', locale: 'en', html: '<b>' }, 'html'],
  ];
  for (const [body, param] of cases) {
    const refused = await admin('/articles', body);
    assert.equal(refused.status, 400, param);
    assert.equal(refused.body.error.param, param);
  }
  assert.equal((await admin('/articles/x', { title: '' }, 'PATCH')).body.error.param, 'title');
  assert.equal((await widget('/articles?limit=500')).body.error.param, 'limit');
  assert.equal((await widget('/articles/BAD SLUG')).body.error.param, 'slug');
});

test('visitors see published articles only: top list, search with snippets, one article, quick help, clicks', async () => {
  await admin('/articles', { title: 'Track your order', markdown: 'Open **Orders** and pick the parcel to track it.', locale: 'en', status: 'published' });
  await admin('/articles', { title: 'Gift wrapping', markdown: 'We wrap every order for free. Track nothing.', locale: 'en', status: 'published' });
  await admin('/articles', { title: 'Secret roadmap', markdown: 'Track the draft.', locale: 'en', status: 'draft' });
  await admin('/articles', { title: 'Suivre votre commande', markdown: 'Ouvrez Commandes.', locale: 'fr', status: 'published', slug: 'track-your-order' });

  const found = await widget<Page<ArticleSummary>>('/articles?q=track&locale=en');
  assert.equal(found.status, 200);
  assert.deepEqual(found.body.data.map((article) => article.slug), ['track-your-order', 'gift-wrapping']);
  assert.match(found.body.data[0]!.snippet!, /Open Orders and pick the parcel/);
  assert.equal((await widget<Page<ArticleSummary>>('/articles?q=roadmap')).body.data.length, 0, 'drafts are never found');
  assert.equal((await widget('/articles/secret-roadmap?locale=en')).status, 404);

  const french = await widget<Article>('/articles/track-your-order', 'GET', { 'x-locale': 'fr-CA' });
  assert.equal(french.body.title, 'Suivre votre commande');
  assert.equal('markdown' in french.body, false);
  const top = await widget<Page<ArticleSummary>>('/articles?locale=en');
  assert.ok(top.body.data.every((article) => article.locale === 'en' && article.slug !== 'secret-roadmap'));

  assert.deepEqual((await widget<Page<QuickHelpItem>>('/quickhelp?q=track%20order')).body.data, [], 'two words are not enough');
  const quick = await widget<Page<QuickHelpItem>>('/quickhelp?q=how%20to%20track%20my%20order&locale=en');
  assert.ok(quick.body.data.length >= 1 && quick.body.data.length <= 3);
  assert.deepEqual(quick.body.data[0], { kind: 'article', slug: 'track-your-order', title: 'Track your order', snippet: quick.body.data[0]!.snippet });

  assert.equal((await widget('/articles/gift-wrapping/clicks?locale=en', 'POST')).status, 204);
  assert.equal((await widget('/articles/secret-roadmap/clicks?locale=en', 'POST')).status, 404);
  assert.equal((await admin('/articles/gift-wrapping?locale=en')).body.clicks, 1);
  assert.equal((await widget<Page<ArticleSummary>>('/articles?locale=en')).body.data[0]?.slug, 'gift-wrapping', 'most picked first');
});

test('the help routes share the config budget per IP', async () => {
  const limited = await startServer({ rateLimits: { config: { points: 2, duration: 60 } } });
  try {
    const get = () => json<ApiError>(`${limited.url}/api/v1/widget/channels/test/articles`);
    assert.equal((await get()).status, 200);
    assert.equal((await json(`${limited.url}/api/v1/widget/channels/test/quickhelp?q=a`)).status, 200);
    const refused = await get();
    assert.equal(refused.status, 429);
    assert.ok(refused.headers.get('retry-after'));
  } finally {
    await limited.cleanup();
  }
});
