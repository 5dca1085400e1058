import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { ChatMessage, Conversation, Page, SessionJoined, VisitorConversationSummary, Webhook } from '../../src/protocol.js';
import { ChatClient } from '../../src/client/index.js';
import { openApiDocument } from '../../server/http/openapi.js';
import { memoryStorage } from '../faults/harness.js';
import { aiChannel } from './ai-helpers.js';
import { fakeModel } from './fake-model.js';
import { ADMIN_TOKEN, connectAgent, connectVisitor, json, nextEvent, receiver, until, type TestServer } from './helpers.js';
import { serveEngine } from './engine-server.js';
import { agentReply, visitorSaying, writeNote } from './notes-helpers.js';
import { engines } from './store-engines.js';

/**
 * The note-isolation list (DESIGN.md §12, issue 22 item 1): a private note never reaches a
 * visitor, path by path, on every engine (PostgreSQL with `TEST_DATABASE_URL`). Each test first
 * shows the path working (a reply does reach the visitor through it), so none passes by hearing
 * nothing at all; the note's text is a marker no visitor-facing answer may contain.
 */

const SECRET_NOTE = 'NOTE-ONLY-FOR-THE-TEAM refund approved, customer is a known fraud risk';
const leaks = (value: unknown) => JSON.stringify(value).includes('NOTE-ONLY-FOR-THE-TEAM');

