import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, test, type TestContext } from 'node:test';
import type { Ack, AiAgent, ApiError, ChatMessage, Conversation, ConversationSummary, Page, WebhookPayload } from '../../src/protocol.js';
import { createApp, type App } from '../../server/app.js';
import { SYSTEM_MESSAGES, systemMessage } from '../../server/i18n/system-messages.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { Store } from '../../server/store/store.js';
import { LocalDiskStorage } from '../../server/uploads/storage.js';
import { ADMIN_TOKEN, AGENT, connectAgent, connectVisitor, json, loginAgent, nextEvent, receiver, SECRET, startVisitor, tempDataFile, until } from './helpers.js';
import { silentModel } from './fake-model.js';
import { engines } from './store-engines.js';

/**
 * Who answers a conversation (DESIGN.md §10): the channel's or the page's AI agent from the start,
 * a handoff to the team by REST, the socket and the agent API, and the visitor's feedback; on
 * every engine, through a real server.
 */

interface Served {
  url: string;
  app: App;
  store: Store;
  admin<T = unknown>(path: string, body?: unknown, method?: string): Promise<{ status: number; body: T & ApiError }>;
}

async function serve(t: TestContext, open: () => Promise<Store>): Promise<Served> {
  const store = await open();
  const data = tempDataFile();
  // A model that never answers: the AI agents' conversations stay theirs until handed over.
  const model = await silentModel();
  const app = createApp({ store, files: new LocalDiskStorage(data.file) }, {
    sessionSecret: SECRET,
    adminToken: ADMIN_TOKEN,
    rateLimits: false,
    webhooks: { allowPrivate: true, pollMs: 20, retryBaseMs: 50 },
    ai: model.defaults,
  });
  await store.createChannel({ key: 'test', name: 'Test', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  await app.services.agents.create({ ...AGENT, role: 'agent' });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    await app.close();
    await model.close();
    data.remove();
  });
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  const admin = <T>(path: string, body?: unknown, method?: string) =>
    json<T & ApiError>(`${url}/api/v1/admin${path}`, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) });
  return { url, app, store, admin };
}

/** An AI agent, made the channel's (`settings.ai`) with `allowed`. */
async function aiChannel(served: Served, agent: object = {}, allowed: string[] = []): Promise<AiAgent> {
  const created = (await served.admin<AiAgent>('/ai-agents', { name: 'Front desk', ...agent })).body;
  assert.equal((await served.admin('/channels/test', { settings: { ai: { agentId: created.id, allowed } } }, 'PATCH')).status, 200);
  return created;
}

const send = (url: string, token: string, body: object) => json<ChatMessage & ApiError>(`${url}/api/v1/widget/conversation/messages`, { token, body });
const emit = <T>(socket: { emit(event: string, ...args: unknown[]): unknown }, event: string, payload: object) =>
  new Promise<Ack<T>>((resolve) => socket.emit(event, payload, resolve));

