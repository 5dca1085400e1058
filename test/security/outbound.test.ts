import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isPublicAddress } from '../../server/outbound.js';
import type { ApiError, Page, Webhook, WebhookDelivery } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, receiver, startServer, startVisitor, until, type TestServer } from '../server/helpers.js';

/** Every form of a non-public target the issue lists, and a few more of the same kind. */
const PRIVATE_URLS = [
  'http://127.0.0.1:3000/internal',
  'http://localhost:3000/internal', // a name that resolves to loopback
  'http://[::1]/',
  'http://127.1/',
  'http://0x7f000001/',
  'http://2130706433/',
  'http://017700000001/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://0.0.0.0/',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://224.0.0.1/',
  'http://[fd00::1]/',
  'http://[fe80::1]/',
  'http://[ff02::1]/',
  'http://[64:ff9b::7f00:1]/',
];

async function sendOneMessage(url: string): Promise<void> {
  const visitor = await startVisitor(url);
  await json(`${url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'out-1', text: 'hello' } });
}

describe('webhook URLs reach public addresses only (WEBHOOKS_ALLOW_PRIVATE unset)', () => {
  let server: TestServer;
  const admin = <T = unknown>(path: string, body?: unknown, method?: string) =>
    json<T & ApiError>(`${server.url}/api/v1/admin${path}`, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) });

  before(async () => {
    server = await startServer({ webhooks: { pollMs: 20, retryBaseMs: 60_000 } });
  });
  after(() => server.cleanup());

  test('addresses are judged by ipaddr.js ranges: public unicast only', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111']) assert.equal(isPublicAddress(address), true, address);
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '169.254.169.254', '10.1.2.3', '192.168.0.1', 'fd12::1', '224.0.0.1', '0.0.0.0', 'not an address']) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });

  test('creation refuses loopback, link-local, private and multicast targets in every spelling, and file:', async () => {
    for (const url of [...PRIVATE_URLS, 'file:///etc/passwd']) {
      const refused = await admin('/webhooks', { url, events: ['message.created'] });
      assert.equal(refused.status, 400, url);
      assert.equal(refused.body.error.param, 'url', url);
    }
    assert.equal((await admin<Page<Webhook>>('/webhooks')).body.data.length, 0, 'none was stored');
  });

  test('a public address, or a name that does not resolve yet, is accepted; an update to a private one is refused', async () => {
    const created = await admin<Webhook>('/webhooks', { url: 'https://93.184.215.14/hook', events: ['tool.result'] });
    assert.equal(created.status, 201);
    assert.equal((await admin('/webhooks', { url: 'https://hooks.invalid/a', events: ['tool.result'] })).status, 201);
    const moved = await admin(`/webhooks/${created.body.id}`, { url: 'http://[::1]:8080/' }, 'PATCH');
    assert.equal(moved.status, 400);
    assert.equal(moved.body.error.param, 'url');
    assert.equal((await admin<Webhook>(`/webhooks/${created.body.id}`)).body.url, 'https://93.184.215.14/hook');
    for (const webhook of (await admin<Page<Webhook>>('/webhooks')).body.data) await admin(`/webhooks/${webhook.id}`, undefined, 'DELETE');
  });

  test('delivery checks again after resolving: a stored private target is never contacted, and its log says only "unreachable"', async () => {
    const hook = await receiver();
    const port = new URL(hook.url).port;
    // Rows as an earlier version, or a name whose DNS changed since, could leave them.
    const stored = await Promise.all(
      [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`].map((url) =>
        server.store.createWebhook({ url, events: ['message.created'], channel: null, active: true, secret: 'whsec_test' }),
      ),
    );
    try {
      await sendOneMessage(server.url);
      for (const webhook of stored) {
        const [delivery] = await until(async () => {
          const log = (await admin<Page<WebhookDelivery>>(`/webhooks/${webhook.id}/deliveries`)).body.data;
          return log[0]?.attempts === 1 && log;
        }, `the attempt to ${webhook.url}`);
        assert.equal(delivery!.lastError, 'unreachable', webhook.url);
        assert.equal(delivery!.lastStatus, null, webhook.url);
      }
      assert.equal(hook.received.length, 0, 'nothing reached the loopback receiver');
    } finally {
      for (const webhook of stored) await admin(`/webhooks/${webhook.id}`, undefined, 'DELETE');
      await hook.close();
    }
  });
});

describe('with WEBHOOKS_ALLOW_PRIVATE=1', () => {
  let server: TestServer;
  const admin = <T = unknown>(path: string, body?: unknown) => json<T & ApiError>(`${server.url}/api/v1/admin${path}`, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }) });
  const firstAttempt = (id: string) =>
    until(async () => (await admin<Page<WebhookDelivery>>(`/webhooks/${id}/deliveries`)).body.data.find((delivery) => delivery.attempts >= 1), 'the first attempt');

  before(async () => {
    server = await startServer({ webhooks: { pollMs: 20, retryBaseMs: 60_000, allowPrivate: true } });
  });
  after(() => server.cleanup());

  test('a closed port is logged as "unreachable", not as the connection error naming the address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const { body: webhook } = await admin<Webhook>('/webhooks', { url: `http://127.0.0.1:${port}/internal`, events: ['message.created'] });
    await sendOneMessage(server.url);
    const delivery = await firstAttempt(webhook.id);
    assert.equal(delivery.lastError, 'unreachable');
    assert.doesNotMatch(JSON.stringify(delivery), /ECONNREFUSED|127\.0\.0\.1/);
  });

  test('a redirect is the answer, never followed', async () => {
    const target = await receiver();
    const bounce = createServer((_req, res) => res.writeHead(307, { location: target.url }).end());
    await new Promise<void>((resolve) => bounce.listen(0, '127.0.0.1', resolve));
    try {
      const { body: webhook } = await admin<Webhook>('/webhooks', { url: `http://127.0.0.1:${(bounce.address() as AddressInfo).port}/hook`, events: ['conversation.created'] });
      await sendOneMessage(server.url);
      const delivery = await firstAttempt(webhook.id);
      assert.deepEqual([delivery.lastStatus, delivery.lastError], [307, 'HTTP 307']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(target.received.length, 0, 'the redirect target was not contacted');
    } finally {
      await new Promise((resolve) => bounce.close(resolve));
      await target.close();
    }
  });
});
