import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import jwt from 'jsonwebtoken';
import { signChatAssertion } from '../../examples/sign-assertion.mjs';
import type { ApiError, SessionResponse } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, startServer, type TestServer } from '../server/helpers.js';

describe('examples/sign-assertion.mjs: a host backend signing a login assertion with jsonwebtoken', () => {
  let server: TestServer;
  let identitySecret: string;
  const admin = (path: string, body: unknown, method = 'POST') => json<Record<string, unknown>>(`${server.url}/api/v1/admin${path}`, { method, token: ADMIN_TOKEN, body });
  const session = (assertion: string) => json<SessionResponse & ApiError>(`${server.url}/api/v1/widget/channels/test/session`, { body: { assertion } });

  before(async () => {
    server = await startServer();
    const rotated = await admin('/channels/test/secrets/identity/rotate', {});
    identitySecret = String(rotated.body.secret);
    assert.equal((await admin('/channels/test', { settings: { assertion: true, assertionIssuer: 'shop.example' } }, 'PATCH')).status, 200);
  });
  after(() => server.cleanup());

  test('its assertion signs the user in, verified, once', async () => {
    const assertion = signChatAssertion('customer-42', { channel: 'test', identitySecret, issuer: 'shop.example' });
    const ok = await session(assertion);
    assert.equal(ok.status, 201);
    assert.equal(ok.body.verified, true);
    assert.equal((await session(assertion)).status, 401, 'a replay is refused');
  });

  test('run as a command, it prints an assertion the server accepts', async () => {
    const printed = spawnSync(process.execPath, ['examples/sign-assertion.mjs', 'customer-43'], {
      encoding: 'utf8',
      env: { ...process.env, SUPPORT_CHAT_CHANNEL: 'test', SUPPORT_CHAT_IDENTITY_SECRET: identitySecret, SUPPORT_CHAT_ISSUER: 'shop.example' },
    });
    assert.equal(printed.status, 0, printed.stderr);
    const ok = await session(printed.stdout.trim());
    assert.equal(ok.status, 201);
    assert.equal(ok.body.verified, true);
  });

  test('the server checks the issuer and pins HS256', async () => {
    const cases = [
      ['no issuer', signChatAssertion('customer-44', { channel: 'test', identitySecret })],
      ['another issuer', signChatAssertion('customer-44', { channel: 'test', identitySecret, issuer: 'elsewhere.example' })],
      ['HS512 with the right secret', jwt.sign({ channel: 'test' }, identitySecret, { algorithm: 'HS512', subject: 'customer-44', issuer: 'shop.example', expiresIn: 60, jwtid: 'hs512' })],
      ['no jti', jwt.sign({ channel: 'test' }, identitySecret, { algorithm: 'HS256', subject: 'customer-44', issuer: 'shop.example', expiresIn: 60 })],
      ['no exp', jwt.sign({ channel: 'test' }, identitySecret, { algorithm: 'HS256', subject: 'customer-44', issuer: 'shop.example', jwtid: 'no-exp' })],
    ] as const;
    for (const [name, assertion] of cases) {
      const refused = await session(assertion);
      assert.equal(refused.status, 401, name);
      assert.equal(refused.body.error.param, 'assertion', name);
    }
  });
});
