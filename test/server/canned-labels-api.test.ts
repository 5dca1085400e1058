import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiError, CannedReply, ChatMessage, Conversation, ConversationSummary, Label, Page, WebhookPayload } from '../../src/protocol.js';
import { ADMIN_TOKEN, connectAgent, connectVisitor, json, loginAgent, nextEvent, receiver, startServer, startVisitor, until, type TestServer } from './helpers.js';

/** Canned replies and labels over HTTP, the `/agent` and `/widget` sockets and webhooks. */

let server: TestServer;
let agentToken: string;
let adminToken: string;
let otherToken: string;
before(async () => {
  server = await startServer({ webhooks: { retryBaseMs: 50, maxAttempts: 2, pollMs: 20, allowPrivate: true } });
  agentToken = await loginAgent(server.url);
  const signIn = async (email: string, role: 'admin' | 'agent') => {
    const password = 'a long enough password 123';
    await json(`${server.url}/api/v1/admin/agents`, { token: ADMIN_TOKEN, body: { email, name: email.split('@')[0], role, password } });
    return (await json<{ token: string }>(`${server.url}/api/v1/agent/login`, { body: { email, password } })).body.token;
  };
  adminToken = await signIn('boss@test.example', 'admin');
  otherToken = await signIn('other@test.example', 'agent');
});
after(() => server.cleanup());

const call = <T>(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  json<T & ApiError>(`${server.url}/api/v1${path}`, { token, method, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });

async function conversation(text = 'Hello') {
  const session = await startVisitor(server.url, { profile: { name: 'Jane Doe' } });
  const sent = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: `c${Math.random()}`.replace('.', ''), text } });
  return { session, conversationId: sent.body.conversationId };
}

describe('canned replies', () => {
  test('an agent keeps personal replies; admins keep the shared ones; each sees both, by shortcut, searchable', async () => {
    const mine = await call<CannedReply>(agentToken, 'POST', '/agent/canned', { shortcut: 'thanks', text: 'Thanks, {{visitor.firstName}}!' });
    assert.equal(mine.status, 201);
    assert.deepEqual([mine.body.shared, mine.body.shortcut], [false, 'thanks']);
    const refused = await call(agentToken, 'POST', '/agent/canned', { shortcut: 'refund', text: 'x', shared: true });
    assert.deepEqual([refused.status, refused.body.error.param], [403, 'shared']);
    const shared = await call<CannedReply>(adminToken, 'POST', '/agent/canned', { shortcut: 'refund', text: 'Your refund is on its way.', shared: true });
    assert.equal(shared.body.shared, true);
    await call(otherToken, 'POST', '/agent/canned', { shortcut: 'secret', text: 'Only mine' });

    const listed = await call<Page<CannedReply>>(agentToken, 'GET', '/agent/canned');
    assert.deepEqual(listed.body.data.map((reply) => reply.shortcut), ['refund', 'thanks']);
    assert.deepEqual((await call<Page<CannedReply>>(agentToken, 'GET', '/agent/canned?q=REF')).body.data.map((reply) => reply.id), [shared.body.id]);
    assert.deepEqual((await call<Page<CannedReply>>(agentToken, 'GET', '/agent/canned?q=on%20its')).body.data.map((reply) => reply.id), [shared.body.id]);

    // The same Idempotency-Key and body: the first reply again, not a conflict.
    const keyed = { 'idempotency-key': 'canned-1' };
    const once = await call<CannedReply>(agentToken, 'POST', '/agent/canned', { shortcut: 'keyed', text: 'k' }, keyed);
    const twice = await call<CannedReply>(agentToken, 'POST', '/agent/canned', { shortcut: 'keyed', text: 'k' }, keyed);
    assert.deepEqual([once.status, twice.body.id], [201, once.body.id]);
  });

  test('who may change what: 403 for a shared one unless admin, 404 for another agent’s, 409 for a taken shortcut', async () => {
    const shared = await call<CannedReply>(adminToken, 'POST', '/agent/canned', { shortcut: 'hours', text: 'We answer 9–17.', shared: true });
    const theirs = await call<CannedReply>(otherToken, 'POST', '/agent/canned', { shortcut: 'theirs', text: 'x' });
    const mine = await call<CannedReply>(agentToken, 'POST', '/agent/canned', { shortcut: 'mine', text: 'x' });

    assert.equal((await call(agentToken, 'PATCH', `/agent/canned/${shared.body.id}`, { text: 'y' })).status, 403);
    assert.equal((await call(agentToken, 'DELETE', `/agent/canned/${shared.body.id}`)).status, 403);
    assert.equal((await call(agentToken, 'PATCH', `/agent/canned/${theirs.body.id}`, { text: 'y' })).status, 404);
    assert.equal((await call(adminToken, 'DELETE', `/agent/canned/${theirs.body.id}`)).status, 404, 'personal is personal, admins too');
    assert.equal((await call(agentToken, 'DELETE', '/agent/canned/cr_nope')).status, 404);

    const renamed = await call<CannedReply>(adminToken, 'PATCH', `/agent/canned/${shared.body.id}`, { shortcut: 'opening-hours' });
    assert.deepEqual([renamed.status, renamed.body.shortcut, renamed.body.text], [200, 'opening-hours', 'We answer 9–17.']);
    const clash = await call(agentToken, 'PATCH', `/agent/canned/${mine.body.id}`, { shortcut: 'thanks' });
    assert.deepEqual([clash.status, clash.body.error.param], [409, 'shortcut']);
    const again = await call(agentToken, 'POST', '/agent/canned', { shortcut: 'mine', text: 'dup' });
    assert.deepEqual([again.status, again.body.error.param], [409, 'shortcut']);
    assert.equal((await call(agentToken, 'DELETE', `/agent/canned/${mine.body.id}`)).status, 204);
    assert.equal((await call(adminToken, 'DELETE', `/agent/canned/${shared.body.id}`)).status, 204);
  });

  test('bad input is refused naming the field', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/agent/canned', { shortcut: 'Has Space', text: 'x' }, 'shortcut'],
      ['POST', '/agent/canned', { shortcut: 'x'.repeat(33), text: 'x' }, 'shortcut'],
      ['POST', '/agent/canned', { shortcut: 'ok', text: ' ' }, 'text'],
      ['POST', '/agent/canned', { shortcut: 'ok', text: 'x'.repeat(8001) }, 'text'],
      ['POST', '/agent/canned', { shortcut: 'ok', text: 'x', shared: 'yes' }, 'shared'],
      ['POST', '/agent/canned', { shortcut: 'ok', text: 'x', owner: 'me' }, 'owner'],
      ['PATCH', '/agent/canned/cr_x', { shared: true }, 'shared'],
      ['GET', '/agent/canned?limit=0', undefined, 'limit'],
      ['GET', `/agent/canned?q=${'x'.repeat(101)}`, undefined, 'q'],
    ];
    for (const [method, path, body, param] of cases) {
      const answer = await call(agentToken, method, path, body);
      assert.equal(answer.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      assert.equal(answer.body.error.param, param);
    }
    assert.equal((await json(`${server.url}/api/v1/agent/canned`)).status, 401);
  });
});

