import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatClient } from '../../src/client/chat-client.js';
import { NotFoundError, type ChatMessage } from '../../src/client/index.js';
import { createMockBackend } from '../../src/transport/mock.js';
import { memoryStorage } from '../faults/harness.js';
import { next } from './client-suite.js';
import { until } from './helpers.js';

/** The in-browser fake server of `mock` mode, driven by the same `ChatClient` (no network: it runs in Node too). */

describe('the mock backend (mock mode) with several conversations', () => {
  test('a send opens the default conversation, create() an explicit one; the canned agent answers in the one written in, unread there', async () => {
    const visitor = new ChatClient({ channel: 'demo', storage: memoryStorage(), backend: createMockBackend('demo') });
    try {
      await visitor.connect();
      const first = await visitor.send('hello');
      const ticket = await visitor.conversations.create({ subject: 'mock ticket' });
      assert.deepEqual(
        new Map(visitor.conversations.summaries.map((held) => [held.id, held.isDefault])),
        new Map([
          [ticket.id, false],
          [first.conversationId, true],
        ]),
      );
      const sent = await visitor.messages.send(ticket.id, 'in the ticket');
      assert.deepEqual([sent.conversationId, sent.seq], [ticket.id, 1]);
      const answer = await next<ChatMessage>((listener) => visitor.onMessage(ticket.id, (message) => message.from === 'agent' && listener(message)), 'the canned answer');
      assert.equal(answer.conversationId, ticket.id);
      await until(() => visitor.conversations.summaries.find((held) => held.id === ticket.id)?.unread === 1, 'the answer counted unread in the ticket');
      await visitor.conversations.open(ticket.id);
      assert.deepEqual(visitor.transcript.map((message) => message.text), ['in the ticket', answer.text]);
      await assert.rejects(visitor.messages.send('cv_nowhere', 'lost'), NotFoundError);
    } finally {
      visitor.disconnect();
    }
  });
});
