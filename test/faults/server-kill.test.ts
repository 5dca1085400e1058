import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { ChatMessage } from '../../src/protocol.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { agentSocket, agentToken, serverBehindProxy, sleep, storedMessages, until, visitor, type ServerProcess, type TcpProxy } from './harness.js';

/** Messages in the store for `text`, read straight from the SQLite file (WAL allows a reader). */
function countInStore(dataDir: string, text: string): number {
  const db = new Database(join(dataDir, 'support-chat.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM messages WHERE text = ?').get(text) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('fault: the server process dies', () => {
  let stack: Awaited<ReturnType<typeof serverBehindProxy>>;
  let server: ServerProcess;
  let proxy: TcpProxy;
  const sessions: ChatClient[] = [];
  const sockets: Array<{ disconnect(): unknown }> = [];

  before(async () => {
    stack = await serverBehindProxy();
    ({ server, proxy } = stack);
  });
  after(() => stack.release(...sessions, ...sockets));

  test('1. SIGKILL between a send and its ack: stored once, shown as sent after the restart', async () => {
    const session = await visitor(proxy.url);
    sessions.push(session);
    const text = 'stored, but the ack is lost with the server';

    proxy.holdDownstream(); // the server's reply (the ack) will never reach the visitor
    const sending = session.send(text);
    await until(() => countInStore(server.dataDir, text) === 1, 'the message to reach the store', 10_000);
    const pidBefore = server.pid;
    await server.kill('SIGKILL');
    proxy.release();
    proxy.cutAll();
    assert.equal(session.pending.length, 1, 'still pending: no ack came back');

    await server.start();
    assert.notEqual(server.pid, pidBefore);
    const stored = await sending; // the outbox resent the same clientId after reconnecting
    assert.equal(stored.text, text);
    assert.deepEqual(session.pending, [], 'shown as sent');
    assert.equal(countInStore(server.dataDir, text), 1, 'exactly once in the store');

    const token = await agentToken(server.url);
    const transcript = await storedMessages(server.url, token, stored.conversationId);
    assert.deepEqual(transcript.map((m) => [m.seq, m.text]), [[1, text]]);
    assert.deepEqual(session.transcript.map((m) => [m.seq, m.text]), [[1, text]], 'the visitor shows the same transcript');
  });

  test('2. down for 10 s while the visitor sends 5: all arrive once, in order, on both sides', async () => {
    const session = await visitor(proxy.url);
    sessions.push(session);
    const token = await agentToken(server.url);
    const agent = agentSocket(server.url, token);
    sockets.push(agent);
    const agentSaw: ChatMessage[] = [];
    agent.on('message:created', (message) => agentSaw.push(message));
    await until(() => agent.connected, 'the agent socket');

    const first = await session.send('before the outage');
    await server.kill('SIGKILL');
    const texts = ['one', 'two', 'three', 'four', 'five'].map((word) => `sent while down: ${word}`);
    const sends: Array<Promise<ChatMessage>> = [];
    for (const text of texts) {
      sends.push(session.send(text));
      await sleep(1000);
    }
    assert.equal(session.pending.length, 5, 'all five wait in the outbox');
    await sleep(5000); // ten seconds down in all
    await server.start();

    const stored = await Promise.all(sends);
    assert.deepEqual(stored.map((m) => m.text), texts);
    const transcript = await storedMessages(server.url, token, first.conversationId);
    const expected = [[1, 'before the outage'], ...texts.map((text, index) => [index + 2, text])];
    assert.deepEqual(transcript.map((m) => [m.seq, m.text]), expected, 'the store: once each, in the order written');
    assert.deepEqual(session.transcript.map((m) => [m.seq, m.text]), expected, 'the visitor');
    // The agent side, as the inbox builds it: live events, plus the history it fetches after its
    // own reconnect (messages flushed before it was back were not pushed to it).
    await until(() => agent.connected, 'the agent to reconnect');
    const fetched = await storedMessages(server.url, token, first.conversationId);
    const live = agentSaw.filter((m) => m.conversationId === first.conversationId);
    const merged = new Map([...fetched, ...live].map((m) => [m.seq, m]));
    assert.deepEqual([...merged.values()].sort((a, b) => a.seq - b.seq).map((m) => [m.seq, m.text]), expected, 'the agent');
    for (const message of live) assert.equal(merged.get(message.seq)!.id, message.id, 'live events match the store');
  });
});
