import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import type { Ack, ChatMessage, Conversation, ConversationSummary, SendMessageRequest, TypingEvent } from '../../src/protocol.js';
import { connectAgent, connectVisitor, json, loginAgent, nextEvent, startServer, startVisitor, type AgentSocket, type TestServer, type WidgetSocket } from './helpers.js';

function data<T>(ack: Ack<T>): T {
  if ('error' in ack) throw new Error(`ack error: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

/** Several conversations per visitor over the `/widget` socket, and across the socket and REST. */
describe('/widget namespace: several conversations', () => {
  let server: TestServer;
  let api: string;
  let agentToken: string;
  const sockets: Array<WidgetSocket | AgentSocket> = [];
  before(async () => {
    server = await startServer();
    api = `${server.url}/api/v1/widget`;
    agentToken = await loginAgent(server.url);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await server.cleanup();
  });

  let counter = 0;
  const key = (prefix: string) => `${prefix}-${++counter}`;
  const visitor = async () => {
    const { token } = await startVisitor(server.url);
    const connection = await connectVisitor(server.url, token);
    sockets.push(connection.socket);
    return { ...connection, token };
  };
  const tab = async (token: string, after?: number, conversationId?: string) => {
    const connection = await connectVisitor(server.url, token, after, conversationId);
    sockets.push(connection.socket);
    return connection;
  };
  const send = (socket: WidgetSocket, request: Partial<SendMessageRequest> & { clientId: string }): Promise<Ack<ChatMessage>> =>
    socket.timeout(5000).emitWithAck('message:send', { text: `text of ${request.clientId}`, ...request } as SendMessageRequest);
  const create = async (token: string, subject?: string) =>
    (await json<Conversation>(`${api}/conversations`, { token, body: { clientId: key('cv'), ...(subject ? { subject } : {}) } })).body;

  test('message:send, sync and read name their conversation; two conversations written in turn each count 1…n', async () => {
    const { socket, token } = await visitor();
    const explicit = await create(token, 'Billing');
    const seen: string[] = [];
    let defaultId = '';
    for (let i = 0; i < 6; i++) {
      const message = data(await send(socket, { clientId: key('m'), ...(i % 2 ? { conversationId: explicit.id } : {}) }));
      if (!(i % 2)) defaultId = message.conversationId;
      seen.push(`${message.conversationId === explicit.id ? 'explicit' : 'default'}:${message.seq}`);
    }
    assert.deepEqual(seen, ['default:1', 'explicit:1', 'default:2', 'explicit:2', 'default:3', 'explicit:3']);
    const synced = data<ChatMessage[]>(await socket.timeout(5000).emitWithAck('sync', { conversationId: explicit.id, after: 1 }));
    assert.deepEqual(synced.map((message) => [message.conversationId, message.seq]), [[explicit.id, 2], [explicit.id, 3]]);
    const syncedDefault = data<ChatMessage[]>(await socket.timeout(5000).emitWithAck('sync', { after: 2 }));
    assert.deepEqual(syncedDefault.map((message) => [message.conversationId, message.seq]), [[defaultId, 3]]);

    await json(`${server.url}/api/v1/agent/conversations/${explicit.id}/messages`, { token: agentToken, body: { clientId: key('a'), text: 'answer' } });
    data(await socket.timeout(5000).emitWithAck('read', { conversationId: explicit.id, seq: 4 }));
    const summaries = (await json<{ data: Array<{ id: string; visitorReadSeq: number; unread: number }> }>(`${api}/conversations`, { token })).body.data;
    assert.deepEqual(summaries.map(({ id, visitorReadSeq, unread }) => ({ id, visitorReadSeq, unread })), [
      { id: defaultId, visitorReadSeq: 0, unread: 0 },
      { id: explicit.id, visitorReadSeq: 4, unread: 0 },
    ]);
  });

  test('a send retried across transports is stored once in its conversation', async () => {
    const { socket, token } = await visitor();
    const explicit = await create(token);
    const overSocket = data(await send(socket, { clientId: 'across-1', conversationId: explicit.id }));
    const overRest = await json<ChatMessage>(`${api}/conversations/${explicit.id}/messages`, { token, body: { clientId: 'across-1', text: 'text of across-1' } });
    assert.deepEqual([overRest.status, overRest.body], [200, overSocket]);
    const restFirst = await json<ChatMessage>(`${api}/conversations/${explicit.id}/messages`, { token, body: { clientId: 'across-2', text: 'text of across-2' } });
    assert.deepEqual(data(await send(socket, { clientId: 'across-2', conversationId: explicit.id })), restFirst.body);
    assert.deepEqual(data(await send(socket, { clientId: 'across-2', conversationId: explicit.id })), restFirst.body);
    const stored = (await json<{ data: ChatMessage[] }>(`${api}/conversations/${explicit.id}/messages`, { token })).body.data;
    assert.deepEqual(stored.map((message) => message.clientId), ['across-1', 'across-2']);
  });

  test('a closed explicit conversation refuses a new send with conflict and answers a retried one', async () => {
    const { socket, token } = await visitor();
    const explicit = await create(token);
    const stored = data(await send(socket, { clientId: 'before-close', conversationId: explicit.id }));
    await json(`${api}/conversations/${explicit.id}/close`, { token, body: {} });
    const refused = await send(socket, { clientId: key('m'), conversationId: explicit.id });
    assert.ok('error' in refused);
    assert.deepEqual([refused.error.code, refused.error.param], ['conflict', 'conversationId']);
    assert.deepEqual(data(await send(socket, { clientId: 'before-close', conversationId: explicit.id })), stored);
    const other = await startVisitor(server.url);
    const { socket: stranger } = await tab(other.token);
    const foreign = await send(stranger, { clientId: key('m'), conversationId: explicit.id });
    assert.ok('error' in foreign && foreign.error.code === 'not_found' && foreign.error.param === 'conversationId');
    const foreignSync = await stranger.timeout(5000).emitWithAck('sync', { conversationId: explicit.id, after: 0 });
    assert.ok('error' in foreignSync && foreignSync.error.code === 'not_found');
  });

  test("conversation:created reaches the visitor's other tabs whichever transport opened it, and no one else", async () => {
    const { socket, token } = await visitor();
    const { socket: otherTab } = await tab(token);
    const stranger = await visitor();
    const strangerHeard: string[] = [];
    stranger.socket.on('conversation:created', (conversation) => strangerHeard.push(conversation.id));

    const announced = nextEvent<Conversation>(otherTab, 'conversation:created');
    const explicit = await create(token, 'From REST');
    assert.deepEqual(await announced, explicit);

    const opened = nextEvent<Conversation>(otherTab, 'conversation:created', (conversation) => conversation.isDefault);
    const first = data(await send(socket, { clientId: key('m') }));
    const defaultOne = await opened;
    assert.deepEqual([defaultOne.id, defaultOne.status, defaultOne.subject], [first.conversationId, 'open', null]);
    // The stranger's own conversation is announced to them after anything sent to them before.
    const own = nextEvent<Conversation>(stranger.socket, 'conversation:created');
    const theirs = await create(stranger.token);
    await own;
    assert.deepEqual(strangerHeard, [theirs.id]);
  });

  test('typing names its conversation for the agents; a closed one types nothing', async () => {
    const { socket, token } = await visitor();
    const agent = await connectAgent(server.url, agentToken);
    sockets.push(agent);
    const explicit = await create(token);
    const heard = nextEvent<TypingEvent>(agent, 'typing', (event) => event.conversationId === explicit.id);
    data(await socket.timeout(5000).emitWithAck('typing', { conversationId: explicit.id, typing: true }));
    assert.deepEqual(await heard, { conversationId: explicit.id, from: 'visitor', typing: true });
    const bad = await socket.timeout(5000).emitWithAck('typing', { conversationId: 'no good!', typing: true });
    assert.ok('error' in bad && bad.error.param === 'conversationId');

    await json(`${api}/conversations/${explicit.id}/close`, { token, body: {} });
    const afterClose: TypingEvent[] = [];
    agent.on('typing', (event) => void (event.conversationId === explicit.id && afterClose.push(event)));
    data(await socket.timeout(5000).emitWithAck('typing', { conversationId: explicit.id, typing: false }));
    // A marker: typing in another conversation, announced after anything the closed one caused.
    const open = await create(token);
    const marker = nextEvent<TypingEvent>(agent, 'typing', (event) => event.conversationId === open.id);
    data(await socket.timeout(5000).emitWithAck('typing', { conversationId: open.id, typing: true }));
    await marker;
    assert.deepEqual(afterClose, []);
  });

  test("a send's attributes reach the agents as the conversation changed (the pre-chat answers shown in the inbox)", async () => {
    const { socket, token } = await visitor();
    const agent = await connectAgent(server.url, agentToken);
    sockets.push(agent);
    const explicit = await create(token);
    const updated = nextEvent<ConversationSummary>(agent, 'conversation:updated', (summary) => summary.id === explicit.id);
    data(await send(socket, { clientId: key('m'), conversationId: explicit.id, attributes: { topic: 'billing' } }));
    assert.deepEqual((await updated).attributes, { topic: 'billing' });
  });

  test('the handshake joins the conversation named in auth, with its messages after `after`, and lists the conversations', async () => {
    const { socket, token } = await visitor();
    const explicit = await create(token, 'Shown');
    for (let i = 0; i < 3; i++) data(await send(socket, { clientId: key('m'), conversationId: explicit.id }));
    const inDefault = data(await send(socket, { clientId: key('m') }));
    const resumed = await tab(token, 1, explicit.id);
    assert.equal(resumed.joined.conversation?.id, explicit.id);
    assert.deepEqual(resumed.joined.messages.map((message) => message.seq), [2, 3]);
    assert.deepEqual(resumed.joined.conversations.map((summary) => [summary.id, summary.lastSeq]), [[inDefault.conversationId, 1], [explicit.id, 3]]);
    const plain = await tab(token, 0);
    assert.equal(plain.joined.conversation?.id, inDefault.conversationId, 'without a name: the open default one');

    const other = await visitor();
    const foreign = await tab(other.token, 2, explicit.id);
    assert.equal(foreign.joined.conversation, null, "another visitor's conversation is not joined: their own default one is (none yet)");
    assert.deepEqual([foreign.joined.messages, foreign.joined.conversations], [[], []]);

    const refused = io(`${server.url}/widget`, { auth: { token, conversationId: { $ne: 1 } }, transports: ['websocket'], reconnection: false, forceNew: true });
    const error = await new Promise<Error & { data?: { code: string; param?: string } }>((resolve) => refused.once('connect_error', resolve));
    refused.disconnect();
    assert.deepEqual([error.data?.code, error.data?.param], ['invalid_request', 'conversationId']);
  });
});
