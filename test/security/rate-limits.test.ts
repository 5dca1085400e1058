import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Ack, ApiError, ChatMessage, SessionResponse } from '../../src/protocol.js';
import type { SupportChatError } from '../../src/client/errors.js';
import { ChatClient } from '../../src/client/chat-client.js';
import { memoryStorage } from '../faults/harness.js';
import { ADMIN_TOKEN, AGENT, connectAgent, connectVisitor, json, loginAgent, startServer, startVisitor, type TestServer } from '../server/helpers.js';

describe('rate limits (the defaults of DESIGN.md §5)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ rateLimits: true });
  });
  after(() => server.cleanup());

  test('sessions: 50 visitors behind one address start and come back; new visitors past 60 a minute from it get 429 with Retry-After; X-Forwarded-For cannot reset the bucket', async () => {
    const session = (body: object, forwardedFor = '203.0.113.9') =>
      json<SessionResponse & ApiError>(`${server.url}/api/v1/widget/channels/test/session`, { body, headers: { 'x-forwarded-for': forwardedFor } });
    const office: string[] = [];
    for (let i = 0; i < 50; i++) {
      const started = await session({}, `203.0.113.${i}`);
      assert.equal(started.status, 201, `visitor ${i + 1}`);
      office.push(started.body.visitorId);
    }
    for (const [i, visitorId] of office.entries()) assert.equal((await session({ visitorId })).status, 201, `visitor ${i + 1} comes back`);
    // One visitor reloading in a loop meets its own budget (10 a minute), not the office's.
    for (let i = 1; i < 10; i++) assert.equal((await session({ visitorId: office[0] })).status, 201);
    assert.equal((await session({ visitorId: office[0] })).status, 429);
    assert.equal((await session({ visitorId: office[1] })).status, 201, 'the others are not affected');
    // A flood of new visitors from the address: 60 a minute.
    for (let i = 50; i < 60; i++) assert.equal((await session({}, `198.51.100.${i}`)).status, 201, `new visitor ${i + 1}`);
    const limited = await session({ visitorId: 'v_made_up' }, '198.51.100.7');
    assert.equal(limited.status, 429, 'an unknown visitor id is a new visitor');
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(limited.body.error.retryAfter! >= 1 && limited.body.error.retryAfter! <= 60);
    assert.equal(limited.headers.get('retry-after'), String(limited.body.error.retryAfter));
    assert.equal((await session({ visitorId: office[2] })).status, 201, 'known visitors still come back');
  });

  test('sessions: every handshake from an address still draws on its budget', async () => {
    const small = await startServer({ rateLimits: { session: { points: 3, duration: 60 } } });
    try {
      const first = await startVisitor(small.url);
      for (let i = 0; i < 2; i++) assert.equal((await json(`${small.url}/api/v1/widget/channels/test/session`, { body: { visitorId: first.visitorId } })).status, 201);
      assert.equal((await json(`${small.url}/api/v1/widget/channels/test/session`, { body: { visitorId: first.visitorId } })).status, 429);
    } finally {
      await small.cleanup();
    }
  });

  test('agent logins: 10 a minute per IP and email', async () => {
    for (let i = 0; i < 10; i++) {
      const response = await json(`${server.url}/api/v1/agent/login`, { body: { email: AGENT.email, password: 'wrong' } });
      assert.equal(response.status, 401);
    }
    const limited = await json<ApiError>(`${server.url}/api/v1/agent/login`, { body: { email: AGENT.email, password: AGENT.password } });
    assert.equal(limited.status, 429, 'even the right password waits');
  });

  test('uploads: 10 a minute per visitor, refused before the body is read', async () => {
    // The session test above spent this address's handshakes: the token comes from the service.
    const { token } = await server.app.services.identity.startSession('test', {});
    const post = () => {
      const form = new FormData();
      form.append('file', new Blob(['note\n'], { type: 'text/plain' }), 'note.txt');
      return fetch(`${server.url}/api/v1/widget/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    };
    for (let i = 0; i < 10; i++) assert.equal((await post()).status, 201, `upload ${i + 1}`);
    const limited = await post();
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });
});

describe('messages: one budget per visitor across both transports', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ rateLimits: { message: { points: 20, duration: 60 }, session: { points: 1000, duration: 60 } } });
  });
  after(() => server.cleanup());

  test('10 over REST + 10 over the socket pass; the 21st is refused on either', async () => {
    const visitor = await startVisitor(server.url);
    const { socket } = await connectVisitor(server.url, visitor.token);
    try {
      for (let i = 0; i < 10; i++) {
        const rest = await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: `r${i}`, text: `rest ${i}` } });
        assert.equal(rest.status, 201);
        const ack = (await socket.timeout(5000).emitWithAck('message:send', { clientId: `s${i}`, text: `socket ${i}` })) as Ack<ChatMessage>;
        assert.ok('data' in ack);
      }
      const rest = await json<ApiError>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'r-over', text: 'one too many' } });
      assert.equal(rest.status, 429);
      const ack = (await socket.timeout(5000).emitWithAck('message:send', { clientId: 's-over', text: 'one too many' })) as Ack<ChatMessage>;
      assert.ok('error' in ack);
      assert.equal(ack.error.code, 'rate_limited');
      assert.ok((ack.error.retryAfter ?? 0) >= 1);

      const other = await startVisitor(server.url);
      const fresh = await json(`${server.url}/api/v1/widget/conversation/messages`, { token: other.token, body: { clientId: 'o1', text: 'another visitor' } });
      assert.equal(fresh.status, 201, 'another visitor has its own budget');
    } finally {
      socket.disconnect();
    }
  });

  test('opening conversations draws on the same budget: a loop cannot open thousands', async () => {
    const visitor = await startVisitor(server.url);
    const open = (index: number) => json<ApiError>(`${server.url}/api/v1/widget/conversations`, { token: visitor.token, body: { clientId: `cv${index}` } });
    for (let i = 0; i < 15; i++) assert.equal((await open(i)).status, 201);
    for (let i = 0; i < 5; i++) assert.equal((await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: `m${i}`, text: 'hi' } })).status, 201);
    const refused = await open(99);
    assert.deepEqual([refused.status, refused.body.error.code], [429, 'rate_limited']);
    const listed = await json<{ data: unknown[] }>(`${server.url}/api/v1/widget/conversations?limit=100`, { token: visitor.token });
    assert.equal(listed.body.data.length, 16, 'fifteen opened explicitly, one by the first message');
  });
});

test('the widget session reports retryAfter and sends the message once the window passes', async () => {
  const server = await startServer({ rateLimits: { message: { points: 2, duration: 2 }, session: { points: 100, duration: 60 } } });
  const session = new ChatClient({ channel: 'test', server: server.url, storage: memoryStorage() });
  const errors: SupportChatError[] = [];
  try {
    session.on('error', (error) => errors.push(error));
    await session.connect();
    const sends = ['one', 'two', 'three'].map((text) => session.send(text));
    const stored = await Promise.all(sends);
    assert.deepEqual(stored.map((m) => [m.seq, m.text]), [[1, 'one'], [2, 'two'], [3, 'three']]);
    const limited = errors.find((error) => error.code === 'rate_limited');
    assert.ok(limited, 'support-chat-error saw the limit');
    assert.ok((limited.retryAfter ?? 0) >= 1);
  } finally {
    session.disconnect();
    await server.cleanup();
  }
});

describe('per-channel budgets (admin API settings.limits)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ rateLimits: { session: { points: 1000, duration: 60 } } });
  });
  after(() => server.cleanup());

  test('a channel’s own messagesPerMinute replaces the default for its visitors only', async () => {
    const set = await json<ApiError>(`${server.url}/api/v1/admin/channels/test`, { token: ADMIN_TOKEN, method: 'PATCH', body: { settings: { limits: { messagesPerMinute: 3 } } } });
    assert.equal(set.status, 200);
    const bad = await json<ApiError>(`${server.url}/api/v1/admin/channels/test`, { token: ADMIN_TOKEN, method: 'PATCH', body: { settings: { limits: { messagesPerMinute: 0 } } } });
    assert.equal(bad.body.error.param, 'settings.limits.messagesPerMinute');
    const visitor = await startVisitor(server.url);
    for (let i = 0; i < 3; i++) {
      assert.equal((await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: `c${i}`, text: `m${i}` } })).status, 201);
    }
    const limited = await json<ApiError>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'c3', text: 'one too many' } });
    assert.equal(limited.status, 429);

    await json(`${server.url}/api/v1/admin/channels`, { token: ADMIN_TOKEN, body: { key: 'roomy', name: 'Roomy' } });
    const other = await startVisitor(server.url, {}, 'roomy');
    for (let i = 0; i < 5; i++) {
      assert.equal((await json(`${server.url}/api/v1/widget/conversation/messages`, { token: other.token, body: { clientId: `r${i}`, text: `m${i}` } })).status, 201, 'the default (20) applies elsewhere');
    }
  });
});

describe('a visitor socket has a budget for sync, typing and read', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ rateLimits: { session: { points: 1000, duration: 60 } } });
  });
  after(() => server.cleanup());

  test('2,000 typing and 2,000 sync from one socket: 30 of each served per 10 s, the rest refused and never relayed to agents', async () => {
    const visitor = await startVisitor(server.url);
    await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'b1', text: 'hello' } });
    const agent = await connectAgent(server.url, await loginAgent(server.url));
    const { socket } = await connectVisitor(server.url, visitor.token);
    let relayed = 0;
    agent.on('typing', () => relayed++);
    try {
      const typing = await Promise.all(Array.from({ length: 2000 }, (_, i) => socket.emitWithAck('typing', { typing: i % 2 === 0 })));
      const sync = await Promise.all(Array.from({ length: 2000 }, () => socket.emitWithAck('sync', { after: 0 })));
      for (const [name, acks] of [['typing', typing], ['sync', sync]] as const) {
        const served = acks.filter((ack) => 'data' in ack).length;
        assert.equal(served, 30, `${name}: served`);
        const refused = acks.filter((ack): ack is { error: ApiError['error'] } => 'error' in ack);
        assert.equal(refused.length, 1970, `${name}: refused`);
        assert.equal(refused[0]!.error.code, 'rate_limited');
        assert.ok(refused[0]!.error.retryAfter! >= 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(relayed <= 30, `${relayed} typing events reached the agent`);
      // Another socket of the same visitor has its own budget; messages are not affected.
      const { socket: second } = await connectVisitor(server.url, visitor.token);
      assert.ok('data' in (await second.emitWithAck('typing', { typing: true })));
      second.disconnect();
      assert.ok('data' in (await socket.emitWithAck('message:send', { clientId: 'b2', text: 'still here' })));
    } finally {
      socket.disconnect();
      agent.disconnect();
    }
  });
});
