import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { ApiError } from '../../src/protocol.js';
import { connectVisitor, json, loginAgent, startServer, startVisitor, type TestServer } from '../server/helpers.js';

/** `{"a":{"a":…1…}}` nested `levels` deep, as text: building it as an object and stringifying would blow this test's stack too. */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as ApiError };
}

describe('malformed requests get a 4xx naming the field, never a 5xx', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.cleanup());

  test('JSON nested 10,000 levels deep in profile.extra (identify and session), tool-call arguments and results', async () => {
    const visitor = await startVisitor(server.url);
    const agent = await loginAgent(server.url);
    const deep = nested(10_000);
    const cases: Array<[string, string, string, Record<string, string>]> = [
      ['identify', `${server.url}/api/v1/widget/identify`, `{"profile":{"extra":{"k":${deep}}}}`, { authorization: `Bearer ${visitor.token}` }],
      ['session', `${server.url}/api/v1/widget/channels/test/session`, `{"profile":{"extra":{"k":${deep}}}}`, {}],
      ['tool result', `${server.url}/api/v1/widget/tool-calls/tc_nope/result`, `{"ok":true,"result":${deep}}`, { authorization: `Bearer ${visitor.token}` }],
      ['tool call', `${server.url}/api/v1/agent/conversations/cv_nope/tool-calls`, `{"name":"lookup","args":${deep}}`, { authorization: `Bearer ${agent}` }],
    ];
    const params = { identify: 'profile.extra', session: 'profile.extra', 'tool result': 'result', 'tool call': 'args' } as Record<string, string>;
    for (const [name, url, body, headers] of cases) {
      const response = await post(url, body, headers);
      assert.equal(response.status, 400, name);
      assert.equal(response.body.error.param, params[name], name);
    }
    // Moderate nesting is still fine.
    const fine = await post(`${server.url}/api/v1/widget/identify`, `{"profile":{"extra":{"k":${nested(5)}}}}`, { authorization: `Bearer ${visitor.token}` });
    assert.equal(fine.status, 200);
  });

  test('deep tool arguments over the socket are refused in the ack', async () => {
    const visitor = await startVisitor(server.url);
    const { socket } = await connectVisitor(server.url, visitor.token);
    try {
      // The client cannot encode such a value either, so the result names a call that never existed;
      // what matters is that validation answers, at a depth the encoder still handles.
      const ack = (await socket.emitWithAck('tool:result', { callId: 'tc_nope', result: JSON.parse(nested(100)) as unknown } as never)) as { error?: { param?: string } };
      assert.equal(ack.error?.param, 'result');
    } finally {
      socket.disconnect();
    }
  });

  test('a body whose bytes do not match its Content-Encoding is a 400, an unknown encoding a 415', async () => {
    const url = `${server.url}/api/v1/widget/channels/test/session`;
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const response = await post(url, '{"profile":{}}', { 'content-encoding': encoding });
      assert.equal(response.status, 400, encoding);
      assert.equal(response.body.error.code, 'invalid_request', encoding);
    }
    assert.equal((await post(url, gzipSync('{}').toString('latin1').slice(0, 5), { 'content-encoding': 'gzip' })).status, 400, 'truncated gzip');
    assert.equal((await post(url, '{}', { 'content-encoding': 'zstd-nope' })).status, 415);
  });

  test('bad percent-encoding in a path parameter is a 400', async () => {
    for (const path of ['/files/%ZZ/x', '/api/v1/widget/channels/%ZZ/config', '/api/v1/widget/channels/%E0%A4%A/status', '/help/%ZZ']) {
      const response = await fetch(server.url + path);
      assert.ok(response.status >= 400 && response.status < 500, `${path}: ${response.status}`);
      if (response.headers.get('content-type')?.includes('json')) assert.notEqual(((await response.json()) as ApiError).error.code, 'internal', path);
      else await response.body?.cancel();
    }
  });
});

describe("a visitor's extra is bounded once merged", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.cleanup());

  test('sixteen 60 KB identify calls do not merge into a megabyte: past the size cap, 413 naming profile.extra', async () => {
    const visitor = await startVisitor(server.url);
    const identify = (extra: Record<string, unknown>) => json<ApiError>(`${server.url}/api/v1/widget/identify`, { token: visitor.token, body: { profile: { extra } } });
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await identify({ [`k${i}`]: 'x'.repeat(60_000) })).status);
    assert.ok(statuses.every((status) => status === 413), `statuses ${statuses.join(' ')}`);
    assert.equal((await server.store.getVisitor(visitor.visitorId))!.profile.extra, undefined, 'none was stored');
    // Ten 1.5 KB values fit in 16 KB; the eleventh would not.
    for (let i = 0; i < 10; i++) assert.equal((await identify({ [`s${i}`]: 'y'.repeat(1500) })).status, 200, `value ${i}`);
    const over = await identify({ s10: 'y'.repeat(1500) });
    assert.equal(over.status, 413);
    assert.equal(over.body.error.param, 'profile.extra');
    const stored = (await server.store.getVisitor(visitor.visitorId))!.profile.extra!;
    assert.deepEqual(Object.keys(stored).length, 10);
    assert.ok(JSON.stringify(stored).length <= 16 * 1024);
    assert.equal((await identify({ s0: 'shorter' })).status, 200, 'replacing a value with a shorter one is fine');
  });

  test('too many keys: 400 naming profile.extra; what is stored stays', async () => {
    const visitor = await startVisitor(server.url);
    const identify = (extra: Record<string, unknown>) => json<ApiError & { profile: { extra: Record<string, unknown> } }>(`${server.url}/api/v1/widget/identify`, { token: visitor.token, body: { profile: { extra } } });
    const first = await identify(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, i])));
    assert.equal(first.status, 200);
    const second = await identify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`b${i}`, i])));
    assert.equal(second.status, 400);
    assert.equal(second.body.error.param, 'profile.extra');
    const third = await identify({ a0: 'replaced' });
    assert.equal(third.status, 200, 'replacing a key adds none');
    assert.equal(Object.keys(third.body.profile.extra).length, 40);
    assert.equal(third.body.profile.extra.a0, 'replaced');
  });
});
