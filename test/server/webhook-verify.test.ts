// support-chat/webhook checks a delivery the real server signed, and refuses anything else.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { SupportChatAdmin } from '../../src/sdk/index.js';
import { verifyWebhook, WebhookSignatureError, type WebhookSignatureProblem } from '../../src/sdk/webhook.js';
import { ADMIN_TOKEN, freePort, json, receiver, startServer, startVisitor, until, type Received, type TestServer } from './helpers.js';

let server: TestServer;
let delivery: Received;
let secret: string;
let signature: string;

before(async () => {
  // The receiver listens on loopback, as an operator's own does with WEBHOOKS_ALLOW_PRIVATE=1.
  server = await startServer({ webhooks: { allowPrivate: true } });
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

test('examples/verify-webhook.mjs accepts the signed delivery and refuses a changed one', async () => {
  const port = await freePort();
  // Run as a user runs it, importing support-chat/webhook by name (resolved to src/ without a build).
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/package-source.mjs', 'examples/verify-webhook.mjs'], {
    env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    await until(() => output.includes('listening'), 'the receiver to listen');
    const send = (body: string) =>
      fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-support-chat-signature': signature }, body });
    assert.equal((await send(delivery.body)).status, 204);
    await until(() => output.includes(`message.created ${delivery.headers['x-support-chat-delivery']}`), 'the logged event');
    const forged = await send(delivery.body.replace('sign me', 'pay me'));
    assert.deepEqual([forged.status, await forged.text()], [401, 'mismatch']);
  } finally {
    child.kill();
    await once(child, 'exit');
  }
});
