import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiError } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, loginAgent, startServer, type TestServer } from './helpers.js';

describe('admin API', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startServer();
    admin = `${server.url}/api/v1/admin`;
  });
  after(() => server.cleanup());

  test('needs ADMIN_TOKEN or an admin agent', async () => {
    assert.equal((await json(`${admin}/channels`)).status, 401);
    assert.equal((await json(`${admin}/channels`, { token: 'wrong-token' })).status, 401);
    const agentToken = await loginAgent(server.url);
    assert.equal((await json(`${admin}/channels`, { token: agentToken })).status, 403, 'the test agent is not an admin');
    assert.equal((await json(`${admin}/channels`, { token: ADMIN_TOKEN })).status, 200);
  });

  test('creates a channel the widget can use at once', async () => {
    const created = await json<{ key: string }>(`${admin}/channels`, {
      token: ADMIN_TOKEN,
      body: { key: 'shop', name: 'Shop', allowedOrigins: ['https://shop.example'], settings: { greeting: 'Welcome to the shop' } },
    });
    assert.equal(created.status, 201);
    const config = await json<{ greeting: string }>(`${server.url}/api/v1/widget/channels/shop/config`, {
      headers: { origin: 'https://shop.example' },
    });
    assert.equal(config.body.greeting, 'Welcome to the shop');
    const duplicate = await json<ApiError>(`${admin}/channels`, { token: ADMIN_TOKEN, body: { key: 'shop', name: 'Again' } });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.param, 'key');
  });

  test('refuses bad channel input naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ key: 'Bad Key', name: 'x' }, 'key'],
      [{ key: 'ok-key', name: 'x', allowedOrigins: ['https://a.example/path'] }, 'allowedOrigins.0'],
      [{ key: 'ok-key', name: 'x', settings: { primaryColor: 'red; background: url(x)' } }, 'settings.primaryColor'],
    ];
    for (const [body, param] of cases) {
      const response = await json<ApiError>(`${admin}/channels`, { token: ADMIN_TOKEN, body });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.param, param);
    }
  });

  test("a channel's pre-chat form: set and cleared by the admin API, public in the widget's config, bad fields named", async () => {
    const form = {
      fields: [
        { key: 'name', type: 'name', label: 'Your name', required: true },
        { key: 'topic', type: 'select', label: 'Topic', options: ['Orders', 'Billing'] },
        { key: 'privacy', type: 'consent', label: 'I accept the privacy policy', url: 'https://shop.example/privacy', required: true },
      ],
    };
    await json(`${admin}/channels`, { token: ADMIN_TOKEN, body: { key: 'prechat', name: 'Pre-chat' } });
    const config = async () => (await json<{ preChat: unknown }>(`${server.url}/api/v1/widget/channels/prechat/config`)).body.preChat;
    assert.equal(await config(), null, 'no form by default');
    const patched = await json<{ settings: { preChat: unknown } }>(`${admin}/channels/prechat`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { preChat: form } } });
    assert.deepEqual([patched.status, patched.body.settings.preChat], [200, form]);
    assert.deepEqual(await config(), form);
    const field = (extra: object) => ({ settings: { preChat: { fields: [{ key: 'k', type: 'text', label: 'Question', ...extra }] } } });
    const cases: Array<[unknown, string]> = [
      [field({ type: 'select' }), 'settings.preChat.fields.0.options'],
      [field({ type: 'date' }), 'settings.preChat.fields.0.type'],
      [field({ key: 'two words' }), 'settings.preChat.fields.0.key'],
      [field({ url: 'javascript:alert(1)' }), 'settings.preChat.fields.0.url'],
      [field({ label: '' }), 'settings.preChat.fields.0.label'],
      [{ settings: { preChat: { fields: [form.fields[0], { ...form.fields[0] }] } } }, 'settings.preChat.fields.1.key'],
      [{ settings: { preChat: { fields: Array.from({ length: 13 }, (_, index) => ({ key: `k${index}`, type: 'text', label: 'q' })) } } }, 'settings.preChat.fields'],
    ];
    for (const [body, param] of cases) {
      const refused = await json<ApiError>(`${admin}/channels/prechat`, { method: 'PATCH', token: ADMIN_TOKEN, body });
      assert.deepEqual([refused.status, refused.body.error.param], [400, param], JSON.stringify(body));
    }
    assert.deepEqual(await config(), form, 'a refused update changes nothing');
    await json(`${admin}/channels/prechat`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { preChat: null } } });
    assert.equal(await config(), null);
  });

  test('the channel rules live in ChannelService: any caller of the service meets them, not only the admin router', async () => {
    const { channels } = server.app.services;
    await assert.rejects(channels.create({ key: 'svc-direct', name: 'Direct', allowedOrigins: [], settings: { direct: true } }), { code: 'invalid_request', param: 'settings.direct' });
    const created = await channels.create({ key: 'svc-shop', name: 'Shop', allowedOrigins: [], settings: {} });
    // Two creates of one key at once: one wins, the other is a conflict (never a 5xx).
    const race = await Promise.allSettled([0, 1].map(() => channels.create({ key: 'svc-race', name: 'Race', allowedOrigins: [], settings: {} })));
    assert.deepEqual(race.map((outcome) => outcome.status).sort(), ['fulfilled', 'rejected']);
    assert.equal(((race.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason as { code: string }).code, 'conflict');
    await assert.rejects(channels.update(created.key, { settings: { direct: true } }), { code: 'invalid_request', param: 'settings.direct' });
    await assert.rejects(channels.signLink(created.key, { externalUserId: 'u1', nickname: '' }), { code: 'conflict', param: 'settings.links' });
    await channels.update(created.key, { settings: { links: true } });
    const link = await channels.signLink(created.key, { externalUserId: 'u1', nickname: 'Ann' });
    assert.match(link.path, /^\/c\?k=svc-shop&u=u1&nick=Ann&t=\d+&s=/);
    await assert.rejects(channels.rotateSecret(created.key, 'other'), { code: 'invalid_request', param: 'kind' });
    await assert.rejects(channels.rotateSecret('no-such-channel', 'link'), { code: 'not_found' });
  });
});
