import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { SearchHit } from '../../src/protocol.js';
import { decodeCursor, encodeCursor, parseDeskQuery, snippetOf } from '../../server/search/desk.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { SearchService } from '../../server/services/search.js';
import type { Store } from '../../server/store/store.js';
import { engines } from './store-engines.js';

/** The agents' search (issue 22 item 4): reading the query, snippets, and both engines' indexes. */

test('a query is words (letters, digits, marks; lower case) whatever syntax it holds, or an id typed whole', () => {
  assert.deepEqual(parseDeskQuery('"Refund" AND (order* -NEAR) refund'), { id: null, terms: ['and', 'order', 'near', 'refund'], prefix: true });
  assert.deepEqual(parseDeskQuery('refund '), { id: null, terms: ['refund'], prefix: false }, 'a space after the last word: it is whole');
  assert.deepEqual(parseDeskQuery('re'), { id: null, terms: ['re'], prefix: false }, 'two letters are too short a prefix');
  assert.deepEqual(parseDeskQuery('"foo'), { id: null, terms: ['foo'], prefix: true });
  assert.deepEqual(parseDeskQuery('-'), { id: null, terms: [], prefix: false });
  assert.deepEqual(parseDeskQuery('नमस्ते दुनिया').terms, ['नमस्ते', 'दुनिया'], 'combining marks stay inside their word');
  assert.deepEqual(parseDeskQuery(' cv_0abcDEF123 '), { id: 'cv_0abcDEF123', terms: [], prefix: false });
  assert.equal(parseDeskQuery('m_short').id, null, 'too short to be an id: words');
});

test('a snippet is plain text around the first match, with the ranges of the matched words', () => {
  const short = snippetOf('Where is my\n\nREFUND for order 42?', { terms: ['refund', '42'], prefix: false });
  assert.equal(short.snippet, 'Where is my REFUND for order 42?');
  assert.deepEqual(short.highlights.map(([from, to]) => short.snippet.slice(from, to)), ['REFUND', '42']);

  const long = `${'lorem ipsum '.repeat(30)}the invoice arrived ${'dolor sit '.repeat(30)}`;
  const cut = snippetOf(long, { terms: ['invo'], prefix: true });
  assert.ok(cut.snippet.startsWith('…') && cut.snippet.endsWith('…'));
  assert.ok(cut.snippet.length <= 162);
  assert.deepEqual(cut.highlights.map(([from, to]) => cut.snippet.slice(from, to)), ['invoice']);
  assert.deepEqual(snippetOf('<b>hi</b>', { terms: ['b'], prefix: false }).snippet, '<b>hi</b>', 'text stays text');
});

