import type { Block } from '../../src/protocol.js';
import { notFound } from '../errors.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { Store } from '../store/store.js';
import type { AgentService } from './agents.js';
import type { ConversationService } from './conversations.js';

/** The channel the server seeds on first start (server/seed.ts): the only one the demo bot speaks in. */
const DEMO_CHANNEL = 'demo';
const BOT_NAME = 'Demo bot';

/** One of each kind, as a bot would send them through the API. */
export const DEMO_BLOCKS: Block[] = [
  { type: 'quick_replies', id: 'demo-topic', options: [{ label: 'Billing', value: 'billing' }, { label: 'Shipping', value: 'shipping' }, { label: 'Something else', value: 'other' }] },
  { type: 'buttons', id: 'demo-next', buttons: [{ label: 'Track my order', value: 'track' }, { label: 'Read the docs', url: 'https://github.com/' }] },
  { type: 'card', id: 'demo-plan', title: 'Pro plan', text: 'Unlimited agents, AI answers on your own model, priority support.', buttons: [{ label: 'Choose Pro', value: 'pro' }] },
  {
    type: 'form',
    id: 'demo-contact',
    submitLabel: 'Send details',
    fields: [
      { name: 'name', label: 'Your name', type: 'text', required: true },
      { name: 'email', label: 'Email', type: 'email', required: true },
      { name: 'size', label: 'Team size', type: 'select', options: ['1–5', '6–50', 'More than 50'] },
      { name: 'note', label: 'Anything else?', type: 'textarea' },
    ],
  },
];

/**
 * The demo page's bot (`/demo/blocks.html`): on demand, it sends a message with every kind of
 * block into a conversation of the demo channel, through the same service as a bot's API call.
 * Each call draws on the visitor's message budget.
 */
export class DemoBlocks {
  readonly #store: Store;
  readonly #agents: AgentService;
  readonly #conversations: ConversationService;
  readonly #limits: RateLimits;

  constructor(store: Store, agents: AgentService, conversations: ConversationService, limits: RateLimits) {
    this.#store = store;
    this.#agents = agents;
    this.#conversations = conversations;
    this.#limits = limits;
  }

  async show(conversationId: string): Promise<void> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation || conversation.channelKey !== DEMO_CHANNEL) throw notFound('conversation');
    await this.#limits.consume('message', conversation.visitorId);
    const bot = (await this.#store.listAgents()).find((agent) => agent.kind === 'bot' && agent.name === BOT_NAME) ?? (await this.#agents.createBot({ name: BOT_NAME })).agent;
    const request = { clientId: `demo-blocks-${conversation.lastSeq + 1}`, text: 'Here is every kind of interactive message. Try them!', blocks: DEMO_BLOCKS };
    await this.#conversations.sendFromAgent({ agentId: bot.id, role: 'agent' }, conversation.id, request);
  }
}
