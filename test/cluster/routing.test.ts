import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Agent, ChatMessage, ConversationSummary, Page, SessionResponse, Team } from '../../src/protocol.js';
import { agentSocket, FAULTS_ADMIN_TOKEN, type ServerProcess, until } from '../faults/harness.js';
import { adapters, call, needsDatabase, twoNodes } from './two-nodes.js';

/**
 * Round-robin routing on two nodes sharing one PostgreSQL database (and Socket.IO's adapter):
 * visitors open conversations on both nodes at once, then both nodes are made to route the queue at once.
 * However the nodes interleave, an agent never holds more than their capacity, no conversation
 * is assigned twice, the rest wait with positions 1…k, and a close drains the queue by one.
 */
const CAPACITY = 3;
const CONVERSATIONS = 16;

for (const adapter of adapters) describe(`cluster: round-robin routing on two nodes, ${adapter.name}`, needsDatabase, () => {
  const nodes = twoNodes('support_chat_routing', adapter.env);
  let a: ServerProcess;
  let b: ServerProcess;
  const agents: Array<{ agent: Agent; token: string }> = [];
  let team: Team;

  before(async () => {
    ({ a, b } = nodes);
    assert.equal((await call(a.url, '/api/v1/admin/channels', { token: FAULTS_ADMIN_TOKEN, body: { key: 'routing', name: 'Routing' } })).status, 201);
    for (const [index, node] of [a, b].entries()) {
      const email = `router${index}@cluster.example`;
      const password = 'a long enough password 1';
      const created = await call<{ agent: Agent }>(node.url, '/api/v1/admin/agents', { token: FAULTS_ADMIN_TOKEN, body: { email, name: `Router ${index}`, role: 'agent', password } });
      // No room yet: the queue builds up, then both nodes are made to route it at the same moment.
      await call(node.url, `/api/v1/admin/agents/${created.body.agent.id}`, { method: 'PATCH', token: FAULTS_ADMIN_TOKEN, body: { capacity: 0 } });
      const login = await call<{ token: string }>(node.url, '/api/v1/agent/login', { body: { email, password } });
      agents.push({ agent: created.body.agent, token: login.body.token });
    }
    team = (await call<Team>(a.url, '/api/v1/admin/teams', { token: FAULTS_ADMIN_TOKEN, body: { name: 'Race', channel: 'routing', agentIds: agents.map((each) => each.agent.id), inbound: true } })).body;
  });

  const teamConversations = async () =>
    (await call<Page<ConversationSummary>>(b.url, `/api/v1/agent/conversations?team=${team.id}&status=open&limit=100`, { token: agents[0]!.token })).body.data;
  const assignedTo = (list: ConversationSummary[], agentId: string) => list.filter((each) => each.assignedAgentId === agentId).length;
  const positions = (list: ConversationSummary[]) => list.filter((each) => each.assignedAgentId === null).map((each) => each.queuePosition).sort((x, y) => (x ?? 0) - (y ?? 0));

  /** `count` visitors open a conversation each, at once, half on each node. */
  const openAtOnce = (count: number) =>
    Promise.all([...Array(count)].map(async (_, index) => {
      const node = index % 2 ? b : a;
      const session = await call<SessionResponse>(node.url, '/api/v1/widget/channels/routing/session', { body: {} });
      const sent = await call<ChatMessage>(node.url, '/api/v1/widget/conversation/messages', { token: session.body.token, body: { clientId: `c${index}`, text: `visitor ${index}` } });
      assert.equal(sent.status, 201);
    }));

  test(`${CONVERSATIONS} conversations opened at once on both nodes with nobody online yet: all queued 1…${CONVERSATIONS}`, async () => {
    await openAtOnce(CONVERSATIONS);
    const list = await teamConversations();
    assert.equal(list.length, CONVERSATIONS);
    assert.deepEqual(positions(list), [...Array(CONVERSATIONS)].map((_, index) => index + 1));
  });

  test(`both nodes route the queue at once: exactly ${2 * CAPACITY} assigned, ${CAPACITY} each, the rest queued 1…${CONVERSATIONS - 2 * CAPACITY}`, async () => {
    // One agent on each node: each node knows only its own socket, and sees the other's through the store.
    const sockets = [a, b].map((node, index) => agentSocket(node.url, agents[index]!.token));
    nodes.clients.push(...sockets);
    await until(() => sockets.every((socket) => socket.connected), 'both agents to connect');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await teamConversations()).filter((each) => each.assignedAgentId).length, 0, 'capacity 0: nobody is given any');
    // Room for both at once, through both nodes, several times over: every change starts a pass on its node.
    const patch = (node: ServerProcess, path: string, body: unknown) => call(node.url, `/api/v1/admin${path}`, { method: 'PATCH', token: FAULTS_ADMIN_TOKEN, body });
    await Promise.all([
      ...agents.map(({ agent }, index) => patch(index ? b : a, `/agents/${agent.id}`, { capacity: CAPACITY })),
      ...[a, b, a, b, a, b].map((node, index) => patch(node, `/teams/${team.id}`, { name: `Race ${index}` })),
    ]);
    await until(async () => (await teamConversations()).filter((each) => each.assignedAgentId).length >= 2 * CAPACITY, 'the nodes to route', 15_000);
    // Both nodes keep routing on their heartbeats; nothing more may be assigned meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const list = await teamConversations();
    assert.equal(list.length, CONVERSATIONS);
    assert.equal(new Set(list.map((each) => each.id)).size, CONVERSATIONS);
    assert.deepEqual(agents.map(({ agent }) => assignedTo(list, agent.id)), [CAPACITY, CAPACITY], 'each agent at exactly their capacity');
    assert.deepEqual(positions(list), [...Array(CONVERSATIONS - 2 * CAPACITY)].map((_, index) => index + 1));
  });

  test('more conversations opened at once while both agents are full: all queued behind the others', async () => {
    await openAtOnce(4);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const list = await teamConversations();
    assert.deepEqual(agents.map(({ agent }) => assignedTo(list, agent.id)), [CAPACITY, CAPACITY]);
    assert.deepEqual(positions(list), [...Array(CONVERSATIONS + 4 - 2 * CAPACITY)].map((_, index) => index + 1));
  });

  test('closing one on node A drains the queue by one, to the agent who closed it', async () => {
    const before = await teamConversations();
    const closer = agents[1]!;
    const closed = before.find((each) => each.assignedAgentId === closer.agent.id)!;
    const first = before.find((each) => each.queuePosition === 1)!;
    assert.equal((await call(a.url, `/api/v1/agent/conversations/${closed.id}/close`, { token: closer.token, body: {} })).status, 200);
    await until(async () => (await teamConversations()).find((each) => each.id === first.id)?.assignedAgentId === closer.agent.id, 'the first in line to go to the freed agent', 15_000);
    const list = await teamConversations();
    assert.deepEqual(agents.map(({ agent }) => assignedTo(list, agent.id)), [CAPACITY, CAPACITY]);
    assert.deepEqual(positions(list), [...Array(CONVERSATIONS + 4 - 2 * CAPACITY - 1)].map((_, index) => index + 1));
  });
});
