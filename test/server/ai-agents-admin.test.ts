import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { AiAgent, ApiError, Channel, ChannelConfig, Page } from '../../src/protocol.js';
import { readConfig } from '../../server/config.js';
import { ADMIN_TOKEN, json, startServer, type TestServer } from './helpers.js';

/** AI agents in the admin API (DESIGN.md §10): CRUD, the key never returned and sealed at rest, endpoints, channel settings. */

const KEY = 'sk-test-plaintext-key-0123456789';
const ENV = { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-env-key-abcdef', model: 'env-model', allowPrivate: false };

let server: TestServer;
let open: TestServer;
before(async () => {
  server = await startServer({ ai: ENV });
  open = await startServer({ ai: { ...ENV, allowPrivate: true } });
});
after(async () => {
  await server.cleanup();
  await open.cleanup();
});

const admin = <T = unknown>(path: string, body?: unknown, method?: string, at = server, headers: Record<string, string> = {}) =>
  json<T & ApiError>(`${at.url}/api/v1/admin${path}`, { token: ADMIN_TOKEN, headers, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) });

describe('AI agents: admin API', () => {
  test('created, listed, read, patched and deleted; the key is never in an answer and is sealed in the database file', async () => {
    const input = { name: 'Helper', baseUrl: 'https://models.example/v1/', model: 'small', apiKey: KEY, instructions: 'Be brief.', tools: [{ name: 'cart', description: 'The cart', parameters: { type: 'object' } }] };
    const created = await admin<AiAgent>('/ai-agents', input, undefined, server, { 'Idempotency-Key': 'create-helper' });
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^ai_/);
    assert.deepEqual({ ...created.body, id: '', createdAt: '', updatedAt: '' }, {
      id: '', name: 'Helper', baseUrl: 'https://models.example/v1', model: 'small', hasApiKey: true, instructions: 'Be brief.',
      knowledge: { faqs: true, articles: true }, tools: input.tools, handoff: { onRequest: true, onNoAnswer: true, message: '' },
      maxTokens: 1024, maxToolRounds: 4, createdAt: '', updatedAt: '',
    });
    const replay = await admin<AiAgent>('/ai-agents', input, undefined, server, { 'Idempotency-Key': 'create-helper' });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body.id, created.body.id);

    const id = created.body.id;
    const patch = await admin<AiAgent>(`/ai-agents/${id}`, { handoff: { message: 'A person will be with you.' }, knowledge: { articles: false } }, 'PATCH');
    const answers = [created, replay, await admin(`/ai-agents/${id}`), await admin<Page<AiAgent>>('/ai-agents'), patch];
    for (const answer of answers) {
      assert.equal(answer.status, 200 + (answer === created || answer === replay ? 1 : 0));
      const text = JSON.stringify(answer.body);
      assert.ok(!text.includes(KEY) && !text.includes('apiKey') && !text.includes('encrypted'), text);
    }
    const patched = patch.body;
    assert.deepEqual(patched.handoff, { onRequest: true, onNoAnswer: true, message: 'A person will be with you.' }, 'merged key by key');
    assert.deepEqual(patched.knowledge, { faqs: true, articles: false });
    assert.equal(patched.model, 'small', 'what the patch leaves out stays');

    // Sealed at rest: neither the database nor its WAL holds the key; the server opens it to call the model.
    const row = new Database(server.file, { readonly: true }).prepare('SELECT api_key FROM ai_agents WHERE id = ?').get(id) as { api_key: string };
    assert.match(row.api_key, /^v1\./);
    for (const file of [server.file, `${server.file}-wal`]) if (existsSync(file)) assert.ok(!readFileSync(file).includes(KEY), file);
    const record = (await server.store.getAiAgent(id))!;
    assert.equal(server.app.services.aiAgents.endpoint(record)?.apiKey, KEY);

    const cleared = await admin<AiAgent>(`/ai-agents/${id}`, { apiKey: null }, 'PATCH');
    assert.equal(cleared.body.hasApiKey, false);
    assert.equal((await admin(`/ai-agents/${id}`, undefined, 'DELETE')).status, 204);
    assert.equal((await admin(`/ai-agents/${id}`)).status, 404);
    assert.equal((await admin(`/ai-agents/${id}`, undefined, 'DELETE')).status, 404);
  });

  test('bad input is a 400 naming the field; a private baseUrl is refused unless AI_ALLOW_PRIVATE', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'name'],
      [{ name: ' ' }, 'name'],
      [{ name: 'A', baseUrl: 'ftp://models.example/v1' }, 'baseUrl'],
      [{ name: 'A', baseUrl: 'javascript:alert(1)' }, 'baseUrl'],
      [{ name: 'A', baseUrl: 'http://127.0.0.1:11434/v1' }, 'baseUrl'],
      [{ name: 'A', baseUrl: 'http://[::1]:11434/v1' }, 'baseUrl'],
      [{ name: 'A', baseUrl: 'http://192.168.1.20/v1' }, 'baseUrl'],
      [{ name: 'A', tools: [{ name: 'handoff_to_human', description: '', parameters: {} }] }, 'tools.0.name'],
      [{ name: 'A', tools: [{ name: 'x', description: '', parameters: {} }, { name: 'show_blocks', description: '', parameters: {} }] }, 'tools.1.name'],
      [{ name: 'A', tools: [{ name: 'x', description: '', parameters: {} }, { name: 'x', description: '', parameters: {} }] }, 'tools.1.name'],
      [{ name: 'A', maxToolRounds: 99 }, 'maxToolRounds'],
      [{ name: 'A', secret: 1 }, 'secret'],
    ];
    for (const [body, param] of cases) {
      const refused = await admin('/ai-agents', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error.param, param, JSON.stringify(body));
    }
    const agent = (await admin<AiAgent>('/ai-agents', { name: 'Public' })).body;
    const patched = await admin(`/ai-agents/${agent.id}`, { baseUrl: 'http://10.0.0.5/v1' }, 'PATCH');
    assert.equal(patched.status, 400);
    assert.equal(patched.body.error.param, 'baseUrl');
    // The documented opt-in for a model on the same host (a local Ollama).
    const local = await admin<AiAgent>('/ai-agents', { name: 'Local', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2' }, undefined, open);
    assert.equal(local.status, 201);
    assert.equal(local.body.baseUrl, 'http://127.0.0.1:11434/v1');
  });

  test('the environment gives the defaults; its key goes only to its own endpoint', async () => {
    const bare = (await admin<AiAgent>('/ai-agents', { name: 'Defaults' })).body;
    const own = (await admin<AiAgent>('/ai-agents', { name: 'Own', baseUrl: 'https://other.example/v1' })).body;
    const endpoint = async (id: string) => server.app.services.aiAgents.endpoint((await server.store.getAiAgent(id))!);
    assert.deepEqual(await endpoint(bare.id), { baseUrl: ENV.baseUrl, model: ENV.model, apiKey: ENV.apiKey, allowPrivate: true });
    assert.deepEqual(await endpoint(own.id), { baseUrl: 'https://other.example/v1', model: ENV.model, apiKey: null, allowPrivate: false });

    const config = readConfig({ DATA_DIR: server.file.replace(/[^/]+$/, 'env'), SESSION_SECRET: 'x'.repeat(40), AI_BASE_URL: 'http://localhost:11434/v1/', AI_MODEL: 'llama3.2', AI_ALLOW_PRIVATE: '1' });
    assert.deepEqual(config.ai, { baseUrl: 'http://localhost:11434/v1', apiKey: undefined, model: 'llama3.2', allowPrivate: true });
    assert.deepEqual(readConfig({ DATA_DIR: server.file.replace(/[^/]+$/, 'env'), SESSION_SECRET: 'x'.repeat(40) }).ai, { baseUrl: undefined, apiKey: undefined, model: undefined, allowPrivate: false });
    assert.throws(() => readConfig({ DATA_DIR: server.file.replace(/[^/]+$/, 'env'), SESSION_SECRET: 'x'.repeat(40), AI_BASE_URL: 'file:///etc' }), /AI_BASE_URL/);
  });

  test('a channel names existing agents only; its public config shows its own agent; a named agent cannot be deleted', async () => {
    const first = (await admin<AiAgent>('/ai-agents', { name: 'Front desk', handoff: { onRequest: false } })).body;
    const second = (await admin<AiAgent>('/ai-agents', { name: 'Billing' })).body;
    const cases: Array<[unknown, string]> = [
      [{ ai: { agentId: 'ai_missing', allowed: [] } }, 'settings.ai.agentId'],
      [{ ai: { agentId: first.id, allowed: [second.id, 'ai_missing'] } }, 'settings.ai.allowed.1'],
      [{ ai: { agentId: 'bad id!', allowed: [] } }, 'settings.ai.agentId'],
      [{ ai: { allowed: [] } }, 'settings.ai.agentId'],
    ];
    for (const [settings, param] of cases) {
      const refused = await admin('/channels/test', { settings }, 'PATCH');
      assert.equal(refused.status, 400, JSON.stringify(settings));
      assert.equal(refused.body.error.param, param);
    }
    const created = await admin('/channels', { key: 'ai-missing', name: 'x', settings: { ai: { agentId: 'ai_missing', allowed: [] } } });
    assert.deepEqual([created.status, created.body.error.param], [400, 'settings.ai.agentId']);

    const config = async () => (await json<ChannelConfig>(`${server.url}/api/v1/widget/channels/test/config`)).body.ai;
    assert.equal(await config(), null);
    const set = await admin<Channel>('/channels/test', { settings: { ai: { agentId: first.id, allowed: [second.id] } } }, 'PATCH');
    assert.equal(set.status, 200);
    assert.deepEqual(set.body.settings.ai, { agentId: first.id, allowed: [second.id] });
    assert.deepEqual(await config(), { agentId: first.id, name: 'Front desk', allowed: [second.id], handoff: false });

    const refused = await admin(`/ai-agents/${second.id}`, undefined, 'DELETE');
    assert.deepEqual([refused.status, refused.body.error.code], [409, 'conflict']);
    assert.equal((await admin('/channels/test', { settings: { ai: null } }, 'PATCH')).status, 200);
    assert.equal(await config(), null);
    assert.equal((await admin(`/ai-agents/${second.id}`, undefined, 'DELETE')).status, 204);
  });
});
