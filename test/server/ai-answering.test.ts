import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChatMessage, ToolExecute } from '../../src/protocol.js';
import { aiChannel, aiVisitor, storedMessages } from './ai-helpers.js';
import { fakeModel, type FakeModel, type ModelReply } from './fake-model.js';
import { json, startServer, startVisitor, until, type TestServer } from './helpers.js';

/**
 * The AI answering service end to end: a real server, real sockets, and a real local HTTP
 * server standing in for the model (server-sent events, scripted per test).
 */

let server: TestServer;
before(async () => {
  server = await startServer({ ai: { baseUrl: undefined, apiKey: undefined, model: undefined, allowPrivate: true } });
});
after(() => server.cleanup());

/** A fake model for one test, closed when it ends. */
async function model(script: (index: number) => ModelReply | undefined, t: { after(fn: () => Promise<void>): void }): Promise<FakeModel> {
  const fake = await fakeModel((_request, index) => script(index));
  t.after(() => fake.close());
  return fake;
}

const FAQS = [
  { question: 'How long does shipping take?', answer: 'Parcels arrive in 3 to 5 working days.' },
  { question: 'Can I return an item?', answer: 'Yes, within 30 days.' },
];

describe('answering', () => {
  test('the answer streams to the visitor piece by piece, then arrives once, stored, with its sources', async (t) => {
    let visitor: Awaited<ReturnType<typeof aiVisitor>> | undefined;
    // Each piece waits until the visitor's socket has the one before: streaming, shown without timing.
    const heardPieces = (count: number) => until(() => visitor!.heard.filter((entry) => entry.event === 'message:delta').length >= count, `delta ${count}`);
    const fake = await model(() => ({ text: ['Parcels ', 'arrive in ', '3 to 5 days.'], beforeChunk: (index) => (index ? heardPieces(index).then(() => {}) : Promise.resolve()) }), t);
    const { key, agent } = await aiChannel(server, fake, {}, FAQS);
    visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    const question = await visitor.send('How long does shipping take to Lyon?');
    const [answer] = await visitor!.answered();

    const deltas = visitor.heard.flatMap((entry) => (entry.event === 'message:delta' ? [entry.delta] : []));
    assert.deepEqual(deltas.map((delta) => [delta.offset, delta.text]), [[0, 'Parcels '], [8, 'arrive in '], [18, '3 to 5 days.']]);
    assert.ok(deltas.every((delta) => delta.messageId === answer!.id && delta.conversationId === question.conversationId));
    // Typing shows while it writes and stops after; the deltas all come before the stored answer.
    const order = visitor.heard.map((entry) => (entry.event === 'typing' ? `typing:${entry.typing.typing}` : entry.event));
    assert.deepEqual(order.filter((event) => event !== 'conversation:updated'), ['typing:true', 'message:delta', 'message:delta', 'message:delta', 'message:created', 'typing:false']);
    assert.equal(answer!.from, 'bot');
    assert.equal(answer!.text, 'Parcels arrive in 3 to 5 days.');
    assert.deepEqual(answer!.author && { id: answer!.author.id, name: answer!.author.name }, { id: agent.id, name: 'Ava' });
    assert.equal(answer!.sources?.[0]?.title, 'How long does shipping take?');

    // The REST fallback reads the same stored answer; it was stored once.
    const stored = await storedMessages(server, visitor.token, question.conversationId);
    assert.deepEqual(stored.map((message) => [message.from, message.id]), [['visitor', question.id], ['bot', answer!.id]]);
    assert.equal(visitor.answers().length, 1);

    // The context: the instructions, the FAQ retrieved for the question, the question itself.
    const [request] = fake.requests;
    assert.equal(request?.body.stream, true);
    assert.equal(request?.headers.authorization, 'Bearer sk-test', 'the key, stored sealed, is opened to call the model');
    assert.match(String(request?.body.messages[0]?.content), /Parcel & Co\.[\s\S]*Parcels arrive in 3 to 5 working days\./);
    assert.deepEqual(request?.body.messages.slice(1), [{ role: 'user', content: 'How long does shipping take to Lyon?' }]);
    assert.deepEqual(request?.body.tools?.map((tool) => tool.function.name).sort(), ['handoff_to_human', 'offer_choices', 'search_knowledge', 'show_blocks']);
  });

  test('a visitor on the REST fallback gets the final answer by long-poll', async (t) => {
    const fake = await model(() => ({ text: ['Over ', 'REST.'] }), t);
    const { key } = await aiChannel(server, fake);
    const { token } = await startVisitor(server.url, {}, key);
    const sent = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token, body: { clientId: 'rest-1', text: 'hello' } });
    assert.equal(sent.status, 201);
    const polled = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/widget/conversations/${sent.body.conversationId}/messages?after=${sent.body.seq}&wait=10`, { token });
    assert.deepEqual(polled.body.data.map((message) => [message.from, message.text]), [['bot', 'Over REST.']]);
  });

  test('two quick messages get two answers, in order, never interleaved', async (t) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const fake = await model((index) => (index === 0 ? { text: ['First ', 'answer.'], beforeChunk: (piece) => (piece === 1 ? held : Promise.resolve()) } : { text: ['Second ', 'answer.'] }), t);
    const { key } = await aiChannel(server, fake);
    const visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    const first = await visitor.send('first question');
    const second = await visitor.send('second question');
    await until(() => visitor.heard.some((entry) => entry.event === 'message:delta'), 'the first answer to start');
    assert.equal(fake.requests.length, 1, 'the second answer waits for the first');
    release();
    await visitor.answered(2);
    const stored = await storedMessages(server, visitor.token, first.conversationId);
    assert.deepEqual(stored.map((message) => message.text), ['first question', 'second question', 'First answer.', 'Second answer.']);
    // Every delta of the second answer came after the first answer was stored.
    const firstStoredAt = visitor.heard.findIndex((entry) => entry.event === 'message:created' && entry.message.text === 'First answer.');
    const secondId = visitor.answers()[1]!.id;
    assert.ok(visitor.heard.every((entry, index) => entry.event !== 'message:delta' || entry.delta.messageId !== secondId || index > firstStoredAt));
    // The first answer read the conversation up to its question only; the second read the first answer, then its question.
    assert.deepEqual(fake.requests[0]?.body.messages.slice(1).map((message) => message.content), ['first question']);
    assert.deepEqual(fake.requests[1]?.body.messages.slice(1).map((message) => [message.role, message.content]), [['user', 'first question'], ['assistant', 'First answer.'], ['user', 'second question']]);
    assert.equal(second.seq, first.seq + 1);
  });

  test('a page tool the model calls runs in the visitor’s page, and its result goes back to the model', async (t) => {
    const fake = await model((index) => (index === 0 ? { toolCalls: [{ name: 'cart_get', arguments: { currency: 'EUR' } }] } : { text: ['You have 2 items.'] }), t);
    const tools = [{ name: 'cart_get', description: 'The visitor’s cart', parameters: { type: 'object', properties: { currency: { type: 'string' } } } }];
    const { key } = await aiChannel(server, fake, { tools });
    const visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    const calls: ToolExecute[] = [];
    visitor.socket.on('tool:execute', (call) => {
      calls.push(call);
      void visitor.socket.emitWithAck('tool:result', { callId: call.callId, result: { items: 2 } });
    });
    await visitor.send('what is in my cart?');
    const [answer] = await visitor!.answered();
    assert.deepEqual(calls.map((call) => [call.name, call.args]), [['cart_get', { currency: 'EUR' }]]);
    assert.equal(answer!.text, 'You have 2 items.');
    assert.ok(fake.requests[0]?.body.tools?.some((tool) => tool.function.name === 'cart_get'));
    const toolTurn = fake.requests[1]?.body.messages.find((message) => message.role === 'tool');
    assert.deepEqual(JSON.parse(String(toolTurn?.content)), { ok: true, result: { items: 2 } });
  });

  test('search_knowledge gives the model the passages, and the answer cites them', async (t) => {
    const fake = await model((index) => (index === 0 ? { toolCalls: [{ name: 'search_knowledge', arguments: { query: 'return item' } }] } : { text: ['Within 30 days.'] }), t);
    const { key } = await aiChannel(server, fake, {}, FAQS);
    const visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    await visitor.send('hello');
    const [answer] = await visitor!.answered();
    const toolTurn = fake.requests[1]?.body.messages.find((message) => message.role === 'tool');
    assert.match(String(toolTurn?.content), /Can I return an item\?\nYes, within 30 days\./);
    assert.deepEqual(answer!.sources?.map((source) => source.title), ['Can I return an item?']);
  });

  test('offer_choices puts quick replies under the answer; choices the block rules refuse are sent back to the model, naming the field', async (t) => {
    const refused = { options: [{ label: 'Track my parcel', value: 'track' }, { label: '', value: 'dropped' }] };
    const choices = { options: [{ label: 'Track my parcel', value: 'track' }, { label: 'Talk to a person', value: 'human' }] };
    const script = [{ toolCalls: [{ name: 'offer_choices', arguments: refused }] }, { toolCalls: [{ name: 'offer_choices', arguments: choices }] }];
    const fake = await model((index) => script[index] ?? { text: ['What would you like?'] }, t);
    const { key } = await aiChannel(server, fake);
    const visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    await visitor.send('help');
    const [answer] = await visitor!.answered();
    const toolTurn = fake.requests[1]?.body.messages.find((message) => message.role === 'tool');
    assert.match(String(toolTurn?.content), /^Not shown: options\.1\.label/);
    assert.deepEqual(answer!.blocks, [{ type: 'quick_replies', id: `${answer!.id}-choices`, options: choices.options }]);
  });

  test('show_blocks puts a card with buttons and a form under the answer, named by the server; the visitor’s answer reaches the model as their next message', async (t) => {
    const card = { type: 'card', title: 'Order 1042', text: 'Shipped on Monday.', buttons: [{ label: 'Track it', url: 'https://track.example.com/1042' }, { label: 'Cancel it', value: 'cancel' }] };
    const form = { type: 'form', submitLabel: 'Send', fields: [{ name: 'email', label: 'Email', type: 'email', required: true }, { name: 'reason', label: 'Reason', type: 'select', options: ['Late', 'Damaged'] }] };
    const script = [
      // The model's own id is not trusted: the server names each block.
      { toolCalls: [{ name: 'show_blocks', arguments: { blocks: [{ ...card, id: 'topic' }, form] } }] },
      { text: ['Here is your order.'] },
    ];
    const fake = await model((index) => script[index] ?? { text: ['Thanks, noted.'] }, t);
    const { key } = await aiChannel(server, fake);
    const visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    const question = await visitor.send('where is my order?');
    const [answer] = await visitor.answered();
    assert.equal(answer!.text, 'Here is your order.');
    assert.deepEqual(answer!.blocks, [{ ...card, id: `${answer!.id}-1` }, { ...form, id: `${answer!.id}-2` }]);
    assert.deepEqual((await storedMessages(server, visitor.token, question.conversationId)).at(-1)?.blocks, answer!.blocks);
    assert.equal(fake.requests[1]?.body.messages.find((message) => message.role === 'tool')?.content, 'Shown to the visitor.');

    const filled = await visitor.socket.emitWithAck('message:send', { clientId: 'form-1', text: '', replyTo: { blockId: `${answer!.id}-2`, value: JSON.stringify({ email: 'ada@example.com', reason: 'Late' }) } });
    assert.ok('data' in filled, JSON.stringify(filled));
    await visitor.answered(2);
    const next = fake.requests[2]?.body.messages.at(-1);
    assert.equal(next?.role, 'user');
    assert.match(String(next?.content), /^Email: ada@example\.com\nReason: Late/);
  });

  test('show_blocks refused by the block rules (a javascript: URL on a card) is sent back to the model, naming the field; nothing unsafe is shown', async (t) => {
    const bad = { blocks: [{ type: 'card', title: 'Order 1042', buttons: [{ label: 'Track it', url: 'javascript:alert(1)' }] }] };
    const script = [{ toolCalls: [{ name: 'show_blocks', arguments: bad }] }, { text: ['Your order shipped on Monday.'] }];
    const fake = await model((index) => script[index], t);
    const { key } = await aiChannel(server, fake);
    const visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    await visitor.send('where is my order?');
    const [answer] = await visitor.answered();
    const toolTurn = fake.requests[1]?.body.messages.find((message) => message.role === 'tool');
    assert.match(String(toolTurn?.content), /^Not shown: blocks\.0\.buttons\.0\.url: an http or https URL/);
    assert.equal(answer!.text, 'Your order shipped on Monday.');
    assert.equal(answer!.blocks, undefined);
  });

  test('caps: max_tokens is sent, and after maxToolRounds the model is offered no tools', async (t) => {
    const fake = await model((index) => (index === 0 ? { toolCalls: [{ name: 'search_knowledge', arguments: { query: 'x' } }] } : { text: ['Done.'] }), t);
    const { key } = await aiChannel(server, fake, { maxTokens: 64, maxToolRounds: 1 });
    const visitor = await aiVisitor(server, key);
    t.after(visitor.close);
    await visitor.send('loop please');
    await visitor.answered();
    assert.deepEqual(fake.requests.map((request) => [request.body.max_tokens, (request.body.tools?.length ?? 0) > 0]), [[64, true], [64, false]]);
  });

  test('the model never sees another visitor’s messages', async (t) => {
    const fake = await model(() => ({ text: ['Noted.'] }), t);
    const { key } = await aiChannel(server, fake);
    const alice = await aiVisitor(server, key, { profile: { name: 'Alice', extra: { plan: 'gold' } } });
    const bob = await aiVisitor(server, key, { profile: { name: 'Bob' } });
    t.after(alice.close);
    t.after(bob.close);
    await alice.send('my door code is 4711');
    await alice.answered();
    await bob.send('what is the door code?');
    await bob.answered();
    const bobsRequest = JSON.stringify(fake.requests[1]?.body.messages);
    assert.doesNotMatch(bobsRequest, /4711|Alice|gold/);
    assert.match(bobsRequest, /Bob/);
    assert.match(String(fake.requests[0]?.body.messages[0]?.content), /"plan":"gold"/);
  });
});
