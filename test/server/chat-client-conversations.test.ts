import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ConflictError, NotFoundError, type ChatClient, type ChatMessage, type PendingMessage, type VisitorConversationSummary } from '../../src/client/index.js';
import { ChatClient as Client } from '../../src/client/chat-client.js';
import { createMockBackend } from '../../src/transport/mock.js';
import { memoryStorage, TcpProxy } from '../faults/harness.js';
import { next, suiteServer, within } from './client-suite.js';
import { json, loginAgent, until } from './helpers.js';

/**
 * `ChatClient` with several conversations per visitor (DESIGN.md §4, §8), in Node against a real
 * server on port 0: each conversation has its own `seq`, unread count, outbox entries and resume.
 */
describe('ChatClient with several conversations', () => {
  const suite = suiteServer();
  const { client } = suite;
  let agent: string;
  const agentSays = (conversationId: string, text: string) =>
    json<ChatMessage>(`${suite.server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token: agent, body: { clientId: `c_${randomUUID()}`, text } });
  const stored = async (conversationId: string) =>
    (await json<{ data: ChatMessage[] }>(`${suite.server.url}/api/v1/agent/conversations/${conversationId}/messages?limit=100`, { token: agent })).body.data.map((message) => [message.seq, message.text]);
  const summary = (visitor: ChatClient, id: string): VisitorConversationSummary | undefined => visitor.conversations.summaries.find((held) => held.id === id);
  /** A connected visitor with a default conversation (opened by a first send) and an explicit one. */
  const twoConversations = async (visitor: ChatClient) => {
    await visitor.connect();
    const first = await visitor.send('in the default conversation');
    const explicit = await visitor.conversations.create({ subject: 'Order O-42' });
    return { standard: first.conversationId, explicit: explicit.id };
  };

  before(async () => (agent = await loginAgent(suite.server.url)));

  test('create() opens an explicit conversation, listed beside the default one; a second tab hears of it at once', async () => {
    const storage = memoryStorage();
    const visitor = client({ storage });
    const { standard, explicit } = await twoConversations(visitor);
    assert.notEqual(explicit, standard);
    assert.equal(visitor.conversationId, standard, 'creating does not switch the shown conversation');
    assert.deepEqual(
      visitor.conversations.summaries.map((held) => [held.id, held.isDefault, held.subject]),
      [
        [explicit, false, 'Order O-42'],
        [standard, true, null],
      ],
      'newest first',
    );
    const listed = await visitor.conversations.list();
    assert.deepEqual(new Set(listed.data.map((listedOne) => listedOne.id)), new Set([standard, explicit]));
    assert.equal((await visitor.conversations.get(explicit)).subject, 'Order O-42');
    await assert.rejects(visitor.conversations.get('cv_not_this_visitors'), NotFoundError);

    const secondTab = client({ storage });
    await secondTab.connect();
    assert.deepEqual(new Set(secondTab.conversations.summaries.map((held) => held.id)), new Set([standard, explicit]), 'the join lists them');
    const heard = next<VisitorConversationSummary[]>((listener) => visitor.on('conversations', listener), 'conversations');
    const third = await secondTab.conversations.create({ subject: 'Billing' });
    assert.ok((await heard).some((held) => held.id === third.id && held.subject === 'Billing'), 'conversation:created reached the first tab');
  });

  test('create() whose answer is lost is retried under the same clientId: one conversation, not two', async () => {
    let lost = 0;
    const loseFirstAnswer = (request: IncomingMessage, response: ServerResponse) => {
      if (request.method !== 'POST' || !request.url?.endsWith('/widget/conversations') || lost++) return;
      response.end = (() => request.socket.destroy()) as never; // stored, then the connection drops
    };
    suite.server.app.httpServer.prependListener('request', loseFirstAnswer);
    after(() => void suite.server.app.httpServer.off('request', loseFirstAnswer));
    const visitor = client();
    await visitor.connect();
    const created = await visitor.conversations.create({ subject: 'asked twice' });
    assert.equal(lost, 2, 'the request went twice');
    const listed = await visitor.conversations.list();
    assert.deepEqual(
      listed.data.map((conversation) => [conversation.id, conversation.subject]),
      [[created.id, 'asked twice']],
    );
  });

  test('sends interleaved across two conversations land each in its own, seq 1…n, in the order written', async () => {
    const visitor = client();
    const { standard, explicit } = await twoConversations(visitor);
    const sends: Array<Promise<ChatMessage>> = [];
    for (let i = 1; i <= 5; i++) {
      sends.push(visitor.messages.send(standard, `default ${i}`));
      sends.push(visitor.messages.send(explicit, `explicit ${i}`));
    }
    const acked = await Promise.all(sends);
    const expected = (label: string, offset: number) => Array.from({ length: 5 }, (_, i) => [i + 1 + offset, `${label} ${i + 1}`]);
    assert.deepEqual(acked.filter((message) => message.conversationId === explicit).map((message) => [message.seq, message.text]), expected('explicit', 0));
    assert.deepEqual(acked.filter((message) => message.conversationId === standard).map((message) => [message.seq, message.text]), expected('default', 1));
    assert.deepEqual(await stored(explicit), expected('explicit', 0), 'the store: the explicit conversation');
    assert.deepEqual((await stored(standard)).slice(1), expected('default', 1), 'the store: the default conversation');
    assert.deepEqual(visitor.transcript.map((message) => message.text), ['in the default conversation', ...expected('default', 1).map(([, text]) => text)], 'the shown one holds only its own');
    assert.equal(summary(visitor, explicit)?.lastMessage?.text, 'explicit 5');
    assert.equal(summary(visitor, explicit)?.lastSeq, 5);
  });

  test('a message in the conversation not shown raises its unread count and the total; markRead(id) clears only it', async () => {
    const visitor = client();
    const { standard, explicit } = await twoConversations(visitor);
    visitor.setVisible(true); // the shown conversation is read as it arrives; the other one is not shown
    const counts: number[] = [];
    visitor.on('unread', (count) => counts.push(count));
    const inExplicit: ChatMessage[] = [];
    visitor.onMessage(explicit, (message) => inExplicit.push(message));
    await agentSays(explicit, 'about your order');
    await agentSays(explicit, 'it shipped');
    await until(() => visitor.unreadCount === 2, 'two unread in the explicit conversation');
    assert.equal(summary(visitor, explicit)?.unread, 2);
    assert.equal(summary(visitor, standard)?.unread, 0);
    assert.deepEqual(inExplicit.map((message) => message.text), ['about your order', 'it shipped']);
    assert.deepEqual(counts, [1, 2]);

    await agentSays(standard, 'seen at once: it is shown');
    await until(() => visitor.transcript.length === 2, 'the answer in the shown conversation');
    assert.equal(visitor.unreadCount, 2, 'what the visitor sees is read as it arrives');

    visitor.markRead(explicit);
    assert.equal(visitor.unreadCount, 0);
    assert.equal(summary(visitor, explicit)?.unread, 0);
    assert.deepEqual(counts, [1, 2, 0]);
    await until(async () => (await suite.server.store.getConversation(explicit))?.visitorReadSeq === 2, 'the read position on the server');
  });

  test('open(id) switches the shown conversation: transcript, sends, pending and the shown event follow; open(null) goes back', async () => {
    const visitor = client();
    const { standard, explicit } = await twoConversations(visitor);
    await agentSays(explicit, 'a first answer');
    const shown = next<{ conversationId: string | null }>((listener) => visitor.on('shown', listener), 'shown');
    await visitor.conversations.open(explicit);
    assert.deepEqual(await shown, { conversationId: explicit });
    assert.equal(visitor.conversationId, explicit);
    assert.equal(visitor.conversation?.subject, 'Order O-42');
    assert.deepEqual(visitor.transcript.map((message) => message.text), ['a first answer'], 'its messages were fetched');
    const sent = await visitor.send('written while it is shown');
    assert.equal(sent.conversationId, explicit);
    assert.deepEqual((await stored(explicit)).map(([, text]) => text), ['a first answer', 'written while it is shown']);

    await assert.rejects(visitor.conversations.open('cv_not_this_visitors'), NotFoundError);
    assert.equal(visitor.conversationId, explicit, 'a refused open changes nothing');

    await visitor.conversations.open(null);
    assert.equal(visitor.conversationId, standard);
    assert.deepEqual(visitor.transcript.map((message) => message.text), ['in the default conversation']);
  });

  test('a closed explicit conversation refuses a send with ConflictError, and nothing stays queued; a closed default one goes on in the next', async () => {
    const visitor = client();
    const { standard, explicit } = await twoConversations(visitor);
    await json(`${suite.server.url}/api/v1/agent/conversations/${explicit}/close`, { token: agent, body: {} });
    await until(() => summary(visitor, explicit)?.status === 'closed', 'the close to reach the client');
    await assert.rejects(within(visitor.messages.send(explicit, 'too late')), ConflictError);
    assert.deepEqual(visitor.pending, []);
    const ended = await visitor.conversations.create({ subject: 'ended by the visitor' });
    assert.equal((await visitor.conversations.close(ended.id)).status, 'closed');
    assert.equal(summary(visitor, ended.id)?.status, 'closed');
    assert.equal((await suite.server.store.getConversation(ended.id))?.status, 'closed');

    await json(`${suite.server.url}/api/v1/agent/conversations/${standard}/close`, { token: agent, body: {} });
    await until(() => visitor.conversation?.status === 'closed', 'the close of the default one');
    const next = await visitor.messages.send(standard, 'a new question');
    assert.notEqual(next.conversationId, standard);
    assert.equal(visitor.conversationId, next.conversationId, 'the shown conversation follows the roll-over');
    assert.ok(summary(visitor, next.conversationId)?.isDefault);
  });

  test('over the REST fallback, the long-poll follows the shown conversation', async () => {
    const visitor = client({ transport: 'rest' });
    const { standard, explicit } = await twoConversations(visitor);
    assert.equal(visitor.transportName, 'rest');
    // Nothing over REST says the first send opened the default conversation: the client asks.
    await until(() => summary(visitor, standard)?.isDefault, 'the default conversation listed');
    await visitor.conversations.open(explicit);
    await agentSays(explicit, 'polled by its id');
    await until(() => visitor.transcript.some((message) => message.text === 'polled by its id'), 'the answer in the explicit conversation', 10_000);
    await visitor.conversations.open(standard);
    await agentSays(standard, 'polled by the default route');
    await until(() => visitor.transcript.some((message) => message.text === 'polled by the default route'), 'the answer in the default conversation', 10_000);

    // The team closes it; nothing over REST says so. The next send goes on in a new default conversation, and the client follows it.
    await json(`${suite.server.url}/api/v1/agent/conversations/${standard}/close`, { token: agent, body: {} });
    const rolled = await visitor.send('after a close nobody told me of');
    assert.notEqual(rolled.conversationId, standard);
    assert.equal(visitor.conversationId, rolled.conversationId);
    assert.deepEqual(visitor.transcript.map((message) => message.text), ['after a close nobody told me of']);
  });

  test('a reload delivers what waited in the outbox once, each into its own conversation', async () => {
    const storage = memoryStorage();
    const first = client({ storage });
    const { standard, explicit } = await twoConversations(first);
    first.disconnect();
    // The same browser, with the server out of reach: the sends wait in the outbox.
    const offline = client({ storage, server: 'http://127.0.0.1:9' });
    const waiting = ['default 1', 'explicit 1', 'default 2', 'explicit 2'].map((text) => offline.messages.send(text.startsWith('default') ? standard : explicit, text));
    waiting.forEach((sending) => sending.catch(() => {}));
    const kept = JSON.parse(storage.getItem('support-chat:test:outbox') ?? '[]') as PendingMessage[];
    assert.deepEqual(
      kept.map((pending) => [pending.conversationId, pending.text]),
      [
        [standard, 'default 1'],
        [explicit, 'explicit 1'],
        [standard, 'default 2'],
        [explicit, 'explicit 2'],
      ],
    );
    offline.disconnect();

    const reloaded = client({ storage });
    await reloaded.connect();
    await until(() => storage.getItem('support-chat:test:outbox') === null, 'the outbox to empty');
    assert.deepEqual(await stored(standard), [
      [1, 'in the default conversation'],
      [2, 'default 1'],
      [3, 'default 2'],
    ]);
    assert.deepEqual(await stored(explicit), [
      [1, 'explicit 1'],
      [2, 'explicit 2'],
    ]);
  });
});

describe('ChatClient resumes every conversation it holds after a cut', () => {
  const suite = suiteServer();
  let proxy: TcpProxy;
  before(async () => {
    proxy = new TcpProxy(Number(new URL(suite.server.url).port));
    await proxy.listen();
  });
  after(() => proxy.close());

  test('messages written in both conversations while the link was down arrive once each, in seq order, with their unread counts', async () => {
    const agent = await loginAgent(suite.server.url);
    const agentSays = (conversationId: string, text: string) =>
      json(`${suite.server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token: agent, body: { clientId: `c_${randomUUID()}`, text } });
    const visitor = suite.client({ server: proxy.url });
    await visitor.connect();
    const standard = (await visitor.send('default, before the cut')).conversationId;
    const explicit = (await visitor.conversations.create({ subject: 'held too' })).id;
    await visitor.messages.send(explicit, 'explicit, before the cut');
    await visitor.messages.list(explicit); // held from its start: resumed by seq from now on
    const announced: ChatMessage[] = [];
    visitor.on('message', (message) => announced.push(message));

    proxy.refuse('everything');
    proxy.cutAll();
    await until(() => visitor.state !== 'online', 'the client to see the link go');
    for (const id of [standard, explicit]) {
      await agentSays(id, `${id === standard ? 'default' : 'explicit'} answer 1`);
      await agentSays(id, `${id === standard ? 'default' : 'explicit'} answer 2`);
    }
    assert.equal(announced.length, 0, 'nothing arrived while cut off');
    proxy.refuse('nothing');

    await until(() => announced.length === 4, 'all four answers after the reconnect', 30_000);
    const seen = (id: string) => announced.filter((message) => message.conversationId === id).map((message) => [message.seq, message.text]);
    assert.deepEqual(seen(standard), [
      [2, 'default answer 1'],
      [3, 'default answer 2'],
    ]);
    assert.deepEqual(seen(explicit), [
      [2, 'explicit answer 1'],
      [3, 'explicit answer 2'],
    ]);
    assert.equal(new Set(announced.map((message) => message.id)).size, 4, 'each once');
    assert.equal(visitor.unreadCount, 4);
    assert.equal(visitor.conversations.summaries.find((held) => held.id === explicit)?.unread, 2);
    await visitor.conversations.open(explicit);
    assert.deepEqual(
      visitor.transcript.map((message) => message.seq),
      [1, 2, 3],
    );
  });
});

