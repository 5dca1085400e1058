import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import { newClientId, type AiAgent, type ChatMessage, type Conversation, type SessionResponse } from '../../src/protocol.js';
import { requestJson } from '../../src/transport/api.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };
const adminToken = (await executeServerCommand('chat-admin-token')) as string;
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token: adminToken });
const CHANNEL = 'e2e-ai';

/** A visitor of the AI channel, through the real widget API: its token and a conversation of its own. */
async function aiConversation(name: string): Promise<{ token: string; conversation: Conversation }> {
  const { token } = await requestJson<SessionResponse>(`${server}/api/v1/widget/channels/${CHANNEL}/session`, { method: 'POST', body: { profile: { name } } });
  const conversation = await requestJson<Conversation>(`${server}/api/v1/widget/conversations`, { method: 'POST', body: { clientId: newClientId() }, token });
  return { token, conversation };
}

const visitorPost = <T>(token: string, path: string, body: unknown) => requestJson<T>(`${server}/api/v1/widget${path}`, { method: 'POST', body, token });
const stored = (payload: Record<string, unknown>) => executeServerCommand('chat-store-message', payload) as Promise<ChatMessage>;

const rowFor = (root: ShadowRoot, who: string) => [...root.querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.who')?.textContent === who);
const button = (root: ShadowRoot, selector: string, label: string) => [...root.querySelectorAll<HTMLButtonElement>(selector)].find((item) => item.textContent === label)!;
const names = (root: ShadowRoot) => [...root.querySelectorAll('.list .who')].map((who) => who.textContent);

describe('AI conversations in the inbox', () => {
  const run = Date.now();
  const resolved = `Rita ${run}`;
  const handed = `Hugo ${run}`;
  const answering = `Ada ${run}`;
  let agent: AiAgent;
  let live: { token: string; conversation: Conversation };

  before(async () => {
    await admin('POST', '/channels', { key: CHANNEL, name: 'AI shop', allowedOrigins: [] });
    agent = await admin<AiAgent>('POST', '/ai-agents', { name: 'Shop assistant' });
    await admin('PATCH', `/channels/${CHANNEL}`, { settings: { ai: { agentId: agent.id, allowed: [] } } });

    // Confirmed: the visitor said the answer helped (the real feedback route).
    const first = await aiConversation(resolved);
    expect(first.conversation.handledBy).to.equal('ai');
    await stored({ conversationId: first.conversation.id, from: 'visitor', text: 'How long does shipping take?' });
    const answer = await stored({
      conversationId: first.conversation.id, from: 'bot', authorId: agent.id, text: 'Two days in the EU.',
      sources: [{ title: 'Shipping times', url: 'https://shop.example/help/shipping' }],
    });
    await visitorPost(first.token, `/conversations/${first.conversation.id}/feedback`, { messageId: answer.id, helpful: true });

    // Handed off: the answer did not help and the visitor asked for a person (the real routes).
    const second = await aiConversation(handed);
    await stored({ conversationId: second.conversation.id, from: 'visitor', text: 'My parcel is damaged' });
    const miss = await stored({
      conversationId: second.conversation.id, from: 'bot', authorId: agent.id, text: 'Parcels arrive in two days.',
      sources: [{ title: 'Shipping <b>times</b>', url: 'https://shop.example/help/shipping' }, { title: 'Returns', url: 'javascript:alert(1)' }],
    });
    await visitorPost(second.token, `/conversations/${second.conversation.id}/feedback`, { messageId: miss.id, helpful: false });
    // A later answer helped, and still the visitor wants a person: the handoff is what the team sees first.
    const later = await stored({ conversationId: second.conversation.id, from: 'bot', authorId: agent.id, text: 'Damaged parcels are replaced for free.', sources: [] });
    await visitorPost(second.token, `/conversations/${second.conversation.id}/feedback`, { messageId: later.id, helpful: true });
    await visitorPost(second.token, `/conversations/${second.conversation.id}/handoff`, {});

    live = await aiConversation(answering);
    await stored({ conversationId: live.conversation.id, from: 'visitor', text: 'Do you ship to Norway?' });
  });

  after(async () => {
    await admin('PATCH', `/channels/${CHANNEL}`, { settings: { ai: null } });
    sessionStorage.clear();
  });

  // Each test signs in anew.
  beforeEach(() => sessionStorage.clear());

  it('badges AI conversations with their outcome, and Answered by narrows the list to the AI or the team', async () => {
    const element = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(element, agentEmail, agentPassword);
    const root = element.shadowRoot!;
    await waitUntil(() => rowFor(root, resolved) && rowFor(root, handed) && rowFor(root, answering), 'the AI conversations are not listed', { timeout: 10_000 });
    expect(rowFor(root, resolved)!.querySelector('.ai-badge')!.textContent).to.equal('Resolved by AI');
    expect(rowFor(root, handed)!.querySelector('.ai-badge')!.textContent).to.equal('Handed off');
    expect(rowFor(root, answering)!.querySelector('.ai-badge')!.textContent).to.equal('AI');
    expect(rowFor(root, handed)!.querySelector('.unread'), 'a handoff waits for the team').not.to.equal(null);
    expect(rowFor(root, answering)!.querySelector('.unread'), 'nothing waits for the team while the AI answers').to.equal(null);
    await expect(element).to.be.accessible();

    // Each choice asks the server for its list.
    button(root, '.handled-filters button', 'AI').click();
    await element.updateComplete;
    await waitUntil(() => names(root).includes(resolved), 'the AI list never came', { timeout: 5000 });
    expect(names(root)).to.include.members([resolved, answering]);
    expect(names(root)).not.to.include(handed);
    expect(root.querySelectorAll('.list .ai-badge').length, 'every row is an AI conversation').to.equal(root.querySelectorAll('.list button').length);
    expect(button(root, '.handled-filters button', 'AI').getAttribute('aria-pressed')).to.equal('true');
    button(root, '.handled-filters button', 'Team').click();
    await waitUntil(() => names(root).includes(handed), 'the team list never came', { timeout: 5000 });
    expect(names(root)).not.to.include(resolved);
    expect(names(root)).not.to.include(answering);
    button(root, '.handled-filters button', 'Anyone').click();
    await waitUntil(() => names(root).includes(resolved), 'the whole list never came', { timeout: 5000 });
    expect(names(root)).to.include.members([resolved, handed, answering]);
  });

  it('shows AI answers with their sources and the feedback, the handoff message across the thread, and the outcome in the bar', async () => {
    const element = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(element, agentEmail, agentPassword);
    const root = element.shadowRoot!;
    await waitUntil(() => rowFor(root, handed), 'not listed', { timeout: 10_000 });
    rowFor(root, handed)!.click();
    await waitUntil(() => root.querySelector('.message.system'), 'no handoff message', { timeout: 5000 });
    expect(root.querySelector('.thread-bar .ai-badge')!.textContent).to.equal('Handed off to the team (an AI answer had helped)');
    expect([...root.querySelectorAll('.message.bot.ai .feedback')].map((item) => item.textContent)).to.deep.equal(['Visitor: not helpful', 'Visitor: helpful']);
    const answer = root.querySelector('.message.bot.ai')!;
    expect(answer.querySelector('.meta')!.textContent!.trim()).to.equal('Shop assistant AI');
    const sources = [...answer.querySelectorAll('.sources li')];
    expect(sources.map((item) => item.textContent)).to.deep.equal(['Shipping <b>times</b>', 'Returns']);
    expect(sources[0]!.querySelector('a')!.getAttribute('href')).to.equal('https://shop.example/help/shipping');
    expect(sources[1]!.querySelector('a'), 'a non-http(s) source is text, never a link').to.equal(null);
    expect(answer.querySelector('b'), 'a source title renders as text').to.equal(null);
    expect(answer.querySelector('.feedback')?.textContent).to.equal('Visitor: not helpful');
    expect(root.querySelector('.message.system .text')!.textContent).not.to.equal('');
    await expect(element).to.be.accessible();

    rowFor(root, resolved)!.click();
    await waitUntil(() => root.querySelector('.thread-bar .ai-badge')?.textContent === 'Resolved by AI (confirmed by the visitor)', 'no outcome', { timeout: 5000 });
    await waitUntil(() => root.querySelector('.message.bot.ai .feedback')?.textContent === 'Visitor: helpful', 'no feedback shown', { timeout: 5000 });
    expect(root.querySelector('.message.bot.ai .sources a')!.textContent).to.equal('Shipping times');
    rowFor(root, answering)!.click();
    await waitUntil(() => root.querySelector('.thread-bar .ai-badge')?.textContent === 'AI answering', 'no outcome', { timeout: 5000 });
  });

  it('a live handoff moves the conversation to the top as unread and notifies like a new conversation', async () => {
    const shown: Array<{ title: string; body: string }> = [];
    const original = window.Notification;
    // The browser's permission prompt is the edge here: a stand-in grants it and records what is shown.
    class FakeNotification {
      static permission: NotificationPermission = 'granted';
      static requestPermission = async () => 'granted' as const;
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, body: String(options.body) });
      }
      close() {}
    }
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    localStorage.setItem('support-inbox:notifications', 'on');
    try {
      const element = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
      await signedIn(element, agentEmail, agentPassword);
      const root = element.shadowRoot!;
      await waitUntil(() => rowFor(root, answering), 'not listed', { timeout: 10_000 });
      expect(rowFor(root, answering)!.querySelector('.unread')).to.equal(null);
      await visitorPost(live.token, `/conversations/${live.conversation.id}/handoff`, {});
      await waitUntil(() => rowFor(root, answering)?.querySelector('.ai-badge')?.textContent === 'Handed off', 'the handoff never reached the list', { timeout: 10_000 });
      await waitUntil(() => rowFor(root, answering)!.querySelector('.unread'), 'not unread after the handoff', { timeout: 5000 });
      expect(names(root)[0], 'moved to the top').to.equal(answering);
      await waitUntil(() => shown.some((item) => item.title === answering), 'no notification', { timeout: 5000 });
      expect(shown.find((item) => item.title === answering)!.body).to.equal('Handed off to the team');
    } finally {
      (window as unknown as { Notification: unknown }).Notification = original;
      localStorage.removeItem('support-inbox:notifications');
    }
  });
});
