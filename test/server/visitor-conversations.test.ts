import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LIMITS, type ApiError, type ChatMessage, type Conversation, type Page, type VisitorConversationSummary } from '../../src/protocol.js';
import { json, loginAgent, startServer, startVisitor, until, type TestServer } from './helpers.js';

/**
 * Several conversations per visitor over REST: explicit ones beside the default one, each with
 * its own `seq`, receipts, close and rating; another visitor's is not found.
 */
describe('visitor REST API: several conversations', () => {
  let server: TestServer;
  let api: string;
  let agent: string;
  before(async () => {
    server = await startServer();
    api = `${server.url}/api/v1/widget`;
    agent = await loginAgent(server.url);
  });
  after(() => server.cleanup());

  let counter = 0;
  const key = (prefix: string) => `${prefix}-${++counter}`;
  const create = (token: string, body: object) => json<Conversation & ApiError>(`${api}/conversations`, { token, body });
  const sendTo = (token: string, conversationId: string | undefined, clientId: string, text: string, extra: object = {}) =>
    conversationId === undefined
      ? json<ChatMessage & ApiError>(`${api}/conversation/messages`, { token, body: { clientId, text, ...extra } })
      : json<ChatMessage & ApiError>(`${api}/conversations/${conversationId}/messages`, { token, body: { clientId, text, ...extra } });
  const messagesOf = async (token: string, conversationId: string) => (await json<Page<ChatMessage>>(`${api}/conversations/${conversationId}/messages?after=0`, { token })).body.data;
  const reply = (conversationId: string, text: string) => json(`${server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token: agent, body: { clientId: key('agent'), text } });
  const summary = async (token: string, id: string) => (await json<VisitorConversationSummary>(`${api}/conversations/${id}`, { token })).body;

  test('POST /conversations opens an explicit conversation: 201, then 200 with the same one for the same clientId', async () => {
    const { token, visitorId } = await startVisitor(server.url);
    const opened = await create(token, { clientId: 'open-1', subject: '  Order O-42  ', attributes: { topic: 'billing' } });
    assert.equal(opened.status, 201);
    assert.match(opened.body.id, /^cv_/);
    assert.deepEqual(
      [opened.body.visitorId, opened.body.status, opened.body.isDefault, opened.body.subject, opened.body.attributes, opened.body.lastSeq],
      [visitorId, 'open', false, 'Order O-42', { topic: 'billing' }, 0],
    );
    const again = await create(token, { clientId: 'open-1', subject: 'something else' });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, opened.body, 'the conversation first opened, unchanged');
    const blank = await create(token, { clientId: 'open-2', subject: '   ' });
    assert.deepEqual([blank.status, blank.body.subject], [201, null]);
    const racing = await Promise.all(Array.from({ length: 6 }, () => create(token, { clientId: 'open-3' })));
    assert.equal(new Set(racing.map((answer) => answer.body.id)).size, 1, 'concurrent creates with one clientId give one conversation');
    assert.deepEqual(racing.map((answer) => answer.status).sort(), [200, 200, 200, 200, 200, 201]);
    // Explicit conversations never take the default's place.
    assert.equal((await json(`${api}/conversation`, { token })).body, null);
  });

  test('two conversations written in turn: each numbers its messages 1…n; a send without a conversation goes to the default one', async () => {
    const { token } = await startVisitor(server.url);
    const explicit = (await create(token, { clientId: key('cv') })).body;
    const order: string[] = [];
    let defaultId = '';
    for (let i = 0; i < 8; i++) {
      const target = i % 2 ? explicit.id : undefined;
      const sent = await sendTo(token, target, key('m'), `message ${i}`);
      assert.equal(sent.status, 201);
      if (target === undefined) defaultId ||= sent.body.conversationId;
      order.push(`${sent.body.conversationId === explicit.id ? 'explicit' : 'default'}:${sent.body.seq}`);
    }
    assert.notEqual(defaultId, explicit.id);
    assert.deepEqual(order, ['default:1', 'explicit:1', 'default:2', 'explicit:2', 'default:3', 'explicit:3', 'default:4', 'explicit:4']);
    assert.deepEqual((await messagesOf(token, explicit.id)).map((message) => message.text), ['message 1', 'message 3', 'message 5', 'message 7']);
    assert.deepEqual((await messagesOf(token, defaultId)).map((message) => message.seq), [1, 2, 3, 4]);
    const named = await sendTo(token, undefined, key('m'), 'named in the body', { conversationId: explicit.id });
    assert.deepEqual([named.status, named.body.conversationId, named.body.seq], [201, explicit.id, 5], 'the singular route takes a conversationId too');
    const retried = await sendTo(token, explicit.id, named.body.clientId!, 'named in the body');
    assert.deepEqual([retried.status, retried.body], [200, named.body], 'a retry on the other route is the same message');
  });

  test('closing one conversation leaves the other open; a closed explicit one refuses new sends (409) but answers a retry (200)', async () => {
    const { token } = await startVisitor(server.url);
    const explicit = (await create(token, { clientId: key('cv') })).body;
    const stored = await sendTo(token, explicit.id, 'kept', 'before the close');
    const inDefault = await sendTo(token, undefined, key('m'), 'in the default one');
    const closed = await json<Conversation>(`${api}/conversations/${explicit.id}/close`, { token, body: {} });
    assert.deepEqual([closed.status, closed.body.status], [200, 'closed']);
    assert.equal((await json<Conversation>(`${api}/conversations/${explicit.id}/close`, { token, body: {} })).status, 200, 'a retried close');
    assert.equal((await summary(token, inDefault.body.conversationId)).status, 'open', 'the default one stays open');

    const refused = await sendTo(token, explicit.id, key('m'), 'after the close');
    assert.deepEqual([refused.status, refused.body.error.code, refused.body.error.param], [409, 'conflict', 'conversationId']);
    const retry = await sendTo(token, explicit.id, 'kept', 'before the close');
    assert.deepEqual([retry.status, retry.body], [200, stored.body], 'exactly-once beats closed');
    assert.equal((await messagesOf(token, explicit.id)).length, 1);
    const next = await sendTo(token, undefined, key('m'), 'still here');
    assert.deepEqual([next.body.conversationId, next.body.seq], [inDefault.body.conversationId, 2]);
  });

  test('a send naming a closed default conversation rolls over to the next default one; a retry of a send stored there is answered from it', async () => {
    const { token } = await startVisitor(server.url);
    const first = await sendTo(token, undefined, 'first', 'hello');
    const old = first.body.conversationId;
    await json(`${api}/conversation/close`, { token, body: {} });
    const retry = await sendTo(token, old, 'first', 'hello');
    assert.deepEqual([retry.status, retry.body], [200, first.body]);
    const rolled = await sendTo(token, old, key('m'), 'after the close');
    assert.equal(rolled.status, 201);
    assert.notEqual(rolled.body.conversationId, old);
    assert.equal(rolled.body.seq, 1);
    const current = (await json<Conversation>(`${api}/conversation`, { token })).body;
    assert.deepEqual([current.id, current.isDefault], [rolled.body.conversationId, true]);
  });

  test('read, unread, typing and rating are per conversation', async () => {
    const { token } = await startVisitor(server.url);
    const one = (await sendTo(token, undefined, key('m'), 'one')).body.conversationId;
    const two = (await create(token, { clientId: key('cv') })).body.id;
    await sendTo(token, two, key('m'), 'two');
    await reply(one, 'answer 1');
    await reply(one, 'answer 2');
    await reply(two, 'answer 3');
    assert.deepEqual([(await summary(token, one)).unread, (await summary(token, two)).unread], [2, 1]);
    assert.equal((await json(`${api}/conversations/${one}/read`, { token, body: { seq: 3 } })).status, 200);
    const [readOne, untouched] = [await summary(token, one), await summary(token, two)];
    assert.deepEqual([readOne.visitorReadSeq, readOne.unread, untouched.visitorReadSeq, untouched.unread], [3, 0, 0, 1]);
    assert.deepEqual(readOne.lastMessage && { from: readOne.lastMessage.from, text: readOne.lastMessage.text }, { from: 'agent', text: 'answer 2' });

    assert.equal((await json(`${api}/conversations/${two}/typing`, { token, body: { typing: true } })).status, 200);
    const early = await json<ApiError>(`${api}/conversations/${two}/rating`, { token, body: { score: 5 } });
    assert.deepEqual([early.status, early.body.error.param], [409, 'conversationId'], 'an open conversation is not rated');
    await json(`${api}/conversations/${two}/close`, { token, body: {} });
    const rated = await json<Conversation>(`${api}/conversations/${two}/rating`, { token, body: { score: 4, comment: 'thanks' } });
    assert.deepEqual([rated.status, rated.body.id, rated.body.rating], [200, two, { score: 4, comment: 'thanks' }]);
    assert.equal((await summary(token, one)).rating, null);
    assert.equal((await summary(token, one)).status, 'open');
  });

  test("another visitor's conversation is not found on every route, and nothing is written to it", async () => {
    const owner = await startVisitor(server.url);
    const stranger = await startVisitor(server.url);
    const theirs = (await create(owner.token, { clientId: key('cv') })).body.id;
    await sendTo(owner.token, theirs, key('m'), 'private');
    const routes: Array<[string, object | undefined]> = [
      ['', undefined],
      ['/messages', undefined],
      ['/messages', { clientId: key('m'), text: 'intrusion' }],
      ['/read', { seq: 1 }],
      ['/typing', { typing: true }],
      ['/close', {}],
      ['/rating', { score: 1 }],
    ];
    for (const [path, body] of routes) {
      const answer = await json<ApiError>(`${api}/conversations/${theirs}${path}`, { token: stranger.token, ...(body ? { body } : {}) });
      assert.equal(answer.status, 404, `${body ? 'POST' : 'GET'} ${path}`);
      assert.equal(answer.body.error.code, 'not_found');
    }
    const named = await sendTo(stranger.token, undefined, key('m'), 'intrusion', { conversationId: theirs });
    assert.deepEqual([named.status, named.body.error.param], [404, 'conversationId']);
    const mine = await summary(owner.token, theirs);
    assert.deepEqual([mine.status, mine.lastSeq, mine.visitorReadSeq], ['open', 1, 0]);
    assert.equal((await json(`${api}/conversations/cv_missing`, { token: owner.token })).status, 404);
  });

  test('GET /conversations: newest first, filtered by status, paged by a conversation id cursor', async () => {
    const { token } = await startVisitor(server.url);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(token, { clientId: key('cv'), subject: `topic ${i}` })).body.id);
    await json(`${api}/conversations/${ids[1]}/close`, { token, body: {} });
    const pages: string[][] = [];
    let before: string | undefined;
    for (;;) {
      const page = await json<Page<VisitorConversationSummary>>(`${api}/conversations?limit=2${before ? `&before=${before}` : ''}`, { token });
      assert.equal(page.status, 200);
      pages.push(page.body.data.map((item) => item.id));
      if (!page.body.hasMore) break;
      before = page.body.data.at(-1)!.id;
    }
    assert.deepEqual(pages, [[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
    const closed = await json<Page<VisitorConversationSummary>>(`${api}/conversations?status=closed`, { token });
    assert.deepEqual(closed.body.data.map((item) => item.id), [ids[1]]);
    const other = await startVisitor(server.url);
    const foreignCursor = await json<ApiError>(`${api}/conversations?before=${ids[2]}`, { token: other.token });
    assert.deepEqual([foreignCursor.status, foreignCursor.body.error.param], [400, 'before']);
    assert.deepEqual((await json<Page<unknown>>(`${api}/conversations`, { token: other.token })).body, { data: [], hasMore: false });
  });

  test('the newest message previews cut to 200 characters', async () => {
    const { token } = await startVisitor(server.url);
    const long = `${'é'.repeat(150)}${'😀'.repeat(100)}`;
    const sent = await sendTo(token, undefined, key('m'), long);
    const { lastMessage } = await summary(token, sent.body.conversationId);
    assert.equal(Array.from(lastMessage!.text).length, 200);
    assert.ok(long.startsWith(lastMessage!.text), 'cut whole code points, never half an emoji');
  });

  test('attributes are merged by a send as it is stored, bounded once merged', async () => {
    const { token } = await startVisitor(server.url);
    const conversation = (await create(token, { clientId: key('cv'), attributes: { topic: 'orders' } })).body;
    const sent = await sendTo(token, conversation.id, key('m'), 'hello', { attributes: { consent: '2026-12-06T10:00:00.000Z', topic: 'billing' } });
    assert.equal(sent.status, 201);
    assert.deepEqual((await summary(token, conversation.id)).attributes, { topic: 'billing', consent: '2026-12-06T10:00:00.000Z' });
    const retried = await sendTo(token, conversation.id, sent.body.clientId!, 'hello', { attributes: { later: 'x' } });
    assert.equal(retried.status, 200);
    assert.equal((await summary(token, conversation.id)).attributes.later, undefined, 'a retry merges nothing');
    const many = Object.fromEntries(Array.from({ length: LIMITS.attributes - 1 }, (_, i) => [`k${i}`, 'v']));
    const full = await sendTo(token, conversation.id, key('m'), 'one too many', { attributes: many });
    assert.deepEqual([full.status, full.body.error.param], [400, 'attributes']);
    assert.equal((await messagesOf(token, conversation.id)).length, 1, 'nothing stored');
  });

  test('bad input is a 400 naming the field', async () => {
    const { token } = await startVisitor(server.url);
    const cases: Array<[string, string, object | undefined, string]> = [
      ['GET', `${api}/conversations/not%20an%20id!`, undefined, 'conversationId'],
      ['POST', `${api}/conversations/bad$id/messages`, { clientId: 'x', text: 'hi' }, 'conversationId'],
      ['POST', `${api}/conversation/messages`, { clientId: 'x', text: 'hi', conversationId: '../etc' }, 'conversationId'],
      ['POST', `${api}/conversations`, { clientId: 'x', subject: 's'.repeat(LIMITS.subject + 1) }, 'subject'],
      ['POST', `${api}/conversations`, { clientId: 'x', attributes: Object.fromEntries(Array.from({ length: LIMITS.attributes + 1 }, (_, i) => [`k${i}`, 'v'])) }, 'attributes'],
      ['POST', `${api}/conversations`, { clientId: 'x', attributes: { topic: 'v'.repeat(LIMITS.attributeValue + 1) } }, 'attributes.topic'],
      ['POST', `${api}/conversations`, { clientId: 'x', attributes: { topic: 1 } }, 'attributes.topic'],
      ['POST', `${api}/conversations`, { subject: 'no client id' }, 'clientId'],
      ['POST', `${api}/conversations`, { clientId: 'x', status: 'closed' }, 'status'],
      ['GET', `${api}/conversations?limit=0`, undefined, 'limit'],
      ['GET', `${api}/conversations?status=gone`, undefined, 'status'],
    ];
    for (const [method, url, body, param] of cases) {
      const answer = await json<ApiError>(url, { method, token, ...(body ? { body } : {}) });
      assert.equal(answer.status, 400, `${method} ${url}`);
      assert.equal(answer.body.error.param, param, `${method} ${url}: ${answer.body.error.message}`);
    }
  });

  test('GET /conversations/:id/messages long-polls for that conversation: a message in another one does not end the wait empty', async () => {
    const { token } = await startVisitor(server.url);
    const waited = (await create(token, { clientId: key('cv') })).body.id;
    const other = (await create(token, { clientId: key('cv') })).body.id;
    const listening = () => server.app.services.events.listenerCount('visitor:wake');
    const idle = listening();
    const poll = json<Page<ChatMessage>>(`${api}/conversations/${waited}/messages?after=0&wait=25`, { token });
    await until(() => listening() > idle, 'the poll to wait');
    await sendTo(token, other, key('m'), 'elsewhere');
    const expected = await sendTo(token, waited, key('m'), 'here');
    const answer = await poll;
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.data, [expected.body]);
  });
});