test('a cursor names a position; anything else is refused', () => {
  assert.deepEqual(decodeCursor(encodeCursor({ kind: 'message', offset: 40 })), { kind: 'message', offset: 40 });
  for (const bad of ['', 'xyz', Buffer.from('["m",-1]').toString('base64url'), Buffer.from('["x",1]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
    assert.equal(decodeCursor(bad), null, bad);
  }
});

/** A channel with visitors and conversations: `say(visitor, text, from?)` stores a message. */
async function desk(store: Store) {
  const channel = await store.createChannel({ key: `desk-${Math.random().toString(36).slice(2, 8)}`, name: 'Desk', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  const visitor = async (profile: { name?: string; email?: string }, externalUserId?: string) => {
    const created = await store.createVisitor(channel.id, profile, externalUserId ? { externalUserId, verified: true } : undefined);
    const { conversation } = await store.openConversation(channel.id, created.id);
    return { visitor: created, conversation };
  };
  let client = 0;
  const say = async (to: { conversation: { id: string } }, text: string, from: 'visitor' | 'agent' | 'bot' | 'system' = 'visitor') =>
    (await store.appendMessage({ conversationId: to.conversation.id, clientId: `c${++client}`, from, authorId: null, text })).message;
  return { channel, visitor, say };
}

const texts = (hits: SearchHit[]) => hits.map((hit) => hit.snippet);

for (const engine of engines()) {
  describe(`desk search on ${engine.name}`, () => {
    after(() => engine.teardown());

    test('finds messages of every sender but system ones, every word required, best match first', async (t) => {
      const store = await (await engine.data(t))();
      const { visitor, say } = await desk(store);
      const jane = await visitor({ name: 'Jane Roe', email: 'jane@acme.test' });
      const best = await say(jane, 'Refund refund: my refund for the order never came');
      await say(jane, 'Where is my refund? The weather is nice and the garden is green and everything else is long too');
      await say(jane, 'Agent here: the refund was sent', 'agent');
      await say(jane, 'refund requested by the system', 'system');
      await say(jane, 'Nothing to see');
      const search = new SearchService(store);
      const page = await search.search('refund', { limit: 10 });
      assert.equal(page.data.length, 3);
      assert.deepEqual(page.data.map((hit) => hit.from).sort(), ['agent', 'visitor', 'visitor']);
      assert.equal(page.data[0]?.messageId, best.id, 'the message saying it most, in the fewest words, ranks first');
      assert.deepEqual(page.data[0], {
        kind: 'message', conversationId: jane.conversation.id, messageId: best.id, seq: best.seq, from: 'visitor',
        snippet: 'Refund refund: my refund for the order never came', highlights: [[0, 6], [7, 13], [18, 24]],
        visitor: { id: jane.visitor.id, name: 'Jane Roe', email: 'jane@acme.test' }, createdAt: best.createdAt,
      });
      assert.deepEqual(texts((await search.search('refund ORDER', { limit: 10 })).data), ['Refund refund: my refund for the order never came']);
      assert.deepEqual(texts((await search.search('gard', { limit: 10 })).data).length, 1, 'the last word typed is a prefix');
      assert.deepEqual((await search.search('gard ', { limit: 10 })).data, [], 'unless a space ends it');
    });

    test('hostile syntax is words: quotes, stars, AND, parentheses, dashes find what they spell or nothing', async (t) => {
      const store = await (await engine.data(t))();
      const { visitor, say } = await desk(store);
      const sam = await visitor({ name: 'Sam' });
      await say(sam, 'The "foo" bar (baz) AND qux - order-1234 at https://shop.example/o/1234?x=y');
      const search = new SearchService(store);
      for (const q of ['"foo', 'foo"', '*', '-', '"', 'AND', 'NOT foo', '(baz', 'qux)', 'NEAR(foo bar)', 'foo:*', "'", '\\', 'order-1234', 'shop.example/o/1234', '!!!', '%', 'ø*^']) {
        const page = await search.search(q, { limit: 5 });
        assert.ok(Array.isArray(page.data), q);
      }
      assert.equal((await search.search('"foo', { limit: 5 })).data.length, 1);
      assert.equal((await search.search('order-1234', { limit: 5 })).data.length, 1, 'words joined by a dash are found as words');
      assert.equal((await search.search('shop example', { limit: 5 })).data.length, 1, 'and so are the words of a URL');
      assert.deepEqual((await search.search('*', { limit: 5 })).data, []);
    });

    test('finds visitors by name, email and external id (before messages), and follows profile changes', async (t) => {
      const store = await (await engine.data(t))();
      const { channel, visitor, say } = await desk(store);
      const ana = await visitor({ name: 'Ana Lima', email: 'ana.lima@example.org' }, 'crm-7781');
      await say(ana, 'Hello, Lima here');
      await store.createVisitor(channel.id, { name: 'Ana Lima' });
      const search = new SearchService(store);
      const byName = await search.search('lima', { limit: 10 });
      assert.deepEqual(byName.data.map((hit) => hit.kind), ['visitor', 'message'], 'a visitor without a conversation is not listed: nothing to open');
      assert.deepEqual(byName.data[0], {
        kind: 'visitor', conversationId: ana.conversation.id, snippet: 'Ana Lima · ana.lima@example.org · crm-7781', highlights: [[4, 8], [15, 19]],
        visitor: { id: ana.visitor.id, name: 'Ana Lima', email: 'ana.lima@example.org', externalUserId: 'crm-7781' }, createdAt: byName.data[0]!.createdAt,
      });
      assert.equal((await search.search('ana.lima@example.org', { limit: 10 })).data[0]?.visitor.id, ana.visitor.id);
      assert.equal((await search.search('crm-7781', { limit: 10 })).data[0]?.visitor.id, ana.visitor.id);
      await store.updateVisitorProfile(ana.visitor.id, { name: 'Ana Souza' });
      assert.deepEqual((await search.search('souza', { limit: 10 })).data.map((hit) => hit.kind), ['visitor']);
      assert.deepEqual((await search.search('lima', { limit: 10 })).data.map((hit) => hit.kind), ['visitor', 'message'], 'the email still says lima');
    });

    test('finds private notes after messages, as notes: their author, the message they follow, a cursor through them', async (t) => {
      const store = await (await engine.data(t))();
      const { visitor, say } = await desk(store);
      const kit = await visitor({ name: 'Kit Vale' });
      await say(kit, 'my marmalade order is late');
      const agent = await store.createAgent({ email: `notes-${Math.random()}@example.com`, name: 'Nia Notes', role: 'agent', kind: 'human', passwordHash: '' });
      const written = await store.createNote({ conversationId: kit.conversation.id, clientId: 'n1', authorId: agent.id, text: 'Marmalade VIP: refund without asking', mentions: [] });
      const search = new SearchService(store);
      const page = await search.search('marmalade', { limit: 1 });
      assert.deepEqual(page.data.map((hit) => [hit.kind, hit.from]), [['message', 'visitor']]);
      const next = await search.search('marmalade', { limit: 5, cursor: page.nextCursor! });
      assert.deepEqual(next.data.map((hit) => [hit.kind, hit.from, hit.messageId, hit.seq, hit.authorName, hit.conversationId]), [
        ['note', 'note', written!.note.id, 1, 'Nia Notes', kit.conversation.id],
      ]);
      assert.deepEqual(next.data[0]!.highlights.map(([from, to]) => next.data[0]!.snippet.slice(from, to)), ['Marmalade']);
      assert.equal(next.hasMore, false);
    });

    test('a profile holding an escape the database cannot decode (a lone surrogate) neither stops the visitor nor the search', async (t) => {
      const store = await (await engine.data(t))();
      const { visitor } = await desk(store);
      const odd = await visitor({ name: 'Odd \ud800 Name' }, 'crm-lone-1');
      const hits = (await new SearchService(store).search('crm-lone-1', { limit: 5 })).data;
      assert.deepEqual(hits.map((hit) => [hit.kind, hit.visitor.id, hit.visitor.externalUserId]), [['visitor', odd.visitor.id, 'crm-lone-1']]);
    });

    test('an id typed whole opens that message, conversation or visitor, and nothing else', async (t) => {
      const store = await (await engine.data(t))();
      const { visitor, say } = await desk(store);
      const bo = await visitor({ name: 'Bo' });
      const message = await say(bo, 'first words');
      await say(bo, 'latest words');
      const search = new SearchService(store);
      const byMessage = (await search.search(message.id, { limit: 5 })).data;
      assert.deepEqual(byMessage.map((hit) => [hit.kind, hit.messageId, hit.seq, hit.snippet]), [['message', message.id, 1, 'first words']]);
      const byConversation = (await search.search(bo.conversation.id, { limit: 5 })).data;
      assert.deepEqual(byConversation.map((hit) => [hit.kind, hit.conversationId, hit.snippet]), [['conversation', bo.conversation.id, `${bo.conversation.id} · latest words`]]);
      assert.deepEqual((await search.search(bo.visitor.id, { limit: 5 })).data.map((hit) => [hit.kind, hit.conversationId]), [['visitor', bo.conversation.id]]);
      assert.deepEqual((await search.search('m_doesnotexist1', { limit: 5 })).data, []);
    });

    test('ranks only the newest matches of the window it is given', async (t) => {
      const store = await (await engine.data(t))();
      const { visitor, say } = await desk(store);
      const someone = await visitor({ name: 'Window Person' });
      const oldest = await say(someone, 'teal teal teal teal');
      const middle = await say(someone, 'teal and more words');
      const newest = await say(someone, 'teal and other words still');
      const found = await store.searchMessages({ terms: ['teal'], prefix: false, limit: 10, offset: 0, window: 2 });
      assert.deepEqual(found.map((row) => row.messageId).sort(), [middle.id, newest.id].sort(), 'the oldest, however well it matches, is past the window');
      const all = await store.searchMessages({ terms: ['teal'], prefix: false, limit: 10, offset: 0, window: 10 });
      assert.equal(all[0]?.messageId, oldest.id);
    });

    test('pages through visitors then messages with a cursor, each hit once', async (t) => {
      const store = await (await engine.data(t))();
      const { visitor, say } = await desk(store);
      for (let i = 0; i < 3; i++) {
        const someone = await visitor({ name: `Parcel Person ${i}` });
        for (let j = 0; j < 4; j++) await say(someone, `parcel number ${i}-${j} is late`);
      }
      const search = new SearchService(store);
      const seen: SearchHit[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await search.search('parcel', { limit: 5, cursor });
        seen.push(...page.data);
        assert.equal(page.hasMore, page.nextCursor !== undefined);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen.map((hit) => hit.kind), [...Array(3).fill('visitor'), ...Array(12).fill('message')]);
      assert.equal(new Set(seen.map((hit) => hit.messageId ?? hit.visitor.id)).size, 15);
    });
  });
}
