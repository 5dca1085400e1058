import assert from 'node:assert/strict';
import { after, describe, test, type TestContext } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { postgresMigrations } from '../../server/store/migrations/postgres.js';
import { sqliteMigrations } from '../../server/store/migrations/sqlite.js';
import { AttachmentTaken, AttributeLimit, ConversationClosed, ConversationNotFound, type NewMessage, type Store, type UploadRecord } from '../../server/store/store.js';
import { engines } from './store-engines.js';

/**
 * One contract, every engine: the same cases against a fresh SQLite file always, and against a
 * fresh PostgreSQL schema when `TEST_DATABASE_URL` is set. "Another node" is a second store
 * opened on the same data.
 */

/** Long enough for the next timestamp to differ, so orderings by time are not ties. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 3));

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;

async function channel(store: Store, key = unique('ch')) {
  return store.createChannel({ key, name: `Channel ${key}`, allowedOrigins: ['https://shop.example'], settings: { ...DEFAULT_SETTINGS } });
}

/** A channel, a visitor and the visitor's open conversation. */
async function conversation(store: Store) {
  const { id: channelId } = await channel(store);
  const visitor = await store.createVisitor(channelId, { name: 'Vera' });
  const { conversation } = await store.openConversation(channelId, visitor.id);
  return { channelId, visitor, conversation };
}

const send = (conversationId: string, clientId: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  conversationId,
  clientId,
  from: 'visitor',
  authorId: null,
  text: `text of ${clientId}`,
  ...extra,
});

function upload(channelId: string, visitorId: string, extra: Partial<UploadRecord> = {}): UploadRecord {
  const id = unique('up_');
  return {
    id,
    channelId,
    visitorId,
    agentId: null,
    conversationId: null,
    messageId: null,
    storageKey: `key-${id}`,
    fileName: 'photo.png',
    fileSize: 1234,
    contentType: 'image/png',
    width: 40,
    height: 30,
    createdAt: new Date().toISOString(),
    ...extra,
  };
}

test('both engines apply the same numbered migrations', () => {
  const steps = (migrations: typeof sqliteMigrations) => migrations.map(({ version, name }) => ({ version, name }));
  assert.deepEqual(steps(postgresMigrations), steps(sqliteMigrations));
  // Numbered in order; areas built in parallel hold pre-assigned numbers, so one may land before a lower one does.
  const versions = postgresMigrations.map((step) => step.version);
  assert.deepEqual(versions, [...new Set(versions)].sort((a, b) => a - b));
});

