// support-chat/sdk against a real server on port 0: each resource round-trips, refusals are the
// client's error classes, and every agent and admin operation of the OpenAPI description is
// called through the SDK at least once (the last test counts them).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChannelConfig, ChatMessage, PreChatForm, ToolExecute } from '../../src/protocol.js';
import { AuthError, ConflictError, ForbiddenError, NetworkError, NotFoundError, SupportChatAdmin, ValidationError, type Agent, type Note } from '../../src/sdk/index.js';
import { png } from './files.js';
import { silentModel } from './fake-model.js';
import { ADMIN_TOKEN, AGENT, connectVisitor, json, startServer, startVisitor, until, type TestServer } from './helpers.js';

let server: TestServer;
let admin: SupportChatAdmin;
let agent: SupportChatAdmin;
let me: Agent;
let agentToken: string;
/** `METHOD /path` of every request the SDK made, and the headers it sent. */
const calls: Array<{ route: string; headers: Headers }> = [];
const recording: typeof fetch = (input, init) => {
  calls.push({ route: `${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`, headers: new Headers(init?.headers) });
  return fetch(input, init);
};
const sdk = (token: string) => new SupportChatAdmin({ server: server.url, token, fetch: recording });

// A model that never answers: the AI conversation below stays the AI agent's until it is handed over.
let model: Awaited<ReturnType<typeof silentModel>>;
before(async () => {
  model = await silentModel();
  server = await startServer({ ai: model.defaults });
  admin = sdk(ADMIN_TOKEN);
  const login = await SupportChatAdmin.login({ server: server.url, email: AGENT.email, password: AGENT.password, fetch: recording });
  me = login.agent;
  agentToken = login.token;
  agent = sdk(agentToken);
});
after(async () => {
  agent.close();
  await server.cleanup();
  await model.close();
});

/** A visitor with a conversation holding one message. */
async function visitorWithMessage(text = 'Hello from a visitor') {
  const session = await startVisitor(server.url);
  const sent = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: `c-${Math.random()}`.replace('.', ''), text } });
  return { session, message: sent.body };
}

