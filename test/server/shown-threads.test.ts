import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShownThreads } from '../../src/inbox/shown-threads.js';
import type { ChatMessage } from '../../src/protocol.js';

const message = (conversationId: string, seq: number): ChatMessage => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  seq,
  from: 'visitor',
  text: `message ${seq}`,
  attachments: [],
  createdAt: new Date(0).toISOString(),
});
const seqs = (messages: ChatMessage[]) => messages.map((m) => m.seq);

test('a shown conversation lets each message through once and in order; a gap waits for the sync', () => {
  const shown = new ShownThreads();
  shown.show('a', 3);
  assert.deepEqual(seqs(shown.take(message('a', 3))), [], 'one it holds is dropped');
  assert.deepEqual(seqs(shown.take(message('a', 4))), [4]);
  assert.deepEqual(seqs(shown.take(message('a', 6))), [], 'past a gap it waits');
  assert.equal(shown.hasGap('a'), true);
  assert.deepEqual(shown.shown(), [['a', 4]], 'a sync asks after the last seq without a gap');
  // The sync brings 5 and 6 again: 5 fills the gap and lets 6 through, the synced 6 is a duplicate.
  assert.deepEqual(seqs(shown.take(message('a', 5))), [5, 6]);
  assert.deepEqual(seqs(shown.take(message('a', 6))), []);
  assert.equal(shown.hasGap('a'), false);
  assert.equal(shown.seqOf('a'), 6);
});

test('other conversations pass as they come; showing another forgets the first', () => {
  const shown = new ShownThreads();
  shown.show('a', 0);
  assert.deepEqual(seqs(shown.take(message('b', 9))), [9]);
  assert.deepEqual(seqs(shown.take(message('b', 9))), [9], 'not shown: not tracked');
  shown.show('b', 9);
  assert.equal(shown.seqOf('a'), undefined);
  assert.deepEqual(seqs(shown.take(message('a', 7))), [7]);
  assert.deepEqual(shown.shown(), [['b', 9]]);
});
