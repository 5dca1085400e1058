import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { ApiError, Block, ChatMessage } from '../../src/protocol.js';
import { AGENT, json, startVisitor } from './helpers.js';
import { serveEngine } from './engine-server.js';
import { engines } from './store-engines.js';

/** Blocks and answers stored and read back on every engine (PostgreSQL with `TEST_DATABASE_URL`), through a real server. */

const FORM: Block = { type: 'form', id: 'contact', submitLabel: 'Send', fields: [{ name: 'email', label: 'Email', type: 'email', required: true }] };
const TOPIC: Block = { type: 'quick_replies', id: 'topic', options: [{ label: 'Billing', value: 'billing' }, { label: 'Shipping <b>fast</b>', value: 'shipping' }] };

for (const engine of engines()) {
  describe(`interactive messages: ${engine.name}`, () => {
    after(() => engine.teardown());

    test('blocks and a replyTo round-trip; a block more than a page back is still found', async (t) => {
      const { url, app, token } = await serveEngine(t, await engine.data(t));
      const visitor = await startVisitor(url);
      const first = await json<ChatMessage>(`${url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'e-1', text: 'Hello' } });
      const conversationId = first.body.conversationId;
      const offer = await json<ChatMessage>(`${url}/api/v1/agent/conversations/${conversationId}/messages`, { token, body: { clientId: 'e-offer', text: 'Pick', blocks: [TOPIC, FORM] } });
      assert.deepEqual(offer.body.blocks, [TOPIC, FORM]);
      // More than a page (100) of later messages: the block is found on an older page.
      const agent = (await app.services.agents.list()).find((member) => member.email === AGENT.email)!;
      for (let index = 0; index < 120; index++) await app.services.conversations.sendFromAgent({ agentId: agent.id, role: 'agent' }, conversationId, { clientId: `e-more-${index}`, text: `more ${index}` });

      const reply = (body: object) => json<ChatMessage & ApiError>(`${url}/api/v1/widget/conversations/${conversationId}/messages`, { token: visitor.token, body });
      const tapped = await reply({ clientId: 'e-tap', text: '', replyTo: { blockId: 'topic', value: 'shipping' } });
      assert.equal(tapped.status, 201, JSON.stringify(tapped.body));
      assert.deepEqual([tapped.body.text, tapped.body.replyTo], ['Shipping <b>fast</b>', { blockId: 'topic', value: 'shipping' }]);
      const form = await reply({ clientId: 'e-form', text: '', replyTo: { blockId: 'contact', value: JSON.stringify({ email: 'jo@example.com' }) } });
      assert.equal(form.body.text, 'Email: jo@example.com');
      const refused = await reply({ clientId: 'e-bad', text: '', replyTo: { blockId: 'contact', value: JSON.stringify({ email: 'jo' }) } });
      assert.equal(refused.body.error.param, 'replyTo.value');

      const page = await json<{ data: ChatMessage[] }>(`${url}/api/v1/agent/conversations/${conversationId}/messages?after=1&limit=1`, { token });
      assert.deepEqual(page.body.data[0]!.blocks, [TOPIC, FORM], 'read back from the store as sent');
      const newest = await json<{ data: ChatMessage[] }>(`${url}/api/v1/agent/conversations/${conversationId}/messages?limit=2`, { token });
      assert.deepEqual(newest.body.data.map((message) => message.replyTo?.blockId), ['topic', 'contact']);
    });
  });
}