describe('support-chat/sdk', () => {
  test('channels: create (with an idempotency key), get, list, update, rotate a secret; refusals by class', async () => {
    const channel = await admin.channels.create({ key: 'shop', name: 'Shop', settings: { greeting: 'Hi!' } }, { idempotencyKey: 'shop-1' });
    assert.equal(calls.at(-1)!.headers.get('idempotency-key'), 'shop-1');
    assert.deepEqual([channel.key, channel.name, channel.settings.greeting], ['shop', 'Shop', 'Hi!']);
    assert.equal((await admin.channels.get('shop')).id, channel.id);
    assert.ok((await admin.channels.list()).data.some((listed) => listed.key === 'shop'));
    const updated = await admin.channels.update('shop', { name: 'The Shop', settings: { links: true } });
    assert.deepEqual([updated.name, updated.settings.greeting, updated.settings.links], ['The Shop', 'Hi!', true]);
    const rotated = await admin.channels.rotateSecret('shop', 'identity');
    assert.equal(rotated.kind, 'identity');
    assert.ok(rotated.secret.length >= 32);

    const taken = await admin.channels.create({ key: 'shop', name: 'Again' }).catch((error: unknown) => error);
    assert.ok(taken instanceof ConflictError, String(taken));
    assert.equal(taken.param, 'key');
    const requestId = admin.lastMeta?.requestId;
    assert.ok(requestId, 'lastMeta.requestId after an error');
    assert.equal(taken.requestId, requestId);
    await assert.rejects(admin.channels.get('nope'), NotFoundError);
    for (const id of ['', '.', '..']) await assert.rejects(admin.channels.get(id), ValidationError, `"${id}" would reach another route`);
    await assert.rejects(admin.channels.create({ key: 'Bad Key', name: 'x' }), (error: unknown) => error instanceof ValidationError && error.param === 'key');
    await assert.rejects(sdk('wrong-token').channels.list(), AuthError);
  });

  test('channels: a pre-chat form is created, changed and removed through the settings; a bad one is refused naming the field', async () => {
    const preChat: PreChatForm = {
      fields: [
        { key: 'topic', type: 'select', label: 'Topic', options: ['Orders', 'Billing'], required: true },
        { key: 'privacy', type: 'consent', label: 'I accept the privacy policy', url: 'https://shop.example/privacy', required: true },
      ],
    };
    const channel = await admin.channels.create({ key: 'shop-form', name: 'Shop', settings: { preChat } });
    assert.deepEqual(channel.settings.preChat, preChat);
    const config = await json<ChannelConfig>(`${server.url}/api/v1/widget/channels/shop-form/config`);
    assert.deepEqual(config.body.preChat, preChat);
    const refused = await admin.channels.update('shop-form', { settings: { preChat: { fields: [{ key: 'topic', type: 'select', label: 'Topic' }] } } }).catch((error: unknown) => error);
    assert.ok(refused instanceof ValidationError);
    assert.equal(refused.param, 'settings.preChat.fields.0.options');
    assert.equal((await admin.channels.update('shop-form', { settings: { preChat: null } })).settings.preChat, null);
  });

  test('FAQs and signed links', async () => {
    const faq = await admin.faqs.create('shop', { question: 'Shipping?', answer: 'Two days.' });
    assert.deepEqual((await admin.faqs.list('shop')).data.map((listed) => listed.id), [faq.id]);
    assert.equal((await admin.faqs.update('shop', faq.id, { answer: 'Three days.' })).answer, 'Three days.');
    await admin.faqs.delete('shop', faq.id);
    assert.deepEqual((await admin.faqs.list('shop')).data, []);
    await assert.rejects(admin.faqs.delete('shop', faq.id), NotFoundError);

    const link = await admin.links.create('shop', { externalUserId: 'customer-7', nickname: 'Jo' });
    assert.match(link.path, /^\/c\?k=shop&u=customer-7&nick=Jo&t=\d+&s=[0-9a-f]+$/);
    assert.ok(Date.parse(link.expiresAt) > Date.now());
    await assert.rejects(admin.links.create('test', { externalUserId: 'x' }), ConflictError);
  });

  test('agents and bots: create, invite and accept, update, the team, bot tokens', async () => {
    const created = await admin.agents.create({ email: 'grace@test.example', name: 'Grace', password: 'a long enough password' });
    assert.equal(created.agent.name, 'Grace');
    assert.equal(created.invite, undefined);
    const invited = await admin.agents.create({ email: 'linus@test.example', name: 'Linus' });
    assert.ok(invited.invite?.token);
    const again = await admin.agents.reinvite(invited.agent.id);
    assert.notEqual(again.invite.token, invited.invite.token);
    const accepted = await SupportChatAdmin.acceptInvite({ server: server.url, token: again.invite.token, password: 'another long password', fetch: recording });
    assert.equal(accepted.agent.id, invited.agent.id);
    assert.equal((await admin.agents.update(created.agent.id, { name: 'Grace H.' })).name, 'Grace H.');
    assert.ok((await admin.agents.list()).data.some((listed) => listed.name === 'Grace H.'));
    assert.ok((await agent.agents.team()).data.some((listed) => listed.id === me.id));

    const bot = await admin.bots.create({ name: 'Helper Bot' });
    assert.equal(bot.agent.kind, 'bot');
    assert.equal((await sdk(bot.token).conversations.list()).hasMore, false);
    const rotated = await admin.bots.rotateToken(bot.agent.id);
    await assert.rejects(sdk(bot.token).conversations.list(), AuthError);
    assert.ok(Array.isArray((await sdk(rotated.token).conversations.list()).data));
  });

  test('webhooks: the secret shown once, update, deliveries, rotate, redeliver, delete', async () => {
    const { webhook, secret } = await admin.webhooks.create({ url: 'https://hooks.example/sdk', events: ['conversation.closed'] }, { idempotencyKey: 'hook-1' });
    assert.match(secret, /^whsec_/);
    assert.ok(!('secret' in webhook));
    assert.ok((await admin.webhooks.list()).data.every((listed) => !('secret' in listed)));
    assert.equal((await admin.webhooks.get(webhook.id)).url, 'https://hooks.example/sdk');
    // Paused before any event, so nothing is ever sent to it.
    assert.equal((await admin.webhooks.update(webhook.id, { active: false })).active, false);
    assert.notEqual((await admin.webhooks.rotateSecret(webhook.id)).secret, secret);
    assert.deepEqual(await admin.webhooks.deliveries(webhook.id, { limit: 10 }), { data: [], hasMore: false });
    await assert.rejects(admin.webhooks.redeliver(webhook.id, 'whd_nope'), NotFoundError);
    await admin.webhooks.delete(webhook.id);
    await assert.rejects(admin.webhooks.get(webhook.id), NotFoundError);
  });

  test('conversations: list with filters and hasMore, get, messages, send (idempotent), assign, read, typing, close, reopen', async () => {
    const first = await visitorWithMessage('first');
    const second = await visitorWithMessage('second');
    const page = await agent.conversations.list({ status: 'open', limit: 1 });
    assert.equal(page.data.length, 1);
    assert.equal(page.hasMore, true);
    assert.equal(page.data[0]!.id, second.message.conversationId, 'newest activity first');
    const id = first.message.conversationId;
    assert.equal((await agent.conversations.get(id)).visitor.id, first.session.visitorId);

    const reply = await agent.messages.send(id, { text: 'Hi, how can I help?' }, { idempotencyKey: 'reply-1' });
    assert.deepEqual([reply.from, reply.seq, reply.author?.name], ['agent', 2, AGENT.name]);
    assert.equal((await agent.messages.send(id, { text: 'Hi, how can I help?' }, { idempotencyKey: 'reply-1' })).id, reply.id, 'a retry is the same send');
    const messages = await agent.messages.list(id, { after: 0 });
    assert.deepEqual(messages.data.map((message) => message.text), ['first', 'Hi, how can I help?']);
    assert.deepEqual((await agent.messages.list(id, { after: 0, limit: 1 })).hasMore, true);

    assert.equal((await agent.conversations.assign(id, me.id)).assignedAgentId, me.id);
    assert.deepEqual((await agent.conversations.list({ assigned: 'me' })).data.map((conversation) => conversation.id), [id]);
    await agent.conversations.read(id, reply.seq);
    assert.equal((await agent.conversations.get(id)).agentReadSeq, reply.seq);
    await agent.conversations.typing(id, true);
    assert.equal((await agent.conversations.close(id)).status, 'closed');
    assert.ok((await agent.conversations.list({ status: 'closed' })).data.some((conversation) => conversation.id === id));
    assert.equal((await agent.conversations.reopen(id)).status, 'open');
    assert.deepEqual((await agent.visitors.conversations(first.session.visitorId)).data.map((conversation) => conversation.id), [id]);
    await assert.rejects(agent.messages.send('cv_nope', { text: 'x' }), NotFoundError);
    await assert.rejects(admin.conversations.list(), AuthError, 'ADMIN_TOKEN is not an agent token');
  });

  test("tool calls run in the visitor's page; uploads attach to a reply", async () => {
    const { session, message } = await visitorWithMessage();
    const { socket } = await connectVisitor(server.url, session.token);
    try {
      socket.on('tool:execute', (call: ToolExecute) => socket.emit('tool:result', { callId: call.callId, result: { total: 42, args: call.args } }));
      const result = await agent.conversations.toolCall(message.conversationId, { name: 'cart.get', args: { currency: 'EUR' } });
      assert.deepEqual([result.ok, result.result], [true, { total: 42, args: { currency: 'EUR' } }]);
    } finally {
      socket.disconnect();
    }
    await until(async () => (await agent.conversations.toolCall(message.conversationId, { name: 'cart.get', timeoutMs: 1000 }).catch((error: unknown) => error)) instanceof ConflictError, 'no page open');

    const file = await agent.uploads.create(new Blob([new Uint8Array(png(3, 2))]), 'dot.png');
    assert.deepEqual([file.contentType, file.width, file.height], ['image/png', 3, 2]);
    assert.equal((await agent.uploads.get(file.id)).id, file.id);
    const sent = await agent.messages.send(message.conversationId, { text: '', attachmentIds: [file.id] });
    assert.equal(sent.attachments[0]?.id, file.id);
  });

  test('realtime: an event arrives; the unsubscriber stops it; a bad token is an AuthError', async () => {
    const received: ChatMessage[] = [];
    const off = agent.realtime.on('message.created', (message) => received.push(message));
    await agent.realtime.connect();
    const { message } = await visitorWithMessage('live please');
    await until(() => received.some((event) => event.id === message.id), 'message.created over /agent');
    off();
    const later: ChatMessage[] = [];
    const offLater = agent.realtime.on('message.created', (event) => later.push(event));
    await visitorWithMessage('not heard');
    await until(() => later.some((event) => event.text === 'not heard'), 'the next message.created');
    offLater();
    assert.ok(!received.some((event) => event.text === 'not heard'), 'the first listener was removed');

    const stranger = sdk('not-a-token');
    const errors: unknown[] = [];
    stranger.realtime.on('error', (error) => errors.push(error));
    await assert.rejects(stranger.realtime.connect(), AuthError);
    assert.ok(errors[0] instanceof AuthError);
    stranger.close();

    const closing = sdk(agentToken);
    const pending = closing.realtime.connect();
    closing.close();
    await assert.rejects(pending, NetworkError, 'close() ends a connect() still waiting');
  });

  test('AI agents: create (idempotent), get, list, update, delete (refused while a channel names one); an agent takes an AI conversation over', async () => {
    const created = await admin.aiAgents.create({ name: 'Helper', apiKey: 'sk-sdk-secret', handoff: { message: 'One moment.' } }, { idempotencyKey: 'ai-1' });
    assert.deepEqual([created.hasApiKey, created.handoff], [true, { onRequest: true, onNoAnswer: true, message: 'One moment.' }]);
    assert.equal((await admin.aiAgents.create({ name: 'Helper', apiKey: 'sk-sdk-secret', handoff: { message: 'One moment.' } }, { idempotencyKey: 'ai-1' })).id, created.id);
    assert.ok(!JSON.stringify(await admin.aiAgents.list()).includes('sk-sdk-secret'));
    assert.equal((await admin.aiAgents.update(created.id, { apiKey: null, model: 'small' })).hasApiKey, false);
    assert.equal((await admin.aiAgents.get(created.id)).model, 'small');
    await assert.rejects(admin.aiAgents.create({ name: 'Local', baseUrl: 'http://127.0.0.1:11434/v1' }), (error: unknown) => error instanceof ValidationError && error.param === 'baseUrl');

    await admin.channels.update('test', { settings: { ai: { agentId: created.id, allowed: [] } } });
    const { message } = await visitorWithMessage('Can a person help?');
    const ai = await agent.conversations.list({ handledBy: 'ai' });
    assert.ok(ai.data.some((conversation) => conversation.id === message.conversationId));
    assert.equal((await agent.conversations.handoff(message.conversationId)).handledBy, 'human');
    assert.equal((await agent.messages.list(message.conversationId, { after: 0 })).data.at(-1)?.text, 'One moment.');
    await assert.rejects(admin.aiAgents.delete(created.id), ConflictError);
    await admin.channels.update('test', { settings: { ai: null } });
    await admin.aiAgents.delete(created.id);
    await assert.rejects(admin.aiAgents.get(created.id), NotFoundError);
  });

  test('help articles: create (slug from the title), a taken slug refused, update, get, list, delete', async () => {
    const created = await admin.articles.create('test', { title: 'SDK article', markdown: 'From the *SDK*.', locale: 'de' });
    assert.equal(created.slug, 'sdk-article');
    await assert.rejects(admin.articles.create('test', { title: 'x', markdown: '', locale: 'de', slug: 'sdk-article' }), ConflictError);
    assert.equal((await admin.articles.update('test', 'sdk-article', { status: 'published' }, 'de')).status, 'published');
    assert.equal((await admin.articles.get('test', 'sdk-article', 'de')).markdown, 'From the *SDK*.');
    assert.ok((await admin.articles.list('test', { locale: 'de' })).data.some((article) => article.slug === 'sdk-article'));
    const preview = await admin.articles.preview('Hello <script>x</script> *there*');
    assert.ok(!JSON.stringify(preview.body).includes('<script>'), 'raw HTML never comes back');
    assert.ok(JSON.stringify(preview.body).includes('"emphasis"'));
    await admin.articles.delete('test', 'sdk-article', 'de');
    await assert.rejects(admin.articles.get('test', 'sdk-article', 'de'), NotFoundError);
  });

  // ---- desk: canned replies and labels
  test('canned replies and labels: CRUD, labelling a conversation and filtering by label; refusals by class', async () => {
    const reply = await agent.canned.create({ shortcut: 'sdk-hi', text: 'Hi {{visitor.firstName}}' }, { idempotencyKey: 'sdk-canned-1' });
    assert.equal(calls.at(-1)!.headers.get('idempotency-key'), 'sdk-canned-1');
    assert.equal(reply.shared, false);
    assert.equal((await agent.canned.update(reply.id, { text: 'Hello {{visitor.firstName}}' })).text, 'Hello {{visitor.firstName}}');
    assert.deepEqual((await agent.canned.list({ q: 'sdk-' })).data.map((item) => item.id), [reply.id]);
    await assert.rejects(agent.canned.create({ shortcut: 'sdk-shared', text: 'x', shared: true }), ForbiddenError);
    await assert.rejects(agent.canned.create({ shortcut: 'sdk-hi', text: 'again' }), (error: unknown) => error instanceof ConflictError && error.param === 'shortcut');
    await agent.canned.delete(reply.id);
    await assert.rejects(agent.canned.delete(reply.id), NotFoundError);

    const label = await admin.labels.create({ name: 'SDK', color: '#13a8a8' }, { idempotencyKey: 'sdk-label-1' });
    assert.equal((await admin.labels.update(label.id, { color: '#722ed1' })).color, '#722ed1');
    assert.ok((await admin.labels.adminList()).data.some((item) => item.id === label.id));
    assert.ok((await agent.labels.list()).data.some((item) => item.name === 'SDK'));
    const { message } = await visitorWithMessage('Label me');
    const labelled = await agent.conversations.setLabels(message.conversationId, ['sdk']);
    assert.deepEqual(labelled.labels, ['SDK']);
    assert.deepEqual((await agent.conversations.list({ label: 'SDK' })).data.map((summary) => summary.id), [message.conversationId]);
    await assert.rejects(agent.conversations.setLabels(message.conversationId, ['nope']), (error: unknown) => error instanceof ValidationError && error.param === 'labels.0');
    await admin.labels.delete(label.id);
    assert.deepEqual((await agent.conversations.get(message.conversationId)).labels, []);
  });

  test('lastMeta carries the request id of a successful call', async () => {
    await admin.channels.get('test');
    assert.match(admin.lastMeta?.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(admin.lastMeta?.status, 200);
  });

  // ---- desk: search
  test('search: finds a message by its words and pages with the cursor; a blank query is a ValidationError naming q', async () => {
    const { message } = await visitorWithMessage('The zebracorn parcel never came');
    await visitorWithMessage('Another zebracorn question');
    const first = await agent.search('zebracorn parc');
    assert.deepEqual(first.data.map((hit) => [hit.kind, hit.messageId, hit.snippet]), [['message', message.id, 'The zebracorn parcel never came']]);
    const page = await agent.search('zebracorn', { limit: 1 });
    assert.equal(page.hasMore, true);
    const next = await agent.search('zebracorn', { limit: 1, cursor: page.nextCursor! });
    assert.notEqual(next.data[0]?.messageId, page.data[0]?.messageId);
    await assert.rejects(agent.search('   '), (error: unknown) => error instanceof ValidationError && error.param === 'q');
  });

  // ---- desk: notes
  test('notes: create (a retry with the same idempotency key is the same note), list, carried by messages.list, heard live as note.created', async () => {
    const { message } = await visitorWithMessage('A question for the team');
    const heard: Note[] = [];
    const off = agent.realtime.on('note.created', (note) => heard.push(note));
    await agent.realtime.connect();
    const note = await agent.notes.create(message.conversationId, { text: 'Private: VIP customer' }, { idempotencyKey: 'note-sdk-1' });
    assert.deepEqual([note.from, note.seq, note.author.id], ['note', 1, me.id]);
    assert.equal((await agent.notes.create(message.conversationId, { text: 'Private: VIP customer' }, { idempotencyKey: 'note-sdk-1' })).id, note.id);
    assert.deepEqual((await agent.notes.list(message.conversationId, { limit: 10 })).data.map((listed) => listed.id), [note.id]);
    assert.deepEqual((await agent.messages.list(message.conversationId)).data.map((item) => item.from as string), ['visitor', 'note']);
    await until(() => heard.some((live) => live.id === note.id), 'note.created');
    off();
    await assert.rejects(agent.notes.create(message.conversationId, { text: ' ' }), (error: unknown) => error instanceof ValidationError && error.param === 'text');
  });

  // ---- desk: reports
  test('reports: get (the figures) and csv (the same as text); a bad period is a ValidationError naming the field', async () => {
    const query = { from: '2026-11-02', to: '2026-11-08', channel: 'test', tz: 'Europe/Paris' };
    const report = await agent.reports.get(query);
    assert.deepEqual([report.channel, report.from, report.to, report.tz], ['test', '2026-11-01T23:00:00.000Z', '2026-11-08T23:00:00.000Z', 'Europe/Paris']);
    assert.equal(report.byHour.length, 24);
    assert.equal(report.byDay.length, 7);
    const csv = await agent.reports.csv(query);
    assert.equal(calls.at(-1)!.headers.get('accept'), 'text/csv');
    const [header, row, end] = csv.split('\n');
    assert.match(header!, /^channel,from,to,tz,conversations,/);
    assert.match(row!, /^test,2026-11-01T23:00:00\.000Z,2026-11-08T23:00:00\.000Z,Europe\/Paris,0,/);
    assert.equal(end, '');
    const refused = await agent.reports.get({ from: '2026-11-08', to: '2026-11-02' }).catch((error: unknown) => error);
    assert.ok(refused instanceof ValidationError);
    assert.equal(refused.param, 'to');
    await assert.rejects(agent.reports.get({ channel: 'no-such-channel' }), NotFoundError);
    const { data: channels } = await agent.reports.channels();
    assert.deepEqual(channels.find((channel) => channel.key === 'test'), { key: 'test', name: 'Test' }, 'key and name only');
  });

  // ---- desk: live visitors
  test('visitors: realtime hears a widget come, online() lists it, startConversation() reaches it, an offline visitor is a ConflictError', async () => {
    const session = await startVisitor(server.url);
    const online = new Promise<{ visitorId: string }>((resolve) => {
      const off = agent.realtime.on('visitor.online', (visitor) => {
        if (visitor.visitorId !== session.visitorId) return;
        off();
        resolve(visitor);
      });
    });
    await agent.realtime.connect();
    const { socket } = await connectVisitor(server.url, session.token);
    try {
      assert.equal((await online).visitorId, session.visitorId, 'realtime forwards visitor.online');
      const { data } = await agent.visitors.online({ channel: 'test' });
      assert.ok(data.some((visitor) => visitor.visitorId === session.visitorId));
      const arrived = new Promise<ChatMessage>((resolve) => socket.once('message:created', resolve));
      const conversation = await agent.visitors.startConversation(session.visitorId, { text: 'Hello from the SDK' }, { idempotencyKey: 'start-1' });
      assert.equal(conversation.assignedAgentId, me.id);
      assert.equal((await arrived).text, 'Hello from the SDK');
      const again = await agent.visitors.startConversation(session.visitorId, { text: 'Hello from the SDK' }, { idempotencyKey: 'start-1' });
      assert.equal(again.id, conversation.id);
    } finally {
      socket.disconnect();
    }
    const away = await startVisitor(server.url);
    await assert.rejects(agent.visitors.startConversation(away.visitorId, { text: 'Anyone there?' }), ConflictError);
  });

  // ---- desk: teams
  test('teams: create (with an idempotency key), list, get, update, delete; capacity on the agent; transfer to a team and to an agent', async () => {
    const team = await admin.teams.create({ name: 'SDK desk', channel: 'test', agentIds: [me.id], routing: 'manual' }, { idempotencyKey: 'sdk-team-1' });
    assert.equal(calls.at(-1)!.headers.get('idempotency-key'), 'sdk-team-1');
    assert.deepEqual([team.name, team.channel, team.agentIds, team.routing, team.inbound], ['SDK desk', 'test', [me.id], 'manual', false]);
    assert.equal((await admin.teams.get(team.id)).name, 'SDK desk');
    assert.ok((await admin.teams.list({ channel: 'test' })).data.some((each) => each.id === team.id));
    assert.ok((await agent.teams.forAgents()).data.some((each) => each.id === team.id));
    assert.equal((await admin.teams.update(team.id, { name: 'SDK desk 2' })).name, 'SDK desk 2');
    assert.equal((await admin.agents.update(me.id, { capacity: 3 })).capacity, 3);

    const { message } = await visitorWithMessage('Transfer me, please');
    const queued = await agent.conversations.transfer(message.conversationId, { teamId: team.id });
    assert.deepEqual([queued.teamId, queued.assignedAgentId, queued.queuePosition], [team.id, null, null], 'a manual team keeps no queue');
    assert.ok((await agent.conversations.list({ team: team.id })).data.some((each) => each.id === message.conversationId));
    const mine = await agent.conversations.transfer(message.conversationId, { agentId: me.id });
    assert.equal(mine.assignedAgentId, me.id);
    await assert.rejects(agent.conversations.transfer(message.conversationId, { teamId: 'tm_nobody' }), ValidationError);

    await admin.teams.delete(team.id);
    await assert.rejects(admin.teams.get(team.id), NotFoundError);
  });

  test('coverage: every agent and admin operation of the OpenAPI description was called through the SDK', async (t) => {
    const document = (await json<{ paths: Record<string, Record<string, { tags: string[] }>> }>(`${server.url}/api/v1/openapi.json`)).body;
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.tags.some((tag) => tag === 'agent' || tag === 'admin'))
        .map(([method]) => ({ name: `${method.toUpperCase()} ${path}`, pattern: new RegExp(`^${method.toUpperCase()} ${path.replace(/\{\w+\}/g, '[^/]+')}$`) })),
    );
    assert.ok(operations.length > 30, `the description lists only ${operations.length} agent and admin operations`);
    const uncovered = operations.filter(({ pattern }) => !calls.some((call) => pattern.test(call.route))).map(({ name }) => name);
    t.diagnostic(`SDK coverage: ${operations.length - uncovered.length} of ${operations.length} agent and admin operations`);
    assert.deepEqual(uncovered, []);
  });
});
