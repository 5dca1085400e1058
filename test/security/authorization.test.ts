import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Ack, ChatMessage, Page } from '../../src/protocol.js';
import { connectVisitor, json, loginAgent, startServer, startVisitor, until, type TestServer } from '../server/helpers.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

test('visitor A can never read or write visitor B’s conversation, on any route or event', async () => {
  const a = await startVisitor(server.url);
  const b = await startVisitor(server.url);
  const api = `${server.url}/api/v1/widget`;
  const secret = await json<ChatMessage>(`${api}/conversation/messages`, { token: b.token, body: { clientId: 'b1', text: 'B’s secret' } });
  const bConversation = secret.body.conversationId;

  // Every visitor REST route, with A's token, trying B's conversation wherever an id could go.
  const attempts: Array<[string, string, unknown?]> = [
    ['GET', '/conversation'],
    ['GET', `/conversation/messages?after=0`],
    ['GET', `/conversation/messages?conversationId=${bConversation}`],
    ['POST', '/conversation/messages', { clientId: 'a1', text: 'hi', conversationId: bConversation }],
    ['POST', '/conversation/read', { seq: 1, conversationId: bConversation }],
    ['POST', '/conversation/typing', { typing: true, conversationId: bConversation }],
    ['POST', '/identify', { profile: { name: 'x' }, visitorId: b.visitorId }],
    ['GET', '/conversations'],
    ['GET', `/join?conversationId=${bConversation}&after=0`],
  ];
  // The routes that name a conversation: B's does not exist for A (404), on every one of them.
  const named: Array<[string, string, unknown?]> = [
    ['POST', '/conversation/messages', { clientId: 'a1', text: 'hi', conversationId: bConversation }],
    ['GET', `/conversations/${bConversation}`],
    ['GET', `/conversations/${bConversation}/messages?after=0`],
    ['GET', `/conversations/${bConversation}/messages?after=0&wait=1`],
    ['POST', `/conversations/${bConversation}/messages`, { clientId: 'a3', text: 'hi' }],
    ['POST', `/conversations/${bConversation}/read`, { seq: 1 }],
    ['POST', `/conversations/${bConversation}/typing`, { typing: true }],
    ['POST', `/conversations/${bConversation}/close`, {}],
    ['POST', `/conversations/${bConversation}/rating`, { score: 1 }],
  ];
  for (const [method, path, body] of [...attempts, ...named]) {
    const response = await json<unknown>(`${api}${path}`, { method, token: a.token, ...(body === undefined ? {} : { body }) });
    assert.ok(response.status < 500, `${method} ${path}: no 5xx`);
    assert.doesNotMatch(JSON.stringify(response.body), /B’s secret/, `${method} ${path} leaked B's message`);
    if (named.some(([, namedPath]) => namedPath === path)) assert.equal(response.status, 404, `${method} ${path}: B's conversation is not found`);
    else if (body && typeof body === 'object' && ('conversationId' in body || 'visitorId' in body)) {
      assert.equal(response.status, 400, `${method} ${path}: a foreign id is an unknown field`);
    }
  }

  // Every /widget socket event, with A's socket, naming B's conversation.
  const { socket } = await connectVisitor(server.url, a.token);
  try {
    const events: Array<[string, unknown]> = [
      ['message:send', { clientId: 'a2', text: 'hi', conversationId: bConversation }],
      ['sync', { after: 0, conversationId: bConversation }],
      ['read', { seq: 1, conversationId: bConversation }],
      ['typing', { typing: true, conversationId: bConversation }],
    ];
    for (const [event, payload] of events) {
      const ack = (await socket.timeout(5000).emitWithAck(event as 'sync', payload as { after: number })) as Ack<unknown>;
      assert.ok('error' in ack, `${event}: refused`);
      assert.deepEqual([ack.error.code, ack.error.param], ['not_found', 'conversationId'], event);
    }
    const own = (await socket.timeout(5000).emitWithAck('sync', { after: 0 })) as Ack<ChatMessage[]>;
    assert.ok('data' in own && own.data.every((message) => message.conversationId !== bConversation));
  } finally {
    socket.disconnect();
  }
  // A handshake naming B's conversation joins A's own (none yet) and lists none of B's.
  const joinedByA = await connectVisitor(server.url, a.token, 0, bConversation);
  joinedByA.socket.disconnect();
  assert.deepEqual([joinedByA.joined.conversation, joinedByA.joined.messages, joinedByA.joined.conversations], [null, [], []]);
  const bStill = await json<Page<ChatMessage>>(`${api}/conversation/messages`, { token: b.token });
  assert.deepEqual(bStill.body.data.map((m) => m.text), ['B’s secret'], 'nothing was added to B');
  const bConversationStill = await json<{ status: string; visitorReadSeq: number; rating: unknown }>(`${api}/conversations/${bConversation}`, { token: b.token });
  assert.deepEqual([bConversationStill.body.status, bConversationStill.body.visitorReadSeq, bConversationStill.body.rating], ['open', 0, null], 'nor read, closed or rated');
});

