import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ChatMessage } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected, inside, recordEvents, shadow } from '../browser/helpers.js';

// Several conversations per visitor, in the widget: the list (a lazy chunk), its badges, a
// thread picked from it, a new one, a closed one read-only, the methods and the event.
const { proxyUrl: server } = (await executeServerCommand('chat-server')) as { proxyUrl: string };

const list = (root: ShadowRoot) => root.querySelector('support-chat-conversations');
const items = (root: ShadowRoot) => [...(list(root)?.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part="conversation"]') ?? [])];
const item = (root: ShadowRoot, id: string) => items(root).find((button) => button.dataset.id === id);
const badge = (root: ShadowRoot, id: string) => item(root, id)?.querySelector('.badge [aria-hidden]')?.textContent ?? '';
const headerButton = (root: ShadowRoot) => root.querySelector<HTMLButtonElement>('[part="conversations-button"]');
const bubbles = (root: ShadowRoot) => [...root.querySelectorAll('.thread [part="message"] .text')].map((node) => node.textContent);
const agentSend = (conversationId: string, text: string) =>
  executeServerCommand('chat-agent-send', { conversationId, clientId: `conv-${Math.random().toString(36).slice(2)}`, text }) as Promise<ChatMessage>;
/** Waits until a lazy chunk's styles are in and the panel stopped moving, so that axe measures what a visitor sees. */
const settled = async (el: SupportChat) => {
  await el.updateComplete;
  await Promise.all(shadow(el).getAnimations().map((animation) => animation.finished));
};

// axe measures contrast mid-animation otherwise (the panel fades in).
before(() => emulateMedia({ reducedMotion: 'reduce' }));
beforeEach(() => localStorage.clear());

describe('several conversations in the widget', () => {
  it('lists two conversations with their unread badges; a message in the one not shown raises its badge and the launcher total', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    const order = await el.sendMessage('My order O-42 is late');
    const billing = await el.startConversation({ subject: 'Invoice for March' });
    expect(billing.id).to.not.equal(order.conversationId);
    expect(el.conversationId).to.equal(billing.id);
    const asked = await el.sendMessage('Can I get an invoice?');
    expect(asked.conversationId, 'a send goes to the conversation shown').to.equal(billing.id);

    // The team answers in the order conversation, which is not on screen: it counts as unread there.
    await agentSend(order.conversationId, 'It left the warehouse today');
    await agentSend(order.conversationId, 'Tracking: ZX-1');
    await waitUntil(() => el.conversations.find((c) => c.id === order.conversationId)?.unread === 2, 'the other conversation never counted 2 unread');
    expect(el.unreadCount, 'the total counts every conversation').to.equal(2);
    const root = await inside(el);
    await waitUntil(() => headerButton(root)?.querySelector('.nav-badge')?.textContent === '2', 'no badge on the header button');
    expect(headerButton(root)!.getAttribute('aria-label')).to.equal('Your conversations, 2 unread messages');

    await el.showConversations();
    await waitUntil(() => items(root).length === 2, 'the list never showed two conversations');
    expect(items(root).map((button) => button.dataset.id), 'newest first').to.deep.equal([order.conversationId, billing.id]);
    expect(badge(root, order.conversationId)).to.equal('2');
    expect(badge(root, billing.id)).to.equal('');
    expect(item(root, billing.id)!.querySelector('.title')!.textContent).to.equal('Invoice for March');
    expect(item(root, billing.id)!.querySelector('.preview')!.textContent).to.equal('You: Can I get an invoice?');
    expect(item(root, order.conversationId)!.querySelector('.title')!.textContent).to.equal('Tracking: ZX-1');
    expect(item(root, billing.id)!.getAttribute('aria-current')).to.equal('true');
    await settled(el);
    await expect(el).to.be.accessible();

    // The list hides the thread: an answer in the conversation behind it is not seen yet.
    await agentSend(billing.id, 'It is on its way');
    await waitUntil(() => badge(root, billing.id) === '1', 'the conversation behind the list did not count its answer');

    // With the panel closed, one more answer raises the conversation's badge and the launcher's total.
    await el.close();
    await agentSend(order.conversationId, 'Anything else?');
    await waitUntil(() => el.unreadCount === 4, 'the total never reached 4');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="badge"]')!.textContent).to.equal('4');
    await el.showConversations();
    await waitUntil(() => badge(root, order.conversationId) === '3', 'the badge in the list never reached 3');
    // Back on the thread, what arrived there is read; the other conversation keeps its count.
    root.querySelector<HTMLButtonElement>('[part="back-button"]')!.click();
    await waitUntil(() => el.unreadCount === 3, 'going back did not read the conversation shown');
    expect(el.conversations.find((c) => c.id === billing.id)!.unread).to.equal(0);
  });

  it('opens a conversation from the list, starts a new one, and goes back; each move fires support-chat-conversation', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const first = await el.sendMessage('first question');
    const events = recordEvents(el);
    const root = await inside(el);

    // Through the UI: the header button, a new conversation, back to the list, the first one again.
    // (Focus is compared by part: chai's diff of two elements would walk the whole client.)
    headerButton(root)!.click();
    await waitUntil(() => list(root)?.shadowRoot?.querySelector('[part="new-conversation"]'), 'the list never showed');
    await waitUntil(() => list(root)!.shadowRoot!.activeElement === item(root, first.conversationId), 'the focus did not move into the list');
    list(root)!.shadowRoot!.querySelector<HTMLButtonElement>('[part="new-conversation"]')!.click();
    await waitUntil(() => el.conversationId && el.conversationId !== first.conversationId && !list(root), 'no new conversation shown');
    const second = el.conversationId!;
    expect(bubbles(root), 'the new thread is empty').to.deep.equal([]);
    expect(root.activeElement?.getAttribute('part'), 'the composer takes the focus').to.equal('input');
    await settled(el);
    await expect(el).to.be.accessible();

    headerButton(root)!.click();
    await waitUntil(() => items(root).length === 2, 'the list never showed both');
    root.querySelector<HTMLButtonElement>('[part="back-button"]')!.click();
    await waitUntil(() => !list(root), 'back did not return to the thread');
    expect(el.conversationId, 'back keeps the thread shown').to.equal(second);

    headerButton(root)!.click();
    await waitUntil(() => item(root, first.conversationId), 'the first conversation is not listed');
    item(root, first.conversationId)!.click();
    await waitUntil(() => el.conversationId === first.conversationId && bubbles(root).join() === 'first question', 'the first thread never showed');
    const changes = events.filter((event) => event.name === 'conversation').map((event) => (event.detail as { conversationId: string }).conversationId);
    expect(changes).to.deep.equal([second, first.conversationId]);
  });

  it('a closed conversation opened again is read-only, with its rating; methods work before the element is ready', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    const closing = await el.sendMessage('thanks, solved');
    const other = await el.startConversation({ subject: 'Another topic', prefill: 'Also, about shipping' });
    const root = await inside(el);
    await waitUntil(() => root.querySelector('textarea')!.value === 'Also, about shipping', 'the prefill never went into the new thread');
    await executeServerCommand('chat-close', { id: closing.conversationId });
    await waitUntil(() => el.conversations.find((c) => c.id === closing.conversationId)?.status === 'closed', 'the close never reached the list');

    const heard = oneEvent(el, 'support-chat-conversation');
    await el.openConversation(closing.conversationId);
    expect((await heard).detail.conversationId).to.equal(closing.conversationId);
    await waitUntil(() => root.querySelector('[part="ended"] .rating'), 'no rating form under the closed conversation');
    expect(root.querySelector<HTMLElement>('[part="composer"]')!.hidden, 'no composer: read-only').to.equal(true);
    expect(root.querySelector('[part="ended"] p')!.textContent).to.equal('This conversation is closed.');
    await settled(el);
    await expect(el).to.be.accessible();

    root.querySelectorAll<HTMLInputElement>('.rating input[name="score"]')[4]!.click();
    root.querySelector<HTMLButtonElement>('.rating button[type="submit"]')!.click();
    await waitUntil(() => root.querySelector('[part="ended"] [role="status"]')?.textContent === 'Your rating: 5 of 5', 'the rating never showed');
    const stored = (await executeServerCommand('chat-conversation', { id: closing.conversationId })) as { rating: { score: number } | null };
    expect(stored.rating?.score).to.equal(5);
    await expect(el).to.be.accessible();

    await el.showConversations();
    await waitUntil(() => item(root, closing.conversationId)?.querySelector('.status')?.textContent === 'Closed', 'not shown as closed in the list');
    expect(item(root, other.id)!.querySelector('.status')!.textContent).to.equal('Open');

    // A new element (another page): openConversation() called before it is ready waits for it.
    const next = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    const waiting = next.openConversation(other.id);
    await waiting;
    expect(next.opened).to.equal(true);
    expect(next.conversationId).to.equal(other.id);
    const refused = oneEvent(next, 'support-chat-error');
    const unknown = await next.openConversation('cv_not_this_visitors').catch((error: { code: string }) => error.code);
    expect(unknown).to.equal('not_found');
    expect((await refused).detail.code).to.equal('not_found');
  });
});
