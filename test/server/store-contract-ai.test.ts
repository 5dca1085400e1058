import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Block } from '../../src/protocol.js';
import { newSortableId } from '../../server/ids.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { NewAiAgent, Store } from '../../server/store/store.js';
import { describeEngines } from './store-engines.js';

/**
 * The store contract for AI agents and interactive messages (migration 16), every engine: AI
 * agents, who handles a conversation, messages with blocks, a reply and sources under a
 * pre-assigned id, and the visitor's feedback.
 */

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;

const agentInput = (extra: Partial<NewAiAgent> = {}): NewAiAgent => ({
  name: 'Ada',
  baseUrl: 'https://models.example/v1',
  model: 'small-model',
  encryptedApiKey: 'v1.sealed',
  instructions: 'Answer from the FAQs.',
  knowledge: { faqs: true, articles: false },
  tools: [{ name: 'cart', description: 'The cart', parameters: { type: 'object', properties: {} } }],
  handoff: { onRequest: true, onNoAnswer: false, message: 'A person will answer.' },
  maxTokens: 300,
  maxToolRounds: 2,
  ...extra,
});

async function visitorOf(store: Store) {
  const key = unique('ch');
  const { id: channelId } = await store.createChannel({ key, name: key, allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  const visitor = await store.createVisitor(channelId, { name: 'Vera' });
  return { channelId, visitor };
}

const blocks: Block[] = [
  { type: 'quick_replies', id: 'b1', options: [{ label: 'Yes', value: 'yes' }] },
  { type: 'form', id: 'b2', submitLabel: 'Send', fields: [{ name: 'email', label: 'Email', type: 'email', required: true }] },
];

describeEngines('store contract, AI', (fresh) => {
  test('AI agents: created, read, listed, patched and deleted; a deleted one still names its answers', async (t) => {
    const store = await fresh(t);
    const created = await store.createAiAgent(agentInput());
    assert.match(created.id, /^ai_/);
    assert.deepEqual({ ...created, id: undefined, createdAt: undefined, updatedAt: undefined }, { ...agentInput(), id: undefined, createdAt: undefined, updatedAt: undefined });
    assert.deepEqual(await store.getAiAgent(created.id), created);
    const other = await store.createAiAgent(agentInput({ name: 'Bob', baseUrl: null, model: null, encryptedApiKey: null }));
    assert.deepEqual((await store.listAiAgents()).map((agent) => agent.name), ['Ada', 'Bob']);

    const patched = await store.updateAiAgent(created.id, { name: 'Ada 2', encryptedApiKey: null, handoff: { onRequest: false, onNoAnswer: true, message: '' } });
    assert.equal(patched?.name, 'Ada 2');
    assert.equal(patched?.encryptedApiKey, null);
    assert.equal(patched?.model, 'small-model', 'a field left out stays');
    assert.deepEqual(patched?.handoff, { onRequest: false, onNoAnswer: true, message: '' });
    assert.equal(await store.updateAiAgent('ai_none', { name: 'x' }), null);

    // An answer it wrote, then the agent is deleted: gone from reads, the answer keeps its author.
    const { channelId, visitor } = await visitorOf(store);
    const { conversation } = await store.openConversation(channelId, visitor.id, { handledBy: 'ai', aiAgentId: created.id });
    await store.appendMessage({ conversationId: conversation.id, clientId: 'answer-1', from: 'bot', authorId: created.id, text: 'Hello' });
    assert.equal(await store.deleteAiAgent(created.id), true);
    assert.equal(await store.deleteAiAgent(created.id), false);
    assert.equal(await store.getAiAgent(created.id), null);
    assert.deepEqual((await store.listAiAgents()).map((agent) => agent.id), [other.id]);
    const [answer] = (await store.listMessages(conversation.id, { limit: 10 })).data;
    assert.deepEqual(answer?.author, { id: created.id, name: 'Ada 2' });
  });

  test('a conversation opens handled by the team unless told otherwise, by every way of opening one', async (t) => {
    const store = await fresh(t);
    const agent = await store.createAiAgent(agentInput());
    const ai = { handledBy: 'ai' as const, aiAgentId: agent.id };
    const { channelId, visitor } = await visitorOf(store);
    const plain = await visitorOf(store);

    const opened = (await store.openConversation(plain.channelId, plain.visitor.id)).conversation;
    assert.deepEqual([opened.handledBy, opened.aiAgentId, opened.resolvedByAi], ['human', null, false]);

    const byOpen = (await store.openConversation(channelId, visitor.id, ai)).conversation;
    assert.deepEqual([byOpen.handledBy, byOpen.aiAgentId], ['ai', agent.id]);
    // Found again, not opened: the handler given now changes nothing.
    assert.equal((await store.openConversation(channelId, visitor.id)).conversation.handledBy, 'ai');

    const explicit = await store.createConversation({ channelId, visitorId: visitor.id, clientId: 'c-1', subject: null, attributes: {}, handler: ai });
    assert.deepEqual([explicit.conversation.handledBy, explicit.conversation.aiAgentId], ['ai', agent.id]);

    await store.setStatus(byOpen.id, 'closed');
    const bySend = await store.appendVisitorMessage({ channelId, visitorId: visitor.id, clientId: 's-1', text: 'hi', handler: ai });
    assert.equal(bySend.opened, true);
    assert.deepEqual([bySend.conversation.handledBy, bySend.conversation.aiAgentId], ['ai', agent.id]);
    assert.equal((await store.getConversation(bySend.conversation.id))?.handledBy, 'ai');

    const summary = await store.getConversationSummary(bySend.conversation.id);
    assert.equal(summary?.handledBy, 'ai');
    assert.equal((await store.getVisitorSummary(bySend.conversation.id))?.aiAgentId, agent.id);
  });

  test('a handoff changes the conversation once, and the team list filters by who handles it', async (t) => {
    const store = await fresh(t);
    const agent = await store.createAiAgent(agentInput());
    const { channelId, visitor } = await visitorOf(store);
    const { conversation } = await store.openConversation(channelId, visitor.id, { handledBy: 'ai', aiAgentId: agent.id });
    const human = await visitorOf(store);
    const { conversation: team } = await store.openConversation(human.channelId, human.visitor.id);

    const ids = async (handledBy: 'ai' | 'human') =>
      (await store.listConversations({ handledBy, limit: 50 })).data.map((summary) => summary.id).filter((id) => id === conversation.id || id === team.id);
    assert.deepEqual(await ids('ai'), [conversation.id]);
    assert.deepEqual(await ids('human'), [team.id]);

    const [first, second] = await Promise.all([store.setHandledBy(conversation.id, 'human'), store.setHandledBy(conversation.id, 'human')]);
    assert.deepEqual([first?.changed, second?.changed].sort(), [false, true], 'of two handoffs at once, one changes it');
    assert.equal(first?.conversation.handledBy, 'human');
    assert.equal(first?.conversation.aiAgentId, agent.id, 'the agent that answered stays named');
    assert.deepEqual((await ids('human')).sort(), [conversation.id, team.id].sort());
    assert.equal(await store.setHandledBy('cv_none', 'human'), null);
  });

  test('messages keep blocks, a reply and sources, under a pre-assigned id, read back as written', async (t) => {
    const store = await fresh(t);
    const agent = await store.createAiAgent(agentInput());
    const { channelId, visitor } = await visitorOf(store);
    const { conversation } = await store.openConversation(channelId, visitor.id, { handledBy: 'ai', aiAgentId: agent.id });
    const id = newSortableId('m');
    const sources = [{ title: 'Returns', url: 'https://shop.example/returns', faqId: 'faq_1' }];
    const answer = await store.appendMessage({ id, conversationId: conversation.id, clientId: 'ai-1', from: 'bot', authorId: agent.id, text: 'Pick one', blocks, sources });
    assert.equal(answer.message.id, id);
    assert.deepEqual(answer.message.blocks, blocks);
    assert.deepEqual(answer.message.sources, sources);
    assert.deepEqual(answer.message.author, { id: agent.id, name: 'Ada' });
    assert.equal('replyTo' in answer.message, false);

    const reply = await store.appendVisitorMessage({ channelId, visitorId: visitor.id, conversationId: conversation.id, clientId: 'r-1', text: 'Yes', replyTo: { blockId: 'b1', value: 'yes' } });
    assert.deepEqual(reply.message.replyTo, { blockId: 'b1', value: 'yes' });
    // A retry answers with the stored message, its id and fields unchanged.
    const retry = await store.appendMessage({ id: newSortableId('m'), conversationId: conversation.id, clientId: 'ai-1', from: 'bot', authorId: agent.id, text: 'Pick one' });
    assert.equal(retry.created, false);
    assert.equal(retry.message.id, id);

    const page = (await store.listMessages(conversation.id, { limit: 10 })).data;
    assert.deepEqual(page, [answer.message, reply.message]);
    assert.deepEqual(await store.getMessage(conversation.id, id), answer.message);
    assert.equal(await store.getMessage('cv_other', id), null);
    const plain = (await store.appendMessage({ conversationId: conversation.id, clientId: 'p-1', from: 'agent', authorId: null, text: 'plain' })).message;
    assert.deepEqual(Object.keys(plain).sort(), ['attachments', 'clientId', 'conversationId', 'createdAt', 'from', 'id', 'seq', 'text']);
    assert.deepEqual((await store.getConversationSummary(conversation.id))?.lastMessage, plain);
  });

  test('feedback: resolved by AI only while the visitor says an answer helped; a repeat changes nothing', async (t) => {
    const store = await fresh(t);
    const agent = await store.createAiAgent(agentInput());
    const { channelId, visitor } = await visitorOf(store);
    const { conversation } = await store.openConversation(channelId, visitor.id, { handledBy: 'ai', aiAgentId: agent.id });
    const first = (await store.appendMessage({ conversationId: conversation.id, clientId: 'a1', from: 'bot', authorId: agent.id, text: 'One' })).message;
    const second = (await store.appendMessage({ conversationId: conversation.id, clientId: 'a2', from: 'bot', authorId: agent.id, text: 'Two' })).message;

    const no = await store.recordFeedback(conversation.id, first.id, false);
    assert.deepEqual([no?.changed, no?.conversation.resolvedByAi], [true, false]);
    const yes = await store.recordFeedback(conversation.id, second.id, true);
    assert.deepEqual([yes?.changed, yes?.conversation.resolvedByAi], [true, true]);
    const again = await store.recordFeedback(conversation.id, second.id, true);
    assert.deepEqual([again?.changed, again?.conversation.resolvedByAi], [false, true]);
    const changedMind = await store.recordFeedback(conversation.id, second.id, false);
    assert.deepEqual([changedMind?.changed, changedMind?.conversation.resolvedByAi], [true, false]);
    // Messages carry the latest feedback, for the inbox (and the visitor's own widget after a reload).
    const page = await store.listMessages(conversation.id, { limit: 10 });
    assert.deepEqual(page.data.map((message) => message.feedback), [{ helpful: false }, { helpful: false }]);
    assert.deepEqual((await store.getMessage(conversation.id, second.id))?.feedback, { helpful: false });
    assert.equal(await store.recordFeedback(conversation.id, 'm_none', true), null);
    const other = await visitorOf(store);
    const { conversation: elsewhere } = await store.openConversation(other.channelId, other.visitor.id);
    assert.equal(await store.recordFeedback(elsewhere.id, first.id, true), null, 'a message of another conversation');
    assert.equal((await store.getConversation(elsewhere.id))?.resolvedByAi, false);
  });
});