describe('the mock backend (mock mode) with several conversations', () => {
  test('a send opens the default conversation, create() an explicit one; the canned agent answers in the one written in, unread there', async () => {
    const visitor = new Client({ channel: 'demo', storage: memoryStorage(), backend: createMockBackend('demo') });
    try {
      await visitor.connect();
      const first = await visitor.send('hello');
      const ticket = await visitor.conversations.create({ subject: 'mock ticket' });
      assert.deepEqual(
        new Map(visitor.conversations.summaries.map((held) => [held.id, held.isDefault])),
        new Map([
          [ticket.id, false],
          [first.conversationId, true],
        ]),
      );
      const sent = await visitor.messages.send(ticket.id, 'in the ticket');
      assert.deepEqual([sent.conversationId, sent.seq], [ticket.id, 1]);
      const answer = await next<ChatMessage>((listener) => visitor.onMessage(ticket.id, (message) => message.from === 'agent' && listener(message)), 'the canned answer');
      assert.equal(answer.conversationId, ticket.id);
      await until(() => visitor.conversations.summaries.find((held) => held.id === ticket.id)?.unread === 1, 'the answer counted unread in the ticket');
      await visitor.conversations.open(ticket.id);
      assert.deepEqual(visitor.transcript.map((message) => message.text), ['in the ticket', answer.text]);
      await assert.rejects(visitor.messages.send('cv_nowhere', 'lost'), NotFoundError);
    } finally {
      visitor.disconnect();
    }
  });
});
