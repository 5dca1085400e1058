import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ChatClient } from '../../src/client/chat-client.js';
import type { ConversationSummary, OnlineVisitor, Page } from '../../src/protocol.js';
import { agentSocket, agentToken, freePort, ServerProcess, until, visitor } from '../faults/harness.js';
import { scratchDatabase } from '../server/store-engines.js';
import { Balancer } from './balancer.js';

/**
 * Live visitors across nodes: a visitor whose widget is connected to node A is listed by node B
 * (its `fetchSockets()` asks every node through the adapter), an agent on node B hears it come
 * and go, and starts a conversation that reaches the widget on node A.
 */
const databaseUrl = process.env.TEST_DATABASE_URL;
const adapters = [
  { name: 'PostgreSQL adapter', env: {} as NodeJS.ProcessEnv },
  ...(process.env.TEST_REDIS_URL ? [{ name: 'Redis adapter', env: { REDIS_URL: process.env.TEST_REDIS_URL } }] : []),
];

for (const adapter of adapters) {
  describe(`live visitors on two nodes, ${adapter.name}`, { skip: databaseUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
    const database = scratchDatabase(databaseUrl ?? '', 'support_chat_live');
    let a: ServerProcess;
    let b: ServerProcess;
    let balancer: Balancer;
    let token: string;
    let agent: ReturnType<typeof agentSocket>;
    const sessions: ChatClient[] = [];

    before(async () => {
      await database.create();
      const env = { DATABASE_URL: database.url, ...adapter.env };
      a = new ServerProcess(await freePort(), undefined, env);
      b = new ServerProcess(await freePort(), undefined, env);
      await Promise.all([a.start(), b.start()]);
      balancer = new Balancer([a.port, b.port]);
      await balancer.listen();
      token = await agentToken(b.url);
      agent = agentSocket(b.url, token);
      await until(() => agent.connected, 'the agent to connect to node B');
    });

    after(async () => {
      for (const session of sessions) session.disconnect();
      agent?.disconnect();
      await balancer?.close();
      await Promise.all([a?.cleanup(), b?.cleanup()]);
      await database.drop();
    });

    const listedOn = async (node: ServerProcess) => {
      const response = await fetch(`${node.url}/api/v1/agent/visitors/online?channel=demo`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      return ((await response.json()) as Page<OnlineVisitor>).data;
    };

    test('a visitor on node A is listed on node B, node B starts a conversation that reaches them, and hears them leave', async () => {
      const cameOnline = new Promise<OnlineVisitor>((resolve) => agent.once('visitor:online', resolve));
      const session = await visitor(balancer.url);
      sessions.push(session);
      assert.equal(balancer.accepted.get(b.port) ?? 0, 0, 'the visitor is on node A only');
      const visitorId = session.visitorId!;
      assert.equal((await cameOnline).visitorId, visitorId, 'the agent on node B heard the visitor on node A come');

      const onB = await listedOn(b);
      assert.deepEqual(onB.map((each) => each.visitorId), [visitorId], 'node B lists the widget connected to node A');
      assert.equal(onB[0]!.tabs, 1);
      assert.deepEqual(await listedOn(a), onB, 'both nodes list the same');

      const response = await fetch(`${b.url}/api/v1/agent/visitors/${visitorId}/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Hello from node B', clientId: `start-${randomBytes(4).toString('hex')}` }),
      });
      assert.equal(response.status, 201);
      const conversation = (await response.json()) as ConversationSummary;
      await until(() => session.conversations.summaries.some((each) => each.id === conversation.id), 'the widget on node A to hear of the conversation', 10_000);
      await until(() => session.unreadCount === 1, 'the message to count as unread on node A', 10_000);

      const wentOffline = new Promise<{ visitorId: string }>((resolve) => agent.once('visitor:offline', resolve));
      session.disconnect();
      assert.equal((await wentOffline).visitorId, visitorId);
      assert.deepEqual(await listedOn(b), []);
    });
  });
}
