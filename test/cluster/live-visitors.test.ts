import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { ConversationSummary, OnlineVisitor, Page } from '../../src/protocol.js';
import { type ServerProcess, until, visitor } from '../faults/harness.js';
import { adapters, needsDatabase, twoNodes } from './two-nodes.js';

/**
 * Live visitors across nodes: a visitor whose widget is connected to node A is listed by node B
 * (its `fetchSockets()` asks every node through the adapter), an agent on node B hears it come
 * and go, and starts a conversation that reaches the widget on node A.
 */
for (const adapter of adapters) {
  describe(`live visitors on two nodes, ${adapter.name}`, needsDatabase, () => {
    const nodes = twoNodes('support_chat_live', adapter.env, { front: true });

    const listedOn = async (node: ServerProcess) => {
      const response = await fetch(`${node.url}/api/v1/agent/visitors/online?channel=demo`, { headers: { authorization: `Bearer ${nodes.token}` } });
      assert.equal(response.status, 200);
      return ((await response.json()) as Page<OnlineVisitor>).data;
    };

    test('a visitor on node A is listed on node B, node B starts a conversation that reaches them, and hears them leave', async () => {
      const cameOnline = new Promise<OnlineVisitor>((resolve) => nodes.agent.once('visitor:online', resolve));
      const session = await visitor(nodes.balancer.url);
      nodes.clients.push(session);
      assert.equal(nodes.balancer.accepted.get(nodes.b.port) ?? 0, 0, 'the visitor is on node A only');
      const visitorId = session.visitorId!;
      assert.equal((await cameOnline).visitorId, visitorId, 'the agent on node B heard the visitor on node A come');

      const onB = await listedOn(nodes.b);
      assert.deepEqual(onB.map((each) => each.visitorId), [visitorId], 'node B lists the widget connected to node A');
      assert.equal(onB[0]!.tabs, 1);
      assert.deepEqual(await listedOn(nodes.a), onB, 'both nodes list the same');

      const response = await fetch(`${nodes.b.url}/api/v1/agent/visitors/${visitorId}/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${nodes.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Hello from node B', clientId: `start-${randomBytes(4).toString('hex')}` }),
      });
      assert.equal(response.status, 201);
      const conversation = (await response.json()) as ConversationSummary;
      await until(() => session.conversations.summaries.some((each) => each.id === conversation.id), 'the widget on node A to hear of the conversation', 10_000);
      await until(() => session.unreadCount === 1, 'the message to count as unread on node A', 10_000);

      const wentOffline = new Promise<{ visitorId: string }>((resolve) => nodes.agent.once('visitor:offline', resolve));
      session.disconnect();
      assert.equal((await wentOffline).visitorId, visitorId);
      assert.deepEqual(await listedOn(nodes.b), []);
    });
  });
}
