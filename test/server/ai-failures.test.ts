import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemMessage } from '../../server/i18n/system-messages.js';
import { aiChannel, aiVisitor, handedOver, storedMessages } from './ai-helpers.js';
import { fakeModel, type FakeModel, type ModelReply } from './fake-model.js';
import { json, startServer, until, type TestServer } from './helpers.js';

/**
 * The AI hands over to the team — when the model asks, when it has no answer, and when it fails
 * (down, silent, garbage, an unknown tool): a system message in the visitor's language, the
 * conversation handled by people from then on, nothing the visitor wrote lost, no 5xx.
 */

let server: TestServer;
before(async () => {
  // A silent model fails after half a second here (30 s in production).
  server = await startServer({ ai: { baseUrl: undefined, apiKey: undefined, model: undefined, allowPrivate: true }, answering: { timeoutMs: 500 } });
});
after(() => server.cleanup());

async function model(script: (index: number) => ModelReply | undefined, t: { after(fn: () => Promise<void>): void }): Promise<FakeModel> {
  const fake = await fakeModel((_request, index) => script(index));
  t.after(() => fake.close());
  return fake;
}

/** A French visitor sends one message over the socket and one over REST; both are stored whatever the model does. */
async function askAndHandOver(t: { after(fn: () => void): void }, key: string) {
  const visitor = await aiVisitor(server, key, { context: { locale: 'fr-FR' } });
  t.after(visitor.close);
  const question = await visitor.send('Où est mon colis ?');
  await handedOver(visitor.heard);
  const system = await until(() => visitor.heard.find((entry) => entry.event === 'message:created' && entry.message.from === 'system'), 'the system message');
  const after = await json(`${server.url}/api/v1/widget/conversations/${question.conversationId}/messages`, { token: visitor.token, body: { clientId: 'after-handoff', text: 'Allô ?' } });
  assert.equal(after.status, 201, 'the visitor can still write, over REST too');
  const stored = await storedMessages(server, visitor.token, question.conversationId);
  assert.deepEqual(stored.filter((message) => message.from === 'visitor').map((message) => message.text), ['Où est mon colis ?', 'Allô ?']);
  return { visitor, question, system: system.event === 'message:created' ? system.message : null, stored };
}

describe('handoff and failures', () => {
  test('the model hands over with handoff_to_human; the AI stops answering', async (t) => {
    const fake = await model(() => ({ text: ['Je vous passe un collègue.'], toolCalls: [{ name: 'handoff_to_human', arguments: { reason: 'asked for a person' } }] }), t);
    const { key } = await aiChannel(server, fake);
    const { stored, system } = await askAndHandOver(t, key);
    assert.equal(system?.text, systemMessage('handoff', 'fr-FR'));
    // What the model wrote before handing over is kept; nothing after the handoff reached the model.
    assert.deepEqual(stored.map((message) => message.from), ['visitor', 'bot', 'system', 'visitor']);
    assert.equal(stored[1]?.text, 'Je vous passe un collègue.');
    assert.equal(fake.requests.length, 1);
  });

  test('no answer (the model says nothing) hands over when the agent says so', async (t) => {
    const fake = await model(() => ({ text: [] }), t);
    const { key } = await aiChannel(server, fake, { handoff: { onNoAnswer: true } });
    const { stored, system } = await askAndHandOver(t, key);
    assert.deepEqual(stored.map((message) => message.from), ['visitor', 'system', 'visitor']);
    assert.equal(system?.text, systemMessage('handoff', 'fr-FR'));
  });

  test('the visitor asks for a person while an answer is being written: it stops, nothing of it is stored', async (t) => {
    const fake = await model(() => ({ text: ['Half an ans', 'wer'], beforeChunk: (index) => (index ? new Promise<void>(() => {}) : Promise.resolve()) }), t);
    const { key } = await aiChannel(server, fake);
    const visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    const question = await visitor.send('hello');
    await until(() => visitor.heard.some((entry) => entry.event === 'message:delta'), 'the answer to start');
    const handoff = await json(`${server.url}/api/v1/widget/conversations/${question.conversationId}/handoff`, { token: visitor.token, body: {} });
    assert.equal(handoff.status, 200);
    await until(() => visitor.heard.some((entry) => entry.event === 'typing' && !entry.typing.typing), 'typing to stop');
    const stored = await storedMessages(server, visitor.token, question.conversationId);
    assert.deepEqual(stored.map((message) => message.from), ['visitor', 'system']);
    assert.equal(stored[1]?.text, systemMessage('handoff', 'en'));
  });

  const failures: Array<[string, ModelReply | 'closed']> = [
    ['the endpoint answers 500', { status: 500 }],
    ['the endpoint is down', 'closed'],
    ['the endpoint is silent past the timeout', { hang: true }],
    ['the stream is malformed JSON', { malformed: true }],
    ['the model calls an unknown tool', { toolCalls: [{ name: 'delete_everything', arguments: {} }] }],
  ];
  for (const [name, reply] of failures) {
    test(`${name}: a system message in the visitor's language, and the team takes over`, async (t) => {
      const fake = await model(() => (reply === 'closed' ? undefined : reply), t);
      if (reply === 'closed') await fake.close();
      const { key } = await aiChannel(server, fake);
      const { stored, system } = await askAndHandOver(t, key);
      assert.deepEqual(stored.map((message) => message.from), ['visitor', 'system', 'visitor']);
      assert.equal(system?.text, systemMessage('aiUnavailable', 'fr-FR'), 'in French');
      assert.notEqual(system?.text, systemMessage('aiUnavailable', 'en'));
      assert.equal(fake.requests.length, reply === 'closed' ? 0 : 1, 'the message after the handoff reached no model');
    });
  }
});
