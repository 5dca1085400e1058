import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiError, ChatMessage, ConversationSummary, Page } from '../../src/protocol.js';
import {
  AGENT,
  connectAgent,
  connectVisitor,
  json,
  loginAgent,
  nextEvent,
  startServer,
  startVisitor,
  type AgentSocket,
  type TestServer,
  type WidgetSocket,
} from './helpers.js';

describe('agent side', () => {
  let server: TestServer;
  let token: string;
  const sockets: Array<AgentSocket | WidgetSocket> = [];
  before(async () => {
    server = await startServer();
    token = await loginAgent(server.url);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await server.cleanup();
  });

  test('login refuses a wrong password and an unknown email alike', async () => {
    for (const body of [{ email: AGENT.email, password: 'wrong' }, { email: 'nobody@test.example', password: AGENT.password }]) {
      const response = await json<ApiError>(`${server.url}/api/v1/agent/login`, { body });
      assert.equal(response.status, 401);
      assert.equal(response.body.error.message, 'wrong email or password');
    }
    const missing = await json<ApiError>(`${server.url}/api/v1/agent/login`, { body: { email: AGENT.email } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.param, 'password');
  });

  test('agent routes refuse a missing, wrong or visitor token', async () => {
    const visitor = await startVisitor(server.url);
    for (const bad of [undefined, 'x.y.z', visitor.token]) {
      const response = await json(`${server.url}/api/v1/agent/conversations`, bad ? { token: bad } : {});
      assert.equal(response.status, 401);
    }
  });

  test('an agent sees a new conversation live, reads it and replies; the visitor gets the reply live', async () => {
    const agent = await connectAgent(server.url, token);
    sockets.push(agent);
    const session = await startVisitor(server.url);
    const { socket: visitor } = await connectVisitor(server.url, session.token);
    sockets.push(visitor);

    const created = nextEvent<ConversationSummary>(agent, 'conversation:created', (c) => c.visitorId === session.visitorId);
    const arrived = nextEvent<ChatMessage>(agent, 'message:created', (m) => m.text === 'I need help');
    await visitor.timeout(5000).emitWithAck('message:send', { clientId: 'v1', text: 'I need help' });
    const conversation = await created;
    assert.equal(conversation.visitor.id, session.visitorId);
    assert.equal((await arrived).conversationId, conversation.id);

    const list = await json<Page<ConversationSummary>>(`${server.url}/api/v1/agent/conversations?status=open`, { token });
    const listed = list.body.data.find((c) => c.id === conversation.id);
    assert.equal(listed?.lastMessage?.text, 'I need help');
    const one = await json<ConversationSummary>(`${server.url}/api/v1/agent/conversations/${conversation.id}`, { token });
    assert.equal(one.body.visitorId, session.visitorId);

    const reply = nextEvent<ChatMessage>(visitor, 'message:created', (m) => m.from === 'agent');
    const ack = await agent.timeout(5000).emitWithAck('message:send', { conversationId: conversation.id, clientId: 'a1', text: 'Hello, how can I help?' });
    assert.ok('data' in ack);
    const received = await reply;
    assert.equal(received.text, 'Hello, how can I help?');
    assert.equal(received.author?.name, AGENT.name);
    assert.equal(received.seq, 2);

    const viaRest = await json<ChatMessage>(`${server.url}/api/v1/agent/conversations/${conversation.id}/messages`, {
      token,
      body: { clientId: 'a2', text: 'Sent over REST' },
    });
    assert.equal(viaRest.status, 201);
    const again = await json<ChatMessage>(`${server.url}/api/v1/agent/conversations/${conversation.id}/messages`, {
      token,
      body: { clientId: 'a2', text: 'Sent over REST' },
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, viaRest.body.id);

    const history = await json<Page<ChatMessage>>(`${server.url}/api/v1/agent/conversations/${conversation.id}/messages?after=1`, { token });
    assert.deepEqual(history.body.data.map((m) => [m.seq, m.from]), [[2, 'agent'], [3, 'agent']]);
  });

  test('an agent’s reply reaches the other agents and not the sending socket', async () => {
    const sender = await connectAgent(server.url, token);
    const other = await connectAgent(server.url, token);
    sockets.push(sender, other);
    const session = await startVisitor(server.url);
    const { socket: visitor } = await connectVisitor(server.url, session.token);
    sockets.push(visitor);
    const first = nextEvent<ChatMessage>(sender, 'message:created', (m) => m.text === 'two agents');
    await visitor.timeout(5000).emitWithAck('message:send', { clientId: 'v-two', text: 'two agents' });
    const { conversationId } = await first;

    let echoed = false;
    sender.on('message:created', (m: ChatMessage) => (echoed ||= m.clientId === 'a-two'));
    const heard = nextEvent<ChatMessage>(other, 'message:created', (m) => m.clientId === 'a-two');
    const ack = await sender.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 'a-two', text: 'on it' });
    assert.ok('data' in ack);
    assert.deepEqual(await heard, ack.data);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(echoed, false, 'the sending agent has its ack; no second copy');
  });

  test('the channel is online while an agent is connected', async () => {
    const agent = await connectAgent(server.url, token);
    const online = await json<{ online: boolean }>(`${server.url}/api/v1/widget/channels/test/config`);
    assert.equal(online.body.online, true);
    agent.disconnect();
    for (const socket of sockets) socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const offline = await json<{ online: boolean }>(`${server.url}/api/v1/widget/channels/test/config`);
    assert.equal(offline.body.online, false);
  });

  test('sending to an unknown conversation is a 404', async () => {
    const response = await json<ApiError>(`${server.url}/api/v1/agent/conversations/cv_missing/messages`, {
      token,
      body: { clientId: 'z', text: 'hello?' },
    });
    assert.equal(response.status, 404);
  });
});