test('every agent and admin route refuses a missing or wrong token', async () => {
  const routes: Array<[string, string]> = [
    ['GET', '/api/v1/agent/conversations'],
    ['GET', '/api/v1/agent/conversations/cv_x'],
    ['GET', '/api/v1/agent/conversations/cv_x/messages'],
    ['POST', '/api/v1/agent/conversations/cv_x/messages'],
    ['POST', '/api/v1/agent/conversations/cv_x/read'],
    ['POST', '/api/v1/agent/conversations/cv_x/typing'],
    ['GET', '/api/v1/admin/channels'],
    ['POST', '/api/v1/admin/channels'],
    ['GET', '/api/v1/admin/channels/test'],
    ['PATCH', '/api/v1/admin/channels/test'],
    ['POST', '/api/v1/admin/agents'],
  ];
  for (const [method, path] of routes) {
    for (const token of [undefined, 'wrong-token', 'Bearer']) {
      const response = await json(`${server.url}${path}`, { method, ...(token ? { token } : {}), ...(method === 'GET' ? {} : { body: {} }) });
      assert.equal(response.status, 401, `${method} ${path} with ${token ?? 'no token'}`);
    }
  }
});

test('the /widget handshake enforces the origin allowlist like REST, lookalikes included', async () => {
  const { DEFAULT_SETTINGS } = await import('../../server/services/channels.js');
  const { io } = await import('socket.io-client');
  await server.store.createChannel({ key: 'walled', name: 'Walled', allowedOrigins: ['https://shop.example'], settings: { ...DEFAULT_SETTINGS } });
  const session = await json<{ token: string }>(`${server.url}/api/v1/widget/channels/walled/session`, { body: {}, headers: { origin: 'https://shop.example' } });
  const connectFrom = (origin: string) =>
    new Promise<string>((resolve) => {
      const socket = io(`${server.url}/widget`, { auth: { token: session.body.token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin } });
      socket.once('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.once('connect_error', (error: Error & { data?: { code: string } }) => resolve(error.data?.code ?? error.message));
    });
  assert.equal(await connectFrom('https://shop.example'), 'connected');
  for (const origin of ['https://shop.example.evil.test', 'http://shop.example', 'https://shop.example:8443', 'null']) {
    assert.equal(await connectFrom(origin), 'forbidden', origin);
  }
});

test('a /widget socket keeps only its Origin, and the allowlist still holds when it reconnects over the same connection', async () => {
  const { DEFAULT_SETTINGS } = await import('../../server/services/channels.js');
  const { Manager } = await import('socket.io-client');
  await server.store.createChannel({ key: 'kept', name: 'Kept', allowedOrigins: ['https://shop.example'], settings: { ...DEFAULT_SETTINGS } });
  const session = await json<{ token: string }>(`${server.url}/api/v1/widget/channels/kept/session`, { body: {}, headers: { origin: 'https://shop.example' } });
  // Two namespaces on one Engine.IO connection: leaving /widget does not close it.
  const manager = new Manager(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: 'https://shop.example' } });
  const agent = manager.socket('/agent', { auth: { token: await loginAgent(server.url) } });
  const widget = manager.socket('/widget', { auth: { token: session.body.token } });
  const joined = () =>
    new Promise<void>((resolve, reject) => {
      widget.once('session:joined', () => resolve());
      widget.once('connect_error', reject);
    });
  try {
    await joined();
    const held = server.app.io.of('/widget').sockets.get(widget.id!);
    assert.ok(held, 'the server holds the socket');
    const connection = held.conn;
    assert.equal(connection.request, null, 'the upgrade request is not kept');
    assert.deepEqual(held.handshake.headers, {}, 'nor are its headers');
    assert.equal(held.handshake.auth.token, undefined, 'nor is the token');
    assert.ok(held.handshake.address, 'the address is');

    const first = widget.id!;
    widget.disconnect();
    // A connect that overtakes the server's handling of the disconnect makes Socket.IO close the whole connection.
    await until(() => !server.app.io.of('/widget').sockets.has(first), 'the server let the first socket go');
    widget.connect();
    await joined();
    const again = server.app.io.of('/widget').sockets.get(widget.id!);
    assert.equal(again?.conn, connection, 'the same Engine.IO connection, so the same (dropped) request');
    assert.ok(agent.connected);
  } finally {
    widget.disconnect();
    agent.disconnect();
  }
});

test('an oversize Socket.IO frame closes only that socket', async () => {
  const a = await startVisitor(server.url);
  const b = await startVisitor(server.url);
  const { socket: big } = await connectVisitor(server.url, a.token);
  const { socket: bystander } = await connectVisitor(server.url, b.token);
  try {
    const closed = new Promise<string>((resolve) => big.once('disconnect', resolve));
    big.emit('message:send', { clientId: 'huge', text: 'x'.repeat(200_000) }, () => {});
    assert.equal(await closed, 'transport close');
    const ack = (await bystander.timeout(5000).emitWithAck('message:send', { clientId: 'fine', text: 'still here' })) as Ack<ChatMessage>;
    assert.ok('data' in ack, 'the other visitor is unaffected');
    const health = await json(`${server.url}/api/v1/widget/channels/test/config`);
    assert.equal(health.status, 200, 'the server is up');
  } finally {
    big.disconnect();
    bystander.disconnect();
  }
});
