import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { LabelTaken, ShortcutTaken } from '../../server/store/canned-label-store.js';
import type { Store } from '../../server/store/store.js';
import { describeEngines } from './store-engines.js';

/** The store contract for canned replies and labels (migration 20), every engine. */

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;

async function agentOf(store: Store, role: 'agent' | 'admin' = 'agent') {
  return store.createAgent({ email: `${unique('a')}@test.example`, name: 'Ann', role, kind: 'human', passwordHash: '' });
}

async function conversationOf(store: Store) {
  const key = unique('ch');
  const { id: channelId } = await store.createChannel({ key, name: key, allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  const visitor = await store.createVisitor(channelId, { name: 'Vera' });
  return (await store.openConversation(channelId, visitor.id)).conversation;
}

describeEngines('store contract, canned replies and labels', (fresh, engine) => {
  test('canned replies: an agent lists their own and the shared ones by shortcut, searched in shortcut and text, any case', async (t) => {
    const store = await fresh(t);
    const [ann, bob] = [await agentOf(store), await agentOf(store)];
    const shared = await store.createCannedReply({ ownerId: null, shortcut: 'refund', text: 'Your REFUND is on its way, {{visitor.firstName}}.' });
    assert.match(shared.id, /^cr_/);
    assert.deepEqual([shared.shared, shared.ownerId], [true, null]);
    const own = await store.createCannedReply({ ownerId: ann.id, shortcut: 'hello', text: 'Hi there!' });
    // A personal reply may reuse a shared shortcut; the shared one comes first.
    const mine = await store.createCannedReply({ ownerId: ann.id, shortcut: 'refund', text: 'Mine.' });
    await store.createCannedReply({ ownerId: bob.id, shortcut: 'bye', text: 'Bye' });

    const listed = await store.listCannedReplies({ agentId: ann.id, limit: 10 });
    assert.deepEqual(listed.data.map((reply) => reply.id), [own.id, shared.id, mine.id]);
    assert.equal(listed.hasMore, false);
    assert.deepEqual((await store.listCannedReplies({ agentId: ann.id, q: 'Refund', limit: 10 })).data.map((reply) => reply.id), [shared.id, mine.id]);
    assert.deepEqual((await store.listCannedReplies({ agentId: ann.id, q: 'on its WAY', limit: 10 })).data.map((reply) => reply.id), [shared.id]);
    assert.deepEqual((await store.listCannedReplies({ agentId: ann.id, q: '%', limit: 10 })).data, [], 'no wildcard');
    const page = await store.listCannedReplies({ agentId: ann.id, limit: 2 });
    assert.deepEqual([page.data.length, page.hasMore], [2, true]);
    assert.deepEqual((await store.listCannedReplies({ agentId: bob.id, limit: 10 })).data.map((reply) => reply.shortcut), ['bye', 'refund']);
    assert.deepEqual(await store.getCannedReply(shared.id), shared);
  });

  test('canned replies: a shortcut is unique within its scope; patched and deleted', async (t) => {
    const store = await fresh(t);
    const ann = await agentOf(store);
    await store.createCannedReply({ ownerId: null, shortcut: 'hi', text: 'Shared' });
    await assert.rejects(store.createCannedReply({ ownerId: null, shortcut: 'hi', text: 'Again' }), ShortcutTaken);
    const own = await store.createCannedReply({ ownerId: ann.id, shortcut: 'hi', text: 'Mine' });
    await assert.rejects(store.createCannedReply({ ownerId: ann.id, shortcut: 'hi', text: 'Again' }), ShortcutTaken);
    const other = await store.createCannedReply({ ownerId: ann.id, shortcut: 'other', text: 'x' });
    await assert.rejects(store.updateCannedReply(other.id, { shortcut: 'hi' }), ShortcutTaken);
    const patched = await store.updateCannedReply(own.id, { text: 'Mine, changed' });
    assert.deepEqual([patched?.shortcut, patched?.text], ['hi', 'Mine, changed']);
    assert.ok(patched!.updatedAt >= own.updatedAt);
    assert.equal(await store.updateCannedReply('cr_nope', { text: 'x' }), null);
    assert.equal(await store.deleteCannedReply(own.id), true);
    assert.equal(await store.deleteCannedReply(own.id), false);
    assert.equal(await store.getCannedReply(own.id), null);
  });

  test('labels: unique by name in any case, sorted; applied, carried by summaries, filtered on, renamed and deleted', async (t) => {
    const store = await fresh(t);
    const vip = await store.createLabel({ name: 'VIP', color: '#d4380d' });
    assert.match(vip.id, /^lb_/);
    await assert.rejects(store.createLabel({ name: 'vip', color: '#000000' }), LabelTaken);
    const billing = await store.createLabel({ name: 'billing', color: '#2f54eb' });
    const bug = await store.createLabel({ name: 'Bug', color: '#722ed1' });
    assert.deepEqual((await store.listLabels()).map((label) => label.name), ['billing', 'Bug', 'VIP']);
    await assert.rejects(store.updateLabel(bug.id, { name: 'Billing' }), LabelTaken);

    const [first, second] = [await conversationOf(store), await conversationOf(store)];
    assert.equal(await store.setConversationLabels(first.id, [vip.id, billing.id, 'lb_gone']), true);
    assert.equal(await store.setConversationLabels('cv_nope', [vip.id]), false);
    await store.setConversationLabels(second.id, [bug.id]);
    assert.deepEqual((await store.getConversationSummary(first.id))?.labels, ['billing', 'VIP']);
    assert.deepEqual(await store.conversationLabels(first.id), ['billing', 'VIP']);
    assert.deepEqual((await store.listConversations({ label: 'vip', limit: 10 })).data.map((summary) => summary.id), [first.id]);
    assert.deepEqual((await store.listConversations({ label: 'nothing', limit: 10 })).data, []);
    const all = await store.listConversations({ limit: 10 });
    assert.deepEqual(all.data.find((summary) => summary.id === second.id)?.labels, ['Bug']);

    // Replacing the set; a rename shows everywhere at once.
    await store.setConversationLabels(first.id, [billing.id]);
    assert.deepEqual(await store.conversationLabels(first.id), ['billing']);
    assert.deepEqual((await store.updateLabel(billing.id, { name: 'Invoices', color: '#13a8a8' }))?.color, '#13a8a8');
    assert.deepEqual((await store.getConversationSummary(first.id))?.labels, ['Invoices']);
    assert.deepEqual(await store.openConversationsLabelled(billing.id), [first.id]);

    await store.setStatus(second.id, 'closed');
    assert.deepEqual(await store.deleteLabel(bug.id), [], 'only open conversations are named');
    assert.deepEqual((await store.getConversationSummary(second.id))?.labels, []);
    assert.deepEqual(await store.deleteLabel(billing.id), [first.id]);
    assert.equal(await store.deleteLabel(billing.id), null);
    assert.deepEqual((await store.listLabels()).map((label) => label.name), ['VIP']);
    assert.deepEqual((await store.getConversationSummary(first.id))?.labels, []);
  });

  test('labels: two nodes replacing one conversation\'s labels at once leave one of the two sets, whole', async (t) => {
    const open = await engine.data(t);
    const [one, two] = [await open(), await open()];
    const [a, b, c] = [await one.createLabel({ name: 'a', color: '#000000' }), await one.createLabel({ name: 'b', color: '#000000' }), await one.createLabel({ name: 'c', color: '#000000' })];
    const conversation = await conversationOf(one);
    for (let round = 0; round < 10; round++) {
      await Promise.all([one.setConversationLabels(conversation.id, [a.id]), two.setConversationLabels(conversation.id, [b.id, c.id])]);
      const labels = await one.conversationLabels(conversation.id);
      assert.ok(['a', 'b,c'].includes(labels.join()), `round ${round}: ${labels.join()}`);
    }
  });
});
