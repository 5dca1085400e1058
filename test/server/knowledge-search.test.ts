import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { KnowledgeSearch, searchLanguage, searchTerms } from '../../server/search/knowledge.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { Store } from '../../server/store/store.js';
import { engines } from './store-engines.js';

/** Full-text search over a channel's FAQs, on every engine (PostgreSQL with TEST_DATABASE_URL). */

async function channelWithFaqs(store: Store, key: string) {
  const channel = await store.createChannel({ key, name: key, allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  const shipping = await store.createFaq(channel.id, { question: 'How long does shipping take?', answer: 'Parcels arrive in 3 to 5 working days.', position: 0 });
  const returns = await store.createFaq(channel.id, { question: 'Can I return an item?', answer: 'Yes, within 30 days; shipping back is free.', position: 1 });
  const cafe = await store.createFaq(channel.id, { question: 'Où est le café ?', answer: 'Au premier étage, près de l’entrée.', position: 2 });
  return { channel, shipping, returns, cafe };
}

test('a question becomes its distinct words, letters and digits only, whatever syntax it holds', () => {
  assert.deepEqual(searchTerms('How LONG does "shipping" take? shipping* OR (NEAR) -x'), ['how', 'long', 'does', 'shipping', 'take', 'or', 'near', 'x']);
  assert.deepEqual(searchTerms('?!…'), []);
  assert.equal(searchLanguage('fr-CA'), 'french');
  assert.equal(searchLanguage('ja'), 'simple');
  assert.equal(searchLanguage(undefined), 'simple');
});

for (const engine of engines()) {
  describe(`knowledge search on ${engine.name}`, () => {
    after(() => engine.teardown());

    test('ranks the FAQ that answers first, within the channel only', async (t) => {
      const store = await (await engine.data(t))();
      const search = new KnowledgeSearch(store);
      const mine = await channelWithFaqs(store, 'mine');
      const other = await channelWithFaqs(store, 'other');
      const found = await search.search(mine.channel.id, 'how long until my parcel arrives?', { locale: 'en', limit: 3 });
      assert.equal(found[0]?.source.faqId, mine.shipping.id);
      assert.equal(found[0]?.text, 'Parcels arrive in 3 to 5 working days.');
      assert.ok(found.every((passage) => passage.source.faqId !== other.shipping.id && passage.source.faqId !== other.returns.id));
      // The title weighs more than the body: "return" is in one question and in one answer.
      const returns = await search.search(mine.channel.id, 'return shipping', { limit: 3 });
      assert.deepEqual(returns.map((passage) => passage.source.faqId).sort(), [mine.shipping.id, mine.returns.id].sort());
      assert.deepEqual(await search.search(mine.channel.id, 'warranty', { limit: 3 }), []);
      assert.deepEqual(await search.search(mine.channel.id, '"*?', { limit: 3 }), []);
      // Case folds, accents stay, as PostgreSQL's 'simple' does (the same on both engines).
      assert.equal((await search.search(mine.channel.id, 'CAFÉ', { locale: 'fr', limit: 3 }))[0]?.source.faqId, mine.cafe.id);
    });

    test('follows FAQs as they are edited and deleted, on another store of the same data too', async (t) => {
      const open = await engine.data(t);
      const store = await open();
      const { channel, shipping, returns } = await channelWithFaqs(store, 'edits');
      await store.updateFaq(channel.id, shipping.id, { answer: 'Express delivery takes one day.' });
      await store.deleteFaq(channel.id, returns.id);
      const again = new KnowledgeSearch(await open());
      assert.deepEqual((await again.search(channel.id, 'express', { limit: 3 })).map((passage) => passage.source.faqId), [shipping.id]);
      assert.deepEqual(await again.search(channel.id, 'return', { limit: 3 }), []);
      assert.deepEqual(await again.search(channel.id, 'parcels', { limit: 3 }), []);
      const limited = await again.search(channel.id, 'shipping express delivery cafe', { limit: 1 });
      assert.equal(limited.length, 1);
    });
  });
}
