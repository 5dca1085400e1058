import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChatClient } from '../../src/client/chat-client.js';
import { ValidationError, type ChatMessage, type DeltaInfo } from '../../src/client/index.js';
import { createMockBackend } from '../../src/transport/mock.js';
import type { TransportHandlers } from '../../src/transport/transport.js';
import { memoryStorage } from '../faults/harness.js';
import { next } from './client-suite.js';
import { aiChannel } from './ai-helpers.js';
import { fakeModel, type FakeModel } from './fake-model.js';
import { startServer, until, type TestServer } from './helpers.js';

/** The visitor's side of an AI agent in `ChatClient`: streamed answers (`message:delta`), handoff, feedback, the `agent` option. */

/** A client on the mock backend with an AI agent, and the transport's handlers (to hand it pieces directly). */
function aiClient(agent = 'ai_test', options: { agentOption?: string } = {}) {
  const backend = createMockBackend('demo', { agent });
  let handlers: TransportHandlers | null = null;
  const client = new ChatClient({
    channel: 'demo',
    storage: memoryStorage(),
    agent: options.agentOption ?? agent,
    backend: {
      api: backend.api,
      transport: async (transportOptions) => {
        handlers = transportOptions.handlers;
        return backend.transport(transportOptions);
      },
    },
  });
  return { client, handlers: () => handlers! };
}

describe('streamed answers (message:delta)', () => {
  test('pieces grow the text in order; a repeat (or its repeated part) is dropped; the final message replaces the stream', async () => {
    const { client, handlers } = aiClient();
    try {
      await client.connect();
      const sent = await client.send('hello');
      const conversationId = sent.conversationId;
      const deltas: DeltaInfo[] = [];
      const off = client.onDelta(conversationId, (delta) => deltas.push(delta));
      const piece = (offset: number, text: string) => handlers().delta({ conversationId, messageId: 'm_stream1', offset, text });
      piece(0, 'Hel');
      piece(3, 'lo ');
      piece(0, 'Hel'); // a repeat
      piece(3, 'lo wor'); // overlaps: only 'wor' is new
      piece(9, 'ld');
      assert.deepEqual(deltas.map((delta) => delta.text), ['Hel', 'Hello ', 'Hello wor', 'Hello world']);
      assert.deepEqual(client.streaming.map(({ messageId, text, stalled }) => ({ messageId, text, stalled })), [{ messageId: 'm_stream1', text: 'Hello world', stalled: false }]);
      off();
      // The final message under the same id replaces it (however it arrives).
      const final: ChatMessage = { id: 'm_stream1', conversationId, seq: 99, from: 'bot', text: 'Hello world!', attachments: [], author: { id: 'ai_test', name: 'Demo AI' }, createdAt: new Date().toISOString() };
      handlers().message(final);
      assert.deepEqual(client.streaming, []);
      assert.equal(client.transcript.at(-1)?.text, 'Hello world!');
      piece(11, '!'); // late: the answer is stored already
      assert.deepEqual(client.streaming, []);
    } finally {
      client.disconnect();
    }
  });

  test('a gap stalls the stream where it is (no later piece is added) until the final message; a first piece past the start shows nothing', async () => {
    const { client, handlers } = aiClient();
    try {
      await client.connect();
      const { conversationId } = await client.send('hello');
      const piece = (messageId: string, offset: number, text: string) => handlers().delta({ conversationId, messageId, offset, text });
      piece('m_gap', 0, 'One ');
      piece('m_gap', 10, 'three '); // 'two ' was lost
      piece('m_gap', 4, 'two '); // too late: the final message brings the whole text
      assert.deepEqual(client.streaming.map(({ text, stalled }) => ({ text, stalled })), [{ text: 'One ', stalled: true }]);
      piece('m_late', 5, 'middle'); // joined mid-answer
      assert.deepEqual(client.streaming.map((stream) => stream.messageId), ['m_gap']);
      // Another bot or system message ends the streams of that conversation (the answer failed).
      handlers().message({ id: 'm_system', conversationId, seq: 50, from: 'system', text: 'The assistant is unavailable.', attachments: [], createdAt: new Date().toISOString() });
      assert.deepEqual(client.streaming, []);
    } finally {
      client.disconnect();
    }
  });

  test('the mock AI agent streams its answer word by word, then stores it with sources; it is an AI answer', async () => {
    const { client } = aiClient();
    try {
      await client.connect();
      const { conversationId } = await client.send('hello');
      assert.equal(client.conversation?.handledBy, 'ai');
      const seen: string[] = [];
      client.onDelta(conversationId, (delta) => seen.push(delta.text));
      const answer = await next<ChatMessage>((listener) => client.onMessage(conversationId, (message) => message.from === 'bot' && listener(message)), 'the AI answer');
      assert.ok(seen.length > 5, `several intermediate states (${seen.length})`);
      for (let index = 1; index < seen.length; index++) assert.ok(seen[index]!.startsWith(seen[index - 1]!), 'each state grows the one before');
      assert.equal(seen.at(-1), answer.text);
      assert.deepEqual(client.streaming, []);
      assert.equal(answer.sources?.length, 2);
      assert.equal(client.isAiAnswer(answer), true);
      assert.equal(client.isAiAnswer(client.transcript[0]!), false);
    } finally {
      client.disconnect();
    }
  });
});

