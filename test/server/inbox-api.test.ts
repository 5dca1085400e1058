import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Agent, ApiError, ConversationSummary, Page, SessionResponse } from '../../src/protocol.js';
import { AGENT, connectAgent, json, loginAgent, nextEvent, startServer, startVisitor, type TestServer } from './helpers.js';

let server: TestServer;
let agent: string;
before(async () => {
  server = await startServer();
  agent = await loginAgent(server.url);
});
after(() => server.cleanup());

const agentApi = <T>(path: string, body?: unknown) => json<T & ApiError>(`${server.url}/api/v1/agent${path}`, { token: agent, ...(body === undefined ? {} : { body }) });

test('the handshake records where the visitor is; the inbox reads it with the conversation', async () => {
  const session = await json<SessionResponse>(`${server.url}/api/v1/widget/channels/test/session`, {
    body: { context: { pageUrl: 'https://shop.example/cart?step=2', referrer: '', locale: 'pt-BR' } },
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0' },
  });
  assert.equal(session.status, 201);
  const sent = await json<{ conversationId: string }>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.body.token, body: { clientId: 'c1', text: 'hello' } });
  const conversation = await agentApi<ConversationSummary>(`/conversations/${sent.body.conversationId}`);
  const { context } = conversation.body.visitor;
  assert.equal(context.pageUrl, 'https://shop.example/cart?step=2');
  assert.equal(context.locale, 'pt-BR');
  assert.equal(context.userAgent, 'Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0');
  assert.equal('referrer' in context, false, 'an empty referrer is no referrer');
  assert.ok(Date.parse(context.seenAt!) > Date.now() - 60_000);

  for (const [field, value] of [['pageUrl', 'javascript:alert(1)'], ['referrer', 'not a url'], ['locale', 'en_US; drop']] as const) {
    const refused = await json<ApiError>(`${server.url}/api/v1/widget/channels/test/session`, { body: { context: { [field]: value } } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.param, `context.${field}`);
  }
});

test('assignment: to me, to nobody, never to an unknown agent; the list filters follow; agents hear it live', async () => {
  const visitor = await startVisitor(server.url);
  const sent = await json<{ conversationId: string }>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'a1', text: 'assign me' } });
  const id = sent.body.conversationId;
  const team = await agentApi<Page<Agent>>('/agents');
  const me = team.body.data.find((member) => member.email === AGENT.email)!;
  const socket = await connectAgent(server.url, agent);
  try {
    const live = nextEvent<ConversationSummary>(socket, 'conversation:updated', (summary) => summary.id === id);
    const assigned = await agentApi<ConversationSummary>(`/conversations/${id}/assign`, { agentId: me.id });
    assert.equal(assigned.status, 200);
    assert.equal(assigned.body.assignedAgentId, me.id);
    assert.equal((await live).assignedAgentId, me.id);
    const ids = async (query: string) => (await agentApi<Page<ConversationSummary>>(`/conversations?${query}`)).body.data.map((item) => item.id);
    assert.ok((await ids('status=open&assigned=me')).includes(id));
    assert.ok(!(await ids('status=open&assigned=none')).includes(id));

    assert.equal((await agentApi<ConversationSummary>(`/conversations/${id}/assign`, { agentId: null })).body.assignedAgentId, null);
    assert.ok((await ids('status=open&assigned=none')).includes(id));
    const unknown = await agentApi(`/conversations/${id}/assign`, { agentId: 'ag_nobody' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.param, 'agentId');
    assert.equal((await agentApi('/conversations/cv_nope/assign', { agentId: null })).status, 404);
  } finally {
    socket.disconnect();
  }
});

test('a visitor’s previous conversations, newest first', async () => {
  const visitor = await startVisitor(server.url);
  const first = await json<{ conversationId: string }>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'h1', text: 'first visit' } });
  await json(`${server.url}/api/v1/widget/conversation/close`, { token: visitor.token, body: {} });
  const second = await json<{ conversationId: string }>(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'h2', text: 'second visit' } });
  const history = await agentApi<Page<ConversationSummary>>(`/visitors/${visitor.visitorId}/conversations`);
  assert.deepEqual(history.body.data.map((item) => [item.id, item.status, item.lastMessage?.text]), [
    [second.body.conversationId, 'open', 'second visit'],
    [first.body.conversationId, 'closed', 'first visit'],
  ]);
  assert.deepEqual((await agentApi<Page<ConversationSummary>>('/visitors/v_nobody/conversations')).body.data, []);
});
