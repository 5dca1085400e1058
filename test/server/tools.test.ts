import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiError, ToolCallResult, ToolExecute, Webhook, WebhookPayload } from '../../src/protocol.js';
import { ADMIN_TOKEN, connectVisitor, json, loginAgent, receiver, startServer, startVisitor, until, type TestServer, type WidgetSocket } from './helpers.js';

let server: TestServer;
let agent: string;
before(async () => {
  server = await startServer({ webhooks: { pollMs: 20, allowPrivate: true } });
  agent = await loginAgent(server.url);
});
after(() => server.cleanup());

/** A visitor with an open conversation and a connected widget socket. */
async function visitorInChat(): Promise<{ token: string; socket: WidgetSocket; conversationId: string }> {
  const { token } = await startVisitor(server.url);
  await json(`${server.url}/api/v1/widget/conversation/messages`, { token, body: { clientId: 'hi', text: 'hi' } });
  const { socket, joined } = await connectVisitor(server.url, token);
  return { token, socket, conversationId: joined.conversation!.id };
}

const callTool = (conversationId: string, body: unknown, token = agent) =>
  json<ToolCallResult & ApiError>(`${server.url}/api/v1/agent/conversations/${conversationId}/tool-calls`, { token, body });

describe('page tools', () => {
  test('the page’s answer returns to the caller and to the tool.result webhook', async () => {
    const hook = await receiver();
    const { body: webhook } = await json<Webhook>(`${server.url}/api/v1/admin/webhooks`, { token: ADMIN_TOKEN, body: { url: hook.url, events: ['tool.result'] } });
    const { socket, conversationId } = await visitorInChat();
    try {
      socket.on('tool:execute', (call: ToolExecute) => {
        assert.equal(call.name, 'cart.get');
        void socket.emitWithAck('tool:result', { callId: call.callId, result: { items: 2, total: '19.90 €', echo: call.args } });
      });
      const called = await callTool(conversationId, { name: 'cart.get', args: { currency: 'EUR' } });
      assert.equal(called.status, 200, JSON.stringify(called.body));
      assert.equal(called.body.ok, true);
      assert.deepEqual(called.body.result, { items: 2, total: '19.90 €', echo: { currency: 'EUR' } });
      assert.match(called.body.id, /^tc_/);

      const delivered = await until(() => hook.received[0], 'the tool.result webhook');
      const payload = JSON.parse(delivered.body) as WebhookPayload<{ toolCall: ToolCallResult }>;
      assert.equal(payload.type, 'tool.result');
      assert.deepEqual(payload.data.toolCall, called.body);
    } finally {
      socket.disconnect();
      await json(`${server.url}/api/v1/admin/webhooks/${webhook.id}`, { token: ADMIN_TOKEN, method: 'DELETE' });
      await hook.close();
    }
  });

  test('a handler that refuses is a result with ok: false; none at all is a 422 no_handler', async () => {
    const { socket, conversationId } = await visitorInChat();
    try {
      let mode: 'refuse' | 'none' = 'refuse';
      socket.on('tool:execute', (call: ToolExecute) => {
        const error = mode === 'refuse' ? { code: 'not_signed_in', message: 'sign in first' } : { code: 'no_handler', message: 'no handler' };
        void socket.emitWithAck('tool:error', { callId: call.callId, error });
      });
      const refused = await callTool(conversationId, { name: 'orders.list' });
      assert.equal(refused.status, 200);
      assert.deepEqual([refused.body.ok, refused.body.error], [false, { code: 'not_signed_in', message: 'sign in first' }]);
      mode = 'none';
      const unhandled = await callTool(conversationId, { name: 'orders.list' });
      assert.equal(unhandled.status, 422);
      assert.deepEqual([unhandled.body.error.code, unhandled.body.error.param], ['no_handler', 'name']);
    } finally {
      socket.disconnect();
    }
  });

  test('a page that never answers times out (504); a visitor with no chat open is a 409', async () => {
    const { socket, conversationId } = await visitorInChat();
    try {
      const started = Date.now();
      const silent = await callTool(conversationId, { name: 'slow.tool', timeoutMs: 1000 });
      assert.equal(silent.status, 504);
      assert.deepEqual([silent.body.error.code, silent.body.error.param], ['timeout', 'timeoutMs']);
      assert.ok(Date.now() - started >= 1000);
    } finally {
      socket.disconnect();
    }
    await until(async () => (await server.app.io.of('/widget').fetchSockets()).length === 0, 'the socket to go');
    const offline = await callTool(conversationId, { name: 'cart.get' });
    assert.equal(offline.status, 409);
    assert.equal(offline.body.error.param, 'conversationId');
  });

  test('over REST too; only the visitor it was sent to can answer; bad input is named', async () => {
    const alice = await visitorInChat();
    const mallory = await startVisitor(server.url);
    try {
      alice.socket.on('tool:execute', async (call: ToolExecute) => {
        const stolen = await json<ApiError>(`${server.url}/api/v1/widget/tool-calls/${call.callId}/result`, { token: mallory.token, body: { ok: true, result: 'forged' } });
        assert.equal(stolen.status, 404);
        await json(`${server.url}/api/v1/widget/tool-calls/${call.callId}/result`, { token: alice.token, body: { ok: true, result: 'from REST' } });
      });
      const called = await callTool(alice.conversationId, { name: 'page.url' });
      assert.equal(called.body.result, 'from REST');

      const cases: Array<[unknown, string]> = [
        [{ name: 'two words' }, 'name'],
        [{ name: 'x', timeoutMs: 10 }, 'timeoutMs'],
        [{ name: 'x', args: 'y'.repeat(40_000) }, 'args'],
        [{ name: 'x', other: 1 }, 'other'],
      ];
      for (const [body, param] of cases) {
        const refused = await callTool(alice.conversationId, body);
        assert.equal(refused.status, 400, JSON.stringify(body).slice(0, 80));
        assert.equal(refused.body.error.param, param);
      }
      assert.equal((await callTool('cv_nope', { name: 'x' })).status, 404);
      const badAnswer = await json<ApiError>(`${server.url}/api/v1/widget/tool-calls/tc_x/result`, { token: alice.token, body: { ok: 'yes' } });
      assert.equal(badAnswer.status, 400);
    } finally {
      alice.socket.disconnect();
    }
  });
});
