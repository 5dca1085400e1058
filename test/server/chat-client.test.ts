import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Socket } from 'socket.io';
import jwt from 'jsonwebtoken';
import {
  AuthError,
  ChatClient,
  ConflictError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  SupportChatError,
  ValidationError,
  type ChatMessage,
  type Conversation,
  type KeyValueStorage,
  type TypingInfo,
} from '../../src/client/index.js';
import { memoryStorage } from '../faults/harness.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { next, suiteServer, within } from './client-suite.js';
import { ADMIN_TOKEN, json, loginAgent, until, type TestServer } from './helpers.js';

/**
 * `ChatClient` as a headless product (DESIGN.md §8): what a page that draws its own UI sees,
 * in Node, against a real server on port 0.
 */

/** Storage that remembers every value ever written, to prove what was (never) kept. */
function recordingStorage(): KeyValueStorage & { written: string[] } {
  const storage = memoryStorage();
  const written: string[] = [];
  return {
    written,
    getItem: (key) => storage.getItem(key),
    setItem: (key, value) => {
      written.push(value);
      storage.setItem(key, value);
    },
    removeItem: (key) => storage.removeItem(key),
  };
}

/** Counts the handshakes (`POST …/channels/:key/session`) the server answers. */
function countSessions(server: TestServer): { readonly count: number } {
  let count = 0;
  server.app.httpServer.on('request', (request: IncomingMessage) => {
    if (request.method === 'POST' && /\/channels\/[^/]+\/session$/.test(request.url ?? '')) count += 1;
  });
  return {
    get count() {
      return count;
    },
  };
}

/** Storage as an earlier page left it, with a token that looks fresh but that `server` refuses. */
function refusedTokenStorage(server: TestServer, channel = 'test'): KeyValueStorage {
  const storage = memoryStorage();
  const expiresAt = new Date(Date.now() + 20 * 60_000).toISOString();
  storage.setItem(`support-chat:${channel}:visitor`, 'v_unknown_here');
  storage.setItem(`support-chat:${channel}:token`, JSON.stringify({ token: 'not-a-token', expiresAt, visitorId: 'v_unknown_here', verified: false, who: 'anonymous', server: server.url }));
  return storage;
}

