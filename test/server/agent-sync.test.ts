import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LIMITS, type Ack, type ChatMessage } from '../../src/protocol.js';
import { connectAgent, connectVisitor, loginAgent, nextEvent, startServer, startVisitor, until, type AgentSocket, type TestServer } from './helpers.js';

let server: TestServer;
let token: string;
before(async () => {
  server = await startServer();
  token = await loginAgent(server.url);
});
after(() => server.cleanup());

/** Every message after `after`, page by page, as the inbox asks for it after a reconnect. */
async function syncAll(agent: AgentSocket, conversationId: string, after: number): Promise<ChatMessage[]> {
  const synced: ChatMessage[] = [];
  for (;;) {
    const ack: Ack<ChatMessage[]> = await agent.timeout(5000).emitWithAck('sync', { conversationId, after });
    if ('error' in ack) throw new Error(ack.error.message);
    synced.push(...ack.data);
    if (ack.data.length < LIMITS.pageSize) return synced;
    after = ack.data.at(-1)!.seq;
  }
}

test('an agent that drops mid-burst and syncs from its last seq has every visitor message exactly once', async () => {
  const session = await startVisitor(server.url);
  const { socket: visitor } = await connectVisitor(server.url, session.token);
  const first = await connectAgent(server.url, token);
  const opened = nextEvent<ChatMessage>(first, 'message:created', (m) => m.clientId === 'burst-0');
  await visitor.timeout(5000).emitWithAck('message:send', { clientId: 'burst-0', text: 'message 0' });
  const { conversationId } = await opened;

  const BURST = 150; // more than one page of sync
  const before: ChatMessage[] = [await opened];
  first.on('message:created', (message: ChatMessage) => {
    if (message.conversationId === conversationId) before.push(message);
  });
  const sends = Array.from({ length: BURST }, (_, index) =>
    visitor.timeout(10_000).emitWithAck('message:send', { clientId: `burst-${index + 1}`, text: `message ${index + 1}` }) as Promise<Ack<ChatMessage>>,
  );
  await until(() => before.length >= 10, 'the first messages of the burst');
  first.disconnect();
  const lastSeq = Math.max(...before.map((m) => m.seq));

  const second = await connectAgent(server.url, token);
  const live: ChatMessage[] = [];
  second.on('message:created', (message: ChatMessage) => {
    if (message.conversationId === conversationId) live.push(message);
  });
  const synced = await syncAll(second, conversationId, lastSeq);
  const acks = await Promise.all(sends);
  assert.ok(acks.every((ack) => 'data' in ack));
  await until(() => Math.max(lastSeq, ...synced.map((m) => m.seq), ...live.map((m) => m.seq)) === BURST + 1, 'the end of the burst', 10_000);

  assert.ok(synced.every((m) => m.seq > lastSeq), 'sync gives only what came after the seq asked for');
  assert.equal(new Set(synced.map((m) => m.seq)).size, synced.length, 'no message twice in a sync');
  // What the inbox shows: what it had, then what came after its seq, by sync or live, keyed by seq.
  const shown = new Map<number, ChatMessage>();
  for (const message of [...before.filter((m) => m.seq <= lastSeq), ...synced, ...live]) {
    const earlier = shown.get(message.seq);
    if (earlier) assert.equal(earlier.id, message.id, 'one seq, one message');
    shown.set(message.seq, message);
  }
  assert.deepEqual([...shown.keys()].sort((a, b) => a - b), Array.from({ length: BURST + 1 }, (_, index) => index + 1));
  assert.deepEqual(new Set([...shown.values()].map((m) => m.clientId)), new Set(Array.from({ length: BURST + 1 }, (_, index) => `burst-${index}`)));
  second.disconnect();
  visitor.disconnect();
});

test('sync refuses a bad `after` or a missing conversation id, naming the field', async () => {
  const agent = await connectAgent(server.url, token);
  for (const [request, param] of [
    [{ conversationId: 'cv_x', after: -1 }, 'after'],
    [{ conversationId: 'cv_x', after: 'soon' }, 'after'],
    [{ conversationId: 'cv_x' }, 'after'],
    [{ after: 0 }, 'conversationId'],
    [{ conversationId: 'cv_x', after: 0, limit: 5 }, 'limit'],
  ] as const) {
    const ack: Ack<ChatMessage[]> = await agent.timeout(5000).emitWithAck('sync', request as never);
    assert.ok('error' in ack, JSON.stringify(request));
    assert.equal(ack.error.code, 'invalid_request');
    assert.equal(ack.error.param, param);
  }
  agent.disconnect();
});

test('sync answers as the REST route does: an unknown conversation is not_found; a visitor token never gets in', async () => {
  const agent = await connectAgent(server.url, token);
  const ack: Ack<ChatMessage[]> = await agent.timeout(5000).emitWithAck('sync', { conversationId: 'cv_missing', after: 0 });
  assert.ok('error' in ack);
  assert.equal(ack.error.code, 'not_found');
  agent.disconnect();

  const session = await startVisitor(server.url);
  await assert.rejects(connectAgent(server.url, session.token), (error: Error & { data?: { code: string } }) => error.data?.code === 'unauthorized');
});
