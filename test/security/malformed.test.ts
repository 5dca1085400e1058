import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { ApiError } from '../../src/protocol.js';
import { connectVisitor, loginAgent, startServer, startVisitor, type TestServer } from '../server/helpers.js';

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
      if (response.headers.get('content-type')?.includes('json')) assert.equal(((await response.json()) as ApiError).error.code !== 'internal', true, path);
      else await response.body?.cancel();
    }
  });
});
