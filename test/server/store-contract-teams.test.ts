import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { Store } from '../../server/store/store.js';
import { describeEngines } from './store-engines.js';

/**
 * The store contract for teams and routing (migration 21), every engine: teams and members, the
 * inbound team taking new and handed-off conversations, presence, round-robin under capacity
 * with the queue in order, transfers, and two stores (two nodes) routing one queue at once.
 */

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;
const now = () => new Date().toISOString();
const longAgo = '2000-01-01T00:00:00.000Z';
/** The oldest heartbeat routing still counts in these tests. */
const recent = '2020-01-01T00:00:00.000Z';

async function channelOf(store: Store) {
  const key = unique('team-ch');
  return store.createChannel({ key, name: key, allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
}

async function agentOf(store: Store, capacity?: number) {
  const name = unique('agent');
  const agent = await store.createAgent({ email: `${name}@teams.example`, name, role: 'agent', kind: 'human', passwordHash: 'x' });
  return capacity === undefined ? agent : (await store.updateAgent(agent.id, { capacity }))!;
}

/** A visitor's new default conversation in the channel (human-handled unless `ai`). */
async function conversationIn(store: Store, channelId: string, ai = false) {
  const visitor = await store.createVisitor(channelId, { name: unique('visitor') });
  return (await store.openConversation(channelId, visitor.id, ai ? { handledBy: 'ai', aiAgentId: null } : undefined)).conversation;
}

describeEngines('store contract, teams and routing', (fresh, engine) => {
  test('teams: created with members in order, listed per channel, patched, deleted; the inbound flag stays on one team', async (t) => {
    const store = await fresh(t);
    const channel = await channelOf(store);
    const [ann, bob] = [await agentOf(store), await agentOf(store)];
    assert.equal(ann.capacity, 5, 'agents start with a capacity of 5');
    const sales = await store.createTeam({ channelId: channel.id, name: 'Sales', routing: 'round-robin', inbound: true, agentIds: [bob.id, ann.id] });
    assert.match(sales.id, /^tm_/);
    assert.deepEqual([sales.name, sales.channel, sales.agentIds, sales.routing, sales.inbound], ['Sales', channel.key, [bob.id, ann.id], 'round-robin', true]);
    const support = await store.createTeam({ channelId: channel.id, name: 'Support', routing: 'manual', inbound: true, agentIds: [] });
    assert.equal((await store.getTeam(sales.id))?.inbound, false, 'the new inbound team took the flag');
    assert.deepEqual((await store.listTeams(channel.id)).map((team) => [team.name, team.inbound]), [['Sales', false], ['Support', true]]);

    const patched = await store.updateTeam(sales.id, { name: 'Sales EU', agentIds: [ann.id], routing: 'manual', inbound: true });
    assert.deepEqual([patched?.name, patched?.agentIds, patched?.routing, patched?.inbound], ['Sales EU', [ann.id], 'manual', true]);
    assert.equal((await store.getTeam(support.id))?.inbound, false);
    assert.equal(await store.updateTeam('tm_missing', { name: 'x' }), null);

    const conversation = await conversationIn(store, channel.id);
    assert.equal((await store.getConversationSummary(conversation.id))?.teamId, sales.id);
    assert.equal(await store.deleteTeam(sales.id), true);
    assert.equal(await store.deleteTeam(sales.id), false);
    assert.equal((await store.getConversationSummary(conversation.id))?.teamId, null, 'its conversations keep no team');
    assert.deepEqual((await store.listTeams(channel.id)).map((team) => team.name), ['Support']);
  });

  test('new conversations join the inbound team and queue in order; AI ones wait for their handoff, then go to the back', async (t) => {
    const store = await fresh(t);
    const channel = await channelOf(store);
    const before = await conversationIn(store, channel.id);
    const team = await store.createTeam({ channelId: channel.id, name: 'Desk', routing: 'round-robin', inbound: true, agentIds: [] });
    const first = await conversationIn(store, channel.id);
    const ai = await conversationIn(store, channel.id, true);
    const second = await conversationIn(store, channel.id);
    const summary = async (id: string) => (await store.getConversationSummary(id))!;
    assert.equal((await summary(before.id)).teamId, null, 'a conversation opened before the team has none');
    assert.deepEqual([(await summary(first.id)).teamId, (await summary(first.id)).queuePosition], [team.id, 1]);
    assert.deepEqual([(await summary(ai.id)).teamId, (await summary(ai.id)).queuePosition], [team.id, null], 'the AI answers it: not queued');
    assert.equal((await summary(second.id)).queuePosition, 2);

    await store.setHandledBy(ai.id, 'human');
    assert.equal((await summary(ai.id)).queuePosition, 3, 'handed off: at the back of the queue');
    const listed = await store.listConversations({ teamId: team.id, limit: 10 });
    assert.deepEqual(new Set(listed.data.map((each) => each.id)), new Set([first.id, ai.id, second.id]));
    assert.deepEqual(await store.queuedTeamIds(), [team.id]);
    await store.updateTeam(team.id, { routing: 'manual' });
    assert.equal((await summary(first.id)).queuePosition, null, 'a manual team has no queue');
    assert.deepEqual(await store.queuedTeamIds(), []);
  });

  test('presence: online while a node has the agent and is heard from; a heartbeat drops the agents the node no longer has', async (t) => {
    const store = await fresh(t);
    const [ann, bob] = [await agentOf(store), await agentOf(store)];
    await store.setAgentPresence('node-a', ann.id, true, now());
    await store.setAgentPresence('node-b', ann.id, true, now());
    await store.setAgentPresence('node-b', bob.id, true, longAgo);
    assert.deepEqual(await store.onlineAgentIds('2020-01-01T00:00:00.000Z'), [ann.id], 'bob was last heard of too long ago');
    await store.setAgentPresence('node-a', ann.id, false, now());
    assert.deepEqual(await store.onlineAgentIds(longAgo), [ann.id, bob.id].sort(), 'still on node B');
    await store.refreshPresence('node-b', [bob.id], now());
    assert.deepEqual(await store.onlineAgentIds('2020-01-01T00:00:00.000Z'), [bob.id]);
    await store.refreshPresence('node-b', [], now());
    assert.deepEqual(await store.onlineAgentIds(longAgo), []);
  });

  test('round robin: online people only, under capacity, rotating, first in line first; the rest keep their places', async (t) => {
    const store = await fresh(t);
    const channel = await channelOf(store);
    const [ann, bob, offline] = [await agentOf(store, 2), await agentOf(store, 1), await agentOf(store, 9)];
    const team = await store.createTeam({ channelId: channel.id, name: 'Desk', routing: 'round-robin', inbound: true, agentIds: [ann.id, bob.id, offline.id] });
    for (const agent of [ann, bob]) await store.setAgentPresence('node', agent.id, true, now());
    // A node that died with this agent connected: its row stays, but it is no longer heard from.
    await store.setAgentPresence('dead-node', offline.id, true, longAgo);
    const queued = [];
    for (let i = 0; i < 5; i++) queued.push((await conversationIn(store, channel.id)).id);

    const outcome = await store.routeQueue(team.id, recent);
    const firstTurn = [ann.id, bob.id].sort()[0]!;
    const secondTurn = firstTurn === ann.id ? bob.id : ann.id;
    assert.deepEqual(outcome.assigned, [
      { conversationId: queued[0], agentId: firstTurn },
      { conversationId: queued[1], agentId: secondTurn },
      { conversationId: queued[2], agentId: ann.id },
    ], 'alternating while both have room, then ann (capacity 2) alone');
    assert.deepEqual(outcome.queue, queued.slice(3));
    assert.deepEqual(await Promise.all(queued.map(async (id) => (await store.getConversationSummary(id))?.queuePosition)), [null, null, null, 1, 2]);
    assert.deepEqual((await store.routeQueue(team.id, recent)).assigned, [], 'everyone is full');

    await store.setStatus(queued[1]!, 'closed');
    const next = await store.routeQueue(team.id, recent);
    assert.deepEqual(next.assigned, [{ conversationId: queued[3], agentId: secondTurn === bob.id ? bob.id : ann.id }]);
    assert.deepEqual(next.queue, [queued[4]]);
    assert.equal((await store.getConversationSummary(queued[4]!))?.queuePosition, 1);
  });

  test('transfers: to an agent keeps the team; to a team unassigns and queues at the back; a closed one is refused', async (t) => {
    const store = await fresh(t);
    const channel = await channelOf(store);
    const ann = await agentOf(store);
    const first = await store.createTeam({ channelId: channel.id, name: 'One', routing: 'round-robin', inbound: true, agentIds: [] });
    const second = await store.createTeam({ channelId: channel.id, name: 'Two', routing: 'round-robin', inbound: false, agentIds: [] });
    const waiting = await conversationIn(store, channel.id);
    const moved = await conversationIn(store, channel.id);
    await store.transferConversation(waiting.id, { teamId: second.id });
    const toAnn = await store.transferConversation(moved.id, { agentId: ann.id });
    assert.equal(toAnn?.assignedAgentId, ann.id);
    assert.deepEqual([(await store.getConversationSummary(moved.id))?.teamId, (await store.getConversationSummary(moved.id))?.queuePosition], [first.id, null]);
    const back = await store.transferConversation(moved.id, { teamId: second.id });
    assert.equal(back?.assignedAgentId, null);
    assert.deepEqual((await store.routeQueue(second.id, now())).queue, [waiting.id, moved.id]);
    await store.setStatus(moved.id, 'closed');
    await assert.rejects(store.transferConversation(moved.id, { agentId: ann.id }), { name: 'ConversationClosed' });
    assert.equal(await store.transferConversation('cv_missing', { agentId: ann.id }), null);
  });

  test('two stores routing one queue at once (two nodes): no conversation twice, nobody over capacity, the rest in order', async (t) => {
    const open = await engine.data(t);
    const [one, two] = [await open(), await open()];
    const channel = await channelOf(one);
    const agents = [await agentOf(one, 3), await agentOf(one, 3)];
    const team = await one.createTeam({ channelId: channel.id, name: 'Race', routing: 'round-robin', inbound: true, agentIds: agents.map((agent) => agent.id) });
    for (const agent of agents) await one.setAgentPresence('node', agent.id, true, now());
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await conversationIn(i % 2 ? one : two, channel.id)).id);

    const outcomes = await Promise.all([...Array(6)].map((_, i) => (i % 2 ? one : two).routeQueue(team.id, longAgo)));
    const assigned = outcomes.flatMap((outcome) => outcome.assigned);
    assert.equal(assigned.length, 6);
    assert.equal(new Set(assigned.map((each) => each.conversationId)).size, 6, 'no conversation assigned twice');
    const stored = await Promise.all(ids.map((id) => one.getConversationSummary(id)));
    for (const agent of agents) assert.equal(stored.filter((each) => each?.assignedAgentId === agent.id).length, 3, 'each at exactly their capacity');
    assert.deepEqual(stored.filter((each) => each?.assignedAgentId === null).map((each) => each?.queuePosition), [1, 2, 3, 4]);
    assert.deepEqual(stored.slice(0, 6).map((each) => each?.assignedAgentId === null), Array(6).fill(false), 'first in line first');
  });
});
