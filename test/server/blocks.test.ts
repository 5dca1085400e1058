import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blocksFromModel, blocksJsonSchema } from '../../server/blocks.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { ApiError, Block, ChatMessage } from '../../src/protocol.js';
import { ChatClient } from '../../src/client/index.js';
import { SupportChatAdmin, ValidationError } from '../../src/sdk/index.js';
import { memoryStorage } from '../faults/harness.js';
import { ADMIN_TOKEN, connectAgent, connectVisitor, json, loginAgent, nextEvent, startServer, startVisitor, until, type AgentSocket, type TestServer, type WidgetSocket } from './helpers.js';

const BLOCKS: Block[] = [
  { type: 'quick_replies', id: 'topic', options: [{ label: 'Billing', value: 'billing' }, { label: 'Shipping', value: 'shipping' }] },
  { type: 'buttons', id: 'next', buttons: [{ label: 'Track my order', value: 'track' }, { label: 'Open the FAQ', url: 'https://example.com/faq' }] },
  { type: 'card', id: 'plan', title: 'Pro plan', text: 'For teams', imageUrl: 'https://example.com/pro.png', buttons: [{ label: 'Choose Pro', value: 'pro' }] },
  {
    type: 'form',
    id: 'contact',
    submitLabel: 'Send',
    fields: [
      { name: 'name', label: 'Your name', type: 'text', required: true },
      { name: 'email', label: 'Email', type: 'email', required: true },
      { name: 'size', label: 'Team size', type: 'select', options: ['1–5', '6–50'] },
      { name: 'note', label: 'Anything else', type: 'textarea' },
    ],
  },
];

/** `blocks` with one change, for a test of one bad field. */
const changed = (edit: (blocks: Block[]) => void): unknown => {
  const copy = structuredClone(BLOCKS);
  edit(copy);
  return copy;
};

