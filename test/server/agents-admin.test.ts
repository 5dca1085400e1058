import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Agent, AgentLoginResponse, ApiError, ChatMessage, TypingEvent } from '../../src/protocol.js';
import { ADMIN_TOKEN, connectAgent, connectVisitor, json, nextEvent, startServer, startVisitor, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

type Invited = { agent: Agent; invite: { token: string; path: string; expiresAt: string } };
const admin = <T = unknown>(path: string, body?: unknown, method?: string) =>
  json<T & ApiError>(`${server.url}/api/v1/admin${path}`, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) });
const login = (email: string, password: string) => json<AgentLoginResponse & ApiError>(`${server.url}/api/v1/agent/login`, { body: { email, password } });
const accept = (token: string, password: string) => json<AgentLoginResponse & ApiError>(`${server.url}/api/v1/agent/invites/accept`, { body: { token, password } });

describe('agents: invite, role, disable', () => {
  test('an invited agent sets a password once, from the invite only', async () => {
    const invited = await admin<Invited>('/agents', { email: 'nina@test.example', name: 'Nina' });
    assert.equal(invited.status, 201);
    assert.equal(invited.body.agent.invited, true);
    assert.equal(invited.body.invite.path, `/inbox#invite=${invited.body.invite.token}`);
    assert.equal((await login('nina@test.example', '')).status, 400, 'an empty password is refused as input');
    assert.equal((await login('nina@test.example', 'anything at all 123')).status, 401, 'no password yet: no sign-in');

    const wrong = await accept('not-the-token', 'a good long password');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.param, 'token');
    const short = await accept(invited.body.invite.token, 'short');
    assert.equal(short.status, 400);
    assert.equal(short.body.error.param, 'password');

    const accepted = await accept(invited.body.invite.token, 'a good long password');
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.agent.invited, false);
    assert.equal((await json(`${server.url}/api/v1/agent/conversations`, { token: accepted.body.token })).status, 200);
    assert.equal((await login('nina@test.example', 'a good long password')).status, 200);
    assert.equal((await accept(invited.body.invite.token, 'another long password')).status, 401, 'an invite works once');
    assert.equal((await admin(`/agents/${invited.body.agent.id}/invite`, {})).status, 409, 'no new invite after sign-up');
  });

  test('a new invite replaces the old one', async () => {
    const first = await admin<Invited>('/agents', { email: 'omar@test.example', name: 'Omar' });
    const second = await admin<Invited>(`/agents/${first.body.agent.id}/invite`, {});
    assert.equal(second.status, 201);
    assert.equal((await accept(first.body.invite.token, 'a good long password')).status, 401);
    assert.equal((await accept(second.body.invite.token, 'a good long password')).status, 200);
    assert.equal((await admin('/agents', { email: 'OMAR@test.example', name: 'Again' })).status, 409, 'emails are unique, any case');
  });

  test('roles apply at once to tokens already issued; the last admin stays an admin', async () => {
    const created = await admin<{ agent: Agent }>('/agents', { email: 'ada@test.example', name: 'Ada', password: 'ada password 12345', role: 'agent' });
    assert.equal(created.status, 201);
    const { body: session } = await login('ada@test.example', 'ada password 12345');
    assert.equal((await json(`${server.url}/api/v1/admin/agents`, { token: session.token })).status, 403);
    assert.equal((await admin(`/agents/${created.body.agent.id}`, { role: 'admin' }, 'PATCH')).status, 200);
    const listed = await json<{ data: Agent[] }>(`${server.url}/api/v1/admin/agents`, { token: session.token });
    assert.equal(listed.status, 200, 'the same token, now an admin');
    assert.ok(listed.body.data.some((agent) => agent.email === 'ada@test.example' && agent.role === 'admin'));

    const demoted = await admin(`/agents/${created.body.agent.id}`, { role: 'agent' }, 'PATCH');
    assert.equal(demoted.status, 409, 'the only admin');
    assert.equal(demoted.body.error.param, 'role');
    const bad = await admin(`/agents/${created.body.agent.id}`, { role: 'owner' }, 'PATCH');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'role');
    assert.equal((await admin('/agents/ag_nobody', { name: 'x' }, 'PATCH')).status, 404);
  });

  test('a disabled agent cannot sign in, their tokens stop working and their socket is closed', async () => {
    const { body: created } = await admin<{ agent: Agent }>('/agents', { email: 'zed@test.example', name: 'Zed', password: 'zed password 12345' });
    const { body: session } = await login('zed@test.example', 'zed password 12345');
    const socket = await connectAgent(server.url, session.token);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    assert.equal((await admin(`/agents/${created.agent.id}`, { disabled: true }, 'PATCH')).status, 200);
    await closed;
    assert.equal((await json(`${server.url}/api/v1/agent/conversations`, { token: session.token })).status, 401);
    const refused = await login('zed@test.example', 'zed password 12345');
    assert.equal(refused.status, 403);
    assert.equal((await login('zed@test.example', 'the wrong password')).status, 401, 'a wrong password does not learn the account is disabled');
    await admin(`/agents/${created.agent.id}`, { disabled: false }, 'PATCH');
    assert.equal((await login('zed@test.example', 'zed password 12345')).status, 200);
  });
});

describe('bots: agents with an API token', () => {
  test('a bot replies and types with its token; rotating or disabling it cuts the old token', async () => {
    const created = await admin<{ agent: Agent; token: string }>('/bots', { name: 'Answer Bot' });
    assert.equal(created.status, 201);
    assert.equal(created.body.agent.kind, 'bot');
    assert.match(created.body.token, /^scb_/);
    const bot = created.body.token;
    assert.equal((await login(created.body.agent.email, '')).status, 400);

    const visitor = await startVisitor(server.url);
    await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'q1', text: 'Do you ship to Norway?' } });
    const { socket, joined } = await connectVisitor(server.url, visitor.token);
    try {
      const conversationId = joined.conversation!.id;
      const typing = nextEvent<TypingEvent>(socket, 'typing');
      assert.equal((await json(`${server.url}/api/v1/agent/conversations/${conversationId}/typing`, { token: bot, body: { typing: true } })).status, 200);
      assert.deepEqual(await typing, { conversationId, from: 'agent', name: 'Answer Bot', typing: true });
      const live = nextEvent<ChatMessage>(socket, 'message:created');
      const reply = await json<ChatMessage>(`${server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token: bot, body: { clientId: 'bot-1', text: 'Yes, in 3–5 days.' } });
      assert.equal(reply.status, 201);
      assert.deepEqual((await live).author, { id: created.body.agent.id, name: 'Answer Bot' });
    } finally {
      socket.disconnect();
    }

    const rotated = await admin<{ token: string }>(`/bots/${created.body.agent.id}/token/rotate`, {});
    assert.equal((await json(`${server.url}/api/v1/agent/conversations`, { token: bot })).status, 401, 'the old token is dead');
    assert.equal((await json(`${server.url}/api/v1/agent/conversations`, { token: rotated.body.token })).status, 200);
    await admin(`/agents/${created.body.agent.id}`, { disabled: true }, 'PATCH');
    assert.equal((await json(`${server.url}/api/v1/agent/conversations`, { token: rotated.body.token })).status, 401);
    assert.equal((await json(`${server.url}/api/v1/agent/conversations`, { token: 'scb_forged' })).status, 401);
    const human = (await admin<{ data: Agent[] }>('/agents')).body.data.find((agent) => agent.kind === 'human')!;
    assert.equal((await admin(`/bots/${human.id}/token/rotate`, {})).status, 409, 'humans have no API token');
  });
});