describe('handoff and feedback', () => {
  test('feedback is kept as given; handoff makes the conversation human, a system message follows and the team answers from then on', async () => {
    const { client } = aiClient();
    try {
      await client.connect();
      const { conversationId } = await client.send('hello');
      const answer = await next<ChatMessage>((listener) => client.onMessage(conversationId, (message) => message.from === 'bot' && listener(message)), 'the AI answer');
      assert.equal(client.feedbackGiven(answer.id), undefined);
      await client.feedback(answer.id, true);
      assert.equal(client.feedbackGiven(answer.id), true);
      await assert.rejects(client.feedback('m_nowhere', false), (error: { param?: string }) => error.param === 'messageId');
      assert.equal(client.feedbackGiven('m_nowhere'), undefined, 'a refused answer is forgotten');
      const handed = await client.handoff();
      assert.deepEqual([handed.id, handed.handledBy], [conversationId, 'human']);
      assert.equal(client.conversation?.handledBy, 'human');
      await until(() => client.transcript.some((message) => message.from === 'system'), 'the handoff notice');
      await client.send('a person, please');
      await next<ChatMessage>((listener) => client.onMessage(conversationId, (message) => message.from === 'agent' && listener(message)), 'the team answers');
    } finally {
      client.disconnect();
    }
  });

  test('the agent option goes with the send that opens the conversation; an agent the channel does not allow is refused (param agentId)', async () => {
    const { client } = aiClient('ai_allowed', { agentOption: 'ai_other' });
    try {
      await client.connect();
      const errors: string[] = [];
      client.on('error', (error) => errors.push(error.param ?? ''));
      await assert.rejects(client.send('hello'), (error) => error instanceof ValidationError && error.param === 'agentId');
      await assert.rejects(client.conversations.create({ subject: 'x' }), (error) => error instanceof ValidationError && error.param === 'agentId');
      assert.deepEqual(errors, ['agentId']);
    } finally {
      client.disconnect();
    }
  });
});

describe('with the real server and a fake model', () => {
  let server: TestServer;
  let model: FakeModel;
  /** Pieces the model may send: each piece takes one permit, waiting for the test to give it (`allow`). */
  let permits = 0;
  const waiting: Array<() => void> = [];
  const allow = (count = 1) => {
    for (let given = 0; given < count; given++) {
      const next = waiting.shift();
      if (next) next();
      else permits += 1;
    }
  };
  const permit = () => new Promise<void>((resolve) => (permits > 0 ? (permits--, resolve()) : waiting.push(resolve)));
  const PIECES = ['Parcels ', 'arrive ', 'in ', 'two ', 'days.'];

  before(async () => {
    model = await fakeModel(() => ({ text: PIECES, beforeChunk: permit }));
    server = await startServer({ ai: { baseUrl: undefined, apiKey: undefined, model: undefined, allowPrivate: true } });
  });
  after(async () => {
    await model.close();
    await server.stop();
  });

  test('over the socket the answer arrives piece by piece, then as one message with its sources; feedback and handoff go through', async () => {
    const { key } = await aiChannel(server, model, {}, [{ question: 'How long does delivery take?', answer: 'Two days.' }]);
    const client = new ChatClient({ channel: key, server: server.url, storage: memoryStorage() });
    try {
      await client.connect();
      const { conversationId } = await client.send('How long does delivery take?');
      const states: string[] = [];
      client.onDelta(conversationId, (delta) => states.push(delta.text));
      for (let index = 0; index < PIECES.length; index++) {
        allow();
        const expected = PIECES.slice(0, index + 1).join('');
        await until(() => client.streaming[0]?.text === expected || client.transcript.at(-1)?.text === PIECES.join(''), `"${expected}"`);
      }
      const answer = await until(() => client.transcript.find((message) => message.from === 'bot'), 'the stored answer');
      assert.deepEqual(states, PIECES.map((_, index) => PIECES.slice(0, index + 1).join('')), 'every intermediate state, in order');
      assert.deepEqual(client.streaming, []);
      assert.equal(answer.text, PIECES.join(''));
      assert.equal(answer.sources?.[0]?.title, 'How long does delivery take?');
      assert.equal(client.isAiAnswer(answer), true);
      await client.feedback(answer.id, true);
      const handed = await client.handoff();
      assert.deepEqual([handed.id, handed.handledBy, handed.resolvedByAi], [conversationId, 'human', true]);
      await until(() => client.transcript.some((message) => message.from === 'system'), 'the handoff notice');
    } finally {
      client.disconnect();
    }
  });

  test('over REST only the final message arrives (no pieces)', async () => {
    const { key } = await aiChannel(server, model);
    const client = new ChatClient({ channel: key, server: server.url, storage: memoryStorage(), transport: 'rest' });
    try {
      await client.connect();
      const deltas: DeltaInfo[] = [];
      client.on('delta', (delta) => deltas.push(delta));
      await client.send('hello');
      allow(PIECES.length);
      await until(() => client.transcript.find((message) => message.from === 'bot'), 'the answer over REST');
      assert.deepEqual(deltas, []);
    } finally {
      client.disconnect();
    }
  });

  // Last of the suite: the answer it stops leaves a piece waiting for a permit that never comes.
  test('a handoff while an answer streams ends the stream: nothing of it is stored, the handoff notice shows', async () => {
    const { key } = await aiChannel(server, model);
    const client = new ChatClient({ channel: key, server: server.url, storage: memoryStorage() });
    try {
      await client.connect();
      await client.send('hello');
      allow(2);
      await until(() => client.streaming[0]?.text === PIECES.slice(0, 2).join(''), 'two pieces shown');
      await client.handoff();
      await until(() => client.transcript.some((message) => message.from === 'system'), 'the handoff notice');
      assert.deepEqual(client.streaming, [], 'the stream ended with the notice');
      assert.equal(client.transcript.some((message) => message.from === 'bot'), false, 'nothing of the stopped answer is stored');
    } finally {
      client.disconnect();
    }
  });
});
