import { newClientId, type Agent } from '../src/protocol.js';
import type { Services } from './services/index.js';

/** A demo visitor's conversation: what they wrote, the team's answer, a note, labels, and how it ended. */
interface DemoConversation {
  visitor: { name: string; email: string };
  text: string;
  reply: string;
  note: string;
  labels: string[];
  rating?: number;
}

const LABELS = [
  { name: 'billing', color: '#d48806' },
  { name: 'bug', color: '#d4380d' },
  { name: 'vip', color: '#722ed1' },
];

const CANNED = [
  { shortcut: 'hello', text: 'Hi {{visitor.name}}, thanks for reaching out! I’m {{agent.name}}: how can I help?' },
  { shortcut: 'refund', text: 'I’ve issued a refund for the duplicate charge; it shows on your statement within 5 business days.' },
  { shortcut: 'thanks', text: 'Thanks for your patience, {{visitor.name}}. Anything else I can do for you?' },
];

const CONVERSATIONS: DemoConversation[] = [
  {
    visitor: { name: 'Ada Lovelace', email: 'ada@example.com' },
    text: 'Hi! I was charged twice for order #1042.',
    reply: 'Hi Ada, sorry about that: I’ve issued a refund for the duplicate charge.',
    note: 'Duplicate charge confirmed in the payment log; refund issued.',
    labels: ['billing', 'vip'],
    rating: 5,
  },
  {
    visitor: { name: 'Grace Hopper', email: 'grace@example.com' },
    text: 'The export button does nothing in Safari.',
    reply: 'Thanks Grace, I can reproduce it. I’ve passed it to our developers.',
    note: 'Safari 17 only; Chrome works. Bug filed for the web team.',
    labels: ['bug'],
  },
];

/**
 * The desk's demo on first start: labels, shared canned replies, a front-desk team that takes the
 * demo channel's new conversations, and two conversations with a reply, a private note and labels
 * (one closed and rated), so the inbox, search and reports have something to show.
 */
export async function seedDesk(services: Services, channelKey: string, agent: Agent): Promise<void> {
  const claims = { agentId: agent.id, role: agent.role };
  for (const label of LABELS) await services.labels.create(label);
  for (const reply of CANNED) await services.canned.create(claims, { ...reply, shared: true });
  await services.teams.create({ name: 'Front desk', channel: channelKey, agentIds: [agent.id], routing: 'round-robin', inbound: true });
  for (const demo of CONVERSATIONS) {
    const session = await services.identity.startSession(channelKey, { profile: demo.visitor });
    const visitor = await services.identity.authenticate(session.token, undefined);
    const { message } = await services.visitorConversations.send(visitor, { clientId: newClientId(), text: demo.text });
    const conversationId = message.conversationId;
    await services.conversations.assign(conversationId, agent.id);
    await services.conversations.sendFromAgent(claims, conversationId, { clientId: newClientId(), text: demo.reply });
    await services.notes.create(claims, conversationId, { clientId: newClientId(), text: demo.note });
    await services.labels.setForConversation(conversationId, demo.labels);
    if (demo.rating) {
      await services.conversations.closeByAgent(conversationId);
      await services.visitorConversations.rate(visitor, conversationId, { score: demo.rating });
    }
  }
}
