import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { newSortableId } from '../../server/ids.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { CheckpointOptions } from '../../server/store/sqlite/checkpointer.js';
import { tempDataFile } from './helpers.js';

/** How many times the WAL has been started over: the checkpoint sequence in its header. */
function walRestarts(file: string): number {
  const header = Buffer.alloc(16);
  const fd = openSync(`${file}-wal`, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(12);
}

/** A store on a fresh file with `count` open conversations, closed and removed after the test. */
async function storeWithConversations(t: TestContext, count: number, checkpoints: CheckpointOptions) {
  const data = tempDataFile();
  const store = new SqliteStore(data.file, checkpoints);
  // After hooks run in the order they were added: the store (and its checkpoint thread, which
  // may not have opened the file yet in a short test) closes before its folder goes.
  t.after(() => store.close()); // closing twice is harmless: a test that fails early still closes
  t.after(() => data.remove());
  const channel = await store.createChannel({ key: 'wal', name: 'WAL', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  const conversations: string[] = [];
  for (let i = 0; i < count; i++) {
    const visitor = await store.createVisitor(channel.id, {});
    conversations.push((await store.openConversation(channel.id, visitor.id)).conversation.id);
  }
  return { store, conversations, file: data.file };
}

test('under a steady stream of sends and read receipts the WAL is started over instead of growing, and no send is lost', async (t) => {
  // Quick checkpoints over a short WAL, so that a second of load covers several of them.
  const { store, conversations, file } = await storeWithConversations(t, 100, { intervalMs: 20, restartFrames: 50, holdLimitMs: 1000 });

  // Every conversation sends again as soon as its last send is acknowledged, so there is a
  // commit in every turn of the event loop: a checkpoint never finds a moment between two
  // commits, which is what used to let the WAL grow for as long as the load lasted.
  const text = 'x'.repeat(1500);
  const first = walRestarts(file);
  const sent = conversations.map(() => 0);
  const deadline = Date.now() + 5_000;
  const done = () => Date.now() > deadline || walRestarts(file) >= first + 3;
  // Other writes go on in every turn too, held sends or not (read receipts, webhook deliveries):
  // they must not keep the WAL from restarting.
  const receipts = (async () => {
    for (let turn = 0; !done(); turn++) {
      await store.markRead(conversations[turn % conversations.length]!, 'agent', 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await Promise.all(
    conversations.map(async (conversationId, index) => {
      while (!done()) {
        const { message } = await store.appendMessage({ conversationId, clientId: `c${sent[index]}`, from: 'visitor', authorId: null, text });
        sent[index] += 1;
        assert.equal(message.seq, sent[index]);
      }
    }),
  );
  await receipts;
  const restarts = walRestarts(file) - first;
  assert.ok(restarts >= 3, `the WAL was started over ${restarts} times in ${sent.reduce((a, b) => a + b)} sends`);

  for (const conversationId of conversations) {
    const index = conversations.indexOf(conversationId);
    const page = await store.listMessages(conversationId, { after: 0, limit: sent[index]! + 1 });
    assert.deepEqual(page.data.map((message) => message.seq), Array.from({ length: sent[index]! }, (_, i) => i + 1));
  }
  await store.close();
});

test('sends made while checkpoints hold and release them are committed in order, also when the store closes meanwhile', async (t) => {
  // A hold after almost every commit, each as long as the thread needs.
  const { store, conversations, file } = await storeWithConversations(t, 10, { intervalMs: 1, restartFrames: 1, holdLimitMs: 60_000 });
  const first = walRestarts(file);
  let closing = false;
  const seqs = conversations.map(() => [] as number[]);
  const senders = conversations.map(async (conversationId, index) => {
    while (!closing) {
      const { message } = await store.appendMessage({ conversationId, clientId: `c${seqs[index]!.length}`, from: 'visitor', authorId: null, text: 'held?' });
      seqs[index]!.push(message.seq);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const restarts = walRestarts(file) - first;
  // The sends under way when close() is called are stored before it returns.
  closing = true;
  await store.close();
  await Promise.all(senders);
  assert.ok(restarts > 0, 'no checkpoint started the WAL over meanwhile');
  for (const list of seqs) assert.deepEqual(list, Array.from({ length: list.length }, (_, i) => i + 1));
});

test('message ids sort by the time they were made, whatever the collation', () => {
  const times = [0, 1, 35, 36, 1295, 1_700_000_000_000, Date.now(), 36 ** 9 - 1];
  const ids = times.map((time) => newSortableId('m', time));
  for (const id of ids) assert.match(id, /^m_[0-9A-Za-z]{21}$/);
  assert.deepEqual([...ids].sort(), ids);
  assert.deepEqual([...ids].sort((a, b) => a.localeCompare(b, 'en')), ids);
  // Two made in the same millisecond differ in their random part.
  assert.notEqual(newSortableId('m', 5), newSortableId('m', 5));
});

test('the messages of one group commit carry its time: one createdAt, and its millisecond in each id', async (t) => {
  const { store, conversations } = await storeWithConversations(t, 5, { intervalMs: 60_000, restartFrames: 1000, holdLimitMs: 250 });
  const before = Date.now();
  const stored = await Promise.all(
    conversations.map((conversationId, index) => store.appendMessage({ conversationId, clientId: `k${index}`, from: 'visitor', authorId: null, text: 'one tick' })),
  );
  const after = Date.now();
  const createdAt = new Set(stored.map(({ message }) => message.createdAt));
  assert.equal(createdAt.size, 1, 'sent in one turn of the event loop, stored in one commit');
  const at = Date.parse([...createdAt][0]!);
  assert.ok(at >= before && at <= after);
  const timePart = newSortableId('m', at).slice(0, 11);
  for (const { message } of stored) assert.equal(message.id.slice(0, 11), timePart);
  // A later commit has a time of its own, never an earlier one.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const next = await store.appendMessage({ conversationId: conversations[0]!, clientId: 'later', from: 'visitor', authorId: null, text: 'next tick' });
  assert.ok(Date.parse(next.message.createdAt) > at);
});

test('a process that never closes its store still exits (the checkpoint thread does not keep it alive)', async (t) => {
  const data = tempDataFile();
  t.after(() => data.remove());
  const script = `${data.file}.open-and-leave.ts`;
  t.after(() => rmSync(script, { force: true }));
  const store = new URL('../../server/store/sqlite.ts', import.meta.url).pathname;
  writeFileSync(script, `
    import { SqliteStore } from ${JSON.stringify(store)};
    new SqliteStore(${JSON.stringify(data.file)});
    process.on('warning', (warning) => { console.error(warning.message); process.exitCode = 3; });
  `);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  assert.deepEqual({ code, signal, stderr }, { code: 0, signal: null, stderr: '' }, 'the process had to be killed, or its checkpoint thread died');
});