for (const engine of engines()) {
  describe(`note isolation: ${engine.name}`, () => {
    after(() => engine.teardown());

    test('widget socket: live events carry the reply, never the note (nor a conversation update for it)', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url);
      const { socket } = await connectVisitor(url, visitor.token);
      t.after(() => socket.disconnect());
      const agentSocket = await connectAgent(url, token);
      t.after(() => agentSocket.disconnect());
      const heard: Array<[string, unknown]> = [];
      socket.onAny((event: string, payload: unknown) => heard.push([event, payload]));

      const agentHeard = nextEvent(agentSocket, 'note:created');
      assert.equal((await writeNote(url, token, visitor.conversationId, SECRET_NOTE)).status, 201);
      const bySocket = await agentSocket.emitWithAck('note:send', { conversationId: visitor.conversationId, clientId: 'n-socket', text: `${SECRET_NOTE} (socket)` });
      assert.ok('data' in bySocket && bySocket.data.from === 'note');
      await agentHeard;
      await agentReply(url, token, visitor.conversationId, 'We are on it.');
      await until(() => heard.some(([event]) => event === 'message:created'), 'the reply on the widget socket');
      // The team coming online (the agent's socket) is `presence`, which carries no conversation.
      const about = heard.filter(([event]) => event !== 'presence');
      assert.deepEqual(about.map(([event, payload]) => [event, (payload as ChatMessage).text]), [['message:created', 'We are on it.']]);
      assert.ok(!leaks(heard));
    });

    test('widget REST: GET …/messages (newest page, after, before) lists the messages with seq 1…n and no note', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url);
      await writeNote(url, token, visitor.conversationId, SECRET_NOTE);
      const reply = await agentReply(url, token, visitor.conversationId, 'Here it is.');
      assert.equal(reply.body.seq, 2, 'the note took no seq');
      await writeNote(url, token, visitor.conversationId, `${SECRET_NOTE} again`);
      const base = `${url}/api/v1/widget/conversations/${visitor.conversationId}/messages`;
      for (const query of ['', '?after=0', '?after=1', '?before=3', '?after=0&wait=0']) {
        const page = await json<Page<ChatMessage>>(`${base}${query}`, { token: visitor.token });
        assert.equal(page.status, 200);
        assert.ok(page.body.data.length > 0, `${query}: the path answers messages`);
        assert.ok(page.body.data.every((message) => message.seq > 0 && (message.from as string) !== 'note'), query);
        assert.ok(!leaks(page.body), query);
      }
      const all = await json<Page<ChatMessage>>(`${url}/api/v1/widget/conversation/messages?after=0`, { token: visitor.token });
      assert.deepEqual(all.body.data.map((message) => message.seq), [1, 2]);
    });

    test('long-poll: a waiting GET …/messages?wait= is not woken by a note, and answers the next reply alone', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url);
      let answered = false;
      const poll = json<Page<ChatMessage>>(`${url}/api/v1/widget/conversations/${visitor.conversationId}/messages?after=1&wait=10`, { token: visitor.token })
        .finally(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 150)); // the poll is waiting
      await writeNote(url, token, visitor.conversationId, SECRET_NOTE);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(answered, false, 'a note does not wake the long-poll');
      await agentReply(url, token, visitor.conversationId, 'Found it.');
      const page = await poll;
      assert.deepEqual(page.body.data.map((message) => [message.seq, message.text]), [[2, 'Found it.']]);
      assert.ok(!leaks(page.body));
    });

    test('sync on /widget: the socket\'s sync answers the messages after `after`, no note', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url);
      await writeNote(url, token, visitor.conversationId, SECRET_NOTE);
      await agentReply(url, token, visitor.conversationId, 'Sorted.');
      const { socket } = await connectVisitor(url, visitor.token);
      t.after(() => socket.disconnect());
      for (const request of [{ after: 0 }, { conversationId: visitor.conversationId, after: 1 }]) {
        const ack = await socket.emitWithAck('sync', request);
        assert.ok('data' in ack);
        assert.ok(ack.data.length > 0 && !leaks(ack.data), JSON.stringify(request));
      }
    });

    test('join: session:joined and GET /join (messages, conversations\' lastMessage preview, unread, lastSeq) know nothing of a note', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url);
      await agentReply(url, token, visitor.conversationId, 'A reply the visitor has not read.');
      await writeNote(url, token, visitor.conversationId, SECRET_NOTE); // the newest thing in the conversation
      const { socket, joined } = await connectVisitor(url, visitor.token, 0);
      socket.disconnect();
      const rest = await json<SessionJoined>(`${url}/api/v1/widget/join?after=0`, { token: visitor.token });
      for (const [path, join] of [['session:joined', joined], ['GET /join', rest.body]] as const) {
        assert.deepEqual(join.messages.map((message) => message.seq), [1, 2], path);
        const summary = join.conversations.find((conversation) => conversation.id === visitor.conversationId)!;
        assert.deepEqual([summary.lastMessage?.text, summary.unread, summary.lastSeq], ['A reply the visitor has not read.', 1, 2], path);
        assert.ok(!leaks(join), path);
      }
    });

    test('conversation seen by visitors: lastMessage, updatedAt and lastSeq of GET /conversations and /conversations/:id stay as the last message left them', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url);
      const read = async () => ({
        list: (await json<Page<VisitorConversationSummary>>(`${url}/api/v1/widget/conversations`, { token: visitor.token })).body,
        one: (await json<Conversation>(`${url}/api/v1/widget/conversations/${visitor.conversationId}`, { token: visitor.token })).body,
      });
      const before = await read();
      await new Promise((resolve) => setTimeout(resolve, 20)); // a new timestamp would differ
      await writeNote(url, token, visitor.conversationId, SECRET_NOTE);
      assert.deepEqual(await read(), before);
      assert.equal(before.list.data[0]!.lastMessage?.text, 'Where is my parcel?');
      await agentReply(url, token, visitor.conversationId, 'Moved on.');
      assert.notDeepEqual((await read()).one.updatedAt, before.one.updatedAt, 'a reply does move it');
    });

    test('headless ChatClient in Node: transcript, messages.list, onMessage and conversations.list hold no note', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const client = new ChatClient({ channel: 'test', server: url, storage: memoryStorage() });
      t.after(() => client.disconnect());
      await client.connect();
      const sent = await client.send('Hello from a page of my own');
      const heard: ChatMessage[] = [];
      client.on('message', (message) => heard.push(message));
      await writeNote(url, token, sent.conversationId, SECRET_NOTE);
      await agentReply(url, token, sent.conversationId, 'Hello back.');
      await until(() => heard.length === 1, 'the reply');
      const page = await client.messages.list(sent.conversationId, { after: 0 });
      const conversations = await client.conversations.list();
      assert.deepEqual(client.transcript.map((message) => message.seq), [1, 2]);
      assert.deepEqual(page.data.map((message) => message.seq), [1, 2]);
      assert.ok(!leaks([heard, client.transcript, page, conversations]));
    });

    test('webhooks of visitor-facing events: message.created fires for the reply, never for a note; no delivery carries one', async (t) => {
      const hooks = await receiver();
      t.after(() => hooks.close());
      const { url, token } = await serveEngine(t, await engine.data(t), { webhooks: { pollMs: 20, allowPrivate: true } });
      const created = await json<Webhook>(`${url}/api/v1/admin/webhooks`, { token: ADMIN_TOKEN, body: { url: hooks.url, events: ['message.created', 'conversation.created', 'conversation.closed', 'conversation.handoff', 'tool.result'] } });
      assert.equal(created.status, 201);
      const visitor = await visitorSaying(url);
      await writeNote(url, token, visitor.conversationId, SECRET_NOTE);
      await agentReply(url, token, visitor.conversationId, 'A reply for the webhook.');
      await until(() => hooks.received.some((request) => request.body.includes('A reply for the webhook.')), 'the reply\'s delivery');
      const events = hooks.received.map((request) => JSON.parse(request.body) as { type: string; data: { message?: ChatMessage } });
      assert.deepEqual(events.filter((event) => event.type === 'message.created').map((event) => event.data.message?.seq), [1, 2]);
      assert.ok(!hooks.received.some((request) => leaks(request.body)));
    });

    test('transcripts and exports: the visitor API offers none to leak a note through (a new one must join this list)', () => {
      const widgetPaths = Object.entries(openApiDocument().paths)
        .filter(([, operations]) => Object.values(operations).some((operation) => (operation as { tags: string[] }).tags.includes('widget')))
        .map(([path]) => path);
      assert.ok(widgetPaths.length > 10, 'the widget API is described');
      assert.deepEqual(widgetPaths.filter((path) => /transcript|export|download|email/i.test(path)), []);
    });

    test('AI model context: the model answering the conversation is never sent a note', async (t) => {
      const model = await fakeModel();
      t.after(() => model.close());
      const { url, token } = await serveEngine(t, await engine.data(t), { ai: { baseUrl: undefined, apiKey: undefined, model: undefined, allowPrivate: true } });
      const { key } = await aiChannel({ url } as TestServer, model);
      const visitor = await visitorSaying(url, 'Can I change my address?', key);
      await until(() => model.requests.length === 1, 'the first answer');
      await writeNote(url, token, visitor.conversationId, SECRET_NOTE);
      await json(`${url}/api/v1/widget/conversations/${visitor.conversationId}/messages`, { token: visitor.token, body: { clientId: 'v-second', text: 'And my phone number?' } });
      await until(() => model.requests.length === 2, 'the second answer');
      const context = JSON.stringify(model.requests[1]!.body.messages);
      assert.ok(context.includes('And my phone number?') && context.includes('Can I change my address?'), 'the model reads the conversation');
      assert.ok(!model.requests.some((request) => leaks(request.body)));
    });
  });
}
