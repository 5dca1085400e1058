import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aiChannel, aiVisitor } from './ai-helpers.js';
import { fakeModel, type FakeModel } from './fake-model.js';
import { ADMIN_TOKEN, json, startServer, type TestServer } from './helpers.js';

/** An AI agent with `knowledge.articles` retrieves from published help articles and cites them by slug. */

let server: TestServer;
let model: FakeModel;
before(async () => {
  server = await startServer({ ai: { baseUrl: undefined, apiKey: undefined, model: undefined, allowPrivate: true } });
  model = await fakeModel(() => ({ text: ['Use the returns form.'] }));
});
after(async () => {
  await server.cleanup();
  await model.close();
});

const FAQS = [{ question: 'How do returns work?', answer: 'Returns are free within 30 days.' }];

async function withArticles(key: string) {
  const write = (body: object) => json(`${server.url}/api/v1/admin/channels/${key}/articles`, { token: ADMIN_TOKEN, body: { locale: 'en', ...body } });
  await write({ title: 'Returns form', markdown: 'Fill in the **returns** form on the orders page.', status: 'published' });
  await write({ title: 'Returns draft', markdown: 'Internal: returns are being reworked.' });
}

test('article passages reach the model and the answer cites them by slug; drafts and FAQs stay out', async () => {
  const { key } = await aiChannel(server, model, { knowledge: { faqs: false, articles: true } }, FAQS);
  await withArticles(key);
  const visitor = await aiVisitor(server, key);
  try {
    await visitor.send('how do returns work?');
    const [answer] = await visitor.answered();
    assert.deepEqual(answer!.sources, [{ title: 'Returns form', articleSlug: 'returns-form' }]);
    const context = JSON.stringify(model.requests.at(-1)?.body.messages);
    assert.match(context, /Fill in the returns form on the orders page\./);
    assert.doesNotMatch(context, /reworked|free within 30 days/);
  } finally {
    await visitor.close();
  }
});

test('an agent without knowledge.articles never gets them', async () => {
  const { key } = await aiChannel(server, model, { knowledge: { faqs: true, articles: false } }, FAQS);
  await withArticles(key);
  const visitor = await aiVisitor(server, key);
  try {
    await visitor.send('how do returns work?');
    const [answer] = await visitor.answered();
    assert.deepEqual(answer!.sources?.map((source) => source.faqId ? 'faq' : source.articleSlug), ['faq']);
  } finally {
    await visitor.close();
  }
});
