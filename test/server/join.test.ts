import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ChatClient } from '../../src/client/index.js';
import type { ApiError, ChatMessage, SessionJoined } from '../../src/protocol.js';
import { memoryStorage } from '../faults/harness.js';
import { connectVisitor, json, loginAgent, startServer, startVisitor, type TestServer } from './helpers.js';

/** The requests `server` answers from now on, as `METHOD /path?query`, until `stop()`. */
function recordRequests(server: TestServer): { readonly seen: string[]; stop(): void } {
  const seen: string[] = [];
  // Express strips mount paths from `url` as it routes (it listens first): `originalUrl` keeps it.
  const onRequest = (request: IncomingMessage & { originalUrl?: string }) => void seen.push(`${request.method} ${request.originalUrl ?? request.url}`);
  server.app.httpServer.on('request', onRequest);
  return { seen, stop: () => void server.app.httpServer.off('request', onRequest) };
}

/** What a visitor's open costs: everything but the handshake and the long-poll that follows the join. */
const joinRequests = (seen: string[]) => seen.filter((line) => !/\/session$/.test(line) && !/[?&]wait=/.test(line));

describe('join: one service operation for the socket and for REST', () => {
  let server: TestServer;
  let api: string;
  let agent: string;
  before(async () => {
    server = await startServer();
    api = `${server.url}/api/v1/widget`;
    agent = await loginAgent(server.url);
  });
  after(() => server.cleanup());

  const joinOverRest = (token: string, query = '') => json<SessionJoined | ApiError>(`${api}/join${query}`, { token });

  test('session:joined and GET /join return the same object for the same visitor, with and without `after`', async () => {
    const visitor = await startVisitor(server.url);
    const empty = await joinOverRest(visitor.token);
    assert.equal(empty.status, 200);
    const overSocket = await connectVisitor(server.url, visitor.token);
    overSocket.socket.disconnect();
    assert.deepEqual(empty.body, overSocket.joined);
    assert.equal((empty.body as SessionJoined).conversation, null);

    const first = await json<ChatMessage>(`${api}/conversation/messages`, { token: visitor.token, body: { clientId: `c_${randomUUID()}`, text: 'hello' } });
    await json(`${server.url}/api/v1/agent/conversations/${first.body.conversationId}/messages`, { token: agent, body: { clientId: `c_${randomUUID()}`, text: 'hi there' } });
    for (const afterSeq of [undefined, 0, 1, 2]) {
      const rest = await joinOverRest(visitor.token, afterSeq === undefined ? '' : `?after=${afterSeq}`);
      const socket = await connectVisitor(server.url, visitor.token, afterSeq);
      socket.socket.disconnect();
      assert.equal(rest.status, 200);
      assert.deepEqual(rest.body, socket.joined, `after=${afterSeq}`);
      assert.equal((rest.body as SessionJoined).conversation?.id, first.body.conversationId);
      assert.deepEqual((rest.body as SessionJoined).messages.map((m) => m.seq), [1, 2].filter((s) => s > (afterSeq ?? 0)));
    }
  });

  test('a join names the conversation shown: the same object over both transports, its messages after `after`, the newest conversations; another visitor\'s id falls back to the default one', async () => {
    const visitor = await startVisitor(server.url);
    const explicit = await json<{ id: string }>(`${api}/conversations`, { token: visitor.token, body: { clientId: `c_${randomUUID()}`, subject: 'Shown' } });
    for (const text of ['one', 'two', 'three']) {
      await json(`${api}/conversations/${explicit.body.id}/messages`, { token: visitor.token, body: { clientId: `c_${randomUUID()}`, text } });
    }
    const inDefault = await json<ChatMessage>(`${api}/conversation/messages`, { token: visitor.token, body: { clientId: `c_${randomUUID()}`, text: 'default' } });
    for (const afterSeq of [undefined, 1, 3]) {
      const query = `?conversationId=${explicit.body.id}${afterSeq === undefined ? '' : `&after=${afterSeq}`}`;
      const rest = (await joinOverRest(visitor.token, query)).body as SessionJoined;
      const socket = await connectVisitor(server.url, visitor.token, afterSeq, explicit.body.id);
      socket.socket.disconnect();
      assert.deepEqual(rest, socket.joined, query);
      assert.equal(rest.conversation?.id, explicit.body.id);
      assert.deepEqual(rest.messages.map((m) => m.text), ['one', 'two', 'three'].slice(afterSeq ?? 0));
      assert.deepEqual(rest.conversations.map((c) => [c.id, c.lastSeq, c.isDefault]), [[inDefault.body.conversationId, 1, true], [explicit.body.id, 3, false]]);
    }
    const stranger = await startVisitor(server.url);
    await json(`${api}/conversation/messages`, { token: stranger.token, body: { clientId: `c_${randomUUID()}`, text: 'mine' } });
    const fallback = (await joinOverRest(stranger.token, `?conversationId=${explicit.body.id}&after=1`)).body as SessionJoined;
    assert.notEqual(fallback.conversation?.id, explicit.body.id);
    assert.deepEqual(fallback.messages.map((m) => m.text), ['mine'], "`after` counted in the other conversation: the newest page instead");
    assert.deepEqual(fallback.conversations.map((c) => c.id), [fallback.conversation?.id]);
    const bad = await joinOverRest(visitor.token, '?conversationId=no%20good');
    assert.deepEqual([bad.status, (bad.body as ApiError).error.param], [400, 'conversationId']);
  });

  test('GET /join needs a token and validates `after` (400 naming it)', async () => {
    const anonymous = await json<ApiError>(`${api}/join`);
    assert.equal(anonymous.status, 401);
    const { token } = await startVisitor(server.url);
    for (const bad of ['-1', 'x', '1.5']) {
      const refused = await joinOverRest(token, `?after=${bad}`);
      assert.equal(refused.status, 400, bad);
      assert.equal((refused.body as ApiError).error.param, 'after');
    }
    const unknown = await joinOverRest(token, '?other=1');
    assert.equal(unknown.status, 400);
  });

  test('the REST fallback joins with one request per open', async () => {
    const storage = memoryStorage();
    const open = async () => {
      const requests = recordRequests(server);
      const client = new ChatClient({ channel: 'test', server: server.url, storage, transport: 'rest' });
      try {
        await client.connect();
        return { client, seen: [...requests.seen] };
      } finally {
        requests.stop();
      }
    };
    const fresh = await open();
    const sent = await fresh.client.send('a first message');
    fresh.client.disconnect();
    const returning = await open();
    returning.client.disconnect();
    assert.equal(returning.client.conversationId, sent.conversationId);
    assert.deepEqual(joinRequests(fresh.seen).map((line) => line.replace(/\?.*/, '')), ['GET /api/v1/widget/join'], fresh.seen.join('\n'));
    assert.deepEqual(joinRequests(returning.seen).map((line) => line.replace(/\?.*/, '')), ['GET /api/v1/widget/join'], returning.seen.join('\n'));
  });
});
