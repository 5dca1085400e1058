import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { Store } from '../../server/store/store.js';
import { describeEngines } from './store-engines.js';

/**
 * The store contract for private notes (migration 19), every engine: a note takes the place after
 * the conversation's last `seq` and no `seq` of its own, keeps the order it was written in, is
 * found again by its `clientId` (also when two nodes write it at once), and no message query
 * returns it.
 */

async function conversationWithMessage(store: Store) {
  const { id: channelId } = await store.createChannel({ key: 'notes', name: 'Notes', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  const visitor = await store.createVisitor(channelId, { name: 'Vera' });
  const { conversation } = await store.openConversation(channelId, visitor.id);
  await store.appendMessage({ conversationId: conversation.id, clientId: 'm-1', from: 'visitor', authorId: null, text: 'Hello' });
  const author = await store.createAgent({ email: 'ada@notes.example', name: 'Ada', role: 'agent', kind: 'human', passwordHash: 'x' });
  return { conversation, visitor, author };
}

describeEngines('store contract, notes', (fresh, engine) => {
  test('placed after the last seq, in the order written (within one millisecond too); the next message still takes the next seq', async (t) => {
    const store = await fresh(t);
    const { conversation, author } = await conversationWithMessage(store);
    const texts = Array.from({ length: 30 }, (_, index) => `burst ${index}`);
    for (const text of texts) await store.createNote({ conversationId: conversation.id, clientId: text.replace(' ', '-'), authorId: author.id, text, mentions: [author.id] });
    const listed = await store.listNotes(conversation.id, { limit: 100 });
    assert.deepEqual(listed.data.map((note) => note.text), texts);
    assert.deepEqual([listed.data[0]!.seq, listed.data[0]!.from, listed.data[0]!.author, listed.data[0]!.mentions], [1, 'note', { id: author.id, name: 'Ada' }, [author.id]]);
    const next = await store.appendMessage({ conversationId: conversation.id, clientId: 'm-2', from: 'agent', authorId: author.id, text: 'Hi' });
    assert.equal(next.message.seq, 2);
    assert.equal((await store.getConversation(conversation.id))!.lastSeq, 2);
    const messages = await store.listMessages(conversation.id, { after: 0, limit: 100 });
    assert.deepEqual(messages.data.map((message) => message.text), ['Hello', 'Hi'], 'no message query returns a note');
    const summaries = await store.listVisitorSummaries(conversation.visitorId, { limit: 10 });
    assert.equal(summaries.data[0]!.lastMessage?.text, 'Hi');
  });

  test('a page: by place (from, to) and after a note; none for an unknown conversation', async (t) => {
    const store = await fresh(t);
    const { conversation, author } = await conversationWithMessage(store);
    await store.createNote({ conversationId: conversation.id, clientId: 'a', authorId: author.id, text: 'after 1', mentions: [] });
    await store.appendMessage({ conversationId: conversation.id, clientId: 'm-2', from: 'agent', authorId: author.id, text: 'Hi' });
    await store.createNote({ conversationId: conversation.id, clientId: 'b', authorId: author.id, text: 'after 2', mentions: [] });
    const texts = async (query: Parameters<Store['listNotes']>[1]) => (await store.listNotes(conversation.id, query)).data.map((note) => note.text);
    assert.deepEqual(await texts({ fromSeq: 2, limit: 10 }), ['after 2']);
    assert.deepEqual(await texts({ fromSeq: 0, toSeq: 1, limit: 10 }), ['after 1']);
    const first = await store.listNotes(conversation.id, { limit: 1 });
    assert.deepEqual([first.data.map((note) => note.text), first.hasMore], [['after 1'], true]);
    assert.deepEqual(await texts({ afterId: first.data[0]!.id, limit: 10 }), ['after 2']);
    assert.equal(await store.createNote({ conversationId: 'cv_missing', clientId: 'x', authorId: author.id, text: 'x', mentions: [] }), null);
  });

  test('the same clientId written on two nodes at once is one note', async (t) => {
    const open = await engine.data(t);
    const [one, two] = [await open(), await open()];
    const { conversation, author } = await conversationWithMessage(one);
    for (let round = 0; round < 5; round++) {
      const note = { conversationId: conversation.id, clientId: `race-${round}`, authorId: author.id, text: `race ${round}`, mentions: [] };
      const results = await Promise.all([one.createNote(note), two.createNote(note)]);
      assert.equal(results.filter((result) => result!.created).length, 1);
      assert.equal(results[0]!.note.id, results[1]!.note.id);
    }
    assert.equal((await two.listNotes(conversation.id, { limit: 100 })).data.length, 5);
  });
});