describe('interactive messages (blocks and replyTo)', () => {
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

  /** A visitor with a conversation whose second message (from the agent) offers `BLOCKS`. */
  async function offered(): Promise<{ visitor: string; conversationId: string; offer: ChatMessage }> {
    const session = await startVisitor(server.url);
    const first = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: `v-${Math.random().toString(36).slice(2)}`, text: 'Hello' } });
    assert.equal(first.status, 201);
    const offer = await json<ChatMessage>(`${server.url}/api/v1/agent/conversations/${first.body.conversationId}/messages`, { token, body: { clientId: `a-${first.body.id}`, text: 'How can I help?', blocks: BLOCKS } });
    assert.equal(offer.status, 201, JSON.stringify(offer.body));
    return { visitor: session.token, conversationId: first.body.conversationId, offer: offer.body };
  }

  const agentSend = (conversationId: string, body: object) => json<ApiError>(`${server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token, body });
  const answer = (visitor: string, conversationId: string, body: object) =>
    json<ChatMessage & ApiError>(`${server.url}/api/v1/widget/conversations/${conversationId}/messages`, { token: visitor, body });

  test('an agent offers every kind of block over REST; the message carries them as sent', async () => {
    const { offer } = await offered();
    assert.deepEqual(offer.blocks, BLOCKS);
    assert.equal(offer.text, 'How can I help?');
  });

  test('each bad field is a 400 naming it, and nothing is stored', async () => {
    const { conversationId } = await offered();
    const cases: Array<[unknown, string]> = [
      [changed((b) => ((b[1] as { buttons: Array<{ url?: string }> }).buttons[1]!.url = 'javascript:alert(1)')), 'blocks.1.buttons.1.url'],
      [changed((b) => ((b[1] as { buttons: Array<{ url?: string }> }).buttons[1]!.url = 'data:text/html,<b>x</b>')), 'blocks.1.buttons.1.url'],
      [changed((b) => ((b[2] as { imageUrl?: string }).imageUrl = 'javascript:alert(1)')), 'blocks.2.imageUrl'],
      [changed((b) => (b[1]!.id = 'topic')), 'blocks.1.id'],
      [changed((b) => ((b[0] as { options: Array<{ label: string }> }).options[0]!.label = 'x'.repeat(81))), 'blocks.0.options.0.label'],
      [changed((b) => ((b[0] as { options: Array<{ label: string }> }).options[1]!.label = '   ')), 'blocks.0.options.1.label'],
      [changed((b) => ((b[2] as { title: string }).title = 'x'.repeat(201))), 'blocks.2.title'],
      [changed((b) => ((b[0] as { options: unknown[] }).options = Array.from({ length: 11 }, (_, i) => ({ label: `o${i}`, value: `v${i}` })))), 'blocks.0.options'],
      [changed((b) => ((b[1] as { buttons: Array<{ value?: string; url?: string }> }).buttons[0] = { label: 'both', value: 'v', url: 'https://example.com' } as never)), 'blocks.1.buttons.0.value'],
      [changed((b) => ((b[3] as { fields: Array<{ name: string }> }).fields[1]!.name = 'name')), 'blocks.3.fields.1.name'],
      [changed((b) => delete (b[3] as { fields: Array<{ options?: string[] }> }).fields[2]!.options), 'blocks.3.fields.2.options'],
      [changed((b) => ((b[3] as { fields: Array<{ type: string }> }).fields[0]!.type = 'password')), 'blocks.3.fields.0.type'],
      [changed((b) => ((b[0] as { extra?: string }).extra = 'x')), 'blocks.0.extra'],
      [Array.from({ length: 6 }, (_, i) => ({ type: 'quick_replies', id: `q${i}`, options: [{ label: 'a', value: 'a' }] })), 'blocks'],
    ];
    for (const [index, [blocks, param]] of cases.entries()) {
      const response = await agentSend(conversationId, { clientId: `bad-${index}`, text: 'x', blocks });
      assert.equal(response.status, 400, param);
      assert.equal(response.body.error.param, param);
    }
    const page = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token });
    assert.equal(page.body.data.length, 2, 'nothing bad was stored');
  });

  test('a visitor cannot send blocks', async () => {
    const session = await startVisitor(server.url);
    const response = await json<ApiError>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: 'vb1', text: 'hi', blocks: BLOCKS } });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.param, 'blocks');
  });

  test('a tapped choice is stored with its label and replyTo, exactly once by clientId', async () => {
    const { visitor, conversationId } = await offered();
    const body = { clientId: 'tap-1', text: '', replyTo: { blockId: 'topic', value: 'shipping' } };
    const first = await answer(visitor, conversationId, body);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.text, 'Shipping');
    assert.deepEqual(first.body.replyTo, { blockId: 'topic', value: 'shipping' });
    const again = await answer(visitor, conversationId, body);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    // What the client wrote is not what is stored: the label is.
    const card = await answer(visitor, conversationId, { clientId: 'tap-2', text: 'I chose something else', replyTo: { blockId: 'plan', value: 'pro' } });
    assert.equal(card.body.text, 'Choose Pro');
    const page = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token });
    assert.deepEqual(page.body.data.map((message) => message.text), ['Hello', 'How can I help?', 'Shipping', 'Choose Pro']);
  });

  test('a replyTo must name a block of this conversation and one of its values', async () => {
    const { visitor, conversationId } = await offered();
    const other = await offered();
    const cases: Array<[object, string]> = [
      [{ blockId: 'nope', value: 'billing' }, 'replyTo.blockId'],
      [{ blockId: 'topic', value: 'refunds' }, 'replyTo.value'],
      // A link button opens a page: it is not an answer.
      [{ blockId: 'next', value: 'https://example.com/faq' }, 'replyTo.value'],
      [{ blockId: 'contact', value: 'not json' }, 'replyTo.value'],
      [{ blockId: 'contact', value: '["a"]' }, 'replyTo.value'],
      [{ blockId: 'contact', value: JSON.stringify({ name: 'Jane' }) }, 'replyTo.value'],
      [{ blockId: 'contact', value: JSON.stringify({ name: 'Jane', email: 'not-an-email' }) }, 'replyTo.value'],
      [{ blockId: 'contact', value: JSON.stringify({ name: 'Jane', email: 'jane@example.com', size: '500' }) }, 'replyTo.value'],
      [{ blockId: 'contact', value: JSON.stringify({ name: 'Jane', email: 'jane@example.com', role: 'admin' }) }, 'replyTo.value'],
      [{ blockId: 'contact', value: JSON.stringify({ name: 'Jane', email: 'jane@example.com', note: 5 }) }, 'replyTo.value'],
      [{ blockId: 'bad id!', value: 'x' }, 'replyTo.blockId'],
    ];
    for (const [replyTo, param] of cases) {
      const response = await answer(visitor, conversationId, { clientId: `r-${Math.random().toString(36).slice(2)}`, text: 'x', replyTo });
      assert.equal(response.status, 400, JSON.stringify(replyTo));
      assert.equal(response.body.error.param, param, JSON.stringify(replyTo));
    }
    // The block exists, but in another visitor's conversation: not this one's.
    const elsewhere = await json<ApiError>(`${server.url}/api/v1/widget/conversation/messages`, { token: other.visitor, body: { clientId: 'r-other', text: 'x', replyTo: { blockId: 'topic', value: 'billing' } } });
    assert.equal(elsewhere.status, 201, 'its own default conversation has the block');
    const fresh = await startVisitor(server.url);
    const none = await json<ApiError>(`${server.url}/api/v1/widget/conversation/messages`, { token: fresh.token, body: { clientId: 'r-fresh', text: 'x', replyTo: { blockId: 'topic', value: 'billing' } } });
    assert.equal(none.status, 400);
    assert.equal(none.body.error.param, 'replyTo.blockId');
    const page = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/agent/conversations/${conversationId}/messages`, { token });
    assert.equal(page.body.data.length, 2, 'no refused answer was stored');
  });

  test('a submitted form is stored as a readable summary, in the order of its fields', async () => {
    const { visitor, conversationId } = await offered();
    const value = JSON.stringify({ note: 'Call me\nafter 5', email: 'jane@example.com', name: 'Jane' });
    const response = await answer(visitor, conversationId, { clientId: 'form-1', text: 'Sent', replyTo: { blockId: 'contact', value } });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.text, 'Your name: Jane\nEmail: jane@example.com\nAnything else: Call me\nafter 5');
    assert.equal(response.body.replyTo?.value, value);
  });

  test('over the sockets: an agent offers blocks, the visitor answers with replyTo; both see it live', async () => {
    const agent = await connectAgent(server.url, token);
    sockets.push(agent);
    const session = await startVisitor(server.url);
    const { socket: visitor } = await connectVisitor(server.url, session.token);
    sockets.push(visitor);
    const opened = await visitor.timeout(5000).emitWithAck('message:send', { clientId: 's-1', text: 'Hi' });
    assert.ok('data' in opened);
    const conversationId = opened.data.conversationId;
    const bad = await agent.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 's-bad', text: 'x', blocks: changed((b) => ((b[2] as { imageUrl?: string }).imageUrl = 'data:image/png;base64,AAAA')) as Block[] });
    assert.ok('error' in bad);
    assert.equal(bad.error.param, 'blocks.2.imageUrl');
    const live = nextEvent<ChatMessage>(visitor, 'message:created', (m) => m.from === 'agent');
    const sent = await agent.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 's-offer', text: 'Pick one', blocks: BLOCKS });
    assert.ok('data' in sent);
    assert.deepEqual((await live).blocks, BLOCKS);
    const heard = nextEvent<ChatMessage>(agent, 'message:created', (m) => m.clientId === 's-tap');
    const tap = await visitor.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 's-tap', text: 'Billing', replyTo: { blockId: 'topic', value: 'billing' } });
    assert.ok('data' in tap);
    const again = await visitor.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 's-tap', text: 'Billing', replyTo: { blockId: 'topic', value: 'billing' } });
    assert.ok('data' in again);
    assert.equal(again.data.id, tap.data.id);
    assert.deepEqual((await heard).replyTo, { blockId: 'topic', value: 'billing' });
    const wrong = await visitor.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 's-wrong', text: 'x', replyTo: { blockId: 'topic', value: 'nope' } });
    assert.ok('error' in wrong);
    assert.equal(wrong.error.param, 'replyTo.value');
  });

  test('a bot sends blocks through the SDK; a bad URL is a ValidationError naming the field', async () => {
    const admin = new SupportChatAdmin({ server: server.url, token: ADMIN_TOKEN });
    const { token: botToken } = await admin.bots.create({ name: 'Blocks Bot' });
    const bot = new SupportChatAdmin({ server: server.url, token: botToken });
    const { conversationId } = await offered();
    const sent = await bot.messages.send(conversationId, { text: 'Choose', blocks: [BLOCKS[0]!] }, { idempotencyKey: 'bot-blocks-1' });
    assert.deepEqual(sent.blocks, [BLOCKS[0]]);
    const error = await bot.messages.send(conversationId, { text: 'x', blocks: changed((b) => ((b[1] as { buttons: Array<{ url?: string }> }).buttons[1]!.url = 'javascript:void 0')) as Block[] }).catch((caught: unknown) => caught);
    assert.ok(error instanceof ValidationError);
    assert.equal(error.param, 'blocks.1.buttons.1.url');
  });

  test('the demo bot sends one message with every kind of block, in the demo channel only', async () => {
    if (!(await server.store.getChannel('demo'))) await server.store.createChannel({ key: 'demo', name: 'Demo', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
    const session = await startVisitor(server.url, {}, 'demo');
    const first = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: 'demo-1', text: 'Show me' } });
    const shown = await json(`${server.url}/demo/blocks`, { body: { conversationId: first.body.conversationId } });
    assert.equal(shown.status, 202);
    const page = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/agent/conversations/${first.body.conversationId}/messages`, { token });
    assert.deepEqual(page.body.data.at(-1)!.blocks!.map((block) => block.type), ['quick_replies', 'buttons', 'card', 'form']);
    assert.equal(page.body.data.at(-1)!.author?.name, 'Demo bot');
    const { conversationId: elsewhere } = await offered();
    assert.equal((await json(`${server.url}/demo/blocks`, { body: { conversationId: elsewhere } })).status, 404);
    assert.equal((await json<ApiError>(`${server.url}/demo/blocks`, { body: {} })).status, 400);
  });

  test('the headless client answers a block through its outbox, once, and a refusal names the field', async () => {
    const visitor = new ChatClient({ channel: 'test', server: server.url, storage: memoryStorage() });
    try {
      await visitor.connect();
      const hello = await visitor.send('Hello from Node');
      await agentSend(hello.conversationId, { clientId: `node-offer-${hello.id}`, text: 'Pick one', blocks: [BLOCKS[0]!] });
      await until(() => visitor.transcript.some((message) => message.blocks?.length), 'the offer to arrive');
      const reply = await visitor.messages.send(hello.conversationId, 'Billing', { replyTo: { blockId: 'topic', value: 'billing' } });
      assert.deepEqual([reply.text, reply.replyTo], ['Billing', { blockId: 'topic', value: 'billing' }]);
      const refused = await visitor.messages.send(hello.conversationId, 'Refunds', { replyTo: { blockId: 'topic', value: 'refunds' } }).catch((error: unknown) => error);
      assert.ok(refused instanceof ValidationError);
      assert.equal(refused.param, 'replyTo.value');
      assert.equal(visitor.pending.length, 0, 'a refused answer is dropped, not kept for a retry that cannot succeed');
      const page = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/agent/conversations/${hello.conversationId}/messages`, { token });
      assert.equal(page.body.data.filter((message) => message.replyTo).length, 1);
    } finally {
      visitor.disconnect();
    }
  });

  test('blocksFromModel: the same rules for what a model writes, with the field at fault', () => {
    assert.deepEqual(blocksFromModel(BLOCKS), { ok: true, blocks: BLOCKS });
    const bad = blocksFromModel(changed((b) => ((b[1] as { buttons: Array<{ url?: string }> }).buttons[1]!.url = 'javascript:alert(1)')));
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.param, 'blocks.1.buttons.1.url');
    const notArray = blocksFromModel('buttons please');
    assert.equal(!notArray.ok && notArray.param, 'blocks');
    // For a model's tool definition (show_blocks): an object at the top, as function calling requires; no ids (the server names the blocks); `anyOf`, not `oneOf`.
    const schema = blocksJsonSchema() as { type: string; required: string[]; properties: { blocks: { maxItems: number; items: { anyOf?: Array<{ properties: object }> } } } };
    assert.deepEqual([schema.type, schema.required, schema.properties.blocks.maxItems], ['object', ['blocks'], 5]);
    assert.deepEqual(schema.properties.blocks.items.anyOf?.map((variant) => Object.keys(variant.properties).includes('id')), [false, false, false, false]);
    assert.equal(JSON.stringify(schema).includes('"$schema"'), false);
  });
});