describe('labels', () => {
  test('admins define labels (unique in any case, #rrggbb); agents read them and may not define them', async () => {
    const vip = await call<Label>(ADMIN_TOKEN, 'POST', '/admin/labels', { name: ' VIP ', color: '#D4380D' });
    assert.equal(vip.status, 201);
    assert.deepEqual([vip.body.name, vip.body.color], ['VIP', '#d4380d']);
    const dup = await call(ADMIN_TOKEN, 'POST', '/admin/labels', { name: 'vip', color: '#000000' });
    assert.deepEqual([dup.status, dup.body.error.param], [409, 'name']);
    for (const [body, param] of [[{ name: 'x', color: 'red' }, 'color'], [{ name: ' ', color: '#000000' }, 'name'], [{ name: 'x'.repeat(41), color: '#000000' }, 'name']] as const) {
      const bad = await call(ADMIN_TOKEN, 'POST', '/admin/labels', body);
      assert.deepEqual([bad.status, bad.body.error.param], [400, param]);
    }
    assert.equal((await call(agentToken, 'POST', '/admin/labels', { name: 'Mine', color: '#000000' })).status, 403);
    await call(adminToken, 'POST', '/admin/labels', { name: 'billing', color: '#2f54eb' });
    const forAgents = await call<Page<Label>>(agentToken, 'GET', '/agent/labels');
    assert.deepEqual(forAgents.body.data.map((label) => label.name), ['billing', 'VIP']);
    assert.deepEqual((await call<Page<Label>>(ADMIN_TOKEN, 'GET', '/admin/labels')).body, forAgents.body);
    assert.equal((await call(ADMIN_TOKEN, 'PATCH', '/admin/labels/lb_nope', { color: '#000000' })).status, 404);
    assert.equal((await call(ADMIN_TOKEN, 'DELETE', '/admin/labels/lb_nope')).status, 404);
  });

  test('agents label a conversation by name; other agents hear it live, the visitor never sees labels; lists filter by label', async () => {
    await call(ADMIN_TOKEN, 'POST', '/admin/labels', { name: 'Urgent', color: '#c41d7f' });
    const { session, conversationId } = await conversation();
    const colleague = await connectAgent(server.url, otherToken);
    const { socket: visitor } = await connectVisitor(server.url, session.token);
    try {
      const heard = nextEvent<ConversationSummary>(colleague, 'conversation:updated', (summary) => summary.id === conversationId);
      const visitorHeard = nextEvent<Conversation>(visitor, 'conversation:updated', (updated) => updated.id === conversationId);
      const labelled = await call<ConversationSummary>(agentToken, 'PUT', `/agent/conversations/${conversationId}/labels`, { labels: ['urgent', 'VIP', 'Urgent'] });
      assert.equal(labelled.status, 200);
      assert.deepEqual(labelled.body.labels, ['Urgent', 'VIP']);
      assert.deepEqual((await heard).labels, ['Urgent', 'VIP']);
      assert.ok(!('labels' in (await visitorHeard)), 'labels are the team’s: never on the visitor’s socket');
    } finally {
      colleague.close();
      visitor.close();
    }
    const visitorView = await json<Page<Conversation>>(`${server.url}/api/v1/widget/conversations`, { token: session.token });
    assert.ok(visitorView.body.data.every((item) => !('labels' in item)));

    const filtered = await call<Page<ConversationSummary>>(agentToken, 'GET', '/agent/conversations?label=urgent');
    assert.deepEqual(filtered.body.data.map((summary) => summary.id), [conversationId]);
    assert.deepEqual((await call<ConversationSummary>(agentToken, 'GET', `/agent/conversations/${conversationId}`)).body.labels, ['Urgent', 'VIP']);

    const unknown = await call(agentToken, 'PUT', `/agent/conversations/${conversationId}/labels`, { labels: ['VIP', 'Nope'] });
    assert.deepEqual([unknown.status, unknown.body.error.param], [400, 'labels.1']);
    const tooMany = await call(agentToken, 'PUT', `/agent/conversations/${conversationId}/labels`, { labels: Array.from({ length: 21 }, () => 'VIP') });
    assert.deepEqual([tooMany.status, tooMany.body.error.param], [400, 'labels']);
    assert.equal((await call(agentToken, 'PUT', '/agent/conversations/cv_nope/labels', { labels: [] })).status, 404);
    assert.deepEqual((await call<ConversationSummary>(agentToken, 'GET', `/agent/conversations/${conversationId}`)).body.labels, ['Urgent', 'VIP'], 'a refused set changes nothing');

    // A rename reaches the conversations carrying the label; a deletion takes it off them.
    const labels = (await call<Page<Label>>(agentToken, 'GET', '/agent/labels')).body.data;
    const urgent = labels.find((label) => label.name === 'Urgent')!;
    const colleagueAgain = await connectAgent(server.url, otherToken);
    try {
      const renamed = nextEvent<ConversationSummary>(colleagueAgain, 'conversation:updated', (summary) => summary.id === conversationId);
      await call(ADMIN_TOKEN, 'PATCH', `/admin/labels/${urgent.id}`, { name: 'Asap' });
      assert.deepEqual((await renamed).labels, ['Asap', 'VIP']);
      // A recolor changes no summary: the label itself reaches every agent.
      const recolored = nextEvent<Label>(colleagueAgain, 'label:updated', (label) => label.id === urgent.id && label.color === '#389e0d');
      await call(ADMIN_TOKEN, 'PATCH', `/admin/labels/${urgent.id}`, { color: '#389e0d' });
      assert.deepEqual(await recolored, { ...urgent, name: 'Asap', color: '#389e0d' });
      const removed = nextEvent<ConversationSummary>(colleagueAgain, 'conversation:updated', (summary) => summary.id === conversationId);
      assert.equal((await call(ADMIN_TOKEN, 'DELETE', `/admin/labels/${urgent.id}`)).status, 204);
      assert.deepEqual((await removed).labels, ['VIP']);
    } finally {
      colleagueAgain.close();
    }
    const bad = await call(agentToken, 'GET', `/agent/conversations?label=${'x'.repeat(41)}`);
    assert.deepEqual([bad.status, bad.body.error.param], [400, 'label']);
  });

  test('webhooks carry the labels: conversation events in their summary, message.created in its conversation', async () => {
    const hook = await receiver();
    try {
      await call(ADMIN_TOKEN, 'POST', '/admin/webhooks', { url: hook.url, events: ['message.created', 'conversation.closed'] });
      await call(ADMIN_TOKEN, 'POST', '/admin/labels', { name: 'Refunds', color: '#389e0d' });
      const { conversationId } = await conversation('Where is my refund?');
      await call(agentToken, 'PUT', `/agent/conversations/${conversationId}/labels`, { labels: ['refunds'] });
      await call(agentToken, 'POST', `/agent/conversations/${conversationId}/messages`, { clientId: 'reply-1', text: 'On its way.' });
      await call(agentToken, 'POST', `/agent/conversations/${conversationId}/close`, {});
      const payloads = () => hook.received.map((request) => JSON.parse(request.body) as WebhookPayload<{ conversation: { id: string; labels?: string[] }; message?: ChatMessage }>)
        .filter((payload) => payload.data.conversation.id === conversationId);
      await until(() => payloads().some((payload) => payload.type === 'conversation.closed'), 'the closed webhook');
      const reply = payloads().find((payload) => payload.type === 'message.created' && payload.data.message?.text === 'On its way.');
      assert.deepEqual(reply?.data.conversation.labels, ['Refunds']);
      assert.deepEqual(payloads().find((payload) => payload.type === 'conversation.closed')?.data.conversation.labels, ['Refunds']);
      const first = payloads().find((payload) => payload.type === 'message.created' && payload.data.message?.text === 'Where is my refund?');
      assert.deepEqual(first?.data.conversation.labels, [], 'labelled after its first message');
    } finally {
      await hook.close();
    }
  });
});