describe('ChatClient, headless, against a real server', () => {
  const suite = suiteServer();
  const { client, clients } = suite;
  let agent: string;
  let sessions: { readonly count: number };
  const agentSays = (conversationId: string, text: string) =>
    json<ChatMessage>(`${suite.server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token: agent, body: { clientId: `c_${randomUUID()}`, text } });
  const stored = async (conversationId: string) =>
    (await json<{ data: ChatMessage[] }>(`${suite.server.url}/api/v1/agent/conversations/${conversationId}/messages?limit=100`, { token: agent })).body.data;

  before(async () => {
    agent = await loginAgent(suite.server.url);
    sessions = countSessions(suite.server);
  });

  test('connect() resolves once joined; a refusal for good (an unknown channel) rejects it', async () => {
    const visitor = client();
    const states: string[] = [];
    visitor.on('state', ({ state }) => states.push(state));
    let ready = 0;
    visitor.on('ready', () => (ready += 1));
    await visitor.connect();
    assert.equal(ready, 1, 'ready is announced before connect() resolves');
    assert.equal(visitor.state, 'online');
    assert.deepEqual(states, ['connecting', 'online']);
    assert.match(visitor.visitorId ?? '', /^v_/);
    assert.ok(visitor.config, 'the channel config came with the join');
    assert.equal(visitor.connect(), visitor.connect(), 'connecting again is the same promise');

    const nowhere = client({ channel: 'no-such-channel' });
    const errors: SupportChatError[] = [];
    nowhere.on('error', (error) => errors.push(error));
    await assert.rejects(nowhere.connect(), NotFoundError);
    assert.equal(nowhere.state, 'offline');
    assert.ok(errors[0] instanceof NotFoundError, 'the refusal is announced too');
  });

  test('messages: send resolves with the stored message; on(message) and onMessage(id) until unsubscribed; messages.list', async () => {
    const visitor = client();
    await visitor.connect();
    const everything: ChatMessage[] = [];
    visitor.on('message', (message) => everything.push(message));
    const sent = await visitor.send('Hello from Node');
    assert.equal(sent.from, 'visitor');
    assert.equal(sent.seq, 1);
    const conversationId = visitor.conversationId!;
    assert.equal(sent.conversationId, conversationId);
    assert.deepEqual(visitor.pending, [], 'the outbox is empty once acknowledged');

    const inConversation: ChatMessage[] = [];
    const off = visitor.onMessage(conversationId, (message) => inConversation.push(message));
    const elsewhere: ChatMessage[] = [];
    visitor.onMessage('cv_another_conversation', (message) => elsewhere.push(message));
    await agentSays(conversationId, 'Hi, how can I help?');
    await until(() => inConversation.length === 1, 'the answer');
    assert.equal(inConversation[0]!.text, 'Hi, how can I help?');
    off();
    await agentSays(conversationId, 'Still there?');
    await until(() => everything.length === 3, 'the second answer');
    assert.equal(inConversation.length, 1, 'an unsubscribed listener hears nothing more');
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(
      everything.map((message) => [message.seq, message.from, message.text]),
      [
        [1, 'visitor', 'Hello from Node'],
        [2, 'agent', 'Hi, how can I help?'],
        [3, 'agent', 'Still there?'],
      ],
    );

    const page = await visitor.messages.list(conversationId, { after: 1 });
    assert.deepEqual(
      page.data.map((message) => message.seq),
      [2, 3],
    );
    assert.equal(page.hasMore, false);
    await assert.rejects(visitor.messages.list('cv_not_this_visitors'), NotFoundError);
    const viaNamespace = await visitor.messages.send(conversationId, 'through messages.send');
    assert.equal(viaNamespace.seq, 4);
    const toAnother = visitor.messages.send('cv_not_this_visitors', 'lost'); // a promise, never a throw
    await assert.rejects(toAnother, NotFoundError);
  });

  /**
   * Hands the acknowledgement of each stored visitor message, on sockets connecting from now on,
   * to `intercept`: `deliver` sends it, not calling it loses it. Returns the undo.
   */
  const interceptSendAcks = (intercept: (socket: Socket, deliver: () => void) => void) => {
    type Packet = { type: number; data?: Array<{ data?: Partial<ChatMessage> }> };
    const ACK = 3; // socket.io-parser's PacketType.ACK
    const widget = suite.server.app.io.of('/widget');
    const listener = (socket: Socket) => {
      const sending = socket as unknown as { packet(packet: Packet, options?: object): void };
      const original = sending.packet.bind(socket);
      sending.packet = (packet, options) => (packet.type === ACK && packet.data?.[0]?.data?.clientId ? intercept(socket, () => original(packet, options)) : original(packet, options));
    };
    widget.on('connection', listener);
    return () => void widget.off('connection', listener);
  };

  test('send is stored exactly once when its acknowledgement is lost and it goes again', async () => {
    // The first `message:send` is stored, but instead of its ack the visitor's link drops.
    let dropped = false;
    const undo = interceptSendAcks((socket, deliver) => {
      if (dropped) return deliver();
      dropped = true;
      socket.conn.close();
    });
    after(undo);
    const visitor = client();
    await visitor.connect();
    const announced: ChatMessage[] = [];
    visitor.on('message', (message) => announced.push(message));
    const message = await visitor.send('only once, please');
    assert.ok(dropped, 'the acknowledgement was lost');
    assert.equal(message.text, 'only once, please');
    const copies = (await stored(message.conversationId)).filter((stored) => stored.text === 'only once, please');
    assert.equal(copies.length, 1);
    assert.equal(announced.filter((announced) => announced.clientId === message.clientId).length, 1, 'announced once');
    assert.equal(visitor.transcript.filter((held) => held.clientId === message.clientId).length, 1, 'held once');
    assert.deepEqual(visitor.pending, []);
  });

  test('a send still waiting at disconnect() is rejected, stays stored, and the next client on the storage settles it once', async () => {
    let received = 0;
    const undo = interceptSendAcks(() => (received += 1)); // stored, never acknowledged
    after(undo);
    const storage = memoryStorage();
    const first = client({ storage });
    await first.connect();
    const waiting = first.send('sent just before the tab closed');
    await until(() => received === 1, 'the send to reach the server');
    first.disconnect();
    await assert.rejects(within(waiting), NetworkError);
    assert.equal(first.state, 'idle', 'a disconnected client says it is not connected');
    undo();

    const second = client({ storage });
    assert.deepEqual(
      second.pending.map((pending) => pending.text),
      ['sent just before the tab closed'],
      'the outbox came from storage',
    );
    await second.connect();
    await until(() => second.pending.length === 0, 'the outbox to empty');
    assert.deepEqual(
      second.transcript.map((message) => message.text),
      ['sent just before the tab closed'],
    );
    const copies = (await stored(second.conversationId!)).filter((stored) => stored.text === 'sent just before the tab closed');
    assert.equal(copies.length, 1);
  });

  test('unread: counts the team while unseen; markRead(id) clears it, tells the server and says so', async () => {
    const visitor = client();
    await visitor.connect();
    await visitor.send('a question');
    const conversationId = visitor.conversationId!;
    const counts: number[] = [];
    visitor.on('unread', (count) => counts.push(count));
    await agentSays(conversationId, 'an answer');
    await agentSays(conversationId, 'and another');
    await until(() => visitor.unreadCount === 2, 'two unread');
    assert.deepEqual(counts, [1, 2]);
    visitor.markRead('cv_not_this_visitors');
    assert.equal(visitor.unreadCount, 2, 'another conversation id reads nothing');
    visitor.markRead(conversationId);
    assert.equal(visitor.unreadCount, 0);
    assert.deepEqual(counts, [1, 2, 0]);
    await until(async () => (await suite.server.store.getConversation(conversationId))?.visitorReadSeq === 3, 'the read position on the server');

    // While the visitor can see the conversation, what arrives is read at once.
    visitor.setVisible(true);
    await agentSays(conversationId, 'seen as it arrives');
    await until(() => visitor.transcript.length === 4, 'the third answer');
    assert.equal(visitor.unreadCount, 0);
    assert.deepEqual(counts, [1, 2, 0], 'no unread event for what was seen at once');
  });

  test('onTyping(id): the team typing, then not', async () => {
    const visitor = client();
    await visitor.connect();
    await visitor.send('anyone?');
    const conversationId = visitor.conversationId!;
    const typing = next<TypingInfo>((listener) => visitor.onTyping(conversationId, listener), 'typing');
    await json(`${suite.server.url}/api/v1/agent/conversations/${conversationId}/typing`, { token: agent, body: { typing: true } });
    assert.deepEqual(await typing, { conversationId, from: 'agent', name: 'Ada Agent', typing: true });
    assert.deepEqual(visitor.agentTyping, { name: 'Ada Agent' });
    // The answer ends the typing, for the page listening as well as for the state (not 6 s later).
    const stopped = next<TypingInfo>((listener) => visitor.onTyping(conversationId, listener), 'typing: false', 2000);
    await agentSays(conversationId, 'here');
    assert.deepEqual(await stopped, { conversationId, from: 'agent', name: 'Ada Agent', typing: false });
    assert.equal(visitor.agentTyping, null);
  });

  test("on('tool-call'): the page's answer goes back to the caller; with no listener the call is answered no_handler", async () => {
    const visitor = client();
    await visitor.connect();
    await visitor.send('what is in my cart?');
    const call = (name: string) =>
      json<{ ok: boolean; result?: unknown; error?: { code: string } }>(`${suite.server.url}/api/v1/agent/conversations/${visitor.conversationId}/tool-calls`, {
        token: agent,
        body: { name, args: { currency: 'EUR' } },
      });
    const off = visitor.on('tool-call', (toolCall) => {
      toolCall.respond({ items: 2, args: toolCall.args });
      toolCall.respond('a second answer is ignored');
    });
    const answered = await call('cart.get');
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.deepEqual([answered.body.ok, answered.body.result], [true, { items: 2, args: { currency: 'EUR' } }]);
    off();
    const unanswered = await call('cart.get');
    assert.equal(unanswered.status, 422);
  });

  test('errors are caught by class', async () => {
    assert.throws(() => new ChatClient({ channel: '' }), ValidationError);
    const visitor = client();
    await assert.rejects(visitor.send('   '), (error: unknown) => error instanceof ValidationError && error.param === 'text');
    await assert.rejects(visitor.login({} as never), ValidationError);
    await visitor.connect();
    await assert.rejects(visitor.identify({ email: 'not an address' }), (error: unknown) => error instanceof ValidationError && error instanceof SupportChatError && error.status === 400);
    visitor.disconnect();
    await assert.rejects(visitor.connect(), NetworkError);
    await assert.rejects(within(visitor.send('after the end')), NetworkError, 'a send after disconnect() is refused, not left pending');
  });

  test('a token kept in storage serves the next client on it; no second handshake', async () => {
    const storage = memoryStorage();
    const first = client({ storage });
    const before = sessions.count;
    await first.connect();
    assert.equal(sessions.count, before + 1);
    const { visitorId } = first;
    first.disconnect();
    const second = client({ storage });
    await second.connect();
    assert.equal(sessions.count, before + 1, 'the second page view costs no handshake');
    assert.equal(second.visitorId, visitorId);
  });

  test('a kept token the server refuses is replaced by a new handshake, and connect() still resolves', async () => {
    const before = sessions.count;
    const visitor = client({ storage: refusedTokenStorage(suite.server) });
    await within(visitor.connect(), 10_000);
    assert.equal(sessions.count, before + 1, 'one new handshake, after the refusal');
    assert.equal(visitor.state, 'online');
    await visitor.send('with the new token');
  });

  test('after the team closes the conversation, the next message opens a new one and the client follows it', async () => {
    const visitor = client();
    await visitor.connect();
    await visitor.send('first question');
    const first = visitor.conversationId!;
    const closed = next<Conversation>((listener) => visitor.on('conversation', listener), 'the close');
    await json(`${suite.server.url}/api/v1/agent/conversations/${first}/close`, { token: agent, body: {} });
    assert.equal((await closed).status, 'closed');
    assert.equal(visitor.conversation?.status, 'closed');
    const message = await visitor.send('a new question');
    assert.notEqual(message.conversationId, first);
    assert.equal(visitor.conversationId, message.conversationId);
    assert.deepEqual(
      visitor.transcript.map((held) => held.text),
      ['a new question'],
    );
  });

  test('disconnect() leaves nothing running: the server sees the socket go, the process its handles', async () => {
    const widgetSockets = () => suite.server.app.io.of('/widget').sockets.size;
    const handles = () => process.getActiveResourcesInfo().filter((name) => name !== 'TTYWrap').length;
    await until(() => widgetSockets() === clients.filter((made) => made.state === 'online').length && widgetSockets(), 'a settled server', 5000).catch(() => {});
    for (const made of clients.splice(0)) made.disconnect();
    await until(() => widgetSockets() === 0, 'the earlier clients to go', 10_000);
    const baseline = handles();
    const visitor = new ChatClient({ channel: 'test', server: suite.server.url, storage: memoryStorage() });
    await visitor.connect();
    await visitor.send('then I leave');
    assert.equal(widgetSockets(), 1);
    visitor.disconnect();
    await until(() => widgetSockets() === 0, 'the socket to close on the server');
    // Kept-alive HTTP connections of the client's fetches close when the server's keep-alive ends.
    await until(() => handles() <= baseline, `the handles to go back to ${baseline}`, 15_000);
  });
});

describe('ChatClient login and logout (hmac and assertion)', () => {
  const suite = suiteServer();
  const { client } = suite;
  let secret: string;
  let sessions: { readonly count: number };
  const hash = (id: string) => createHmac('sha256', secret).update(id).digest('hex');
  // What a host's backend signs (examples/sign-assertion.mjs).
  const assertion = async (sub: string) => jwt.sign({ channel: 'test' }, secret, { algorithm: 'HS256', subject: sub, expiresIn: 120, jwtid: randomUUID() });

  before(async () => {
    sessions = countSessions(suite.server);
    const rotated = await json<{ secret: string }>(`${suite.server.url}/api/v1/admin/channels/test/secrets/identity/rotate`, { token: ADMIN_TOKEN, body: {} });
    assert.equal(rotated.status, 201);
    secret = rotated.body.secret;
    const patched = await json(`${suite.server.url}/api/v1/admin/channels/test`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { hmac: true, assertion: true } } });
    assert.equal(patched.status, 200);
  });

  test('login({externalUserId, userHash}) verifies and keeps the conversation; logout() goes on as a new anonymous visitor', async () => {
    const storage = recordingStorage();
    const visitor = client({ storage });
    await visitor.connect();
    await visitor.send('before signing in');
    const anonymous = visitor.visitorId;
    assert.equal(visitor.verified, false);

    await visitor.login({ externalUserId: 'customer-42', userHash: hash('customer-42') });
    assert.equal(visitor.state, 'online');
    assert.equal(visitor.verified, true);
    assert.notEqual(visitor.visitorId, anonymous);
    assert.deepEqual(
      visitor.transcript.map((message) => message.text),
      ['before signing in'],
      'the anonymous conversation came along',
    );
    const customer = visitor.visitorId;

    await visitor.logout();
    assert.equal(visitor.state, 'online');
    assert.equal(visitor.verified, false);
    assert.ok(visitor.visitorId && visitor.visitorId !== customer && visitor.visitorId !== anonymous, 'a new anonymous visitor');
    assert.deepEqual(visitor.transcript, [], "the customer's conversation is not shown to whoever comes next");
  });

  test("logout() takes the customer's unread count with it, and says so", async () => {
    const agent = await loginAgent(suite.server.url);
    const visitor = client();
    await visitor.login({ externalUserId: 'customer-43', userHash: hash('customer-43') });
    await visitor.send('is my order on its way?');
    const counts: number[] = [];
    visitor.on('unread', (count) => counts.push(count));
    await json(`${suite.server.url}/api/v1/agent/conversations/${visitor.conversationId}/messages`, { token: agent, body: { clientId: 'c_answer', text: 'it left today' } });
    await until(() => visitor.unreadCount === 1, 'the answer, unread');
    await visitor.logout();
    assert.equal(visitor.unreadCount, 0);
    assert.deepEqual(counts, [1, 0], 'a page keeping its own badge hears the count drop');
  });

  test('login() on a disconnected client is refused and starts nothing (no token renewal left running)', async () => {
    const visitor = client();
    await visitor.login({ externalUserId: 'customer-44', userHash: hash('customer-44') });
    visitor.disconnect();
    const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    const refused = visitor.login({ externalUserId: 'customer-44', userHash: hash('customer-44') });
    assert.equal(timers(), before, 'no timer was started');
    await assert.rejects(refused, NetworkError);
  });

  test('a wrong userHash is refused for good: login() rejects with AuthError', async () => {
    const visitor = client();
    await assert.rejects(visitor.login({ externalUserId: 'customer-42', userHash: hash('someone-else') }), AuthError);
    assert.equal(visitor.verified, false);
  });

  test("an assertion login's token is never kept: the next client on the same storage asks the host again", async () => {
    const storage = recordingStorage();
    let asked = 0;
    const getAssertion = () => {
      asked += 1;
      return assertion('jwt-customer');
    };
    const before = sessions.count;
    const first = client({ storage, login: { getAssertion } });
    await first.connect();
    assert.equal(first.verified, true);
    assert.equal(sessions.count, before + 1);
    first.disconnect();
    const second = client({ storage, login: { getAssertion } });
    await second.connect();
    assert.equal(second.verified, true);
    assert.equal(asked, 2);
    assert.equal(sessions.count, before + 2, 'a handshake for each client');
    assert.equal(second.visitorId, first.visitorId, 'the same customer');
    assert.ok(
      storage.written.every((value) => !value.includes('eyJ')),
      'no token was ever written to storage',
    );
  });
});

describe('ChatClient under the message rate limit', () => {
  const { client } = suiteServer({ rateLimits: { message: { points: 2, duration: 60 }, session: { points: 1000, duration: 60 } } });

  /** A visitor who spent the budget of two, then sent `text`: the send waits, and the refusal is announced. */
  const overTheLimit = async (text: string) => {
    const visitor = client();
    await visitor.connect();
    await visitor.send('one');
    await visitor.send('two');
    const refusal = next<SupportChatError>((listener) => visitor.on('error', listener), 'error');
    const waiting = visitor.send(text);
    return { visitor, waiting, refusal: await refusal };
  };

  test('a send over the limit is announced as RateLimitError and waits; disconnect() rejects it with NetworkError', async () => {
    const { visitor, waiting, refusal } = await overTheLimit('three');
    assert.ok(refusal instanceof RateLimitError, `${refusal.name}: ${refusal.message}`);
    assert.equal(refusal.code, 'rate_limited');
    assert.ok(refusal.retryAfter! >= 1);
    assert.equal(visitor.pending.length, 1, 'still queued, to go after the pause');
    visitor.disconnect();
    await assert.rejects(within(waiting), NetworkError);
  });

  test('logout() with a send still waiting: it is not sent as the next visitor, and its caller hears so', async () => {
    const { visitor, waiting } = await overTheLimit('three, as the customer');
    const refused = assert.rejects(within(waiting), ConflictError);
    await visitor.logout();
    await refused;
    assert.deepEqual(visitor.pending, []);
  });
});

describe('ChatClient when a kept token is refused and the new handshake fails', () => {
  const suite = suiteServer({ rateLimits: { session: { points: 1, duration: 2 }, message: { points: 1000, duration: 60 } } });
  const { client } = suite;
  before(async () => {
    await suite.server.store.createChannel({ key: 'members', name: 'Members only', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS, anonymous: false } });
  });

  test('for now (rate limited): the handshake is tried again with the backoff until it goes through', async () => {
    await json(`${suite.server.url}/api/v1/widget/channels/test/session`, { body: {} }); // the one handshake of this window
    const visitor = client({ storage: refusedTokenStorage(suite.server) });
    const errors: SupportChatError[] = [];
    visitor.on('error', (error) => errors.push(error));
    await within(visitor.connect(), 15_000);
    assert.ok(
      errors.some((error) => error instanceof RateLimitError),
      'the refusal was announced',
    );
    assert.equal(visitor.state, 'online');
  });

  test('for good (the channel takes no anonymous visitors): connect() rejects rather than waiting for ever', async () => {
    const visitor = client({ channel: 'members', storage: refusedTokenStorage(suite.server, 'members') });
    await assert.rejects(within(visitor.connect(), 15_000), (error: unknown) => error instanceof SupportChatError && error.permanent);
    assert.equal(visitor.state, 'offline');
  });
});
