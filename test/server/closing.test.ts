import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiError, ChatMessage, Conversation, ConversationSummary } from '../../src/protocol.js';
import { connectVisitor, json, loginAgent, nextEvent, startServer, startVisitor, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

test('either side closes; the visitor rates; the next message opens a new conversation; agents reopen', async () => {
  const api = `${server.url}/api/v1/widget`;
  const token = await loginAgent(server.url);
  const visitor = await startVisitor(server.url);
  const first = await json<ChatMessage>(`${api}/conversation/messages`, { token: visitor.token, body: { clientId: 'c1', text: 'hello' } });
  const { socket } = await connectVisitor(server.url, visitor.token);
  try {
    const early = await json<ApiError>(`${api}/conversation/rating`, { token: visitor.token, body: { score: 5 } });
    assert.equal(early.status, 409, 'an open conversation cannot be rated');

    const heard = nextEvent<Conversation>(socket, 'conversation:updated');
    const closed = await json<Conversation>(`${server.url}/api/v1/agent/conversations/${first.body.conversationId}/close`, { token, body: {} });
    assert.equal(closed.body.status, 'closed');
    assert.ok(closed.body.closedAt);
    assert.equal((await heard).status, 'closed', 'the visitor hears it live');

    const bad = await json<ApiError>(`${api}/conversation/rating`, { token: visitor.token, body: { score: 6 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'score');
    const rated = await json<Conversation>(`${api}/conversation/rating`, { token: visitor.token, body: { score: 4, comment: 'Quick <b>and</b> kind' } });
    assert.equal(rated.status, 200);
    assert.deepEqual(rated.body.rating, { score: 4, comment: 'Quick <b>and</b> kind' });
    const seen = await json<ConversationSummary>(`${server.url}/api/v1/agent/conversations/${first.body.conversationId}`, { token });
    assert.deepEqual(seen.body.rating, { score: 4, comment: 'Quick <b>and</b> kind' }, 'agents see the rating');

    const next = await json<ChatMessage>(`${api}/conversation/messages`, { token: visitor.token, body: { clientId: 'c2', text: 'one more thing' } });
    assert.notEqual(next.body.conversationId, first.body.conversationId);
    assert.equal(next.body.seq, 1);
    const reopen = await json<ApiError>(`${server.url}/api/v1/agent/conversations/${first.body.conversationId}/reopen`, { token, body: {} });
    assert.equal(reopen.status, 409, 'one open conversation per visitor');

    const byVisitor = await json<Conversation>(`${api}/conversation/close`, { token: visitor.token, body: {} });
    assert.equal(byVisitor.body.status, 'closed');
    const again = await json<ApiError>(`${api}/conversation/close`, { token: visitor.token, body: {} });
    assert.equal(again.status, 409);
    const reopened = await json<Conversation>(`${server.url}/api/v1/agent/conversations/${next.body.conversationId}/reopen`, { token, body: {} });
    assert.equal(reopened.body.status, 'open');
    assert.equal(reopened.body.closedAt, null);
  } finally {
    socket.disconnect();
  }
});

test('a close that lands while a send is on its way to the store: the visitor starts the next one, an agent gets 409', async (t) => {
  const api = `${server.url}/api/v1/widget`;
  const agentToken = await loginAgent(server.url);
  const visitor = await startVisitor(server.url);
  const first = await json<ChatMessage>(`${api}/conversation/messages`, { token: visitor.token, body: { clientId: 'r1', text: 'first' } });
  const store = server.store;
  // An agent's close, run while the visitor's send waits for the group commit.
  const append = store.appendVisitorMessage;
  t.after(() => void (store.appendVisitorMessage = append));
  store.appendVisitorMessage = async (input) => {
    store.appendVisitorMessage = append;
    const stored = append.call(store, input);
    await store.setStatus(first.body.conversationId, 'closed');
    return stored;
  };
  const second = await json<ChatMessage>(`${api}/conversation/messages`, { token: visitor.token, body: { clientId: 'r2', text: 'second' } });
  assert.equal(second.status, 201, JSON.stringify(second.body));
  assert.notEqual(second.body.conversationId, first.body.conversationId, 'the message opened the next conversation');
  assert.equal(second.body.seq, 1);
  const old = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/agent/conversations/${first.body.conversationId}/messages`, { token: agentToken });
  assert.deepEqual(old.body.data.map((message) => message.clientId), ['r1'], 'nothing was stored in the closed one');

  // An agent's close, run right after the reply looked the conversation up.
  const lookUp = store.getConversation;
  t.after(() => void (store.getConversation = lookUp));
  store.getConversation = async (id) => {
    store.getConversation = lookUp;
    const found = await lookUp.call(store, id);
    await store.setStatus(id, 'closed');
    return found;
  };
  const reply = await json<ApiError>(`${server.url}/api/v1/agent/conversations/${second.body.conversationId}/messages`, { token: agentToken, body: { clientId: 'a1', text: 'too late' } });
  assert.equal(reply.status, 409);
  assert.equal(reply.body.error.param, 'conversationId');
});
