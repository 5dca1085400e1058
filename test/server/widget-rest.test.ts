import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Ack, ApiError, ChannelConfig, ChatMessage, Page } from '../../src/protocol.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { connectVisitor, json, loginAgent, startServer, startVisitor, type TestServer } from './helpers.js';

describe('visitor REST API', () => {
  let server: TestServer;
  let api: string;
  before(async () => {
    server = await startServer();
    api = `${server.url}/api/v1/widget`;
  });
  after(() => server.cleanup());

  test('GET config returns the public channel config', async () => {
    const { status, body } = await json<ChannelConfig>(`${api}/channels/test/config`);
    assert.equal(status, 200);
    assert.equal(body.channel, 'test');
    assert.equal(body.anonymous, true);
    assert.equal(typeof body.greeting, 'string');
    assert.equal(body.online, false, 'no agent is connected');
  });

  test('an unknown channel is a JSON 404', async () => {
    const { status, body } = await json<ApiError>(`${api}/channels/nope/config`);
    assert.equal(status, 404);
    assert.equal(body.error.code, 'not_found');
    assert.ok(body.error.requestId);
  });

  test('POST session issues a 30-minute visitor token and keeps the visitor on resume', async () => {
    const first = await startVisitor(server.url);
    assert.match(first.visitorId, /^v_/);
    assert.equal(first.conversation, null);
    const payload = JSON.parse(Buffer.from(first.token.split('.')[1]!, 'base64url').toString());
    assert.equal(payload.exp - payload.iat, 30 * 60);
    assert.equal(Date.parse(first.expiresAt), payload.exp * 1000);

    const again = await startVisitor(server.url, { visitorId: first.visitorId });
    assert.equal(again.visitorId, first.visitorId);
    const unknown = await startVisitor(server.url, { visitorId: 'v_made_up_by_the_client' });
    assert.notEqual(unknown.visitorId, 'v_made_up_by_the_client', 'clients never choose ids');
  });

  test('text with the NUL character is refused (400 naming the field) on REST and the socket; nothing is stored', async () => {
    const visitor = await startVisitor(server.url);
    const cases: Array<[string, unknown, string]> = [
      ['/conversation/messages', { clientId: 'nul-1', text: 'a\u0000b' }, 'text'],
      ['/identify', { profile: { name: 'ok', extra: { note: 'x\u0000' } } }, 'profile.extra.note'],
      ['/identify', { profile: { extra: { 'key\u0000': 'y' } } }, 'profile.extra.key\u0000'],
    ];
    for (const [path, body, param] of cases) {
      const refused = await json<ApiError>(`${api}${path}`, { token: visitor.token, body });
      assert.equal(refused.status, 400, path);
      assert.equal(refused.body.error.param, param);
    }
    const { socket } = await connectVisitor(server.url, visitor.token);
    try {
      const ack = (await socket.emitWithAck('message:send', { clientId: 'nul-2', text: '\u0000' })) as Ack<ChatMessage>;
      assert.ok('error' in ack && ack.error.param === 'text');
    } finally {
      socket.disconnect();
    }
    const stored = await json<Page<ChatMessage>>(`${api}/conversation/messages`, { token: visitor.token });
    assert.deepEqual(stored.body.data, []);
  });

  test('bad input gets a 400 naming the field', async () => {
    const { token } = await startVisitor(server.url);
    const cases: Array<[unknown, string]> = [
      [{ clientId: 'a1', text: 42 }, 'text'],
      [{ clientId: 'a1', text: { $gt: '' } }, 'text'],
      [{ text: 'hi' }, 'clientId'],
      [{ clientId: 'a1', text: 'hi', admin: true }, 'admin'],
      [{ clientId: 'a b', text: 'hi' }, 'clientId'],
      [{ clientId: 'a1', text: '   ' }, 'text'],
      [{ clientId: 'a1', text: 'x'.repeat(8001) }, 'text'],
    ];
    for (const [body, param] of cases) {
      const response = await json<ApiError>(`${api}/conversation/messages`, { body, token });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.param, param, JSON.stringify(body));
    }
    const malformed = await json<ApiError>(`${api}/conversation/messages`, { body: '{"clientId":', token });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.param, 'body');
    const badQuery = await json<ApiError>(`${api}/conversation/messages?after=-1`, { token });
    assert.equal(badQuery.status, 400);
    assert.equal(badQuery.body.error.param, 'after');
    const page = await json<Page<ChatMessage>>(`${api}/conversation/messages`, { token });
    assert.deepEqual(page.body.data, [], 'nothing was stored by the refused requests');
  });

  test('token routes refuse a missing, tampered or agent token', async () => {
    const { token } = await startVisitor(server.url);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, sub: 'v_other' })).toString('base64url'), signature].join('.');
    const agentToken = await loginAgent(server.url);
    for (const bad of [undefined, 'garbage', tampered, agentToken]) {
      const response = await json<ApiError>(`${api}/conversation/messages`, bad ? { token: bad } : {});
      assert.equal(response.status, 401, String(bad));
      assert.equal(response.body.error.code, 'unauthorized');
    }
  });

  test('POST messages is idempotent on clientId; GET after=seq pages forward', async () => {
    const { token } = await startVisitor(server.url);
    const send = (clientId: string, text: string) =>
      json<ChatMessage>(`${api}/conversation/messages`, { body: { clientId, text }, token });
    const first = await send('c-1', 'first');
    assert.equal(first.status, 201);
    assert.equal(first.body.seq, 1);
    assert.equal(first.body.from, 'visitor');
    const retry = await send('c-1', 'first, with other text');
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, first.body, 'the original comes back, never a second row');
    await send('c-2', 'second');
    await send('c-3', 'third');

    const all = await json<Page<ChatMessage>>(`${api}/conversation/messages`, { token });
    assert.deepEqual(all.body.data.map((m) => [m.seq, m.text]), [[1, 'first'], [2, 'second'], [3, 'third']]);
    const later = await json<Page<ChatMessage>>(`${api}/conversation/messages?after=1`, { token });
    assert.deepEqual(later.body.data.map((m) => m.seq), [2, 3]);
    assert.equal(later.body.hasMore, false);
    const limited = await json<Page<ChatMessage>>(`${api}/conversation/messages?after=0&limit=2`, { token });
    assert.deepEqual(limited.body.data.map((m) => m.seq), [1, 2]);
    assert.equal(limited.body.hasMore, true);

    const conversation = await json<{ id: string; lastSeq: number }>(`${api}/conversation`, { token });
    assert.equal(conversation.body.lastSeq, 3);
  });

  test('racing first messages from one visitor open one conversation', async () => {
    const { token } = await startVisitor(server.url);
    const sends = await Promise.all(
      Array.from({ length: 10 }, (_, i) => json<ChatMessage>(`${api}/conversation/messages`, { body: { clientId: `race${i}`, text: `race ${i}` }, token })),
    );
    assert.deepEqual(sends.map((send) => send.status), Array(10).fill(201));
    assert.equal(new Set(sends.map((send) => send.body.conversationId)).size, 1);
    assert.deepEqual(sends.map((send) => send.body.seq).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('the same clientId from another visitor is another message', async () => {
    const a = await startVisitor(server.url);
    const b = await startVisitor(server.url);
    const fromA = await json<ChatMessage>(`${api}/conversation/messages`, { body: { clientId: 'shared', text: 'from A' }, token: a.token });
    const fromB = await json<ChatMessage>(`${api}/conversation/messages`, { body: { clientId: 'shared', text: 'from B' }, token: b.token });
    assert.equal(fromA.status, 201);
    assert.equal(fromB.status, 201);
    assert.notEqual(fromA.body.conversationId, fromB.body.conversationId);
    assert.equal(fromB.body.text, 'from B');
  });

  test('an origin allowlist is enforced, and CORS answers only allowed origins', async () => {
    await server.store.createChannel({
      key: 'locked',
      name: 'Locked',
      allowedOrigins: ['https://shop.example'],
      settings: { ...DEFAULT_SETTINGS, headerTitle: 'Locked' },
    });
    const allowed = await json(`${api}/channels/locked/config`, { headers: { origin: 'https://shop.example' } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    for (const origin of ['https://shop.example.evil.test', 'http://shop.example', 'https://shop.example:8443']) {
      const refused = await json<ApiError>(`${api}/channels/locked/config`, { headers: { origin } });
      assert.equal(refused.status, 403, origin);
      assert.equal(refused.headers.get('access-control-allow-origin'), null, origin);
    }
    const session = await json<{ token: string }>(`${api}/channels/locked/session`, { body: {}, headers: { origin: 'https://shop.example' } });
    assert.equal(session.status, 201);
    const elsewhere = await json<ApiError>(`${api}/conversation/messages`, {
      token: session.body.token,
      headers: { origin: 'https://evil.test' },
    });
    assert.equal(elsewhere.status, 403, 'a token does not carry its channel to another origin');
  });

  test('POST identify merges the profile without a new session; bad fields are named', async () => {
    const { token, visitorId } = await startVisitor(server.url, { profile: { name: 'Ann' } });
    const first = await json<{ profile: Record<string, unknown> }>(`${api}/identify`, {
      token,
      body: { profile: { email: 'ann@example.com', extra: { plan: 'pro' } } },
    });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.profile, { name: 'Ann', email: 'ann@example.com', extra: { plan: 'pro' } });
    const second = await json<{ profile: Record<string, unknown> }>(`${api}/identify`, { token, body: { profile: { extra: { seats: 3 } } } });
    assert.deepEqual(second.body.profile.extra, { plan: 'pro', seats: 3 }, 'extra merges key by key');
    const stored = await server.store.getVisitor(visitorId);
    assert.equal(stored?.profile.email, 'ann@example.com');

    for (const [body, param] of [
      [{ profile: { email: 'not-an-email' } }, 'profile.email'],
      [{ profile: { avatarUrl: 'javascript:alert(1)' } }, 'profile.avatarUrl'],
      [{ profile: { name: 'x', admin: true } }, 'profile.admin'],
      [{}, 'profile'],
    ] as const) {
      const refused = await json<ApiError>(`${api}/identify`, { token, body });
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error.param, param);
    }
  });

  test('an unknown API route is a JSON 404', async () => {
    const { status, body } = await json<ApiError>(`${server.url}/api/v1/nothing-here`);
    assert.equal(status, 404);
    assert.equal(body.error.code, 'not_found');
  });
});
