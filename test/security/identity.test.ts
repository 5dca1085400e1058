import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import jwt from 'jsonwebtoken';
import type { ApiError, ChatMessage, SessionResponse } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, startServer, type TestServer } from '../server/helpers.js';

describe('identity: login modes, merging, and claims that must not attach', () => {
  let server: TestServer;
  let secret: string;
  const admin = (path: string, body: unknown, method = 'POST') => json<Record<string, unknown> & ApiError>(`${server.url}/api/v1/admin${path}`, { method, token: ADMIN_TOKEN, body });
  const session = (body: object, headers: Record<string, string> = {}, channel = 'test') =>
    json<SessionResponse & ApiError>(`${server.url}/api/v1/widget/channels/${channel}/session`, { body, headers });
  const hash = (id: string) => createHmac('sha256', secret).update(id).digest('hex');
  const assertion = (claims: Record<string, unknown>, options: { key?: string; lifetime?: number; iat?: number } = {}) => {
    const iat = options.iat ?? Math.floor(Date.now() / 1000);
    const { sub = 'customer-1', ...rest } = claims;
    return jwt.sign({ channel: 'test', ...rest, iat, exp: iat + (options.lifetime ?? 120) }, options.key ?? secret, {
      algorithm: 'HS256',
      subject: String(sub),
      jwtid: randomUUID(),
    });
  };

  before(async () => {
    server = await startServer();
    const rotated = await admin('/channels/test/secrets/identity/rotate', {});
    assert.equal(rotated.status, 201);
    secret = String(rotated.body.secret);
    assert.equal((await admin('/channels/test', { settings: { hmac: true, assertion: true } }, 'PATCH')).status, 200);
  });
  after(() => server.cleanup());

  test('hmac: a matching userHash is verified; a wrong one, or one without an id, is refused', async () => {
    const ok = await session({ externalUserId: 'customer-7', userHash: hash('customer-7') });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.verified, true);
    const again = await session({ externalUserId: 'customer-7', userHash: hash('customer-7') });
    assert.equal(again.body.visitorId, ok.body.visitorId, 'the same customer is the same visitor');
    for (const body of [{ externalUserId: 'customer-7', userHash: hash('customer-8') }, { externalUserId: 'customer-7', userHash: 'zz' }, { userHash: hash('customer-7') }]) {
      const refused = await session(body);
      assert.equal(refused.status, 401, JSON.stringify(body));
    }
  });

  test('a verified login merges the anonymous conversation written in the same browser', async () => {
    const anonymous = await session({});
    const written = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: anonymous.body.token, body: { clientId: 'a1', text: 'before logging in' } });
    const verified = await session({ visitorId: anonymous.body.visitorId, externalUserId: 'merge-me', userHash: hash('merge-me') });
    assert.equal(verified.body.verified, true);
    assert.notEqual(verified.body.visitorId, anonymous.body.visitorId);
    assert.equal(verified.body.conversation?.id, written.body.conversationId, 'the conversation came along');
    const history = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/widget/conversation/messages`, { token: verified.body.token });
    assert.deepEqual(history.body.data.map((m) => m.text), ['before logging in']);
    const resumeAnonymous = await session({ visitorId: verified.body.visitorId });
    assert.notEqual(resumeAnonymous.body.visitorId, verified.body.visitorId, 'a verified visitor id cannot be resumed anonymously');
  });

  test('a merge carries every conversation along and closes none: the newer default one stays the default, the older becomes explicit', async () => {
    const widget = `${server.url}/api/v1/widget`;
    const write = (token: string, text: string, conversationId?: string) =>
      json<ChatMessage>(conversationId ? `${widget}/conversations/${conversationId}/messages` : `${widget}/conversation/messages`, { token, body: { clientId: randomUUID(), text } });
    const earlier = await session({ externalUserId: 'carry-me', userHash: hash('carry-me') });
    const older = (await write(earlier.body.token, 'asked last week')).body.conversationId;
    const anonymous = await session({});
    const newer = (await write(anonymous.body.token, 'asked today')).body.conversationId;
    const explicit = (await json<{ id: string }>(`${widget}/conversations`, { token: anonymous.body.token, body: { clientId: 'ticket-1', subject: 'Refund' } })).body.id;
    await write(anonymous.body.token, 'about the refund', explicit);

    const verified = await session({ visitorId: anonymous.body.visitorId, externalUserId: 'carry-me', userHash: hash('carry-me') });
    assert.equal(verified.body.visitorId, earlier.body.visitorId);
    assert.equal(verified.body.conversation?.id, newer, 'the newer default conversation is the one the widget opens');
    const listed = await json<{ data: Array<{ id: string; status: string; isDefault: boolean; lastMessage: { text: string } }> }>(`${widget}/conversations`, { token: verified.body.token });
    const byId = new Map(listed.body.data.map((item) => [item.id, item]));
    assert.deepEqual([older, newer, explicit].map((id) => [byId.get(id)?.status, byId.get(id)?.isDefault, byId.get(id)?.lastMessage.text]), [
      ['open', false, 'asked last week'],
      ['open', true, 'asked today'],
      ['open', false, 'about the refund'],
    ]);
    const again = await json<{ id: string }>(`${widget}/conversations`, { token: verified.body.token, body: { clientId: 'ticket-1' } });
    assert.deepEqual([again.status, again.body.id], [200, explicit], 'an explicit conversation is found by its clientId after the merge');
    const next = await write(verified.body.token, 'one more');
    assert.equal(next.body.conversationId, newer);
  });

  test('assertion: valid once; replays, long lives, other channels and other keys are refused', async () => {
    const token = await assertion({ sub: 'jwt-user' });
    const ok = await session({ assertion: token });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.verified, true);
    const replay = await session({ assertion: token });
    assert.equal(replay.status, 401);
    assert.match(replay.body.error.message, /already used/);
    for (const [name, bad] of [
      ['lives 10 minutes', await assertion({ sub: 'jwt-user' }, { lifetime: 600 })],
      ['another channel', await assertion({ sub: 'jwt-user', channel: 'demo' })],
      ['another key', await assertion({ sub: 'jwt-user' }, { key: 'not-the-identity-secret-0000000000000' })],
      ['expired', await assertion({ sub: 'jwt-user' }, { iat: Math.floor(Date.now() / 1000) - 400, lifetime: 200 })],
    ] as const) {
      const refused = await session({ assertion: bad });
      assert.equal(refused.status, 401, name);
      assert.equal(refused.body.error.param, 'assertion', name);
    }
  });

  test('the replay record survives a restart', async () => {
    const token = await assertion({ sub: 'restart-user' });
    assert.equal((await session({ assertion: token })).status, 201);
    await server.stop();
    server = await startServer({ file: server.file });
    const replay = await session({ assertion: token });
    assert.equal(replay.status, 401);
  });

  test('direct: refused without an allowlist; with one, an unverified claim never gets the verified visitor', async () => {
    const refused = await admin('/channels', { key: 'direct-open', name: 'Direct', settings: { direct: true } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.param, 'settings.direct');
    const created = await admin('/channels', { key: 'direct-shop', name: 'Direct', allowedOrigins: ['https://shop.example'], settings: { direct: true, hmac: true } });
    assert.equal(created.status, 201);
    const rotated = await admin('/channels/direct-shop/secrets/identity/rotate', {});
    const shopHash = createHmac('sha256', String(rotated.body.secret)).update('alice').digest('hex');
    const origin = { origin: 'https://shop.example' };
    const verified = await session({ externalUserId: 'alice', userHash: shopHash }, origin, 'direct-shop');
    assert.equal(verified.body.verified, true);
    const claim = await session({ externalUserId: 'alice' }, origin, 'direct-shop');
    assert.equal(claim.status, 201);
    assert.equal(claim.body.verified, false);
    assert.notEqual(claim.body.visitorId, verified.body.visitorId, 'the unverified claim is another visitor');
    const noDirect = await session({ externalUserId: 'alice' });
    assert.equal(noDirect.status, 403, 'a channel without direct mode refuses bare external ids');
  });

  test('a token is renewed for the same visitor without a new login', async () => {
    const verified = await session({ externalUserId: 'renew-me', userHash: hash('renew-me') });
    const renewed = await json<SessionResponse>(`${server.url}/api/v1/widget/session/renew`, { token: verified.body.token, body: {} });
    assert.equal(renewed.status, 200);
    assert.equal(renewed.body.visitorId, verified.body.visitorId);
    assert.equal(renewed.body.verified, true);
    const without = await json(`${server.url}/api/v1/widget/session/renew`, { body: {} });
    assert.equal(without.status, 401);
  });

  test('anonymous access can be turned off', async () => {
    await admin('/channels/test', { settings: { anonymous: false } }, 'PATCH');
    try {
      const refused = await session({});
      assert.equal(refused.status, 403);
      const verified = await session({ externalUserId: 'still-ok', userHash: hash('still-ok') });
      assert.equal(verified.status, 201);
    } finally {
      await admin('/channels/test', { settings: { anonymous: true } }, 'PATCH');
    }
  });
});

describe('signed standalone links', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.cleanup());
  const admin = (path: string, body: unknown, method = 'POST') => json<Record<string, unknown> & ApiError>(`${server.url}/api/v1/admin${path}`, { method, token: ADMIN_TOKEN, body });

  test('admin signs a link; it signs the visitor in with its nickname, within its TTL only, and cannot be altered', async () => {
    const off = await admin('/channels/test/links', { externalUserId: 'mail-user' });
    assert.equal(off.status, 409, 'links are off by default');
    await admin('/channels/test', { settings: { links: true, linkTtl: 60 } }, 'PATCH');
    const signed = await admin('/channels/test/links', { externalUserId: 'mail-user', nickname: 'Mai <b>L</b>' });
    assert.equal(signed.status, 201);
    const url = new URL(String(signed.body.path), server.url);
    const params = Object.fromEntries(url.searchParams);
    const start = (overrides: Record<string, unknown> = {}) =>
      json<SessionResponse & ApiError>(`${server.url}/api/v1/widget/channels/test/session`, { body: { entry: 'link', u: params.u, nick: params.nick, t: Number(params.t), s: params.s, ...overrides } });

    const ok = await start();
    assert.equal(ok.status, 201);
    assert.equal(ok.body.verified, true);
    const again = await start();
    assert.equal(again.body.visitorId, ok.body.visitorId, 'the same customer');
    for (const [name, overrides] of [
      ['another user', { u: 'someone-else' }],
      ['another nickname', { nick: 'Mallory' }],
      ['another time', { t: Number(params.t) + 1 }],
      ['a bad signature', { s: 'a'.repeat(64) }],
      ['too old', { t: Number(params.t) - 600 }],
    ] as const) {
      const refused = await start(overrides);
      assert.equal(refused.status, 401, name);
      assert.equal(refused.body.error.param, 's', name);
    }

    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /data-mode="standalone"/);
    assert.match(html, /data-link="u=mail-user&#38;nick=Mai\+%3Cb%3EL%3C%2Fb%3E&#38;t=\d+&#38;s=[0-9a-f]{64}"/);
    assert.doesNotMatch(html, /<b>L<\/b>/, 'the nickname is escaped into the page');
  });

  test('an enforcing channel refuses unsigned /c pages', async () => {
    await admin('/channels/test', { settings: { links: true, linksEnforced: true } }, 'PATCH');
    assert.equal((await fetch(`${server.url}/c?k=test`)).status, 403);
    assert.equal((await fetch(`${server.url}/c?k=nope`)).status, 404);
    await admin('/channels/test', { settings: { linksEnforced: false } }, 'PATCH');
    assert.equal((await fetch(`${server.url}/c?k=test`)).status, 200);
  });
});

test('fingerprint (layer 2): finds the anonymous visitor again after storage was cleared, never a customer', async () => {
  const server = await startServer();
  try {
    const session = (body: object) => json<SessionResponse & ApiError>(`${server.url}/api/v1/widget/channels/test/session`, { body });
    const print = 'ab'.repeat(32);
    const first = await session({ fingerprint: print });
    const again = await session({ fingerprint: print });
    assert.equal(again.body.visitorId, first.body.visitorId, 'same browser, storage cleared');
    const stored = await session({ visitorId: first.body.visitorId, fingerprint: 'cd'.repeat(32) });
    assert.equal(stored.body.visitorId, first.body.visitorId, 'the stored id wins over another fingerprint');
    const other = await session({ fingerprint: 'ef'.repeat(32) });
    assert.notEqual(other.body.visitorId, first.body.visitorId);
    const bad = await session({ fingerprint: 'not hex' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'fingerprint');
  } finally {
    await server.cleanup();
  }
});
