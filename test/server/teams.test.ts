import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Agent, ChatMessage, Conversation, ConversationSummary, Page, Team, TeamQueueEvent } from '../../src/protocol.js';
import { ADMIN_TOKEN, connectAgent, connectVisitor, json, nextEvent, startServer, startVisitor, until, type AgentSocket, type TestServer } from './helpers.js';

/**
 * Teams and routing through the REST API and real sockets (SQLite; the store contract and the
 * cluster suite cover PostgreSQL and two nodes): the admin's team CRUD and refusals, round-robin
 * to online agents under capacity, the queue and its positions, what drains it, transfers, the
 * `?team=` filter, and what the visitor does not see.
 */

let server: TestServer;
const sockets: Array<{ disconnect(): unknown }> = [];
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

before(async () => {
  server = await startServer();
});
after(async () => {
  for (const socket of sockets) socket.disconnect();
  await server.cleanup();
});

const admin = <T>(method: string, path: string, body?: unknown) => json<T>(`${server.url}/api/v1/admin${path}`, { method, token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }) });
const asAgent = <T>(token: string, method: string, path: string, body?: unknown) => json<T>(`${server.url}/api/v1/agent${path}`, { method, token, ...(body === undefined ? {} : { body }) });

async function channel(): Promise<string> {
  const key = unique('teams');
  assert.equal((await admin('POST', '/channels', { key, name: key })).status, 201);
  return key;
}

/** An agent with a password and `capacity`, signed in; `online` connects their inbox socket. */
async function agent(capacity: number, online = true): Promise<{ agent: Agent; token: string; socket: AgentSocket | null }> {
  const name = unique('agent');
  const email = `${name}@teams.example`;
  const created = await admin<{ agent: Agent }>('POST', '/agents', { email, name, role: 'agent', password: 'a long enough password 1' });
  assert.equal(created.status, 201);
  assert.equal((await admin<Agent>('PATCH', `/agents/${created.body.agent.id}`, { capacity })).body.capacity, capacity);
  const login = await json<{ token: string }>(`${server.url}/api/v1/agent/login`, { body: { email, password: 'a long enough password 1' } });
  const socket = online ? await connectAgent(server.url, login.body.token) : null;
  if (socket) sockets.push(socket);
  return { agent: created.body.agent, token: login.body.token, socket };
}

/** A visitor's first message in `key`, which opens their conversation. */
async function newConversation(key: string, text = 'hello') {
  const session = await startVisitor(server.url, {}, key);
  const sent = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: unique('c'), text } });
  assert.equal(sent.status, 201);
  return { conversationId: sent.body.conversationId, session };
}

const summary = async (token: string, id: string) => (await asAgent<ConversationSummary>(token, 'GET', `/conversations/${id}`)).body;

