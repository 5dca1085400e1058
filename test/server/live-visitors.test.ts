import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import type { ChatMessage, Conversation, ConversationSummary, OnlineVisitor, Page, SessionJoined } from '../../src/protocol.js';
import { deviceOf } from '../../server/realtime/live-visitors.js';
import { connectAgent, json, nextEvent, startVisitor, suiteServer, type AgentSocket, type WidgetSocket } from './helpers.js';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const TABLET = 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

test('the device class from a user agent: phone, tablet, desktop, none', () => {
  assert.deepEqual([PHONE, TABLET, DESKTOP, undefined].map(deviceOf), ['mobile', 'tablet', 'desktop', 'desktop']);
});

/** Live visitors (§12) over REST and the sockets: the list, the throttled events, an agent starting a conversation. */
describe('live visitors', () => {
  const server = suiteServer();
  const { sockets } = server;
  let agent: AgentSocket;
  before(async () => {
    agent = await connectAgent(server.url, server.token);
    sockets.push(agent);
  });

  let counter = 0;
  const key = (prefix: string) => `${prefix}-${++counter}`;
  /** A widget socket that says which page it is on (Node's WebSocket sends no user agent: a desktop). */
  const tab = async (visitorToken: string, page?: unknown) => {
    const socket: WidgetSocket = io(`${server.url}/widget`, {
      auth: { token: visitorToken, ...(page === undefined ? {} : { page }) },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<SessionJoined>((resolve, reject) => {
      socket.once('session:joined', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const online = async (query = '') => json<Page<OnlineVisitor> & { error?: { param?: string } }>(`${server.url}/api/v1/agent/visitors/online${query}`, { token: server.token });
  const start = (visitorId: string, body: unknown, headers: Record<string, string> = {}) =>
    json<ConversationSummary & { error?: { param?: string } }>(`${server.url}/api/v1/agent/visitors/${visitorId}/conversations`, { token: server.token, body, headers });

  test('a connected widget is listed with its page, device and visit; the agents hear it come, move and go', async () => {
    const session = await startVisitor(server.url, { profile: { name: 'Noor', email: 'noor@example.com' } });
    const comes = nextEvent<OnlineVisitor>(agent, 'visitor:online', (visitor) => visitor.visitorId === session.visitorId);
    const socket = await tab(session.token, { url: 'https://shop.example/pricing', title: 'Pricing — Shop' });
    const announced = await comes;
    assert.deepEqual(announced.page, { url: 'https://shop.example/pricing', title: 'Pricing — Shop' });

    const { status, body } = await online('?channel=test');
    assert.equal(status, 200);
    const listed = body.data.find((visitor) => visitor.visitorId === session.visitorId);
    assert.ok(listed, 'the visitor is listed');
    assert.equal(listed.name, 'Noor');
    assert.equal(listed.email, 'noor@example.com');
    assert.equal(listed.channel, 'test');
    assert.equal(listed.device, 'desktop');
    assert.equal(listed.returning, false, 'created by this handshake: a first visit');
    assert.equal(listed.tabs, 1);
    assert.deepEqual(listed.conversations, { open: 0, total: 0 });
    assert.ok(Date.parse(listed.onPageSince) >= Date.parse(listed.connectedAt) - 1000);
    assert.equal((await online('?channel=other')).body.data.length, 0, 'another channel lists nobody');

    // A single-page app moves on: one `visitor:updated` for a burst of moves (throttled), with the last page.
    const moves = nextEvent<OnlineVisitor>(agent, 'visitor:updated', (visitor) => visitor.visitorId === session.visitorId);
    socket.emit('page', { url: 'https://shop.example/cart', title: 'Cart' });
    socket.emit('page', { url: 'https://shop.example/checkout', title: 'Checkout' });
    const moved = await moves;
    assert.deepEqual(moved.page, { url: 'https://shop.example/checkout', title: 'Checkout' });
    // The same URL again (reported twice) changes the title only: the time on the page goes on.
    const retitled = nextEvent<OnlineVisitor>(agent, 'visitor:updated', (visitor) => visitor.visitorId === session.visitorId);
    socket.emit('page', { url: 'https://shop.example/checkout', title: 'Checkout · step 2' });
    const again = await retitled;
    assert.equal(again.page.title, 'Checkout · step 2');
    assert.equal(again.onPageSince, moved.onPageSince);

    // A second tab: still one visitor, two tabs, the newest page.
    const second = await tab(session.token, { url: 'https://shop.example/help', title: 'Help' });
    const both = (await online()).body.data.find((visitor) => visitor.visitorId === session.visitorId)!;
    assert.equal(both.tabs, 2);
    assert.equal(both.page.url, 'https://shop.example/help');
    assert.equal(both.connectedAt, listed.connectedAt, 'the visit began with the first tab');

    const goes = nextEvent<{ visitorId: string; channel: string }>(agent, 'visitor:offline', (event) => event.visitorId === session.visitorId);
    socket.disconnect();
    second.disconnect();
    assert.deepEqual(await goes, { visitorId: session.visitorId, channel: 'test' });
    assert.equal((await online()).body.data.some((visitor) => visitor.visitorId === session.visitorId), false);
  });

  test('a page that is not an http(s) URL, or an unknown field, refuses the connection naming it; a widget without a page is listed without one', async () => {
    const session = await startVisitor(server.url);
    await assert.rejects(tab(session.token, { url: 'javascript:alert(1)', title: 'x' }), (error: Error & { data?: { param?: string } }) => error.data?.param === 'url');
    await assert.rejects(tab(session.token, { url: 'https://a.example/', extra: 1 }), (error: Error & { data?: { param?: string } }) => error.data?.param === 'extra');
    await tab(session.token);
    const listed = (await online()).body.data.find((visitor) => visitor.visitorId === session.visitorId);
    assert.deepEqual(listed?.page, { url: null, title: null });
    // A bad `page` event is refused in its ack and changes nothing.
    const socket = await tab(session.token, { url: 'https://a.example/one' });
    const ack = await socket.timeout(5000).emitWithAck('page', { url: 'ftp://a.example/', title: 'x' });
    assert.ok('error' in ack && ack.error.param === 'url');
    assert.equal((await online()).body.data.find((visitor) => visitor.visitorId === session.visitorId)?.page.url, 'https://a.example/one');
  });

  test('query errors are 400 naming the field', async () => {
    assert.equal((await online('?limit=0')).body.error?.param, 'limit');
    assert.equal((await online('?channel=NOT%20A%20KEY')).body.error?.param, 'channel');
    assert.equal((await online('?what=1')).status, 400);
  });

  test('an agent starts a conversation: it reaches the widget, the visitor answers in it, a retry gives the same one', async () => {
    const session = await startVisitor(server.url);
    const socket = await tab(session.token, { url: 'https://shop.example/', title: 'Shop' });
    const created = nextEvent<Conversation>(socket, 'conversation:created');
    const arrived = nextEvent<ChatMessage>(socket, 'message:created');
    const order: string[] = [];
    socket.once('conversation:created', () => order.push('conversation'));
    socket.once('message:created', () => order.push('message'));
    const clientId = key('start');
    const { status, body } = await start(session.visitorId, { text: 'Hi! Can I help you find a plan?', clientId });
    assert.equal(status, 201);
    assert.equal(body.visitor.id, session.visitorId);
    assert.equal(body.handledBy, 'human');
    assert.equal(body.isDefault, false, 'explicit: the visitor\'s default conversation is left alone');
    assert.equal(body.lastMessage?.text, 'Hi! Can I help you find a plan?');
    assert.equal(body.lastMessage?.from, 'agent');
    const agents = (await json<{ data: Array<{ id: string }> }>(`${server.url}/api/v1/agent/agents`, { token: server.token })).body.data;
    assert.equal(body.assignedAgentId, agents[0]!.id, 'assigned to the agent who started it');
    assert.equal((await created).id, body.id);
    const message = await arrived;
    assert.equal(message.conversationId, body.id);
    assert.deepEqual(order, ['conversation', 'message'], 'the widget knows the conversation before its first message');

    // The visitor answers in it; the agent hears the answer.
    const heard = nextEvent<ChatMessage>(agent, 'message:created', (event) => event.conversationId === body.id && event.from === 'visitor');
    const ack = await socket.timeout(5000).emitWithAck('message:send', { conversationId: body.id, clientId: key('answer'), text: 'Yes please' });
    assert.ok('data' in ack);
    assert.equal((await heard).text, 'Yes please');

    // The same clientId again: 200, the same conversation, no second message.
    const again = await start(session.visitorId, { text: 'Hi! Can I help you find a plan?', clientId });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, body.id);
    const messages = await json<Page<ChatMessage>>(`${server.url}/api/v1/agent/conversations/${body.id}/messages`, { token: server.token });
    assert.deepEqual(messages.body.data.map((each) => each.text), ['Hi! Can I help you find a plan?', 'Yes please']);
    // Counted in the list.
    const listed = (await online()).body.data.find((visitor) => visitor.visitorId === session.visitorId);
    assert.deepEqual(listed?.conversations, { open: 1, total: 1 });
  });

  test('starting a conversation: an offline visitor is 409, an unknown one 404, bad bodies 400, each naming the field', async () => {
    const offline = await startVisitor(server.url);
    const refused = await start(offline.visitorId, { text: 'Hello?', clientId: key('c') });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error?.param, 'visitorId');
    const unknown = await start('v_nobody', { text: 'Hello?', clientId: key('c') });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error?.param, 'visitorId');
    const present = await startVisitor(server.url);
    await tab(present.token);
    for (const [body, param] of [[{ text: '   ', clientId: key('c') }, 'text'], [{ text: 'Hi' }, 'clientId'], [{ text: 'Hi', clientId: 'no spaces' }, 'clientId'], [{ text: 'Hi', clientId: key('c'), extra: 1 }, 'extra']] as const) {
      const answer = await start(present.visitorId, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error?.param, param);
    }
    // Idempotency-Key: the same key and body answer the first answer again.
    const body = { text: 'Hi there', clientId: key('c') };
    const first = await start(present.visitorId, body, { 'idempotency-key': key('idem') });
    const replay = await start(present.visitorId, body, { 'idempotency-key': `idem-${counter}` });
    assert.equal(first.status, 201);
    assert.equal(replay.body.id, first.body.id);
  });
});

describe('live visitors: rate limits', () => {
  const server = suiteServer({ rateLimits: { startConversation: { points: 100, duration: 60 }, visitorInvited: { points: 2, duration: 600 } } });
  const { sockets } = server;

  test('agents cannot hound one visitor: past the per-visitor budget, 429 with Retry-After', async () => {
    const session = await startVisitor(server.url);
    const socket: WidgetSocket = io(`${server.url}/widget`, { auth: { token: session.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise((resolve) => socket.once('session:joined', resolve));
    const start = (clientId: string) => json<{ error?: { code: string } }>(`${server.url}/api/v1/agent/visitors/${session.visitorId}/conversations`, { token: server.token, body: { text: 'Hi', clientId } });
    assert.equal((await start('a')).status, 201);
    assert.equal((await start('b')).status, 201);
    const limited = await start('c');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error?.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });
});