for (const engine of engines()) {
  describe(`AI conversations: ${engine.name}`, () => {
    after(() => engine.teardown());
    const fresh = async (t: TestContext) => serve(t, await engine.data(t));

    test('a new conversation is the channel’s AI agent’s, or the page’s allowed one; another is refused, naming agentId', async (t) => {
      const served = await fresh(t);
      const { url, admin } = served;
      const other = (await admin<AiAgent>('/ai-agents', { name: 'Billing' })).body;
      const stranger = (await admin<AiAgent>('/ai-agents', { name: 'Not here' })).body;
      const front = await aiChannel(served, {}, [other.id]);

      const first = await startVisitor(url);
      const byDefault = await send(url, first.token, { clientId: 'd1', text: 'hello' });
      const conversation = (await json<Conversation>(`${url}/api/v1/widget/conversations/${byDefault.body.conversationId}`, { token: first.token })).body;
      assert.deepEqual([conversation.handledBy, conversation.aiAgentId, conversation.resolvedByAi], ['ai', front.id, false]);

      const second = await startVisitor(url);
      const picked = await send(url, second.token, { clientId: 'p1', text: 'hello', agentId: other.id });
      assert.equal((await served.store.getConversation(picked.body.conversationId))?.aiAgentId, other.id);

      const third = await startVisitor(url);
      const refused = await send(url, third.token, { clientId: 'r1', text: 'hello', agentId: stranger.id });
      assert.deepEqual([refused.status, refused.body.error.param], [400, 'agentId']);
      assert.equal((await json(`${url}/api/v1/widget/conversation`, { token: third.token })).body, null, 'nothing was stored');
      const explicit = await json<Conversation>(`${url}/api/v1/widget/conversations`, { token: third.token, body: { clientId: 'c1', agentId: other.id } });
      assert.deepEqual([explicit.status, explicit.body.handledBy, explicit.body.aiAgentId], [201, 'ai', other.id]);
      const refusedExplicit = await json<ApiError>(`${url}/api/v1/widget/conversations`, { token: third.token, body: { clientId: 'c2', agentId: stranger.id } });
      assert.deepEqual([refusedExplicit.status, refusedExplicit.body.error.param], [400, 'agentId']);

      // Without an AI agent the team answers, and the inbox lists each kind apart.
      assert.equal((await admin('/channels/test', { settings: { ai: null } }, 'PATCH')).status, 200);
      const fourth = await startVisitor(url);
      const team = await send(url, fourth.token, { clientId: 't1', text: 'hello' });
      assert.equal((await served.store.getConversation(team.body.conversationId))?.handledBy, 'human');
      const token = await loginAgent(url);
      const listed = async (handledBy: string) =>
        (await json<Page<ConversationSummary>>(`${url}/api/v1/agent/conversations?handledBy=${handledBy}`, { token })).body.data.map((summary) => summary.id).sort();
      assert.deepEqual(await listed('ai'), [byDefault.body.conversationId, picked.body.conversationId, explicit.body.id].sort());
      assert.deepEqual(await listed('human'), [team.body.conversationId]);
      assert.equal((await json<ApiError>(`${url}/api/v1/agent/conversations?handledBy=robot`, { token })).body.error.param, 'handledBy');
    });

    test('"talk to a person" over REST: once, a system message in the visitor’s language, the inbox and visitor told, the webhook sent', async (t) => {
      const served = await fresh(t);
      const { url, admin } = served;
      await aiChannel(served);
      const hook = await receiver();
      t.after(() => hook.close());
      await admin('/webhooks', { url: hook.url, events: ['conversation.handoff'] });

      const visitor = await startVisitor(url, { context: { locale: 'de-AT' } });
      const first = await send(url, visitor.token, { clientId: 'h1', text: 'Ich brauche einen Menschen' });
      const { socket } = await connectVisitor(url, visitor.token);
      const inbox = await connectAgent(url, await loginAgent(url));
      t.after(() => {
        socket.close();
        inbox.close();
      });
      const note = nextEvent<ChatMessage>(socket, 'message:created', (message) => message.from === 'system');
      const told = nextEvent<Conversation>(socket, 'conversation:updated', (conversation) => conversation.handledBy === 'human');
      const inboxTold = nextEvent<ConversationSummary>(inbox, 'conversation:updated', (summary) => summary.handledBy === 'human');

      const handed = await json<Conversation>(`${url}/api/v1/widget/conversation/handoff`, { token: visitor.token, body: {} });
      assert.deepEqual([handed.status, handed.body.handledBy, handed.body.id], [200, 'human', first.body.conversationId]);
      assert.equal((await note).text, SYSTEM_MESSAGES.de.handoff);
      assert.equal((await told).id, first.body.conversationId);
      assert.equal((await inboxTold).id, first.body.conversationId);

      const again = await json<Conversation>(`${url}/api/v1/widget/conversations/${first.body.conversationId}/handoff`, { token: visitor.token, body: {} });
      assert.deepEqual([again.status, again.body.handledBy], [200, 'human']);
      const messages = (await json<Page<ChatMessage>>(`${url}/api/v1/widget/conversation/messages`, { token: visitor.token })).body.data;
      assert.deepEqual(messages.map((message) => message.from), ['visitor', 'system'], 'one system message, however often asked');

      const [delivery] = await until(() => hook.received.length >= 1 && hook.received, 'the handoff webhook');
      const payload = JSON.parse(delivery!.body) as WebhookPayload<{ conversation: ConversationSummary; reason: string }>;
      assert.deepEqual([payload.type, payload.data.reason, payload.data.conversation.id, payload.data.conversation.handledBy], ['conversation.handoff', 'visitor', first.body.conversationId, 'human']);
      assert.equal(hook.received.length, 1);

      const refused = await json<ApiError>(`${url}/api/v1/widget/conversation/handoff`, { token: visitor.token, body: { reason: 'x' } });
      assert.deepEqual([refused.status, refused.body.error.param], [400, 'reason']);
    });

    test('handoff over the socket with the agent’s own message, refused when the agent keeps the visitor, by an agent through the API, and on failure', async (t) => {
      const served = await fresh(t);
      const { url, admin } = served;
      await aiChannel(served, { handoff: { message: 'Un instant, je vous passe un collègue.' } });
      const hook = await receiver();
      t.after(() => hook.close());
      await admin('/webhooks', { url: hook.url, events: ['conversation.handoff'] });

      const visitor = await startVisitor(url, { context: { locale: 'fr' } });
      await send(url, visitor.token, { clientId: 's1', text: 'bonjour' });
      const { socket } = await connectVisitor(url, visitor.token);
      t.after(() => socket.close());
      const note = nextEvent<ChatMessage>(socket, 'message:created', (message) => message.from === 'system');
      const ack = await emit<Conversation>(socket, 'handoff', {});
      assert.ok('data' in ack, JSON.stringify(ack));
      assert.equal(ack.data.handledBy, 'human');
      assert.equal((await note).text, 'Un instant, je vous passe un collègue.');

      // An agent that does not hand over on request: the visitor is refused, the AI keeps answering.
      const keeper = await aiChannel(served, { name: 'Keeper', handoff: { onRequest: false } });
      const kept = await startVisitor(url, { context: { locale: 'ja' } });
      const keptSend = await send(url, kept.token, { clientId: 'k1', text: 'hi' });
      const { socket: keptSocket } = await connectVisitor(url, kept.token);
      t.after(() => keptSocket.close());
      const refused = await emit<Conversation>(keptSocket, 'handoff', { conversationId: keptSend.body.conversationId });
      assert.ok('error' in refused && refused.error.code === 'forbidden', JSON.stringify(refused));
      assert.equal((await json(`${url}/api/v1/widget/conversation/handoff`, { token: kept.token, body: {} })).status, 403);
      assert.equal((await served.store.getConversation(keptSend.body.conversationId))?.aiAgentId, keeper.id);
      assert.equal((await served.store.getConversation(keptSend.body.conversationId))?.handledBy, 'ai');

      // An agent (or bot) takes it over through the API.
      const token = await loginAgent(url);
      const taken = await json<Conversation>(`${url}/api/v1/agent/conversations/${keptSend.body.conversationId}/handoff`, { token, body: {} });
      assert.deepEqual([taken.status, taken.body.handledBy], [200, 'human']);
      assert.equal((await json(`${url}/api/v1/agent/conversations/cv_missing/handoff`, { token, body: {} })).status, 404);

      // The answering service's path when the model fails: the "unavailable" message, in the visitor's language.
      const failing = await startVisitor(url, { context: { locale: 'pt-PT' } });
      await aiChannel(served, { name: 'Flaky' });
      const failed = await send(url, failing.token, { clientId: 'f1', text: 'olá' });
      // The model's failure and the visitor's button at once: one handoff, one system message, one webhook.
      const [after] = await Promise.all([
        served.app.services.handoff({ conversationId: failed.body.conversationId, reason: 'failure' }),
        served.app.services.handoff({ conversationId: failed.body.conversationId, reason: 'failure' }),
      ]);
      assert.equal(after.handledBy, 'human');
      const notes = (await served.store.listMessages(failed.body.conversationId, { limit: 5 })).data.filter((message) => message.from === 'system');
      assert.deepEqual(notes.map((message) => message.text), [SYSTEM_MESSAGES['pt-BR'].aiUnavailable]);

      await until(() => hook.received.length >= 3, 'three handoff webhooks');
      const reasons = hook.received.map((request) => (JSON.parse(request.body) as WebhookPayload<{ reason: string }>).data.reason).sort();
      assert.deepEqual(reasons, ['agent', 'failure', 'visitor']);
    });

    test('feedback: on the AI agent’s answers only; resolved by AI only while the visitor says one helped', async (t) => {
      const served = await fresh(t);
      const { url, store } = served;
      const agent = await aiChannel(served);
      const visitor = await startVisitor(url);
      const question = await send(url, visitor.token, { clientId: 'q1', text: 'Where is my order?' });
      const conversationId = question.body.conversationId;
      const answer = (await store.appendMessage({ conversationId, clientId: 'ai-answer-1', from: 'bot', authorId: agent.id, text: 'It ships today.' })).message;
      assert.deepEqual(answer.author, { id: agent.id, name: 'Front desk' });
      const faqBot = (await store.appendMessage({ conversationId, clientId: 'bot-1', from: 'bot', authorId: null, text: 'Hours: 9–5' })).message;

      const feedback = (body: object, path = '/conversation/feedback') => json<Conversation & ApiError>(`${url}/api/v1/widget${path}`, { token: visitor.token, body });
      const cases: Array<[object, number, string]> = [
        [{ messageId: question.body.id, helpful: true }, 400, 'messageId'],
        [{ messageId: faqBot.id, helpful: true }, 400, 'messageId'],
        [{ messageId: 'm_missing', helpful: true }, 404, 'messageId'],
        [{ messageId: answer.id }, 400, 'helpful'],
        [{ messageId: answer.id, helpful: 'yes' }, 400, 'helpful'],
      ];
      for (const [body, status, param] of cases) {
        const refused = await feedback(body);
        assert.deepEqual([refused.status, refused.body.error?.param], [status, param], JSON.stringify(body));
      }
      assert.equal((await store.getConversation(conversationId))?.resolvedByAi, false);

      const no = await feedback({ messageId: answer.id, helpful: false });
      assert.deepEqual([no.status, no.body.resolvedByAi], [200, false]);

      const inbox = await connectAgent(url, await loginAgent(url));
      const { socket } = await connectVisitor(url, visitor.token);
      t.after(() => {
        inbox.close();
        socket.close();
      });
      const inboxTold = nextEvent<ConversationSummary>(inbox, 'conversation:updated', (summary) => summary.resolvedByAi);
      const yes = await emit<Conversation>(socket, 'feedback', { conversationId, messageId: answer.id, helpful: true });
      assert.ok('data' in yes && yes.data.resolvedByAi, JSON.stringify(yes));
      assert.equal((await inboxTold).id, conversationId);

      // After a handoff, and once the visitor changes their mind.
      await served.app.services.handoff({ conversationId, reason: 'model' });
      const changed = await feedback({ messageId: answer.id, helpful: false }, `/conversations/${conversationId}/feedback`);
      assert.deepEqual([changed.status, changed.body.resolvedByAi, changed.body.handledBy], [200, false, 'human']);
    });
  });
}

test('every system message exists in every locale the widget speaks, and a visitor’s tag finds its language', () => {
  assert.deepEqual(Object.keys(SYSTEM_MESSAGES).sort(), [...SUPPORTED_LOCALES].sort());
  for (const locale of SUPPORTED_LOCALES) {
    for (const key of Object.keys(SYSTEM_MESSAGES.en) as Array<keyof typeof SYSTEM_MESSAGES.en>) {
      assert.ok(SYSTEM_MESSAGES[locale][key].trim(), `${locale}.${key}`);
      if (locale !== 'en') assert.notEqual(SYSTEM_MESSAGES[locale][key], SYSTEM_MESSAGES.en[key], `${locale}.${key} is translated`);
    }
  }
  assert.equal(systemMessage('handoff', 'zh-HK'), SYSTEM_MESSAGES['zh-TW'].handoff);
  assert.equal(systemMessage('handoff', 'fr-CA'), SYSTEM_MESSAGES.fr.handoff);
  assert.equal(systemMessage('aiUnavailable', 'tlh'), SYSTEM_MESSAGES.en.aiUnavailable);
  assert.equal(systemMessage('aiUnavailable', undefined), SYSTEM_MESSAGES.en.aiUnavailable);
});