describe('teams and routing', () => {
  test('admin: create, list, get, patch, delete; bad input names its field', async () => {
    const key = await channel();
    const { agent: ann } = await agent(2, false);
    const created = await admin<Team>('POST', '/teams', { name: 'Billing', channel: key, agentIds: [ann.id], inbound: true });
    assert.equal(created.status, 201);
    assert.deepEqual([created.body.name, created.body.channel, created.body.agentIds, created.body.routing, created.body.inbound], ['Billing', key, [ann.id], 'round-robin', true]);
    assert.ok((await admin<Page<Team>>('GET', `/teams?channel=${key}`)).body.data.some((team) => team.id === created.body.id));
    assert.equal((await admin<Team>('GET', `/teams/${created.body.id}`)).body.name, 'Billing');
    const patched = await admin<Team>('PATCH', `/teams/${created.body.id}`, { routing: 'manual', agentIds: [] });
    assert.deepEqual([patched.body.routing, patched.body.agentIds, patched.body.name], ['manual', [], 'Billing']);

    const refusals: Array<[string, string, unknown, number, string]> = [
      ['POST', '/teams', { name: 'x', channel: 'no-such-channel' }, 400, 'channel'],
      ['POST', '/teams', { name: '', channel: key }, 400, 'name'],
      ['POST', '/teams', { name: 'x', channel: key, routing: 'random' }, 400, 'routing'],
      ['POST', '/teams', { name: 'x', channel: key, agentIds: [ann.id, 'ag_nobody'] }, 400, 'agentIds.1'],
      ['PATCH', `/teams/${created.body.id}`, { channel: 'other' }, 400, 'channel'],
      ['PATCH', '/teams/tm_nobody', { name: 'x' }, 404, ''],
      ['PATCH', `/agents/${ann.id}`, { capacity: -1 }, 400, 'capacity'],
    ];
    for (const [method, path, body, status, param] of refusals) {
      const answer = await admin<{ error: { param?: string } }>(method, path, body);
      assert.equal(answer.status, status, `${method} ${path} ${JSON.stringify(body)}`);
      if (param) assert.equal(answer.body.error.param, param);
    }
    assert.equal((await admin('DELETE', `/teams/${created.body.id}`)).status, 204);
    assert.equal((await admin('GET', `/teams/${created.body.id}`)).status, 404);
  });

  test('round robin to online agents under capacity; the rest queue with positions; closing one drains the queue by one', async () => {
    const key = await channel();
    const ann = await agent(1);
    const bob = await agent(1);
    const away = await agent(5, false);
    const team = (await admin<Team>('POST', '/teams', { name: 'Desk', channel: key, agentIds: [ann.agent.id, bob.agent.id, away.agent.id], inbound: true })).body;

    const first = await newConversation(key);
    await until(async () => (await summary(ann.token, first.conversationId)).assignedAgentId, 'the first conversation to be assigned');
    const second = await newConversation(key);
    await until(async () => (await summary(ann.token, second.conversationId)).assignedAgentId, 'the second conversation to be assigned');
    const owners = [(await summary(ann.token, first.conversationId)).assignedAgentId, (await summary(ann.token, second.conversationId)).assignedAgentId];
    assert.deepEqual(new Set(owners), new Set([ann.agent.id, bob.agent.id]), 'one each: rotated, and never the agent who is offline');

    const queueHeard = nextEvent<TeamQueueEvent>(ann.socket!, 'team:queue', (event) => event.teamId === team.id && event.conversationIds.length === 2);
    const third = await newConversation(key);
    const fourth = await newConversation(key);
    assert.deepEqual((await queueHeard).conversationIds, [third.conversationId, fourth.conversationId]);
    const waiting = await summary(ann.token, third.conversationId);
    assert.deepEqual([waiting.teamId, waiting.assignedAgentId, waiting.queuePosition], [team.id, null, 1]);
    assert.equal((await summary(ann.token, fourth.conversationId)).queuePosition, 2);

    const listed = await asAgent<Page<ConversationSummary>>(ann.token, 'GET', `/conversations?team=${team.id}`);
    assert.deepEqual(new Set(listed.body.data.map((each) => each.id)), new Set([first, second, third, fourth].map((each) => each.conversationId)));

    const freed = owners[0]!;
    const updated = nextEvent<ConversationSummary>(bob.socket!, 'conversation:updated', (each) => each.id === third.conversationId && each.assignedAgentId !== null);
    assert.equal((await asAgent(ann.token, 'POST', `/conversations/${first.conversationId}/close`)).status, 200);
    assert.equal((await updated).assignedAgentId, freed, 'the freed agent gets the first in line');
    await until(async () => (await summary(ann.token, fourth.conversationId)).queuePosition === 1, 'the fourth to move up');
    assert.equal((await summary(ann.token, fourth.conversationId)).assignedAgentId, null, 'nobody else has room');
  });

  test('an agent coming online, or a higher capacity, drains the queue', async () => {
    const key = await channel();
    const late = await agent(1, false);
    await admin<Team>('POST', '/teams', { name: 'Late', channel: key, agentIds: [late.agent.id], inbound: true });
    const [one, two] = [await newConversation(key), await newConversation(key)];
    assert.equal((await summary(late.token, one.conversationId)).queuePosition, 1, 'nobody online: queued');

    sockets.push(await connectAgent(server.url, late.token));
    await until(async () => (await summary(late.token, one.conversationId)).assignedAgentId === late.agent.id, 'the first to go to the agent who came online');
    assert.equal((await summary(late.token, two.conversationId)).queuePosition, 1);
    await admin('PATCH', `/agents/${late.agent.id}`, { capacity: 2 });
    await until(async () => (await summary(late.token, two.conversationId)).assignedAgentId === late.agent.id, 'the second to follow the higher capacity');
  });

  test('transfer to an agent or to a team; bad targets name their field; the visitor never sees the team', async () => {
    const key = await channel();
    const other = await channel();
    const ann = await agent(0);
    const bob = await agent(3);
    const front = (await admin<Team>('POST', '/teams', { name: 'Front', channel: key, agentIds: [ann.agent.id], inbound: true })).body;
    const experts = (await admin<Team>('POST', '/teams', { name: 'Experts', channel: key, agentIds: [bob.agent.id] })).body;
    const elsewhere = (await admin<Team>('POST', '/teams', { name: 'Elsewhere', channel: other })).body;
    const { conversationId, session } = await newConversation(key);
    const { socket: widget } = await connectVisitor(server.url, session.token);
    sockets.push(widget);
    assert.equal((await summary(ann.token, conversationId)).queuePosition, 1, 'ann has no room (capacity 0)');

    const visitorHeard = nextEvent<Conversation>(widget, 'conversation:updated', (each) => each.assignedAgentId === bob.agent.id);
    const toTeam = await asAgent<ConversationSummary>(ann.token, 'POST', `/conversations/${conversationId}/transfer`, { teamId: experts.id });
    assert.equal(toTeam.status, 200);
    assert.deepEqual([toTeam.body.teamId, toTeam.body.assignedAgentId, toTeam.body.queuePosition], [experts.id, bob.agent.id, null], 'routed before the answer');
    const seen = await visitorHeard;
    assert.equal('teamId' in seen || 'queuePosition' in seen, false, 'the visitor sees the assignee, never the team or the queue');

    const toAgent = await asAgent<ConversationSummary>(bob.token, 'POST', `/conversations/${conversationId}/transfer`, { agentId: ann.agent.id });
    assert.deepEqual([toAgent.body.assignedAgentId, toAgent.body.teamId], [ann.agent.id, experts.id], 'a person chose: assigned over capacity, team kept');
    assert.equal((await asAgent<Page<Team>>(ann.token, 'GET', `/teams?channel=${key}`)).body.data.map((team) => team.id).sort().join(), [front.id, experts.id].sort().join());

    const refusals: Array<[unknown, number, string]> = [
      [{ teamId: elsewhere.id }, 400, 'teamId'],
      [{ teamId: 'tm_nobody' }, 400, 'teamId'],
      [{ agentId: 'ag_nobody' }, 400, 'agentId'],
      [{ agentId: ann.agent.id, teamId: front.id }, 400, 'agentId'],
      [{}, 400, 'agentId'],
      [{ queue: 'x' }, 400, 'queue'],
    ];
    for (const [body, status, param] of refusals) {
      const answer = await asAgent<{ error: { param?: string } }>(ann.token, 'POST', `/conversations/${conversationId}/transfer`, body);
      assert.deepEqual([answer.status, answer.body.error.param], [status, param], JSON.stringify(body));
    }
    assert.equal((await asAgent(ann.token, 'POST', '/conversations/cv_nobody/transfer', { teamId: front.id })).status, 404);
    await asAgent(ann.token, 'POST', `/conversations/${conversationId}/close`);
    assert.equal((await asAgent(ann.token, 'POST', `/conversations/${conversationId}/transfer`, { teamId: front.id })).status, 409);
  });
});
