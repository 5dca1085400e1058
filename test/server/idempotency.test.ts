import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiError, Page } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, loginAgent, startServer, startVisitor, type TestServer } from './helpers.js';

describe('Idempotency-Key on agent and admin POSTs', () => {
  let server: TestServer;
  let agentToken: string;
  const post = (path: string, body: unknown, key?: string, token = ADMIN_TOKEN) =>
    json<Record<string, unknown> & ApiError>(`${server.url}/api/v1${path}`, { token, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
  const count = async (path: string) => (await json<Page<unknown>>(`${server.url}/api/v1${path}`, { token: ADMIN_TOKEN })).body.data.length;

  before(async () => {
    server = await startServer();
    agentToken = await loginAgent(server.url);
  });
  after(() => server.cleanup());

  test('every admin create: the same key and body get the first answer again, and nothing is created twice', async () => {
    const creates: Array<[string, unknown, string]> = [
      ['/admin/channels', { key: 'shop', name: 'Shop' }, '/admin/channels'],
      ['/admin/channels/test/faqs', { question: 'Price?', answer: '10 €' }, '/admin/channels/test/faqs'],
      ['/admin/agents', { email: 'new@test.example', name: 'New' }, '/admin/agents'],
      ['/admin/bots', { name: 'Helper' }, '/admin/agents'],
      ['/admin/webhooks', { url: 'https://93.184.215.14/hook', events: ['message.created'] }, '/admin/webhooks'],
    ];
    for (const [path, body, list] of creates) {
      const before = await count(list);
      const first = await post(path, body, `key-${path}`);
      assert.equal(first.status, 201, path);
      const again = await post(path, body, `key-${path}`);
      assert.equal(again.status, 201, path);
      assert.deepEqual(again.body, first.body, `${path}: the first answer, secrets included`);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(await count(list), before + 1, `${path}: created once`);
    }
    // Rotations and signatures answer once per key too.
    const rotated = await post('/admin/channels/test/secrets/identity/rotate', {}, 'rotate-1');
    assert.deepEqual((await post('/admin/channels/test/secrets/identity/rotate', {}, 'rotate-1')).body, rotated.body);
    assert.notDeepEqual((await post('/admin/channels/test/secrets/identity/rotate', {}, 'rotate-2')).body, rotated.body);
  });

  test('the same key with another body or path is a 409 naming Idempotency-Key; without a key every POST runs', async () => {
    assert.equal((await post('/admin/channels', { key: 'first', name: 'First' }, 'reused')).status, 201);
    for (const [path, body] of [['/admin/channels', { key: 'second', name: 'Second' }], ['/admin/bots', { name: 'First' }]] as const) {
      const conflict = await post(path, body, 'reused');
      assert.equal(conflict.status, 409, path);
      assert.equal(conflict.body.error.param, 'Idempotency-Key');
    }
    const bots = await count('/admin/agents');
    await post('/admin/bots', { name: 'Twin' });
    await post('/admin/bots', { name: 'Twin' });
    assert.equal(await count('/admin/agents'), bots + 2);
    assert.equal((await post('/admin/bots', { name: 'x' }, 'not a key')).status, 400, 'a key with a space');
  });

  test('a refused request gives its key back: fixed and sent again with the same key, it runs', async () => {
    const refused = await post('/admin/channels', { key: 'Bad Key!', name: 'Bad' }, 'fix-me');
    assert.equal(refused.status, 400);
    assert.equal((await post('/admin/channels', { key: 'fixed', name: 'Fixed' }, 'fix-me')).status, 201);
  });

  test('keys belong to their caller: ADMIN_TOKEN, an admin agent and an agent do not share them', async () => {
    await server.app.services.agents.create({ email: 'boss@test.example', name: 'Boss', password: 'correct horse battery staple', role: 'admin' });
    const boss = (await json<{ token: string }>(`${server.url}/api/v1/agent/login`, { body: { email: 'boss@test.example', password: 'correct horse battery staple' } })).body.token;
    assert.equal((await post('/admin/bots', { name: 'Mine' }, 'shared-name')).status, 201);
    const theirs = await post('/admin/bots', { name: 'Mine' }, 'shared-name', boss);
    assert.equal(theirs.status, 201);
    assert.equal(theirs.headers.get('idempotent-replayed'), null, 'run for the admin agent, not replayed');
  });

  test('agent sends: the key replays the first answer on the agent API too', async () => {
    const visitor = await startVisitor(server.url);
    const opened = await json<{ conversationId: string }>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'v1', text: 'hi' } });
    const path = `/agent/conversations/${opened.body.conversationId}/messages`;
    const first = await post(path, { clientId: 'a1', text: 'Hello!' }, 'send-1', agentToken);
    assert.equal(first.status, 201);
    const again = await post(path, { clientId: 'a1', text: 'Hello!' }, 'send-1', agentToken);
    assert.deepEqual([again.status, again.body], [201, first.body]);
    assert.equal((await post(path, { clientId: 'a2', text: 'Other' }, 'send-1', agentToken)).status, 409);
  });

  test('two identical requests at once create one thing: the other is replayed or told to retry', async () => {
    const before = await count('/admin/agents');
    const answers = await Promise.all(Array.from({ length: 5 }, () => post('/admin/bots', { name: 'Racer' }, 'race')));
    assert.ok(answers.every((answer) => answer.status === 201 || (answer.status === 409 && answer.body.error.retryAfter === 1)), answers.map((a) => a.status).join(' '));
    assert.equal(await count('/admin/agents'), before + 1);
  });
});
