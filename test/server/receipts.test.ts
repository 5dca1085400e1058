import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiError, ChatMessage, Conversation, ReadEvent, TypingEvent } from '../../src/protocol.js';
import { connectAgent, connectVisitor, json, loginAgent, nextEvent, startServer, startVisitor, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

test('read receipts and typing travel both ways, over the socket and over REST', async () => {
  const token = await loginAgent(server.url);
  const agent = await connectAgent(server.url, token);
  const session = await startVisitor(server.url);
  const { socket: visitor } = await connectVisitor(server.url, session.token);
  try {
    const ack = await visitor.timeout(5000).emitWithAck('message:send', { clientId: 'r1', text: 'hello' });
    assert.ok('data' in ack);
    const conversationId = (ack.data as ChatMessage).conversationId;
    await agent.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 'a1', text: 'hi there' });

    // The agent reads: the visitor hears it, and it is stored (never past the last message).
    const seen = nextEvent<ReadEvent>(visitor, 'read');
    await agent.timeout(5000).emitWithAck('read', { conversationId, seq: 99 });
    assert.deepEqual(await seen, { conversationId, by: 'agent', seq: 2 });

    // The visitor reads over REST: the agents hear it.
    const receipt = nextEvent<ReadEvent>(agent, 'read');
    const read = await json(`${server.url}/api/v1/widget/conversation/read`, { token: session.token, body: { seq: 2 } });
    assert.equal(read.status, 200);
    assert.deepEqual(await receipt, { conversationId, by: 'visitor', seq: 2 });
    const conversation = await json<Conversation>(`${server.url}/api/v1/agent/conversations/${conversationId}`, { token });
    assert.equal(conversation.body.visitorReadSeq, 2);
    assert.equal(conversation.body.agentReadSeq, 2);

    // A receipt never goes backwards.
    await visitor.timeout(5000).emitWithAck('read', { seq: 1 });
    const again = await json<Conversation>(`${server.url}/api/v1/agent/conversations/${conversationId}`, { token });
    assert.equal(again.body.visitorReadSeq, 2);

    // Typing: visitor → agents over the socket, agent → visitor over REST.
    const typing = nextEvent<TypingEvent>(agent, 'typing');
    visitor.emit('typing', { typing: true });
    assert.deepEqual(await typing, { conversationId, from: 'visitor', typing: true });
    const agentTyping = nextEvent<TypingEvent>(visitor, 'typing');
    const typed = await json(`${server.url}/api/v1/agent/conversations/${conversationId}/typing`, { token, body: { typing: true } });
    assert.equal(typed.status, 200);
    assert.deepEqual(await agentTyping, { conversationId, from: 'agent', name: 'Ada Agent', typing: true });

    const bad = await json<ApiError>(`${server.url}/api/v1/widget/conversation/read`, { token: session.token, body: { seq: 'all' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'seq');
  } finally {
    agent.disconnect();
    visitor.disconnect();
  }
});

test('REST long-poll: wait answers as soon as a message is stored, or empty when the time runs out', async () => {
  const session = await startVisitor(server.url);
  const api = `${server.url}/api/v1/widget/conversation/messages`;
  await json(api, { token: session.token, body: { clientId: 'lp0', text: 'first' } });
  const started = Date.now();
  const waiting = json<{ data: ChatMessage[] }>(`${api}?after=1&wait=10`, { token: session.token });
  setTimeout(() => void json(api, { token: session.token, body: { clientId: 'lp1', text: 'second' } }), 300);
  const page = await waiting;
  assert.deepEqual(page.body.data.map((m) => m.text), ['second']);
  assert.ok(Date.now() - started < 5000, 'answered when the message arrived, not at the end of the wait');

  const emptyStart = Date.now();
  const empty = await json<{ data: ChatMessage[] }>(`${api}?after=2&wait=1`, { token: session.token });
  assert.deepEqual(empty.body.data, []);
  assert.ok(Date.now() - emptyStart >= 900, 'waited about a second');
  const tooLong = await json<ApiError>(`${api}?after=2&wait=60`, { token: session.token });
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.body.error.param, 'wait');
});

test('presence: visitors hear the team come online and go away', async () => {
  const session = await startVisitor(server.url);
  const { socket: visitor, joined } = await connectVisitor(server.url, session.token);
  try {
    assert.equal(joined.config.online, false);
    const online = nextEvent<{ online: boolean }>(visitor, 'presence');
    const agent = await connectAgent(server.url, await loginAgent(server.url));
    assert.deepEqual(await online, { online: true });
    const away = nextEvent<{ online: boolean }>(visitor, 'presence');
    agent.disconnect();
    assert.deepEqual(await away, { online: false });
  } finally {
    visitor.disconnect();
  }
});

test('an expired token is refused at the socket handshake (reconnects included) and on REST', async () => {
  const { default: jwt } = await import('jsonwebtoken');
  const { SECRET } = await import('./helpers.js');
  const session = await startVisitor(server.url);
  const now = Math.floor(Date.now() / 1000);
  const expired = jwt.sign({ ch: 'test', iat: now - 3600, exp: now - 1800 }, SECRET, {
    algorithm: 'HS256',
    subject: session.visitorId,
    audience: 'visitor',
    issuer: 'support-chat',
  });
  const { io } = await import('socket.io-client');
  const socket = io(`${server.url}/widget`, { auth: { token: expired }, transports: ['websocket'], reconnection: false, forceNew: true });
  const error = await new Promise<Error & { data?: { code: string; message: string } }>((resolve) => socket.once('connect_error', resolve));
  socket.disconnect();
  assert.equal(error.data?.code, 'unauthorized');
  assert.equal(error.data?.message, 'token expired');
  const rest = await json<ApiError>(`${server.url}/api/v1/widget/conversation`, { token: expired });
  assert.equal(rest.status, 401);
});
