import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Agent, ApiError, ChatMessage, Page, Webhook, WebhookDelivery, WebhookPayload } from '../../src/protocol.js';
import { verifyWebhook, WebhookSignatureError } from '../../src/sdk/webhook.js';
import { ADMIN_TOKEN, freePort, json, loginAgent, receiver, startServer, startVisitor, until, type TestServer } from './helpers.js';

const RETRY_BASE_MS = 60;

let server: TestServer;
before(async () => {
  // The receivers listen on loopback, as an operator's own do with WEBHOOKS_ALLOW_PRIVATE=1.
  server = await startServer({ webhooks: { retryBaseMs: RETRY_BASE_MS, maxAttempts: 3, pollMs: 20, allowPrivate: true } });
});
after(() => server.cleanup());

const admin = <T = unknown>(path: string, body?: unknown, method?: string) =>
  json<T & ApiError>(`${server.url}/api/v1/admin${path}`, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) });
const deliveries = async (id: string) => (await admin<Page<WebhookDelivery>>(`/webhooks/${id}/deliveries`)).body.data;

describe('webhooks', () => {
  test('admins create, list (secret never listed), update and delete webhooks; bad input is named', async () => {
    const created = await admin<Webhook & { secret: string }>('/webhooks', { url: 'https://hooks.example/a', events: ['message.created'] });
    assert.equal(created.status, 201);
    assert.match(created.body.secret, /^whsec_/);
    const listed = await admin<Page<Webhook>>('/webhooks');
    assert.ok(listed.body.data.every((webhook) => !('secret' in webhook)));
    assert.equal((await admin(`/webhooks/${created.body.id}`, { active: false }, 'PATCH')).status, 200);
    const rotated = await admin<{ secret: string }>(`/webhooks/${created.body.id}/secret/rotate`, {});
    assert.notEqual(rotated.body.secret, created.body.secret);

    const cases: Array<[unknown, string]> = [
      [{ url: 'ftp://hooks.example', events: ['message.created'] }, 'url'],
      [{ url: 'https://hooks.example', events: ['message.deleted'] }, 'events.0'],
      [{ url: 'https://hooks.example', events: [] }, 'events'],
      [{ url: 'https://hooks.example', events: ['tool.result'], extra: 1 }, 'extra'],
    ];
    for (const [body, param] of cases) {
      const refused = await admin('/webhooks', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error.param, param);
    }
    assert.equal((await admin('/webhooks', { url: 'https://hooks.example', events: ['tool.result'], channel: 'nope' })).status, 404);
    assert.equal((await admin(`/webhooks/${created.body.id}`, undefined, 'DELETE')).status, 204);
    assert.equal((await admin(`/webhooks/${created.body.id}`)).status, 404);
  });

  test('events arrive signed per DESIGN.md §3; support-chat/webhook verifies them', async () => {
    const hook = await receiver();
    const { body: webhook } = await admin<Webhook & { secret: string }>('/webhooks', { url: hook.url, events: ['message.created', 'conversation.created', 'conversation.closed'], channel: 'test' });
    try {
      const visitor = await startVisitor(server.url);
      const sent = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'w1', text: 'hello hooks' } });
      await until(() => hook.received.length >= 2 && hook.received, 'two deliveries');
      const byType = new Map(hook.received.map((request) => [JSON.parse(request.body).type as string, request]));
      const message = byType.get('message.created')!;
      const payload = JSON.parse(message.body) as WebhookPayload<{ message: ChatMessage }>;
      assert.equal(payload.data.message.id, sent.body.id);
      assert.equal(message.headers['x-support-chat-event'], 'message.created');
      assert.equal(message.headers['x-support-chat-delivery'], payload.id);
      assert.match(String(message.headers['x-support-chat-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
      const signature = message.headers['x-support-chat-signature'];
      assert.deepEqual(await verifyWebhook(message.body, signature, webhook.secret), payload);
      await assert.rejects(verifyWebhook(`${message.body} `, signature, webhook.secret), WebhookSignatureError, 'a changed body fails');
      await assert.rejects(verifyWebhook(message.body, signature, 'whsec_other'), WebhookSignatureError, 'another secret fails');
      await assert.rejects(verifyWebhook(message.body, signature, webhook.secret, { now: Date.now() + 600_000 }), WebhookSignatureError, 'an old signature fails');
      assert.ok(byType.has('conversation.created'));

      const agent = await loginAgent(server.url);
      await json(`${server.url}/api/v1/agent/conversations/${sent.body.conversationId}/close`, { token: agent, body: {} });
      await json(`${server.url}/api/v1/widget/conversation/rating`, { token: visitor.token, body: { score: 5 } });
      await until(() => hook.received.some((request) => JSON.parse(request.body).type === 'conversation.closed'), 'conversation.closed');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(hook.received.filter((request) => JSON.parse(request.body).type === 'conversation.closed').length, 1, 'a rating is not a second close');
      const log = await deliveries(webhook.id);
      assert.ok(log.every((delivery) => delivery.status === 'delivered' && delivery.attempts === 1 && delivery.lastStatus === 200));
    } finally {
      await admin(`/webhooks/${webhook.id}`, undefined, 'DELETE');
      await hook.close();
    }
  });

  test('a failing receiver is retried with growing delays; the delivery log shows each outcome', async () => {
    const hook = await receiver((index) => (index < 2 ? 503 : 200));
    const { body: webhook } = await admin<Webhook>('/webhooks', { url: hook.url, events: ['message.created'] });
    try {
      const visitor = await startVisitor(server.url);
      await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'r1', text: 'retry me' } });
      const [delivery] = await until(async () => {
        const log = await deliveries(webhook.id);
        return log[0]?.status === 'delivered' && log;
      }, 'the third attempt');
      assert.equal(delivery!.attempts, 3);
      assert.equal(delivery!.lastStatus, 200);
      assert.equal(hook.received.length, 3);
      const ids = new Set(hook.received.map((request) => JSON.parse(request.body).id));
      assert.equal(ids.size, 1, 'the same event id on every attempt');
      const [first, second, third] = hook.received.map((request) => request.at);
      assert.ok(second! - first! >= RETRY_BASE_MS, `first retry after ≥ ${RETRY_BASE_MS} ms (${second! - first!})`);
      assert.ok(third! - second! >= 4 * RETRY_BASE_MS, `second retry after ≥ ${4 * RETRY_BASE_MS} ms (${third! - second!})`);
    } finally {
      await admin(`/webhooks/${webhook.id}`, undefined, 'DELETE');
      await hook.close();
    }
  });

  test('after the last attempt a delivery is failed; redeliver sends it again', async () => {
    let healthy = false;
    const hook = await receiver(() => (healthy ? 200 : 500));
    const { body: webhook } = await admin<Webhook>('/webhooks', { url: hook.url, events: ['conversation.created'] });
    try {
      await json(`${server.url}/api/v1/widget/conversation/messages`, { token: (await startVisitor(server.url)).token, body: { clientId: 'f1', text: 'fail me' } });
      const [failed] = await until(async () => {
        const log = await deliveries(webhook.id);
        return log[0]?.status === 'failed' && log;
      }, 'the delivery to fail', 8000);
      assert.deepEqual([failed!.attempts, failed!.lastStatus, failed!.lastError, failed!.nextAttemptAt], [3, 500, 'HTTP 500', null]);
      healthy = true;
      const again = await admin<WebhookDelivery>(`/webhooks/${webhook.id}/deliveries/${failed!.id}/redeliver`, {});
      assert.equal(again.body.status, 'pending');
      await until(async () => (await deliveries(webhook.id))[0]?.status === 'delivered', 'the redelivery');
      assert.equal((await admin(`/webhooks/${webhook.id}/deliveries/whd_nope/redeliver`, {})).status, 404);
    } finally {
      await admin(`/webhooks/${webhook.id}`, undefined, 'DELETE');
      await hook.close();
    }
  });

  test('the README example bot answers from the webhook with its API token', async () => {
    const { body: bot } = await admin<{ agent: Agent; token: string }>('/bots', { name: 'Price Bot' });
    const port = await freePort();
    const { body: webhook } = await admin<Webhook & { secret: string }>('/webhooks', { url: `http://127.0.0.1:${port}/`, events: ['message.created'] });
    // Run as a user runs it, importing support-chat/sdk by name (resolved to src/ without a build).
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/package-source.mjs', 'examples/webhook-bot.mjs'], {
      env: { ...process.env, SUPPORT_CHAT_URL: server.url, BOT_TOKEN: bot.token, WEBHOOK_SECRET: webhook.secret, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise((resolve) => child.stdout!.once('data', resolve));
      const visitor = await startVisitor(server.url);
      await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'b1', text: 'How much does it cost?' } });
      const answer = await until(async () => {
        const page = await json<Page<ChatMessage>>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token });
        return page.body.data.find((message) => message.from === 'agent');
      }, 'the bot answer');
      assert.equal(answer.text, 'Plans start at 10 € a month.');
      assert.equal(answer.author?.name, 'Price Bot');
    } finally {
      child.kill();
      await admin(`/webhooks/${webhook.id}`, undefined, 'DELETE');
    }
  });
});
