import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { Store } from '../../server/store/store.js';
import { describeEngines } from './store-engines.js';

/**
 * The store contract for live visitors (migration 24), every engine: when a visit starts and
 * whether it is a return, and the facts the live visitors view shows (name, email, counts).
 */

let counter = 0;
const GAP = 30 * 60_000;
const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 12, 0) + minutes * 60_000).toISOString();

async function channelOf(store: Store) {
  const key = `visits${++counter}`;
  return store.createChannel({ key, name: key, allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
}

describeEngines('store contract, visits', (fresh) => {
  test('a new visitor starts a first visit; page views within the gap continue it; a return after the gap is a new, returning visit', async (t) => {
    const store = await fresh(t);
    const channel = await channelOf(store);
    const visitor = await store.createVisitor(channel.id, {});
    const arrive = (minutes: number) => store.visitorArrived(visitor.id, at(minutes), GAP);
    // Created just now (the handshake) and never seen: a first visit.
    const first = await arrive((Date.parse(visitor.createdAt) - Date.parse(at(0))) / 60_000 + 0.01);
    assert.equal(first?.returning, false);
    const started = first!.startedAt;
    // Another page 10 minutes later (the widget reconnects), then it leaves at minute 40 of the visit.
    const offset = (Date.parse(started) - Date.parse(at(0))) / 60_000;
    assert.deepEqual(await arrive(offset + 10), { startedAt: started, returning: false });
    await store.visitorSeen(visitor.id, at(offset + 40));
    // Back 29 minutes after leaving: the same visit.
    assert.deepEqual(await arrive(offset + 69), { startedAt: started, returning: false });
    await store.visitorSeen(visitor.id, at(offset + 70));
    // Back 31 minutes after leaving: a new visit, and a return.
    assert.deepEqual(await arrive(offset + 101), { startedAt: at(offset + 101), returning: true });
    // Pages of that visit keep it.
    assert.deepEqual(await arrive(offset + 102), { startedAt: at(offset + 101), returning: true });
  });

  test('a visitor created long before their first connected widget is returning; an unknown visitor has no visit', async (t) => {
    const store = await fresh(t);
    const channel = await channelOf(store);
    const visitor = await store.createVisitor(channel.id, {});
    const later = new Date(Date.parse(visitor.createdAt) + GAP + 60_000).toISOString();
    assert.deepEqual(await store.visitorArrived(visitor.id, later, GAP), { startedAt: later, returning: true });
    assert.equal(await store.visitorArrived('v_nobody', later, GAP), null);
    await store.visitorSeen('v_nobody', later); // nothing to record, no error
  });

  test('facts: name, email and conversation counts of the visitors asked for; unknown ids are left out', async (t) => {
    const store = await fresh(t);
    const channel = await channelOf(store);
    const named = await store.createVisitor(channel.id, { name: 'Ines', email: 'ines@example.com' });
    const anonymous = await store.createVisitor(channel.id, {});
    const { conversation } = await store.openConversation(channel.id, named.id);
    await store.createConversation({ channelId: channel.id, visitorId: named.id, clientId: 'c-1', subject: null, attributes: {} });
    await store.setStatus(conversation.id, 'closed');
    const facts = await store.liveVisitorFacts([named.id, anonymous.id, 'v_nobody']);
    const byId = new Map(facts.map((row) => [row.visitorId, row]));
    assert.equal(facts.length, 2);
    assert.deepEqual(byId.get(named.id), { visitorId: named.id, name: 'Ines', email: 'ines@example.com', openConversations: 1, totalConversations: 2 });
    assert.deepEqual(byId.get(anonymous.id), { visitorId: anonymous.id, openConversations: 0, totalConversations: 0 });
    assert.deepEqual(await store.liveVisitorFacts([]), []);
  });
});