for (const engine of engines()) {
  describe(`store contract: ${engine.name}`, () => {
    after(() => engine.teardown());
    /** A fresh store, and a way to open another node on the same data. */
    const fresh = async (t: TestContext) => {
      const open = await engine.data(t);
      return { store: await open(), open };
    };

    test('two nodes starting at once on empty data both migrate it and share it', async (t) => {
      const open = await engine.data(t);
      const [first, second] = await Promise.all([open(), open()]);
      const created = await first.createChannel({ key: 'shared', name: 'Shared', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
      assert.deepEqual(await second.getChannel('shared'), created);
      const third = await open(); // migrations already applied: nothing to do, nothing fails
      assert.equal((await third.listChannels()).length, 1);
    });

    test('channels: create, read, list, update, unique key', async (t) => {
      const { store } = await fresh(t);
      assert.equal(await store.getChannel('nope'), null);
      const first = await channel(store, 'first');
      await pause();
      const second = await channel(store, 'second');
      assert.match(first.id, /^ch_/);
      assert.deepEqual(await store.getChannel('first'), first);
      assert.deepEqual((await store.listChannels()).map((c) => c.key), ['first', 'second']);
      const updated = await store.updateChannel('second', { name: 'Renamed', allowedOrigins: [] });
      assert.deepEqual(updated, { ...second, name: 'Renamed', allowedOrigins: [] });
      assert.deepEqual(await store.getChannel('second'), updated);
      assert.equal(await store.updateChannel('nope', { name: 'x' }), null);
      await assert.rejects(channel(store, 'first'));
    });

    test('updateChannel merges settings into the row as it is: concurrent edits from two nodes are both kept; a refused check writes nothing', async (t) => {
      const { store, open } = await fresh(t);
      const other = await open();
      await channel(store, 'merged');
      await other.getChannel('merged'); // read (and cached) on the other node first
      const edits = Array.from({ length: 10 }, (_, index) => (index % 2 ? store : other).updateChannel('merged', { settings: { greeting: `greeting ${index}`, ...(index === 3 ? { hmac: true } : {}), ...(index === 6 ? { linkTtl: 120 } : {}) } }));
      await Promise.all(edits);
      const final = (await store.updateChannel('merged', { name: 'Merged' }))!;
      assert.equal(final.settings.hmac, true, 'an edit made on one node was not undone by another');
      assert.equal(final.settings.linkTtl, 120);
      assert.equal(final.settings.headerTitle, DEFAULT_SETTINGS.headerTitle, 'untouched settings stay');
      await assert.rejects(store.updateChannel('merged', { name: 'Refused' }, () => { throw new Error('no'); }), /no/);
      assert.equal((await store.updateChannel('merged', {}))!.name, 'Merged', 'nothing written when the check refused');
      assert.equal(await store.updateChannel('nope', { name: 'x' }, () => assert.fail('checked a channel that does not exist')), null);
    });

    test("what one node has read is replaced by another node's write: channel, FAQs, webhooks", async (t) => {
      const { store, open } = await fresh(t);
      const other = await open();
      const created = await channel(store, 'cached');
      // Read (and, where the engine caches, cached) on the other node first.
      assert.equal((await other.getChannel('cached'))?.name, created.name);
      assert.equal(await other.getChannel('later'), null);
      assert.deepEqual(await other.listFaqs(created.id), []);
      assert.deepEqual(await other.listWebhooks(), []);
      await store.updateChannel('cached', { name: 'Renamed' });
      await channel(store, 'later');
      await store.createFaq(created.id, { question: 'Cached?', answer: 'Not for long.', position: 0 });
      const hook = await store.createWebhook({ url: 'https://hooks.example/c', events: ['message.created'], channel: null, active: true, secret: 'whsec_c' });
      const seen = async () =>
        (await other.getChannel('cached'))?.name === 'Renamed' &&
        (await other.getChannel('later')) !== null &&
        (await other.listFaqs(created.id)).length === 1 &&
        (await other.listWebhooks()).some((webhook) => webhook.id === hook.id);
      // Another node hears of a write within moments (SQLite: on its next read; PostgreSQL: NOTIFY).
      for (const deadline = Date.now() + 5_000; !(await seen()); await pause()) {
        assert.ok(Date.now() < deadline, 'the other node still reads what it had before the writes');
      }
      await store.updateWebhook(hook.id, { active: false });
      for (const deadline = Date.now() + 5_000; (await other.listWebhooks()).find((webhook) => webhook.id === hook.id)?.active !== false; await pause()) {
        assert.ok(Date.now() < deadline, 'the other node still sees the webhook active');
      }
    });

    test('visitors: identities, fingerprints, profile merge, context', async (t) => {
      const { store } = await fresh(t);
      const { id: channelId } = await channel(store);
      const older = await store.createVisitor(channelId, {}, undefined, 'f'.repeat(64));
      await pause();
      const anonymous = await store.createVisitor(channelId, { name: 'Anon' }, undefined, 'f'.repeat(64));
      const claimed = await store.createVisitor(channelId, {}, { externalUserId: 'u1', verified: false }, 'f'.repeat(64));
      const verified = await store.createVisitor(channelId, { email: 'u1@example.com' }, { externalUserId: 'u1', verified: true });
      assert.notEqual(older.id, anonymous.id);
      assert.equal((await store.findAnonymousByFingerprint(channelId, 'f'.repeat(64)))?.id, anonymous.id, 'the newest anonymous one');
      assert.equal(await store.findAnonymousByFingerprint(channelId, 'e'.repeat(64)), null);
      assert.equal((await store.findVisitorByIdentity(channelId, { externalUserId: 'u1', verified: false }))?.id, claimed.id);
      assert.equal((await store.findVisitorByIdentity(channelId, { externalUserId: 'u1', verified: true }))?.id, verified.id);
      assert.equal(verified.verified, true);
      assert.equal(await store.findVisitorByIdentity(channelId, { externalUserId: 'u2', verified: true }), null);
      await assert.rejects(store.createVisitor(channelId, {}, { externalUserId: 'u1', verified: true }), 'one verified visitor per external id');

      await store.updateVisitorProfile(anonymous.id, { email: 'a@example.com', extra: { plan: 'pro', seats: 3 } });
      const merged = await store.updateVisitorProfile(anonymous.id, { name: 'Ann', extra: { seats: 5 } });
      assert.deepEqual(merged?.profile, { name: 'Ann', email: 'a@example.com', extra: { plan: 'pro', seats: 5 } });
      assert.deepEqual((await store.getVisitor(anonymous.id))?.profile, merged?.profile);
      assert.equal(await store.updateVisitorProfile('v_missing', { name: 'x' }), null);
      let seen: unknown;
      const refusal = new Error('too large');
      await assert.rejects(
        store.updateVisitorProfile(anonymous.id, { extra: { more: 1 } }, (candidate) => {
          seen = candidate;
          throw refusal;
        }),
        refusal,
      );
      assert.deepEqual(seen, { ...merged?.profile, extra: { plan: 'pro', seats: 5, more: 1 } }, 'the check sees the merged profile');
      assert.deepEqual((await store.getVisitor(anonymous.id))?.profile, merged?.profile, 'a refused merge writes nothing');

      await store.setVisitorContext(anonymous.id, { pageUrl: 'https://shop.example/a', locale: 'de' });
      await store.setVisitorContext(anonymous.id, { pageUrl: 'https://shop.example/b' });
      assert.deepEqual((await store.getVisitor(anonymous.id))?.context, { pageUrl: 'https://shop.example/b' }, 'replaced, not merged');
      assert.equal(await store.getVisitor('v_missing'), null);
    });

    test('JSON documents come back verbatim: key order, escapes, lone surrogates', async (t) => {
      const { store } = await fresh(t);
      const { id: channelId } = await channel(store);
      const extra = { zeta: 1, alpha: { b: [1, 'two', null], a: true }, nul: 'a\u0000b', lone: 'x\ud800y', emoji: '👩🏽‍💻', rtl: '\u202eabc' };
      const visitor = await store.createVisitor(channelId, { name: 'Zoë', extra });
      const read = (await store.getVisitor(visitor.id))!;
      assert.deepEqual(read.profile.extra, extra);
      assert.deepEqual(Object.keys(read.profile.extra!), Object.keys(extra));
    });

    test('mergeVisitor moves every conversation and closes none; of two open default ones the newer stays default, the older becomes explicit', async (t) => {
      const { store, open } = await fresh(t);
      const { id: channelId } = await channel(store);
      const anonymous = await store.createVisitor(channelId, {});
      const known = await store.createVisitor(channelId, {}, { externalUserId: 'k', verified: true });
      const older = (await store.openConversation(channelId, known.id)).conversation;
      await pause();
      const newer = (await store.openConversation(channelId, anonymous.id)).conversation;
      const explicit = (await store.createConversation({ channelId, visitorId: anonymous.id, clientId: 'order-42', subject: 'Order', attributes: {} })).conversation;
      const clash = (await store.createConversation({ channelId, visitorId: anonymous.id, clientId: 'both', subject: null, attributes: {} })).conversation;
      const kept = (await store.createConversation({ channelId, visitorId: known.id, clientId: 'both', subject: null, attributes: {} })).conversation;
      await store.appendMessage(send(older.id, 'o1'));
      await store.appendMessage(send(newer.id, 'n1'));
      await (await open()).mergeVisitor(anonymous.id, known.id);

      const after = async (id: string) => (await store.getConversation(id))!;
      for (const id of [older.id, newer.id, explicit.id, clash.id, kept.id]) {
        assert.deepEqual([(await after(id)).visitorId, (await after(id)).status], [known.id, 'open'], `${id} moved, still open`);
      }
      assert.equal((await store.findOpenConversation(known.id))?.id, newer.id, 'the newer open default conversation stays the default');
      assert.equal((await after(older.id)).isDefault, false, 'the older one became explicit');
      assert.deepEqual((await store.listMessages(older.id, { limit: 10 })).data.map((message) => message.clientId), ['o1'], 'nothing the visitor wrote is lost');
      assert.deepEqual((await store.listVisitorSummaries(anonymous.id, { limit: 10 })).data, []);
      assert.equal((await store.listVisitorSummaries(known.id, { limit: 10 })).data.length, 5);
      const again = await store.createConversation({ channelId, visitorId: known.id, clientId: 'order-42', subject: null, attributes: {} });
      assert.deepEqual([again.created, again.conversation.id], [false, explicit.id], 'a moved explicit conversation is found by its client id');
      const both = await store.createConversation({ channelId, visitorId: known.id, clientId: 'both', subject: null, attributes: {} });
      assert.deepEqual([both.created, both.conversation.id], [false, kept.id], "a client id both had stays the target's");

      // Without an open default conversation on the target, the moved one stays the default.
      const other = await store.createVisitor(channelId, {});
      const moved = (await store.openConversation(channelId, other.id)).conversation;
      const target = await store.createVisitor(channelId, {}, { externalUserId: 'k2', verified: true });
      await store.mergeVisitor(other.id, target.id);
      assert.equal((await store.findOpenConversation(target.id))?.id, moved.id);
    });

    test('FAQs: create, order, update, delete, per channel', async (t) => {
      const { store } = await fresh(t);
      const { id: channelId } = await channel(store);
      const { id: otherId } = await channel(store);
      const second = await store.createFaq(channelId, { question: 'Shipping?', answer: '3 days', position: 2 });
      const first = await store.createFaq(channelId, { question: 'Returns?', answer: '30 days', position: 1 });
      await store.createFaq(otherId, { question: 'Other?', answer: 'x', position: 0 });
      assert.deepEqual(await store.listFaqs(channelId), [first, second]);
      const updated = await store.updateFaq(channelId, first.id, { position: 3 });
      assert.deepEqual(updated, { ...first, position: 3 });
      assert.deepEqual((await store.listFaqs(channelId)).map((faq) => faq.id), [second.id, first.id]);
      assert.equal(await store.updateFaq(otherId, first.id, { answer: 'hijacked' }), null, 'another channel cannot edit it');
      assert.equal(await store.deleteFaq(otherId, first.id), false);
      assert.equal(await store.deleteFaq(channelId, first.id), true);
      assert.equal(await store.deleteFaq(channelId, first.id), false);
      assert.deepEqual(await store.listFaqs(channelId), [second]);
    });

    test('secrets, and assertion replay refused across nodes', async (t) => {
      const { store, open } = await fresh(t);
      const { id: channelId } = await channel(store);
      assert.equal(await store.getChannelSecret(channelId, 'identity'), null);
      await store.setChannelSecret(channelId, 'identity', 'one');
      await store.setChannelSecret(channelId, 'link', 'link-one');
      await store.setChannelSecret(channelId, 'identity', 'two');
      assert.equal(await store.getChannelSecret(channelId, 'identity'), 'two');
      assert.equal(await store.getChannelSecret(channelId, 'link'), 'link-one');

      const peer = await open();
      const exp = Math.floor(Date.now() / 1000) + 300;
      assert.equal(await store.useAssertion('jti-1', channelId, exp), true);
      assert.equal(await store.useAssertion('jti-1', channelId, exp), false);
      assert.equal(await peer.useAssertion('jti-1', channelId, exp), false, 'the other node knows it too');
      const racing = await Promise.all([store, peer, store, peer].map((node) => node.useAssertion('jti-2', channelId, exp)));
      assert.equal(racing.filter(Boolean).length, 1, 'exactly one of four concurrent uses wins');
      // An expired entry is forgotten (its assertion is refused for being expired anyway).
      const past = Math.floor(Date.now() / 1000) - 10;
      assert.equal(await store.useAssertion('jti-old', channelId, past), true);
      assert.equal(await store.useAssertion('jti-old', channelId, past), true);
    });

    test('idempotency keys: one claim across nodes, the first answer kept, released on failure, forgotten after the window', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const long = new Date(Date.now() - 86_400_000).toISOString();
      const claims = await Promise.all([store, peer, store, peer].map((node) => node.claimIdempotencyKey('admin', 'k1', 'fp-1', long)));
      assert.equal(claims.filter((claim) => claim === null).length, 1, 'exactly one of four concurrent claims wins');
      assert.deepEqual(claims.find((claim) => claim !== null), { fingerprint: 'fp-1', status: null, body: null }, 'the others see it running');
      await store.completeIdempotencyKey('admin', 'k1', 201, '{"id":"x"}');
      assert.deepEqual(await peer.claimIdempotencyKey('admin', 'k1', 'fp-2', long), { fingerprint: 'fp-1', status: 201, body: '{"id":"x"}' });
      assert.equal(await peer.claimIdempotencyKey('agent:ag_1', 'k1', 'fp-1', long), null, 'another scope has its own keys');
      await peer.releaseIdempotencyKey('admin', 'k1');
      assert.notEqual(await store.claimIdempotencyKey('admin', 'k1', 'fp-1', long), null, 'a completed key is not released');
      assert.equal(await store.claimIdempotencyKey('admin', 'k2', 'fp-3', long), null);
      await store.releaseIdempotencyKey('admin', 'k2');
      assert.equal(await peer.claimIdempotencyKey('admin', 'k2', 'fp-4', long), null, 'a released key is claimed again');
      const later = new Date(Date.now() + 1000).toISOString();
      assert.equal(await store.claimIdempotencyKey('admin', 'k1', 'fp-5', later), null, 'claims older than the window are forgotten');
    });

    test('conversations: open, close, reopen; one open per visitor', async (t) => {
      const { store } = await fresh(t);
      const { id: channelId, key } = await channel(store);
      const visitor = await store.createVisitor(channelId, {});
      const opened = await store.openConversation(channelId, visitor.id);
      assert.equal(opened.created, true);
      assert.match(opened.conversation.id, /^cv_/);
      assert.deepEqual(
        { ...opened.conversation, createdAt: '', updatedAt: '' },
        { id: opened.conversation.id, channelKey: key, visitorId: visitor.id, status: 'open', lastSeq: 0, visitorReadSeq: 0, agentReadSeq: 0,
          assignedAgentId: null, createdAt: '', updatedAt: '', closedAt: null, rating: null, isDefault: true, subject: null, attributes: {},
          handledBy: 'human', aiAgentId: null, resolvedByAi: false },
      );
      assert.deepEqual(await store.openConversation(channelId, visitor.id), { conversation: opened.conversation, created: false });
      assert.deepEqual(await store.findOpenConversation(visitor.id), opened.conversation);

      const closed = await store.setStatus(opened.conversation.id, 'closed');
      assert.equal(closed?.status, 'closed');
      assert.ok(closed?.closedAt);
      assert.equal(await store.findOpenConversation(visitor.id), null);
      const rated = await store.rate(opened.conversation.id, 4, 'quick');
      assert.deepEqual(rated?.rating, { score: 4, comment: 'quick' });
      assert.deepEqual((await store.rate(opened.conversation.id, 5, undefined))?.rating, { score: 5 });

      await pause();
      const next = await store.openConversation(channelId, visitor.id);
      assert.equal(next.created, true);
      assert.notEqual(next.conversation.id, opened.conversation.id);
      assert.equal((await store.latestConversation(visitor.id))?.id, next.conversation.id);
      await assert.rejects(store.setStatus(opened.conversation.id, 'open'), 'a second open conversation is refused');
      assert.equal((await store.getConversation(opened.conversation.id))?.status, 'closed');
      await store.setStatus(next.conversation.id, 'closed');
      const reopened = await store.setStatus(opened.conversation.id, 'open');
      assert.equal(reopened?.status, 'open');
      assert.equal(reopened?.closedAt, null);
      assert.equal(await store.getConversation('cv_missing'), null);
      assert.equal(await store.latestConversation('v_missing'), null);
    });

    test('concurrent openConversation calls on two nodes yield one conversation', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const { id: channelId } = await channel(store);
      for (let round = 0; round < 5; round++) {
        const visitor = await store.createVisitor(channelId, {});
        const results = await Promise.all([store, peer, store, peer, store, peer].map((node) => node.openConversation(channelId, visitor.id)));
        assert.equal(new Set(results.map((result) => result.conversation.id)).size, 1, 'every caller gets the same conversation');
        assert.equal(results.filter((result) => result.created).length, 1, 'exactly one created it');
        assert.equal((await store.listVisitorConversations(visitor.id, 10)).length, 1);
      }
    });

    test('appendVisitorMessage: opens the conversation on the first send, then stores in it; a retry returns the original', async (t) => {
      const { store } = await fresh(t);
      const { id: channelId, key } = await channel(store);
      const visitor = await store.createVisitor(channelId, {});
      const visitorSend = (clientId: string, text = `text of ${clientId}`) => ({ channelId, visitorId: visitor.id, clientId, text });

      const first = await store.appendVisitorMessage(visitorSend('c1'));
      assert.equal(first.opened, true);
      assert.equal(first.created, true);
      assert.match(first.conversation.id, /^cv_/);
      assert.deepEqual(
        { ...first.conversation, createdAt: '', updatedAt: '' },
        { id: first.conversation.id, channelKey: key, visitorId: visitor.id, status: 'open', lastSeq: 1, visitorReadSeq: 0, agentReadSeq: 0,
          assignedAgentId: null, createdAt: '', updatedAt: '', closedAt: null, rating: null, isDefault: true, subject: null, attributes: {},
          handledBy: 'human', aiAgentId: null, resolvedByAi: false },
        'the conversation as it is with the message in it',
      );
      assert.deepEqual(first.message, { id: first.message.id, conversationId: first.conversation.id, seq: 1, clientId: 'c1', from: 'visitor', text: 'text of c1', attachments: [], createdAt: first.message.createdAt });
      assert.deepEqual(await store.findOpenConversation(visitor.id), first.conversation);

      const second = await store.appendVisitorMessage(visitorSend('c2'));
      assert.deepEqual([second.opened, second.created, second.conversation.id, second.message.seq, second.conversation.lastSeq], [false, true, first.conversation.id, 2, 2]);
      assert.deepEqual(await store.findOpenConversation(visitor.id), second.conversation, 'the conversation as stored with the second message');
      assert.equal(second.conversation.updatedAt, second.message.createdAt);
      const retry = await store.appendVisitorMessage(visitorSend('c1', 'different text'));
      assert.deepEqual([retry.opened, retry.created, retry.message], [false, false, first.message]);

      await store.setStatus(first.conversation.id, 'closed');
      const next = await store.appendVisitorMessage(visitorSend('c3'));
      assert.equal(next.opened, true, 'a send after the close opens the next conversation');
      assert.notEqual(next.conversation.id, first.conversation.id);
      assert.deepEqual([next.message.seq, next.message.conversationId], [1, next.conversation.id]);
      assert.equal((await store.listMessages(first.conversation.id, { limit: 10 })).data.length, 2, 'nothing moved out of the closed one');
    });

    test('appendVisitorMessage: a close racing a send never refuses it nor stores it in the closed conversation', async (t) => {
      const { store } = await fresh(t);
      const { id: channelId } = await channel(store);
      const visitor = await store.createVisitor(channelId, {});
      const first = await store.appendVisitorMessage({ channelId, visitorId: visitor.id, clientId: 'c1', text: 'first' });
      // SQLite stores the send at the next group commit, so the close always lands first there;
      // on PostgreSQL either may win, and the send retries into the next conversation when the close does.
      const pending = store.appendVisitorMessage({ channelId, visitorId: visitor.id, clientId: 'c2', text: 'second' });
      await store.setStatus(first.conversation.id, 'closed');
      const second = await pending;
      const inFirst = (await store.listMessages(first.conversation.id, { limit: 10 })).data;
      if (second.conversation.id === first.conversation.id) {
        assert.deepEqual([second.opened, inFirst.map((message) => message.clientId)], [false, ['c1', 'c2']], 'stored before the close');
      } else {
        assert.deepEqual([second.opened, second.message.seq], [true, 1], 'the send opened the next conversation');
        assert.deepEqual(inFirst.map((message) => message.clientId), ['c1']);
      }
      if (engine.name === 'SQLite') assert.notEqual(second.conversation.id, first.conversation.id);
    });

    test('concurrent first sends of one visitor on two nodes open one conversation and number every message', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const { id: channelId } = await channel(store);
      for (let round = 0; round < 3; round++) {
        const visitor = await store.createVisitor(channelId, {});
        const results = await Promise.all(
          [store, peer, store, peer, store, peer].map((node, index) => node.appendVisitorMessage({ channelId, visitorId: visitor.id, clientId: `r${round}-${index}`, text: 'hi' })),
        );
        assert.equal(new Set(results.map((result) => result.conversation.id)).size, 1, 'every send went to the same conversation');
        assert.equal(results.filter((result) => result.opened).length, 1, 'exactly one send opened it');
        assert.deepEqual(results.map((result) => result.message.seq).sort(), [1, 2, 3, 4, 5, 6]);
        assert.equal((await store.listVisitorConversations(visitor.id, 10)).length, 1);
      }
    });

    test('createConversation: explicit, never the default, idempotent by (visitor, clientId) on every node at once', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const { id: channelId } = await channel(store);
      const visitor = await store.createVisitor(channelId, {});
      const other = await store.createVisitor(channelId, {});
      const input = { channelId, visitorId: visitor.id, clientId: 'ticket-1', subject: 'Order', attributes: { topic: 'orders' } };
      const results = await Promise.all([store, peer, store, peer, store, peer].map((node) => node.createConversation(input)));
      assert.equal(new Set(results.map((result) => result.conversation.id)).size, 1, 'every caller gets the same conversation');
      assert.equal(results.filter((result) => result.created).length, 1, 'exactly one created it');
      const { conversation } = results.find((result) => result.created)!;
      assert.deepEqual([conversation.isDefault, conversation.status, conversation.subject, conversation.attributes, conversation.lastSeq], [false, 'open', 'Order', { topic: 'orders' }, 0]);
      assert.deepEqual(await store.getConversation(conversation.id), conversation);
      assert.equal(await store.findOpenConversation(visitor.id), null, 'an explicit conversation is not the default one');
      const theirs = await store.createConversation({ ...input, visitorId: other.id });
      assert.equal(theirs.created, true, "another visitor's clientId is their own");
      const second = await store.createConversation({ ...input, clientId: 'ticket-2', subject: null, attributes: {} });
      assert.deepEqual([second.created, second.conversation.subject], [true, null]);
      await store.setStatus(conversation.id, 'closed');
      await store.setStatus(second.conversation.id, 'closed');
      assert.equal((await store.setStatus(conversation.id, 'open'))?.status, 'open', 'explicit conversations reopen freely');
    });

    test('concurrent first sends beside an open explicit conversation still open one default conversation', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const { id: channelId } = await channel(store);
      const visitor = await store.createVisitor(channelId, {});
      const explicit = (await store.createConversation({ channelId, visitorId: visitor.id, clientId: 'e', subject: null, attributes: {} })).conversation;
      const results = await Promise.all([store, peer, store, peer, store, peer].map((node, index) => node.appendVisitorMessage({ channelId, visitorId: visitor.id, clientId: `r-${index}`, text: 'hi' })));
      assert.equal(new Set(results.map((result) => result.conversation.id)).size, 1);
      assert.notEqual(results[0]!.conversation.id, explicit.id);
      assert.equal(results.filter((result) => result.opened).length, 1);
      assert.deepEqual(results.map((result) => result.message.seq).sort(), [1, 2, 3, 4, 5, 6]);
      assert.equal((await store.getConversation(explicit.id))?.lastSeq, 0);
    });

    test('appendVisitorMessage naming a conversation: stored there; closed explicit refuses unless retried; closed default rolls over; another visitor\'s is not found', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const { id: channelId } = await channel(store);
      const visitor = await store.createVisitor(channelId, {});
      const stranger = await store.createVisitor(channelId, {});
      const explicit = (await store.createConversation({ channelId, visitorId: visitor.id, clientId: 'e', subject: null, attributes: {} })).conversation;
      const to = (conversationId: string | undefined, clientId: string, node: Store = store) => node.appendVisitorMessage({ channelId, visitorId: visitor.id, conversationId, clientId, text: clientId });

      const first = await to(explicit.id, 'x1');
      assert.deepEqual([first.created, first.opened, first.conversation.id, first.message.seq, first.conversation.lastSeq], [true, false, explicit.id, 1, 1]);
      const inDefault = await to(undefined, 'd1');
      assert.deepEqual([inDefault.opened, inDefault.message.seq], [true, 1]);
      assert.deepEqual((await to(explicit.id, 'x2', peer)).message.seq, 2, 'numbered on any node');
      await assert.rejects(store.appendVisitorMessage({ channelId, visitorId: stranger.id, conversationId: explicit.id, clientId: 's', text: 's' }), ConversationNotFound);
      await assert.rejects(to('cv_missing', 'm'), ConversationNotFound);

      await store.setStatus(explicit.id, 'closed');
      for (const node of [store, peer]) {
        await assert.rejects(to(explicit.id, 'x3', node), ConversationClosed);
        assert.deepEqual(await to(explicit.id, 'x1', node), { message: first.message, created: false, opened: false, conversation: (await store.getConversation(explicit.id))! });
      }
      await store.setStatus(inDefault.conversation.id, 'closed');
      const retried = await to(inDefault.conversation.id, 'd1', peer);
      assert.deepEqual([retried.created, retried.message], [false, inDefault.message], 'a retry in the closed default conversation is answered from it');
      const rolled = await to(inDefault.conversation.id, 'd2', peer);
      assert.deepEqual([rolled.created, rolled.opened, rolled.message.seq, rolled.conversation.isDefault], [true, true, 1, true]);
      assert.notEqual(rolled.conversation.id, inDefault.conversation.id);
      assert.deepEqual((await store.listMessages(explicit.id, { limit: 10 })).data.map((message) => message.clientId), ['x1', 'x2']);
    });

    test('appendVisitorMessage merges attributes as the message is stored; a retry merges nothing; too many refuse the message', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const { id: channelId } = await channel(store);
      const visitor = await store.createVisitor(channelId, {});
      const to = (clientId: string, attributes: Record<string, string>, node: Store = store) =>
        node.appendVisitorMessage({ channelId, visitorId: visitor.id, clientId, text: clientId, attributes });
      const first = await to('a1', { topic: 'orders', consent: '2026-12-06T10:00:00.000Z' });
      assert.deepEqual(first.conversation.attributes, { topic: 'orders', consent: '2026-12-06T10:00:00.000Z' });
      const second = await to('a2', { topic: 'billing' }, peer);
      assert.deepEqual(second.conversation.attributes, { topic: 'billing', consent: '2026-12-06T10:00:00.000Z' });
      assert.deepEqual((await store.getConversation(first.conversation.id))?.attributes, second.conversation.attributes, 'as stored');
      await to('a1', { later: 'x' });
      assert.equal((await store.getConversation(first.conversation.id))?.attributes.later, undefined);
      const many = Object.fromEntries(Array.from({ length: 29 }, (_, index) => [`k${index}`, 'v']));
      await assert.rejects(to('a3', many, peer), AttributeLimit);
      assert.equal((await store.getConversation(first.conversation.id))?.lastSeq, 2, 'the refused message took no number');
      // Batched with a refused send, the others are still stored.
      const batch = await Promise.allSettled([to('b1', {}), to('b2', many), to('b3', {})]);
      assert.deepEqual(batch.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual((await store.listMessages(first.conversation.id, { after: 2, limit: 10 })).data.map((message) => [message.seq, message.clientId]), [[3, 'b1'], [4, 'b3']]);
    });

    test('listVisitorSummaries: newest first, by status, after a conversation id cursor; the newest message and the unread team messages', async (t) => {
      const { store } = await fresh(t);
      const { id: channelId } = await channel(store);
      const visitor = await store.createVisitor(channelId, {});
      const ids: string[] = [];
      for (let index = 0; index < 4; index++) {
        ids.push((await store.createConversation({ channelId, visitorId: visitor.id, clientId: `c${index}`, subject: `s${index}`, attributes: {} })).conversation.id);
        await pause();
      }
      await store.appendMessage(send(ids[0]!, 'v1'));
      await store.appendMessage(send(ids[0]!, 'a1', { from: 'agent', text: 'first answer' }));
      await store.appendMessage(send(ids[0]!, 'a2', { from: 'bot', text: 'second answer' }));
      await store.markRead(ids[0]!, 'visitor', 2);
      await store.setStatus(ids[2]!, 'closed');
      const page = (before?: string, status?: 'open' | 'closed') => store.listVisitorSummaries(visitor.id, { limit: 2, before, status });
      const one = await page();
      assert.deepEqual([one.data.map((item) => item.id), one.hasMore], [[ids[3], ids[2]], true]);
      const two = await page(ids[2]);
      assert.deepEqual([two.data.map((item) => item.id), two.hasMore], [[ids[1], ids[0]], false]);
      assert.deepEqual((await page(undefined, 'closed')).data.map((item) => item.id), [ids[2]]);
      const oldest = two.data[1]!;
      assert.deepEqual([oldest.unread, oldest.lastMessage?.from, oldest.lastMessage?.text, oldest.subject], [1, 'bot', 'second answer', 's0']);
      assert.equal(oldest.lastMessage?.createdAt, (await store.getConversation(ids[0]!))?.updatedAt);
      assert.deepEqual([two.data[0]!.lastMessage, two.data[0]!.unread], [null, 0]);
      assert.deepEqual(await store.getVisitorSummary(ids[0]!), oldest);
      assert.equal(await store.getVisitorSummary('cv_missing'), null);
      assert.deepEqual(await store.listVisitorSummaries('v_missing', { limit: 5 }), { data: [], hasMore: false });
      assert.equal(await engine.countStatements(() => store.listVisitorSummaries(visitor.id, { limit: 50 })), 1, 'one statement for the whole page');
    });

    test('appendMessage: next seq, a retried clientId returns the original', async (t) => {
      const { store, open } = await fresh(t);
      const { conversation: { id } } = await conversation(store);
      const agent = await store.createAgent({ email: 'ada@example.com', name: 'Ada', role: 'agent', kind: 'human', passwordHash: 'h', avatarUrl: 'https://a.example/ada.png' });
      const first = await store.appendMessage(send(id, 'c1'));
      assert.equal(first.created, true);
      assert.deepEqual(first.message, { id: first.message.id, conversationId: id, seq: 1, clientId: 'c1', from: 'visitor', text: 'text of c1', attachments: [], createdAt: first.message.createdAt });
      const retry = await store.appendMessage(send(id, 'c1', { text: 'different text' }));
      assert.deepEqual(retry, { message: first.message, created: false });
      const peer = await open();
      assert.deepEqual(await peer.appendMessage(send(id, 'c1')), { message: first.message, created: false }, 'across nodes too');
      const reply = await peer.appendMessage(send(id, 'a1', { from: 'agent', authorId: agent.id }));
      assert.equal(reply.message.seq, 2);
      assert.deepEqual(reply.message.author, { id: agent.id, name: 'Ada', avatarUrl: 'https://a.example/ada.png' });
      assert.deepEqual((await store.listMessages(id, { limit: 10 })).data, [first.message, reply.message], 'what was returned is what is stored');
      const after = await store.getConversation(id);
      assert.equal(after?.lastSeq, 2);
      assert.equal(after?.updatedAt, reply.message.createdAt);
      await assert.rejects(store.appendMessage(send('cv_missing', 'x')));
    });

    test('appendMessage to a conversation closed since it was looked up stores nothing; a retry of a stored send still gets it', async (t) => {
      const { store, open } = await fresh(t);
      const { conversation: { id } } = await conversation(store);
      const stored = await store.appendMessage(send(id, 'c1'));
      const peer = await open();
      // Closed on another node while these sends wait for their group commit.
      // Settled from the start: the refusal may come while the close is still being awaited.
      const late = Promise.allSettled([store.appendMessage(send(id, 'c2')), store.appendMessage(send(id, 'c1'))]);
      await peer.setStatus(id, 'closed');
      const [refused, retried] = await late;
      if (refused.status === 'fulfilled') {
        // This engine committed the batch before the close: then both sends are in order.
        assert.equal(refused.value.message.seq, 2);
      } else {
        assert.ok(refused.reason instanceof ConversationClosed, String(refused.reason));
      }
      assert.deepEqual(retried, { status: 'fulfilled', value: { message: stored.message, created: false } });
      await assert.rejects(store.appendMessage(send(id, 'c3')), ConversationClosed);
      await assert.rejects(peer.appendMessage(send(id, 'c4', { from: 'agent' })), ConversationClosed);
      const kept = (await store.listMessages(id, { limit: 10 })).data.map((message) => message.clientId);
      assert.deepEqual(kept, refused.status === 'fulfilled' ? ['c1', 'c2'] : ['c1']);
      assert.equal((await store.getConversation(id))?.lastSeq, kept.length, 'no seq was taken');
    });

    test('200 concurrent sends on two nodes, with retries: seq 1…200, no gaps, no duplicates', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const { conversation: { id } } = await conversation(store);
      const clientIds = Array.from({ length: 200 }, (_, index) => `c${index}`);
      const sends = clientIds.map((clientId, index) => (index % 2 ? peer : store).appendMessage(send(id, clientId)));
      // Retries of the first 50 race their originals, from the other node.
      const retries = clientIds.slice(0, 50).map((clientId, index) => (index % 2 ? store : peer).appendMessage(send(id, clientId)));
      const results = await Promise.all(sends);
      const retried = await Promise.all(retries);
      assert.equal(results.length + retried.length, 250);
      const stored = [...results, ...retried].filter((result) => result.created);
      assert.equal(stored.length, 200, 'each clientId stored once');
      assert.deepEqual(stored.map((result) => result.message.seq).sort((a, b) => a - b), clientIds.map((_, index) => index + 1));
      const byClient = new Map(stored.map((result) => [result.message.clientId, result.message.id]));
      for (const result of [...results, ...retried]) assert.equal(result.message.id, byClient.get(result.message.clientId!));
      assert.equal((await store.getConversation(id))?.lastSeq, 200);
      const page = await store.listMessages(id, { after: 0, limit: 500 });
      assert.deepEqual(page.data.map((message) => message.seq), clientIds.map((_, index) => index + 1));
      assert.equal(new Set(page.data.map((message) => message.clientId)).size, 200);
    });

    test('the same clientId sent at once from two nodes is stored once', async (t) => {
      const { store, open } = await fresh(t);
      const peer = await open();
      const { conversation: { id } } = await conversation(store);
      for (let round = 1; round <= 10; round++) {
        const results = await Promise.all([store, peer, peer].map((node) => node.appendMessage(send(id, `same-${round}`))));
        assert.equal(results.filter((result) => result.created).length, 1, `round ${round}: one stored`);
        assert.equal(new Set(results.map((result) => result.message.id)).size, 1, `round ${round}: everyone gets that one`);
        assert.equal(results[0]!.message.seq, round, `round ${round}: no seq spent on the duplicates`);
      }
      assert.equal((await store.getConversation(id))?.lastSeq, 10);
    });

    test('attachments: bound once; a taken upload refuses the message and rolls it back', async (t) => {
      const { store } = await fresh(t);
      const { channelId, visitor, conversation: { id } } = await conversation(store);
      const photo = upload(channelId, visitor.id);
      const plain = upload(channelId, visitor.id, { fileName: 'notes.txt', contentType: 'text/plain', width: undefined, height: undefined });
      await store.createUpload(photo);
      await store.createUpload(plain);
      assert.deepEqual(await store.getUpload(photo.id), photo);
      const { width: _w, height: _h, ...plainStored } = plain;
      assert.deepEqual(await store.getUpload(plain.id), plainStored, 'no width/height when there are none');
      assert.equal(await store.getUpload('up_missing'), null);
      const attachment = { id: photo.id, fileName: photo.fileName, fileSize: photo.fileSize, contentType: photo.contentType, width: 40, height: 30 };

      const carried = await store.appendMessage(send(id, 'with-photo', { attachments: [attachment] }));
      assert.deepEqual(carried.message.attachments, [{ ...attachment, url: '' }]);
      assert.deepEqual(await store.getUpload(photo.id), { ...photo, messageId: carried.message.id, conversationId: id });

      // Sent in one tick with good sends around it: only the bad one is refused.
      const plainAttachment = { id: plain.id, fileName: plain.fileName, fileSize: plain.fileSize, contentType: plain.contentType };
      const outcomes = await Promise.allSettled([
        store.appendMessage(send(id, 'before')),
        store.appendMessage(send(id, 'steals-photo', { attachments: [plainAttachment, attachment] })),
        store.appendMessage(send(id, 'twice', { attachments: [plainAttachment, plainAttachment] })),
        store.appendMessage(send(id, 'after')),
      ]);
      assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      const [, stolen, twice] = outcomes as PromiseRejectedResult[];
      assert.ok(stolen!.reason instanceof AttachmentTaken);
      assert.equal((stolen!.reason as AttachmentTaken).index, 1);
      assert.equal((twice!.reason as AttachmentTaken).index, 1, 'the same upload listed twice');
      assert.equal((await store.getUpload(plain.id))?.messageId, null, 'the refused message bound nothing');
      const page = await store.listMessages(id, { after: 0, limit: 10 });
      assert.deepEqual(page.data.map((message) => [message.seq, message.clientId]), [[1, 'with-photo'], [2, 'before'], [3, 'after']]);
      assert.equal((await store.getConversation(id))?.lastSeq, 3, 'no seq was spent on the refused ones');
      assert.equal((await store.appendMessage(send(id, 'keeps-plain', { attachments: [plainAttachment] }))).message.seq, 4);
    });

    test('listMessages pages by after, before and limit', async (t) => {
      const { store } = await fresh(t);
      const { conversation: { id } } = await conversation(store);
      for (let n = 1; n <= 10; n++) await store.appendMessage(send(id, `m${n}`));
      const seqs = (page: { data: Array<{ seq: number }>; hasMore: boolean }) => ({ seqs: page.data.map((m) => m.seq), hasMore: page.hasMore });
      assert.deepEqual(seqs(await store.listMessages(id, { limit: 3 })), { seqs: [8, 9, 10], hasMore: true }, 'newest page, oldest first');
      assert.deepEqual(seqs(await store.listMessages(id, { after: 0, limit: 3 })), { seqs: [1, 2, 3], hasMore: true });
      assert.deepEqual(seqs(await store.listMessages(id, { after: 7, limit: 3 })), { seqs: [8, 9, 10], hasMore: false });
      assert.deepEqual(seqs(await store.listMessages(id, { after: 8, limit: 5 })), { seqs: [9, 10], hasMore: false });
      assert.deepEqual(seqs(await store.listMessages(id, { before: 4, limit: 10 })), { seqs: [1, 2, 3], hasMore: false });
      assert.deepEqual(seqs(await store.listMessages(id, { before: 8, limit: 2 })), { seqs: [6, 7], hasMore: true });
      assert.deepEqual(seqs(await store.listMessages(id, { after: 2, before: 6, limit: 10 })), { seqs: [3, 4, 5], hasMore: false });
      assert.deepEqual(seqs(await store.listMessages(id, { after: 2 ** 40, limit: 10 })), { seqs: [], hasMore: false }, 'beyond 32 bits');
      assert.deepEqual(seqs(await store.listMessages('cv_missing', { limit: 10 })), { seqs: [], hasMore: false });
    });

    test('markRead raises, never lowers, never passes the last message', async (t) => {
      const { store } = await fresh(t);
      const { conversation: { id } } = await conversation(store);
      for (let n = 1; n <= 5; n++) await store.appendMessage(send(id, `m${n}`));
      assert.equal((await store.markRead(id, 'visitor', 3))?.visitorReadSeq, 3);
      assert.equal((await store.markRead(id, 'visitor', 1))?.visitorReadSeq, 3);
      const agentRead = await store.markRead(id, 'agent', 99);
      assert.equal(agentRead?.agentReadSeq, 5);
      assert.equal(agentRead?.visitorReadSeq, 3, 'each reader on its own');
      assert.equal((await store.markRead(id, 'visitor', 2 ** 40))?.visitorReadSeq, 5);
      assert.equal(await store.markRead('cv_missing', 'visitor', 1), null);
    });

    test('listConversations filters by status and assignee, newest activity first; summaries', async (t) => {
      const { store } = await fresh(t);
      const agent = await store.createAgent({ email: 'a@example.com', name: 'A', role: 'agent', kind: 'human', passwordHash: 'h' });
      const a = await conversation(store);
      const b = await conversation(store);
      const c = await conversation(store);
      await pause();
      await store.appendMessage(send(a.conversation.id, 'a1'));
      await pause();
      const latest = await store.appendMessage(send(b.conversation.id, 'b1'));
      await store.setStatus(c.conversation.id, 'closed');
      assert.equal((await store.assign(a.conversation.id, agent.id))?.assignedAgentId, agent.id);
      const ids = (page: { data: Array<{ id: string }> }) => page.data.map((summary) => summary.id);

      const open = await store.listConversations({ status: 'open', limit: 10 });
      assert.deepEqual(ids(open), [b.conversation.id, a.conversation.id]);
      const [summary] = open.data;
      assert.deepEqual(summary!.visitor, b.visitor);
      assert.deepEqual(summary!.lastMessage, latest.message);
      assert.deepEqual(ids(await store.listConversations({ status: 'closed', limit: 10 })), [c.conversation.id]);
      assert.deepEqual(ids(await store.listConversations({ assignedTo: agent.id, limit: 10 })), [a.conversation.id]);
      assert.deepEqual(ids(await store.listConversations({ status: 'open', assignedTo: null, limit: 10 })), [b.conversation.id]);
      const limited = await store.listConversations({ limit: 2 });
      assert.equal(limited.data.length, 2);
      assert.equal(limited.hasMore, true);
      assert.equal((await store.listConversations({ limit: 3 })).hasMore, false);
      assert.equal((await store.getConversationSummary(c.conversation.id))?.lastMessage, null);
      assert.equal(await store.getConversationSummary('cv_missing'), null);

      assert.equal((await store.assign(a.conversation.id, null))?.assignedAgentId, null);
      assert.deepEqual(ids(await store.listConversations({ assignedTo: agent.id, limit: 10 })), []);
    });

    test('listVisitorConversations: newest first, with summaries, limited', async (t) => {
      const { store } = await fresh(t);
      const { channelId, visitor, conversation: first } = await conversation(store);
      await store.appendMessage(send(first.id, 'x'));
      await store.setStatus(first.id, 'closed');
      await pause();
      const second = (await store.openConversation(channelId, visitor.id)).conversation;
      const listed = await store.listVisitorConversations(visitor.id, 10);
      assert.deepEqual(listed.map((summary) => summary.id), [second.id, first.id]);
      assert.equal(listed[1]!.lastMessage?.clientId, 'x');
      assert.equal(listed[0]!.lastMessage, null);
      assert.deepEqual((await store.listVisitorConversations(visitor.id, 1)).map((summary) => summary.id), [second.id]);
    });

    test('summaries are read in one statement, whatever the page size (not two more per conversation)', async (t) => {
      const { store } = await fresh(t);
      const { id: channelId } = await channel(store);
      const visitor = await store.createVisitor(channelId, { name: 'Vera' });
      for (let n = 1; n <= 4; n++) {
        const { conversation } = await store.openConversation(channelId, visitor.id);
        await store.appendMessage(send(conversation.id, `m${n}`));
        if (n < 4) await store.setStatus(conversation.id, 'closed');
      }
      for (let n = 1; n <= 2; n++) {
        const other = await store.createVisitor(channelId, { name: `Other ${n}` });
        await store.openConversation(channelId, other.id);
      }
      const statements = async (read: () => Promise<{ length: number }>, rows: number) => {
        let length = -1;
        const count = await engine.countStatements(async () => (length = (await read()).length));
        assert.equal(length, rows);
        return count;
      };
      assert.equal(await statements(async () => (await store.listConversations({ limit: 1 })).data, 1), 1);
      assert.equal(await statements(async () => (await store.listConversations({ limit: 10 })).data, 6), 1);
      assert.equal(await statements(() => store.listVisitorConversations(visitor.id, 1), 1), 1);
      assert.equal(await statements(() => store.listVisitorConversations(visitor.id, 10), 4), 1);
      const [latest] = await store.listVisitorConversations(visitor.id, 1);
      assert.equal(await engine.countStatements(() => store.getConversationSummary(latest!.id)), 1);
    });

    test('agents: create, find by email (any case), update, invites, bot tokens', async (t) => {
      const { store } = await fresh(t);
      assert.equal(await store.countAgents(), 0);
      const ada = await store.createAgent({ email: 'Ada@Example.com', name: 'Ada', role: 'admin', kind: 'human', passwordHash: 'hash-1' });
      assert.deepEqual(ada, { id: ada.id, email: 'Ada@Example.com', name: 'Ada', role: 'admin', kind: 'human', disabled: false, invited: false, capacity: 5 });
      assert.deepEqual(await store.getAgentByEmail('ada@example.COM'), { ...ada, passwordHash: 'hash-1' });
      await assert.rejects(store.createAgent({ email: 'ADA@example.com', name: 'Dup', role: 'agent', kind: 'human', passwordHash: '' }));
      assert.equal(await store.getAgentByEmail('nobody@example.com'), null);

      const updated = await store.updateAgent(ada.id, { name: 'Ada L.', role: 'agent', avatarUrl: 'https://a.example/a.png', disabled: true, passwordHash: 'hash-2' });
      assert.deepEqual(updated, { ...ada, name: 'Ada L.', role: 'agent', avatarUrl: 'https://a.example/a.png', disabled: true });
      assert.equal((await store.getAgentByEmail('ada@example.com'))?.passwordHash, 'hash-2');
      const cleared = await store.updateAgent(ada.id, { avatarUrl: null, disabled: false });
      assert.equal(cleared?.avatarUrl, undefined);
      assert.equal(cleared?.disabled, false);
      assert.deepEqual(await store.updateAgent(ada.id, {}), cleared);
      assert.equal(await store.updateAgent('ag_missing', { name: 'x' }), null);

      await pause();
      const invited = await store.createAgent({ email: 'new@example.com', name: 'New', role: 'agent', kind: 'human', passwordHash: '' });
      const expiresAt = new Date(Date.now() + 60_000).toISOString();
      assert.equal((await store.updateAgent(invited.id, { invite: { hash: 'invite-hash', expiresAt } }))?.invited, true);
      assert.equal((await store.findAgentByInvite('invite-hash', new Date().toISOString()))?.id, invited.id);
      assert.equal(await store.findAgentByInvite('invite-hash', new Date(Date.now() + 120_000).toISOString()), null, 'expired');
      assert.equal(await store.findAgentByInvite('other-hash', new Date().toISOString()), null);
      assert.equal((await store.updateAgent(invited.id, { invite: null, passwordHash: 'set' }))?.invited, false);
      assert.equal(await store.findAgentByInvite('invite-hash', new Date().toISOString()), null);

      await pause();
      const bot = await store.createAgent({ email: 'bot@bots.invalid', name: 'Bot', role: 'agent', kind: 'bot', passwordHash: '' });
      await store.updateAgent(bot.id, { tokenHash: 'token-hash' });
      await store.updateAgent(invited.id, { tokenHash: 'human-token' });
      assert.equal((await store.findAgentByToken('token-hash'))?.id, bot.id);
      assert.equal(await store.findAgentByToken('human-token'), null, 'only bots sign in with tokens');
      assert.equal(await store.countAgents(), 3);
      assert.deepEqual((await store.listAgents()).map((agent) => agent.id), [ada.id, invited.id, bot.id]);
      assert.deepEqual(await store.getAgent(bot.id), { ...bot });
      assert.equal(await store.getAgent('ag_missing'), null);
    });

    test('webhooks and deliveries: enqueue, lease, record, redeliver; one claim per delivery across nodes', async (t) => {
      const { store, open } = await fresh(t);
      const created = await store.createWebhook({ url: 'https://hooks.example/a', events: ['message.created'], channel: null, active: true, secret: 'whsec_1' });
      assert.deepEqual(await store.listWebhooks(), [{ ...created, secret: 'whsec_1' }]);
      const updated = await store.updateWebhook(created.id, { events: ['message.created', 'conversation.closed'], active: false, channel: 'shop' });
      assert.deepEqual(updated, { ...created, events: ['message.created', 'conversation.closed'], active: false, channel: 'shop' });
      assert.deepEqual(await store.getWebhook(created.id), { ...updated, secret: 'whsec_1' });
      assert.equal(await store.updateWebhook('wh_missing', { active: true }), null);

      const payload = (n: number) => `{"n":${n},"text":"é \\u0000 ✓"}`;
      await store.enqueueDeliveries([1, 2, 3].map((n) => ({ id: `whd_${n}`, webhookId: created.id, event: 'message.created' as const, payload: payload(n) })));
      await store.enqueueDeliveries([]);
      const now = () => new Date(Date.now() + 1000).toISOString();
      const lease = new Date(Date.now() + 60_000).toISOString();
      const firstClaim = await store.claimDueDeliveries(now(), lease, 2);
      assert.equal(firstClaim.length, 2);
      for (const claim of firstClaim) {
        const n = Number(claim.id.slice('whd_'.length));
        assert.deepEqual(claim, { id: `whd_${n}`, event: 'message.created', payload: payload(n), attempts: 0, url: 'https://hooks.example/a', secret: 'whsec_1' });
      }
      const secondClaim = await store.claimDueDeliveries(now(), lease, 10);
      assert.equal(secondClaim.length, 1, 'leased ones are not handed out again');
      assert.equal(new Set([...firstClaim, ...secondClaim].map((claim) => claim.id)).size, 3);
      assert.deepEqual(await store.claimDueDeliveries(now(), lease, 10), []);
      assert.equal((await store.claimDueDeliveries(new Date(Date.now() + 120_000).toISOString(), lease, 10)).length, 3, 'an expired lease is due again');

      await store.recordDelivery('whd_1', { status: 'delivered', attempts: 1, nextAttemptAt: null, lastStatus: 200, lastError: null });
      await store.recordDelivery('whd_2', { status: 'failed', attempts: 3, nextAttemptAt: null, lastStatus: 500, lastError: 'boom' });
      const log = await store.listDeliveries(created.id, 10);
      const delivered = log.find((delivery) => delivery.id === 'whd_1')!;
      assert.equal(delivered.status, 'delivered');
      assert.ok(delivered.deliveredAt);
      assert.deepEqual({ ...log.find((delivery) => delivery.id === 'whd_2')!, createdAt: '' },
        { id: 'whd_2', webhookId: created.id, event: 'message.created', status: 'failed', attempts: 3, nextAttemptAt: null, lastStatus: 500, lastError: 'boom', createdAt: '', deliveredAt: null });
      assert.equal((await store.listDeliveries(created.id, 2)).length, 2);

      const again = await store.redeliver(created.id, 'whd_2');
      assert.equal(again?.status, 'pending');
      assert.ok(again?.nextAttemptAt);
      assert.equal(again?.attempts, 3);
      assert.equal(await store.redeliver('wh_other', 'whd_2'), null);
      assert.deepEqual((await store.claimDueDeliveries(now(), lease, 10)).map((claim) => claim.id), ['whd_2']);

      // Many dispatchers on two nodes at once: every delivery is claimed exactly once.
      const peer = await open();
      await store.enqueueDeliveries(Array.from({ length: 40 }, (_, n) => ({ id: `whd_b${n}`, webhookId: created.id, event: 'message.created' as const, payload: '{}' })));
      const claims = await Promise.all([store, peer, store, peer, store, peer].map((node) => node.claimDueDeliveries(now(), lease, 10)));
      const claimed = claims.flat().map((claim) => claim.id);
      assert.equal(claimed.length, 40);
      assert.equal(new Set(claimed).size, 40);

      assert.equal(await store.deleteWebhook(created.id), true);
      assert.equal(await store.deleteWebhook(created.id), false);
      assert.deepEqual(await store.listDeliveries(created.id, 10), []);
      assert.equal(await store.getWebhook(created.id), null);
      assert.deepEqual(await store.claimDueDeliveries(new Date(Date.now() + 3_600_000).toISOString(), lease, 100), []);
    });
  });
}
