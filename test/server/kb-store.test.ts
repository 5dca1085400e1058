import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { articleText, parseArticle } from '../../server/kb/markdown.js';
import { KnowledgeSearch, searchLanguage } from '../../server/search/knowledge.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { SlugTaken, type NewArticle } from '../../server/store/article-store.js';
import type { Store } from '../../server/store/store.js';
import { engines } from './store-engines.js';

/** Help articles in every engine (PostgreSQL with TEST_DATABASE_URL): CRUD, the index they feed, ranking, locales, snippets. */

const article = (title: string, markdown: string, options: Partial<NewArticle> = {}): NewArticle => {
  const body = parseArticle(markdown);
  const locale = options.locale ?? 'en';
  return { slug: title.toLowerCase().replace(/\W+/g, '-'), title, locale, status: 'published', markdown, body, text: articleText(body), language: searchLanguage(locale), ...options };
};

async function channel(store: Store, key: string) {
  return store.createChannel({ key, name: key, allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
}

for (const engine of engines()) {
  describe(`articles on ${engine.name}`, () => {
    after(() => engine.teardown());

    test('create, read, list, update, delete; a slug is unique per channel and locale', async (t) => {
      const store = await (await engine.data(t))();
      const { id } = await channel(store, 'crud');
      const created = await store.createArticle(id, article('Returns', '# Returns\n\nSend it **back**.'));
      assert.equal(created.slug, 'returns');
      assert.deepEqual(created.body[1], { type: 'paragraph', children: [{ type: 'text', value: 'Send it ' }, { type: 'strong', children: [{ type: 'text', value: 'back' }] }, { type: 'text', value: '.' }] });
      assert.equal(created.markdown, '# Returns\n\nSend it **back**.');
      assert.equal(created.clicks, 0);
      await assert.rejects(store.createArticle(id, article('Returns', 'again')), SlugTaken);
      const french = await store.createArticle(id, article('Returns', 'Retours', { locale: 'fr' }));
      assert.equal(french.locale, 'fr');
      assert.deepEqual(await store.getArticle(id, 'en', 'returns'), created);
      assert.equal((await store.listArticles(id, { locale: 'fr', limit: 10 })).length, 1);
      assert.equal((await store.listArticles(id, { slug: 'returns', limit: 10 })).length, 2);

      const updated = await store.updateArticle(id, 'en', 'returns', { title: 'Refunds', slug: 'refunds', status: 'draft' });
      assert.equal(updated?.title, 'Refunds');
      assert.equal(updated?.status, 'draft');
      assert.ok(updated!.updatedAt >= created.updatedAt);
      assert.equal(await store.getArticle(id, 'en', 'returns'), null);
      await store.createArticle(id, article('Other', 'x'));
      await assert.rejects(store.updateArticle(id, 'en', 'other', { slug: 'refunds' }), SlugTaken);
      assert.equal(await store.updateArticle(id, 'en', 'missing', { title: 'x' }), null);

      assert.equal(await store.countArticleClick(id, 'en', 'refunds'), false, 'a draft counts no clicks');
      assert.equal(await store.countArticleClick(id, 'fr', 'returns'), true);
      assert.equal((await store.getArticle(id, 'fr', 'returns'))?.clicks, 1);
      assert.equal(await store.deleteArticle(id, 'en', 'refunds'), true);
      assert.equal(await store.deleteArticle(id, 'en', 'refunds'), false);
    });

    test('only published articles are found; the index follows edits, status and deletes', async (t) => {
      const open = await engine.data(t);
      const store = await open();
      const { id } = await channel(store, 'index');
      const search = new KnowledgeSearch(store);
      await store.createArticle(id, article('Passwords', 'Reset your password from the login page.', { status: 'draft' }));
      assert.deepEqual(await search.articles(id, 'password', { locale: 'en', limit: 5 }), []);
      await store.updateArticle(id, 'en', 'passwords', { status: 'published' });
      const again = new KnowledgeSearch(await open());
      assert.deepEqual((await again.articles(id, 'password', { locale: 'en', limit: 5 })).map((hit) => hit.slug), ['passwords']);
      const body = parseArticle('Use the **magic link** instead.');
      await store.updateArticle(id, 'en', 'passwords', { markdown: 'Use the **magic link** instead.', body, text: articleText(body) });
      assert.deepEqual(await again.articles(id, 'reset', { locale: 'en', limit: 5 }), []);
      assert.equal((await again.articles(id, 'magic', { locale: 'en', limit: 5 }))[0]?.snippet, 'Use the magic link instead.');
      await store.updateArticle(id, 'en', 'passwords', { status: 'draft' });
      assert.deepEqual(await again.articles(id, 'magic', { locale: 'en', limit: 5 }), []);
      await store.updateArticle(id, 'en', 'passwords', { status: 'published' });
      await store.deleteArticle(id, 'en', 'passwords');
      assert.deepEqual(await again.articles(id, 'magic', { locale: 'en', limit: 5 }), []);
    });

    test('a title match ranks first; locales stay apart; other channels never show; snippets are plain text', async (t) => {
      const store = await (await engine.data(t))();
      const mine = await channel(store, 'mine');
      const other = await channel(store, 'other');
      const search = new KnowledgeSearch(store);
      await store.createArticle(mine.id, article('Shipping times', 'Parcels leave the warehouse daily.'));
      await store.createArticle(mine.id, article('Gift cards', 'Gift cards never expire. Shipping a card is free; shipping, shipping.'));
      await store.createArticle(mine.id, article('Expédition', 'Les colis partent chaque jour, shipping compris.', { locale: 'fr', slug: 'expedition' }));
      await store.createArticle(other.id, article('Shipping everywhere', 'Shipping.'));
      const found = await search.articles(mine.id, 'shipping', { locale: 'en', limit: 5 });
      assert.deepEqual(found.map((hit) => hit.slug), ['shipping-times', 'gift-cards']);
      assert.ok(found.every((hit) => hit.locale === 'en' && !/[<>]/.test(hit.snippet ?? '') && hit.updatedAt));
      assert.match(found[1]!.snippet!, /Shipping a card is free/);
      const french = await search.articles(mine.id, 'colis', { locale: 'fr', limit: 5 });
      assert.deepEqual(french.map((hit) => hit.slug), ['expedition']);
      assert.deepEqual(await search.articles(mine.id, 'colis', { locale: 'en', limit: 5 }), []);
    });

    test('quick help needs three words, mixes articles and FAQs, at most three; AI passages cite the article', async (t) => {
      const store = await (await engine.data(t))();
      const { id } = await channel(store, 'quick');
      const search = new KnowledgeSearch(store);
      const faq = await store.createFaq(id, { question: 'How do refunds work?', answer: 'Refunds take five days.', position: 0 });
      for (const name of ['Refunds one', 'Refunds two', 'Refunds three', 'Refunds four']) await store.createArticle(id, article(name, `All about refunds, ${name}.`));
      assert.deepEqual(await search.quickHelp(id, 'refunds please', 'en'), []);
      const items = await search.quickHelp(id, 'how refunds work', 'en');
      assert.equal(items.length, 3);
      assert.deepEqual(items[0], { kind: 'faq', faqId: faq.id, title: 'How do refunds work?', snippet: 'Refunds take five days.' });
      assert.ok(items.slice(1).every((item) => item.kind === 'article' && item.slug?.startsWith('refunds-')));
      const passages = await search.search(id, 'refunds', { limit: 5, kinds: ['article'] });
      assert.equal(passages.length, 4);
      assert.ok(passages.every((passage) => passage.source.articleSlug && !passage.source.faqId));
      assert.deepEqual((await search.search(id, 'refunds', { limit: 5, kinds: ['faq'] })).map((passage) => passage.source), [{ title: faq.question, faqId: faq.id }]);
      assert.deepEqual(await search.search(id, 'refunds', { limit: 5, kinds: [] }), []);
    });
  });
}
