import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LIMITS, type ApiError, type Channel, type ChannelConfig, type ChatMessage, type ConversationSummary } from '../../src/protocol.js';
import { ChatClient, ValidationError } from '../../src/client/index.js';
import { PRE_CHAT_FORM } from '../e2e/fixtures/pre-chat-form.js';
import { memoryStorage } from '../faults/harness.js';
import { ADMIN_TOKEN, connectVisitor, json, loginAgent, startServer, startVisitor, type TestServer } from './helpers.js';

const FORM = PRE_CHAT_FORM;

/** The form with field `index` replaced by (or, for a new index, extended with) `field`. */
const withField = (index: number, field: object) => {
  const fields: object[] = [...FORM.fields];
  fields[index] = field;
  return { fields };
};

describe('pre-chat form', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startServer();
    admin = `${server.url}/api/v1/admin`;
  });
  after(() => server.cleanup());

  test('a bad form is refused with a 400 naming the field, on create and on update', async () => {
    const tooMany = { fields: Array.from({ length: LIMITS.preChatFields + 1 }, (_, index) => ({ key: `f${index}`, type: 'text', label: 'Q' })) };
    const cases: Array<[unknown, string]> = [
      [withField(2, { key: 'topic', type: 'select', label: 'Topic' }), 'settings.preChat.fields.2.options'],
      [withField(2, { key: 'topic', type: 'select', label: 'Topic', options: [] }), 'settings.preChat.fields.2.options'],
      [withField(2, { key: 'topic', type: 'select', label: 'Topic', options: ['A', 'A'] }), 'settings.preChat.fields.2.options'],
      [withField(3, { key: 'order', type: 'text', label: 'Order', options: ['x'] }), 'settings.preChat.fields.3.options'],
      [withField(3, { key: 'topic', type: 'text', label: 'Again' }), 'settings.preChat.fields.3.key'],
      [withField(5, { key: 'email2', type: 'email', label: 'Second email' }), 'settings.preChat.fields.5.type'],
      [withField(4, { key: 'privacy', type: 'consent', label: 'OK', url: 'javascript:alert(1)' }), 'settings.preChat.fields.4.url'],
      [withField(4, { key: 'privacy', type: 'consent', label: 'OK', url: 'ftp://shop.example/p' }), 'settings.preChat.fields.4.url'],
      [withField(3, { key: 'order', type: 'text', label: 'Order', url: 'https://shop.example' }), 'settings.preChat.fields.3.url'],
      [withField(1, { key: 'has space', type: 'email', label: 'Email' }), 'settings.preChat.fields.1.key'],
      [withField(1, { key: 'email', type: 'fax', label: 'Fax' }), 'settings.preChat.fields.1.type'],
      [withField(1, { key: 'email', type: 'email', label: '   ' }), 'settings.preChat.fields.1.label'],
      [withField(1, { key: 'email', type: 'email', label: 'Email', hidden: true }), 'settings.preChat.fields.1.hidden'],
      [tooMany, 'settings.preChat.fields'],
      [{}, 'settings.preChat.fields'],
    ];
    for (const [preChat, param] of cases) {
      const created = await json<ApiError>(`${admin}/channels`, { token: ADMIN_TOKEN, body: { key: 'bad-form', name: 'x', settings: { preChat } } });
      assert.equal(created.status, 400, JSON.stringify(preChat));
      assert.equal(created.body.error.param, param, created.body.error.message);
      const updated = await json<ApiError>(`${admin}/channels/test`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { preChat } } });
      assert.equal(updated.status, 400, JSON.stringify(preChat));
      assert.equal(updated.body.error.param, param);
    }
    assert.equal((await json(`${admin}/channels/bad-form`, { token: ADMIN_TOKEN })).status, 404, 'nothing was created');
  });

  test('the public config and the join carry the form; null (or no fields) means none', async () => {
    const created = await json<Channel>(`${admin}/channels`, { token: ADMIN_TOKEN, body: { key: 'shop', name: 'Shop', settings: { preChat: FORM } } });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.settings.preChat, FORM);
    const config = async () => (await json<ChannelConfig>(`${server.url}/api/v1/widget/channels/shop/config`)).body.preChat;
    assert.deepEqual(await config(), FORM);
    const visitor = await startVisitor(server.url, {}, 'shop');
    const { socket, joined } = await connectVisitor(server.url, visitor.token);
    socket.disconnect();
    assert.deepEqual(joined.config.preChat, FORM);

    await json(`${admin}/channels/shop`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { preChat: { fields: [] } } } });
    assert.equal(await config(), null);
    await json(`${admin}/channels/shop`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { preChat: null } } });
    assert.equal(await config(), null);
    assert.equal((await json<ChannelConfig>(`${server.url}/api/v1/widget/channels/test/config`)).body.preChat, null, 'a channel that never had one');
  });

  test('answers: profile fields through identify, the rest as the first message’s attributes; the inbox sees both', async () => {
    const visitor = await startVisitor(server.url);
    const api = `${server.url}/api/v1/widget`;
    const identified = await json(`${api}/identify`, { token: visitor.token, body: { profile: { name: 'Jane', email: 'jane@shop.example' } } });
    assert.equal(identified.status, 200);
    const consentAt = new Date().toISOString();
    const attributes = { topic: 'Billing', order: 'O-42', privacy: consentAt };
    const sent = await json<ChatMessage>(`${api}/conversation/messages`, { token: visitor.token, body: { clientId: 'pre-chat-1', text: 'Hello', attributes } });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));

    const agent = await loginAgent(server.url);
    const seen = await json<ConversationSummary>(`${server.url}/api/v1/agent/conversations/${sent.body.conversationId}`, { token: agent });
    assert.deepEqual(seen.body.attributes, attributes);
    assert.deepEqual([seen.body.visitor.profile.name, seen.body.visitor.profile.email], ['Jane', 'jane@shop.example']);
  });

  test('the headless client asks what the host did not pass, refuses missing answers, and sends the rest with the first message', async () => {
    await json(`${admin}/channels`, { token: ADMIN_TOKEN, body: { key: 'headless', name: 'Headless', settings: { preChat: FORM } } });
    const chat = new ChatClient({ channel: 'headless', server: server.url, storage: memoryStorage(), profile: () => ({ name: 'Host Name', extra: { order: 'O-9' } }) });
    try {
      assert.equal(chat.preChat.fields.length, 0, 'nothing is asked before the client knows the conversation');
      await chat.connect();
      assert.deepEqual(chat.preChat.fields.map((field) => field.key), ['email', 'topic', 'privacy']);
      await assert.rejects(chat.preChat.submit({ email: 'x@shop.example', topic: 'Billing' }), (error: unknown) => error instanceof ValidationError && error.param === 'privacy');
      await assert.rejects(chat.preChat.submit({ email: 'nope', topic: 'Billing', privacy: true }), (error: unknown) => error instanceof ValidationError && error.param === 'email');
      await chat.preChat.submit({ email: 'jane@shop.example', topic: 'Billing', privacy: true });
      assert.equal(chat.preChat.fields.length, 0, 'answered: not asked again');
      const message = await chat.send('Hello');
      assert.equal(chat.preChat.fields.length, 0, 'the conversation has its first message');

      const agent = await loginAgent(server.url);
      const seen = await json<ConversationSummary>(`${server.url}/api/v1/agent/conversations/${message.conversationId}`, { token: agent });
      assert.deepEqual(Object.keys(seen.body.attributes).sort(), ['privacy', 'topic']);
      assert.equal(seen.body.attributes.topic, 'Billing');
      assert.ok(!Number.isNaN(Date.parse(seen.body.attributes.privacy!)), 'the consent is the time it was given');
      assert.equal(seen.body.visitor.profile.email, 'jane@shop.example');
      const second = await chat.send('And another thing');
      const messages = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/agent/conversations/${second.conversationId}/messages`, { token: agent });
      assert.equal(messages.body.data.length, 2);
    } finally {
      chat.disconnect();
    }
  });
});
