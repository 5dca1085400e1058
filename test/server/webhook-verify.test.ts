// support-chat/webhook checks a delivery the real server signed, and refuses anything else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SupportChatAdmin } from '../../src/sdk/index.js';
import { verifyWebhook, WebhookSignatureError, type WebhookSignatureProblem } from '../../src/sdk/webhook.js';
import { ADMIN_TOKEN, json, receiver, startServer, startVisitor, until, type Received, type TestServer } from './helpers.js';

let server: TestServer;
let delivery: Received;
let secret: string;
let signature: string;

before(async () => {
  server = await startServer();
  const hook = await receiver();
  const admin = new SupportChatAdmin({ server: server.url, token: ADMIN_TOKEN });
  const created = await admin.webhooks.create({ url: hook.url, events: ['message.created'] });
  secret = created.secret;
  try {
    const visitor = await startVisitor(server.url);
    await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'v1', text: 'sign me — ünïcödé' } });
    delivery = await until(() => hook.received[0], 'a delivery');
    signature = String(delivery.headers['x-support-chat-signature']);
  } finally {
    await admin.webhooks.delete(created.webhook.id);
    await hook.close();
  }
});
after(() => server.cleanup());

const refused = (reason: WebhookSignatureProblem) => (error: unknown) => error instanceof WebhookSignatureError && error.reason === reason;

describe('verifyWebhook', () => {
  test("verifies the server's signature over the raw body (text or bytes) and returns the event", async () => {
    const event = await verifyWebhook(delivery.body, signature, secret);
    assert.equal(event.type, 'message.created');
    assert.equal(event.type === 'message.created' && event.data.message.text, 'sign me — ünïcödé');
    assert.equal(event.id, delivery.headers['x-support-chat-delivery']);
    assert.deepEqual(await verifyWebhook(new TextEncoder().encode(delivery.body), [signature], secret), event);
  });

  test('refuses a tampered body, another secret, a missing or malformed header', async () => {
    await assert.rejects(verifyWebhook(delivery.body.replace('sign me', 'sign it'), signature, secret), refused('mismatch'));
    await assert.rejects(verifyWebhook(`${delivery.body} `, signature, secret), refused('mismatch'));
    await assert.rejects(verifyWebhook(delivery.body, signature, 'whsec_another'), refused('mismatch'));
    await assert.rejects(verifyWebhook(delivery.body, signature.replace(/v1=.{8}/, 'v1=00000000'), secret), refused('mismatch'));
    await assert.rejects(verifyWebhook(delivery.body, undefined, secret), refused('missing'));
    await assert.rejects(verifyWebhook(delivery.body, signature.replace(/,v1=.*/, ''), secret), refused('malformed'));
    await assert.rejects(verifyWebhook(delivery.body, signature.replace(/t=\d+/, 't=soon'), secret), refused('malformed'));
  });

  test('refuses a stale or future timestamp beyond the tolerance, and re-signing with another time', async () => {
    const signedAt = Number(/t=(\d+)/.exec(signature)![1]) * 1000;
    await assert.rejects(verifyWebhook(delivery.body, signature, secret, { now: signedAt + 301_000 }), refused('expired'));
    await assert.rejects(verifyWebhook(delivery.body, signature, secret, { now: signedAt - 301_000 }), refused('expired'));
    assert.ok(await verifyWebhook(delivery.body, signature, secret, { now: signedAt + 3_000_000, toleranceSeconds: 3600 }));
    await assert.rejects(verifyWebhook(delivery.body, signature, secret, { now: signedAt + 11_000, toleranceSeconds: 10 }), refused('expired'));
    // The time is signed too: a replay an hour later with `t` moved to then does not match.
    const later = signedAt + 3_600_000;
    await assert.rejects(verifyWebhook(delivery.body, signature.replace(/t=\d+/, `t=${later / 1000}`), secret, { now: later }), refused('mismatch'));
  });
});
