import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Ack, ApiError, ChatMessage, Page } from '../../src/protocol.js';
import { ADMIN_TOKEN, connectVisitor, json, nextEvent, startServer, startVisitor, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

const admin = <T = Record<string, unknown>>(path: string, body?: unknown, method?: string) =>
  json<T & ApiError>(`${server.url}/api/v1/admin${path}`, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) });

test('admins manage FAQs; bad input is named; the widget lists up to 5 questions, never the answers', async () => {
  for (let i = 0; i < 7; i++) {
    const created = await admin('/channels/test/faqs', { question: `Question ${i}?`, answer: `Answer ${i}.`, position: 10 - i });
    assert.equal(created.status, 201);
  }
  const refused = await admin('/channels/test/faqs', { question: '   ', answer: 'x' });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.param, 'question');
  const listed = await json<Page<{ id: string; question: string; answer?: string }>>(`${server.url}/api/v1/widget/channels/test/faqs`);
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.data.map((faq) => faq.question), ['Question 6?', 'Question 5?', 'Question 4?', 'Question 3?', 'Question 2?'], 'ordered by position');
  assert.equal(listed.body.hasMore, true);
  assert.ok(listed.body.data.every((faq) => !('answer' in faq)));

  const all = await admin<{ data: Array<{ id: string }> }>('/channels/test/faqs');
  const [first] = all.body.data;
  const patched = await admin(`/channels/test/faqs/${first!.id}`, { answer: 'A better answer.' }, 'PATCH');
  assert.equal(patched.body.answer, 'A better answer.');
  assert.equal((await admin(`/channels/test/faqs/${first!.id}`, undefined, 'DELETE')).status, 204);
  assert.equal((await admin(`/channels/test/faqs/${first!.id}`, undefined, 'DELETE')).status, 404);
  assert.equal((await json(`${server.url}/api/v1/admin/channels/test/faqs`)).status, 401);
});

test('a chip’s question gets the configured answer at once, as a bot message, over either transport', async () => {
  await admin('/channels/test/faqs', { question: 'Where is my order?', answer: 'Track it at /orders.' });
  const visitor = await startVisitor(server.url);
  const { socket } = await connectVisitor(server.url, visitor.token);
  try {
    const answered = nextEvent<ChatMessage>(socket, 'message:created', (message) => message.from === 'bot');
    const ack = (await socket.timeout(5000).emitWithAck('message:send', { clientId: 'chip-1', text: 'Where is my order?' })) as Ack<ChatMessage>;
    assert.ok('data' in ack);
    const bot = await answered;
    assert.equal(bot.text, 'Track it at /orders.');
    assert.equal(bot.seq, ack.data.seq + 1);
    // The same send retried does not answer twice.
    await socket.timeout(5000).emitWithAck('message:send', { clientId: 'chip-1', text: 'Where is my order?' });
    const rest = await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'free-text', text: 'where is my order? (typed)' } });
    assert.equal(rest.status, 201);
    const history = await json<Page<ChatMessage>>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token });
    assert.deepEqual(history.body.data.map((m) => [m.from, m.text]), [
      ['visitor', 'Where is my order?'],
      ['bot', 'Track it at /orders.'],
      ['visitor', 'where is my order? (typed)'],
    ]);
  } finally {
    socket.disconnect();
  }
});
