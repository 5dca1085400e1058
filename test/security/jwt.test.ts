import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import { json, loginAgent, SECRET, startServer, startVisitor, type TestServer } from '../server/helpers.js';

const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Builds a JWT by hand, so every field and the signature can be wrong on purpose. */
function forge(header: object, payload: object, key: string | null, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  const body = `${b64(header)}.${b64(payload)}`;
  const signature = key === null ? '' : createHmac(algorithm, key).update(body).digest('base64url');
  return `${body}.${signature}`;
}

describe('forged and broken tokens are refused on REST and on the socket', () => {
  let server: TestServer;
  let attacks: Array<[string, string]>;

  before(async () => {
    server = await startServer();
    const { visitorId } = await startVisitor(server.url);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: visitorId, ch: 'test', aud: 'visitor', iss: 'support-chat', iat: now, exp: now + 600 };
    const valid = forge({ alg: 'HS256', typ: 'JWT' }, claims, SECRET);
    const [header, payload, signature] = valid.split('.');
    const agentToken = await loginAgent(server.url);
    attacks = [
      ['alg none, no signature', forge({ alg: 'none', typ: 'JWT' }, claims, null)],
      ['alg none, with a signature', `${b64({ alg: 'none' })}.${payload}.${signature}`],
      ['HS512 with the right key', forge({ alg: 'HS512', typ: 'JWT' }, claims, SECRET, 'sha512')],
      ['a wrong key', forge({ alg: 'HS256', typ: 'JWT' }, claims, 'a-wrong-key-that-is-long-enough-000000')],
      ['expired', forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, SECRET)],
      ['no exp', forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: undefined }, SECRET)],
      ['a tampered payload', `${header}.${b64({ ...claims, sub: 'v_someone_else' })}.${signature}`],
      ['another audience (an agent token)', agentToken],
      ['a visitor claim signed for the agent audience', forge({ alg: 'HS256' }, { ...claims, aud: 'agent', role: 'admin' }, 'not-the-secret-at-all-0000000000000000')],
      ['garbage', 'not.a.jwt'],
      ['empty', ''],
    ];
    // The valid token itself works, so each refusal below is about what was broken.
    const ok = await json(`${server.url}/api/v1/widget/conversation`, { token: valid });
    assert.equal(ok.status, 200);
  });
  after(() => server.cleanup());

  test('REST answers 401 unauthorized to each', async () => {
    for (const [name, token] of attacks) {
      const response = await json<{ error: { code: string } }>(`${server.url}/api/v1/widget/conversation`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 401, name);
      assert.equal(response.body.error.code, 'unauthorized', name);
    }
  });

  test('the /widget handshake refuses each with connect_error unauthorized', async () => {
    for (const [name, token] of attacks) {
      const socket = io(`${server.url}/widget`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error & { data?: { code: string } }>((resolve) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => resolve(Object.assign(new Error('connected'), { data: { code: 'connected' } })));
      });
      socket.disconnect();
      assert.equal(error.data?.code, 'unauthorized', name);
    }
  });

  test('agent routes and the /agent handshake refuse visitor and forged tokens', async () => {
    const visitor = await startVisitor(server.url);
    const forAgents = attacks.filter(([name]) => name !== 'another audience (an agent token)'); // that one is valid here
    for (const [name, token] of [...forAgents, ['a visitor token', visitor.token] as [string, string]]) {
      const response = await json(`${server.url}/api/v1/agent/conversations`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 401, name);
      const socket = io(`${server.url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error & { data?: { code: string } }>((resolve) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => resolve(Object.assign(new Error('connected'), { data: { code: 'connected' } })));
      });
      socket.disconnect();
      assert.equal(error.data?.code, 'unauthorized', `agent socket: ${name}`);
    }
  });
});
