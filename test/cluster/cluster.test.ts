import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Attachment, ChatMessage, Conversation, ConversationSummary, Note, Page, SessionResponse, WidgetClientEvents, WidgetServerEvents } from '../../src/protocol.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { FAULTS_ADMIN_TOKEN, ServerProcess, storedMessages, until, visitor } from '../faults/harness.js';
import { png, upload } from '../server/files.js';
import type { Balancer } from './balancer.js';
import { adapters, type AgentSocket, call, fromClient, needsDatabase, twoNodes } from './two-nodes.js';

/**
 * Two nodes over one PostgreSQL database (see `two-nodes.ts`). Visitors come in through a
 * balancer with no sticky sessions that prefers node A; the agent is on node B.
 */
for (const adapter of adapters) {
  describe(`cluster: two nodes, one PostgreSQL, ${adapter.name}`, needsDatabase, () => {
    const nodes = twoNodes('support_chat_cluster', { RATE_LIMITS: 'on', TRUST_PROXY: 'loopback', ...adapter.env }, { front: true });
    let a: ServerProcess;
    let b: ServerProcess;
    let balancer: Balancer;
    let token: string;
    let agent: AgentSocket;
    let session: ChatClient;
    const { database, clients: sessions } = nodes;
    before(() => void ({ a, b, balancer, token, agent } = nodes));

    const agentHears = (text: string, timeoutMs = 15_000) =>
      new Promise<ChatMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          agent.off('message:created', listener);
          reject(new Error(`the agent on node B never got "${text}"`));
        }, timeoutMs);
        const listener = (message: ChatMessage) => {
          if (message.text !== text) return;
          clearTimeout(timer);
          agent.off('message:created', listener);
          resolve(message);
        };
        agent.on('message:created', listener);
      });
    const agentSays = async (conversationId: string, text: string) => {
      const ack = await agent.timeout(10_000).emitWithAck('message:send', { conversationId, clientId: `agent-${randomBytes(6).toString('hex')}`, text });
      assert.ok('data' in ack, `the agent's message was stored: ${JSON.stringify(ack)}`);
    };

    test('a visitor on node A and an agent on node B exchange messages both ways', async () => {
      session = await visitor(balancer.url);
      sessions.push(session);
      assert.ok((balancer.accepted.get(a.port) ?? 0) > 0);
      assert.equal(balancer.accepted.get(b.port) ?? 0, 0, 'the visitor is on node A only');

      const heard = agentHears('hello from a visitor on node A');
      const sent = await session.send('hello from a visitor on node A');
      assert.equal((await heard).id, sent.id, 'node B pushed the message stored on node A');

      await agentSays(sent.conversationId, 'hello from an agent on node B');
      await until(() => session.transcript.some((message) => message.text === 'hello from an agent on node B'), 'the visitor on A to get the reply from B', 10_000);
      assert.deepEqual(session.transcript.map((message) => message.seq), [1, 2]);
    });

    test('node A sees the agent on node B as online, and as away once the agent leaves', async () => {
      const online = async () => (await call<{ online: boolean }>(a.url, '/api/v1/widget/channels/demo/status')).body.online;
      await until(async () => (await online()) === true, 'node A to say online', 10_000);
      agent.disconnect();
      await until(async () => (await online()) === false, 'node A to say away', 10_000);
      agent.connect();
      await until(async () => (await online()) === true, 'node A to say online again', 10_000);
    });

    test('a page tool called on node B runs in the page of the visitor on node A', async () => {
      const stop = session.on('tool-call', (call) => call.respond({ items: 3, asked: call.args }));
      try {
        const conversationId = session.conversationId!;
        const response = await call<{ ok: boolean; result: unknown }>(b.url, `/api/v1/agent/conversations/${conversationId}/tool-calls`, {
          token,
          body: { name: 'cart.count', args: { currency: 'EUR' } },
        });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        assert.deepEqual([response.body.ok, response.body.result], [true, { items: 3, asked: { currency: 'EUR' } }]);
      } finally {
        stop();
      }
    });

    test("a REST long-poll on node A wakes for an agent's message stored on node B", async () => {
      const started = await call<SessionResponse>(a.url, '/api/v1/widget/channels/demo/session', { body: {} });
      const opened = await call<ChatMessage>(a.url, '/api/v1/widget/conversation/messages', { token: started.body.token, body: { clientId: 'poll-1', text: 'on the REST fallback' } });
      assert.equal(opened.status, 201);
      // The poll may wait 20 s; it must be woken well before this request gives up at 10 s.
      const polling = fetch(`${a.url}/api/v1/widget/conversation/messages?after=1&wait=20`, {
        headers: { authorization: `Bearer ${started.body.token}`, ...fromClient() },
        signal: AbortSignal.timeout(10_000),
      });
      await new Promise((resolve) => setTimeout(resolve, 300)); // the poll is waiting on node A
      await agentSays(opened.body.conversationId, 'an answer stored on node B');
      const page = (await (await polling).json()) as Page<ChatMessage>;
      assert.deepEqual(page.data.map((message) => [message.seq, message.text]), [[2, 'an answer stored on node B']]);
    });

    // ---- desk: notes
    test('a private note written on node A reaches the agent on node B, and never the visitor on node A', async () => {
      const customer = await visitor(balancer.url);
      sessions.push(customer);
      const asked = await customer.send('a question for the cluster');
      const heard = new Promise<Note>((resolve) => agent.once('note:created', resolve));
      const written = await call<Note>(a.url, `/api/v1/agent/conversations/${asked.conversationId}/notes`, { token, body: { clientId: 'cluster-note', text: 'NOTE-ONLY-FOR-THE-TEAM on node A' } });
      assert.equal(written.status, 201, JSON.stringify(written.body));
      assert.equal((await heard).id, written.body.id, 'node B pushed the note written on node A');
      await agentSays(asked.conversationId, 'the answer after the note');
      await until(() => customer.transcript.some((message) => message.text === 'the answer after the note'), 'the visitor on A to get the reply', 10_000);
      assert.deepEqual(customer.transcript.map((message) => message.seq), [1, 2]);
      assert.ok(!JSON.stringify(customer.transcript).includes('NOTE-ONLY-FOR-THE-TEAM'));
    });

    test('a file uploaded through node A is served by node B (kept in the database)', async () => {
      const started = await call<SessionResponse>(a.url, '/api/v1/widget/channels/demo/session', { body: {} });
      const bytes = png(7, 5);
      const response = await fetch(`${a.url}/api/v1/widget/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${started.body.token}`, ...fromClient() },
        body: upload(bytes, 'screenshot.png'),
      });
      assert.equal(response.status, 201);
      const attachment = (await response.json()) as Attachment;
      assert.deepEqual([attachment.width, attachment.height], [7, 5]);
      const served = await fetch(new URL(attachment.url, b.url));
      assert.equal(served.status, 200);
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), bytes);
      assert.equal(served.headers.get('content-type'), 'image/png');
    });

    test("a visitor's message budget is shared by both nodes", async () => {
      const started = await call<SessionResponse>(a.url, '/api/v1/widget/channels/demo/session', { body: {} });
      const send = (node: ServerProcess, index: number) =>
        call(node.url, '/api/v1/widget/conversation/messages', { token: started.body.token, body: { clientId: `budget-${index}`, text: `message ${index}` } });
      // 20 a minute per visitor (DESIGN.md §5): 10 on each node use it up.
      for (let index = 0; index < 20; index++) assert.equal((await send(index % 2 ? b : a, index)).status, 201);
      const [onA, onB] = await Promise.all([send(a, 20), send(b, 21)]);
      assert.deepEqual([onA.status, onB.status], [429, 429]);
    });

    test('one open conversation per visitor when both nodes get its requests at once', async () => {
      const openConversations = async (visitorId: string) => {
        const page = await call<Page<ConversationSummary>>(b.url, '/api/v1/agent/conversations?status=open&limit=100', { token });
        return page.body.data.filter((conversation) => conversation.visitorId === visitorId);
      };
      // An anonymous visitor's first messages, one to each node at once: one conversation opens.
      for (let round = 0; round < 8; round++) {
        const started = await call<SessionResponse>(a.url, '/api/v1/widget/channels/demo/session', { body: {} });
        const again = (node: ServerProcess) => call<SessionResponse>(node.url, '/api/v1/widget/channels/demo/session', { body: { visitorId: started.body.visitorId } });
        const [onA, onB] = await Promise.all([again(a), again(b)]);
        assert.deepEqual([onA.status, onB.status, onA.body.visitorId, onB.body.visitorId], [201, 201, started.body.visitorId, started.body.visitorId]);
        const first = (node: ServerProcess, session: SessionResponse) =>
          call<ChatMessage>(node.url, '/api/v1/widget/conversation/messages', { token: session.token, body: { clientId: `first-${node.port}`, text: `first on ${node.port}` } });
        const [messageA, messageB] = await Promise.all([first(a, onA.body), first(b, onB.body)]);
        assert.deepEqual([messageA.status, messageB.status], [201, 201]);
        assert.equal(messageA.body.conversationId, messageB.body.conversationId);
        assert.deepEqual([messageA.body.seq, messageB.body.seq].sort(), [1, 2]);
        assert.equal((await openConversations(started.body.visitorId)).length, 1);
      }

      // The same customer signs in on both nodes at once, from a browser that already chatted
      // anonymously, while their own conversation is open: one visitor, one open conversation.
      assert.equal((await call(a.url, '/api/v1/admin/channels/demo', { method: 'PATCH', token: FAULTS_ADMIN_TOKEN, body: { settings: { hmac: true } } })).status, 200);
      const rotated = await call<{ secret: string }>(a.url, '/api/v1/admin/channels/demo/secrets/identity/rotate', { token: FAULTS_ADMIN_TOKEN, body: {} });
      const userHash = (id: string) => createHmac('sha256', rotated.body.secret).update(id).digest('hex');
      for (let round = 0; round < 6; round++) {
        const externalUserId = `customer-${round}-${randomBytes(3).toString('hex')}`;
        const anonymous = await call<SessionResponse>(a.url, '/api/v1/widget/channels/demo/session', { body: {} });
        await call(a.url, '/api/v1/widget/conversation/messages', { token: anonymous.body.token, body: { clientId: 'anon', text: 'before signing in' } });
        const login = (node: ServerProcess) =>
          call<SessionResponse>(node.url, '/api/v1/widget/channels/demo/session', {
            body: { visitorId: anonymous.body.visitorId, externalUserId, userHash: userHash(externalUserId) },
          });
        const [onA, onB] = await Promise.all([login(a), login(b)]);
        assert.deepEqual([onA.status, onB.status], [201, 201], JSON.stringify([onA.body, onB.body]));
        assert.equal(onA.body.visitorId, onB.body.visitorId, 'one visitor for the customer');
        assert.deepEqual([onA.body.verified, onB.body.verified], [true, true]);
        const open = await openConversations(onA.body.visitorId);
        assert.equal(open.length, 1, 'the anonymous conversation became the customer’s one open conversation');
        assert.deepEqual((await openConversations(anonymous.body.visitorId)).length, 0);
      }
    });

    test("a visitor's explicit conversation opened on both nodes at once is one, announced to the visitor's socket on the other node, numbered 1…n by both", async () => {
      const started = await call<SessionResponse>(a.url, '/api/v1/widget/channels/demo/session', { body: {} });
      const onB = io(`${b.url}/widget`, { auth: { token: started.body.token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: fromClient() }) as Socket<WidgetServerEvents, WidgetClientEvents>;
      try {
        await new Promise((resolve, reject) => {
          onB.once('session:joined', resolve);
          onB.once('connect_error', reject);
        });
        const announced: Conversation[] = [];
        onB.on('conversation:created', (conversation) => announced.push(conversation));
        const open = (node: ServerProcess) => call<Conversation>(node.url, '/api/v1/widget/conversations', { token: started.body.token, body: { clientId: 'ticket-1', subject: 'Both nodes' } });
        const [openedA, openedB, openedA2, openedB2] = await Promise.all([open(a), open(b), open(a), open(b)]);
        const ids = new Set([openedA, openedB, openedA2, openedB2].map((answer) => answer.body.id));
        assert.equal(ids.size, 1, 'one conversation for one clientId');
        assert.deepEqual([openedA, openedB, openedA2, openedB2].map((answer) => answer.status).sort(), [200, 200, 200, 201]);
        const [id] = [...ids];
        await until(() => announced.length === 1, 'node B to announce the conversation opened on either node', 10_000);
        assert.equal(announced[0]!.id, id);
        const sends = Array.from({ length: 10 }, (_, index) =>
          call<ChatMessage>([a, b][index % 2]!.url, `/api/v1/widget/conversations/${id}/messages`, { token: started.body.token, body: { clientId: `n${index}`, text: `n${index}` } }));
        const stored = await Promise.all(sends);
        assert.deepEqual(stored.map((answer) => answer.body.seq).sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert.equal(announced.length, 1, 'messages announce no conversation');
      } finally {
        onB.disconnect();
      }
    });

    test("an admin's change on node A applies on node B: an origin taken off the allowlist is refused there", async () => {
      const origin = 'https://shop.example';
      const config = (node: ServerProcess, from: string) =>
        fetch(`${node.url}/api/v1/widget/channels/cluster-shop/config`, { headers: { origin: from, ...fromClient() } }).then((response) => response.status);
      const created = await call(a.url, '/api/v1/admin/channels', { token: FAULTS_ADMIN_TOKEN, body: { key: 'cluster-shop', name: 'Shop', allowedOrigins: [origin] } });
      assert.equal(created.status, 201);
      const twice = await Promise.all([a, b].map((node) => call(node.url, '/api/v1/admin/channels', { token: FAULTS_ADMIN_TOKEN, body: { key: 'cluster-shop', name: 'Again', allowedOrigins: [] } })));
      assert.deepEqual(twice.map((response) => response.status), [409, 409]);
      await until(async () => (await config(b, origin)) === 200, 'node B to serve the new channel to its origin', 10_000);
      assert.equal(await config(b, 'https://elsewhere.example'), 403);
      const patched = await call(a.url, '/api/v1/admin/channels/cluster-shop', { method: 'PATCH', token: FAULTS_ADMIN_TOKEN, body: { allowedOrigins: ['https://new-shop.example'] } });
      assert.equal(patched.status, 200);
      // Node B had the channel in its cache; the change reaches it (NOTIFY), not after minutes.
      await until(async () => (await config(b, origin)) === 403, 'node B to refuse the removed origin', 5_000);
      assert.equal(await config(b, 'https://new-shop.example'), 200);
    });

    test('PostgreSQL drops every connection: both nodes stay up, clients are told to resync, messages cross nodes again, none is lost', async () => {
      // What was broadcast while the nodes had no database reached no other node live: once it is
      // back, each node tells its clients to fetch what they may have missed.
      const resynced = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 15_000);
        agent.once('resync', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      await database.terminateConnections();
      // Sent by the agent on B while node A cannot hear broadcasts: the visitor on A gets it by resync.
      const missed = 'sent by the agent while the database was away';
      const agentSent = (async () => {
        for (;;) {
          const ack = await agent.timeout(10_000).emitWithAck('message:send', { conversationId: session.conversationId!, clientId: 'during-outage', text: missed });
          if ('data' in ack) return;
          await new Promise((resolve) => setTimeout(resolve, 200)); // B has no connection yet: try again
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const node of [a, b]) assert.doesNotThrow(() => process.kill(node.pid!, 0), `node on ${node.port} is still running`);
      // Until the adapter has listened again (it reconnects in 1–3 s), a broadcast can miss node B;
      // the message is stored all the same. Send until B hears one.
      const texts: string[] = [];
      await until(async () => {
        const text = `after the database dropped every connection (${texts.length + 1})`;
        texts.push(text);
        const heard = agentHears(text, 1_500).then(() => true, () => false);
        await session.send(text); // the outbox retries until A has a connection again
        return heard;
      }, 'a message from A to reach the agent on B again', 20_000);
      const stored = (await storedMessages(b.url, token, session.conversationId!)).map((message) => message.text);
      for (const text of texts) assert.equal(stored.filter((each) => each === text).length, 1, `"${text}" stored once`);
      assert.ok(await resynced, 'node B told its agent to resync after the database came back');
      await agentSent;
      await until(() => session.transcript.some((message) => message.text === missed), 'the visitor on A to get what B stored during the outage', 10_000);
    });

    test('node A is killed: the visitor moves to node B and nothing is lost', async () => {
      const conversationId = session.conversationId!;
      await session.send('sent before node A dies');
      await a.kill('SIGKILL');
      // Both sides keep writing while the visitor has no node: the outbox holds the visitor's.
      const heard = agentHears('sent while node A is down');
      const during = session.send('sent while node A is down');
      await agentSays(conversationId, 'sent by the agent while the visitor moves');
      const stored = await during;
      assert.equal((await heard).id, stored.id);
      await until(() => session.transcript.some((message) => message.text === 'sent by the agent while the visitor moves'), 'the reply to reach the visitor on B', 15_000);
      assert.ok((balancer.accepted.get(b.port) ?? 0) > 0, 'the balancer sent the visitor to node B');
      assert.deepEqual(session.pending, [], 'nothing left in the outbox');

      const transcript = await storedMessages(b.url, token, conversationId);
      assert.deepEqual(transcript.map((message) => message.seq), transcript.map((_, index) => index + 1), 'no gap in seq');
      const texts = transcript.map((message) => message.text);
      for (const text of ['hello from a visitor on node A', 'hello from an agent on node B', 'sent before node A dies', 'sent while node A is down', 'sent by the agent while the visitor moves']) {
        assert.equal(texts.filter((each) => each === text).length, 1, `"${text}" stored once`);
      }
      await until(() => session.transcript.length === transcript.length, 'the visitor to hold the whole transcript', 10_000);
      assert.deepEqual(session.transcript.map((message) => [message.seq, message.id]), transcript.map((message) => [message.seq, message.id]));
    });
  });
}
