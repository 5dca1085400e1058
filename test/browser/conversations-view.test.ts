import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import ar from '../../src/i18n/ar.js';
import { en } from '../../src/i18n/en.js';
import type { VisitorConversationSummary } from '../../src/protocol.js';
import { defineConversations, type ConversationsActionEvent, type ConversationsView } from '../../src/ui/conversations.js';

// The list on its own: one view object in, one typed event out. The element and the panel
// around it, with a real server, are tested in test/e2e/conversations.test.ts.
defineConversations();

const now = new Date().toISOString();
function summary(id: string, fields: Partial<VisitorConversationSummary>): VisitorConversationSummary {
  return {
    id,
    channelKey: 'e2e',
    visitorId: 'v_1',
    status: 'open',
    lastSeq: 1,
    visitorReadSeq: 0,
    agentReadSeq: 0,
    assignedAgentId: null,
    createdAt: '2026-01-02T10:00:00.000Z',
    updatedAt: '2026-01-02T10:00:00.000Z',
    closedAt: null,
    rating: null,
    isDefault: false,
    subject: null,
    attributes: {},
    lastMessage: null,
    unread: 0,
    ...fields,
  } as VisitorConversationSummary;
}

const conversations = [
  summary('cv_order', {
    subject: 'Order O-42',
    lastMessage: {
      from: 'visitor',
      text: 'Where is it?\nIt was due Monday.',
      createdAt: now,
    },
    unread: 2,
  }),
  summary('cv_default', {
    isDefault: true,
    lastMessage: {
      from: 'agent',
      text: 'Happy to help <b>you</b>',
      createdAt: '2026-01-02T10:00:00.000Z',
    },
  }),
  summary('cv_old', { status: 'closed', closedAt: now, rating: { score: 4 } }),
];
const view = (fields: Partial<ConversationsView> = {}): ConversationsView => ({
  strings: en,
  locale: 'en',
  conversations,
  currentId: 'cv_default',
  ...fields,
});
const items = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="conversation"]')];

describe('<support-chat-conversations>', () => {
  it('lists each conversation by subject or newest message, with its time, status and unread count', async () => {
    const el = await fixture<HTMLElement>(html`<support-chat-conversations .view=${view()}></support-chat-conversations>`);
    const [order, plain, old] = items(el);
    expect(items(el).map((item) => item.querySelector('.title')!.textContent)).to.deep.equal(['Order O-42', 'Happy to help <b>you</b>', 'Conversation']);
    // Text stays text: the agent's markup is shown, not parsed.
    expect(plain!.querySelector('b')).to.equal(null);
    expect(order!.querySelector('.preview')!.textContent).to.equal('You: Where is it?');
    expect(plain!.querySelector('.preview')!.textContent, 'no subject: the title is the message, not repeated').to.equal('');
    expect(order!.querySelector('.badge [aria-hidden]')!.textContent).to.equal('2');
    expect(order!.querySelector('.badge .visually-hidden')!.textContent).to.equal('2 unread messages');
    expect(plain!.querySelector('.badge')).to.equal(null);
    expect([order, old].map((item) => item!.querySelector('.status')!.textContent)).to.deep.equal(['Open', 'Closed']);
    expect(order!.querySelector('time')!.getAttribute('datetime')).to.equal(now);
    expect(order!.querySelector('time')!.textContent, 'today: the time').to.match(/\d:\d\d/);
    expect(plain!.querySelector('time')!.textContent, 'another day: the date').to.equal('Jan 2');
    expect(plain!.getAttribute('aria-current')).to.equal('true');
    expect(order!.hasAttribute('aria-current')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('reports a pick and "New conversation" as one typed event', async () => {
    const el = await fixture<HTMLElement>(html`<support-chat-conversations .view=${view()}></support-chat-conversations>`);
    setTimeout(() => items(el)[2]!.click());
    const picked = (await oneEvent(el, 'conversations-action')) as ConversationsActionEvent;
    expect(picked.detail).to.deep.equal({ action: 'open', value: 'cv_old' });
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="new-conversation"]')!.click());
    const started = (await oneEvent(el, 'conversations-action')) as ConversationsActionEvent;
    expect(started.detail).to.deep.equal({ action: 'start', value: null });
  });

  it('says when there are none, and still offers a new one; focus goes to the current conversation first', async () => {
    const el = await fixture<HTMLElement & { focusFirst(): void; updateComplete: Promise<unknown> }>(
      html`<support-chat-conversations .view=${view({ conversations: [] })}></support-chat-conversations>`,
    );
    expect(el.shadowRoot!.querySelector('.empty')!.textContent).to.equal('No conversations yet.');
    await expect(el).to.be.accessible();
    el.focusFirst();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('new-conversation');
    (el as unknown as { view: ConversationsView }).view = view();
    el.focusFirst();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('cv_default');
  });

  it('speaks Arabic right to left', async () => {
    const el = await fixture(
      html`<div dir="rtl" lang="ar">
        <support-chat-conversations .view=${view({ strings: ar, locale: 'ar' })}></support-chat-conversations>
      </div>`,
    );
    const list = el.querySelector('support-chat-conversations')!;
    const [order] = items(list);
    expect(order!.querySelector('.status')!.textContent).to.equal('مفتوحة');
    expect(order!.querySelector('.preview')!.textContent).to.equal('أنت: Where is it?');
    // The title starts on the right in a right-to-left page.
    const title = order!.querySelector('.title')!.getBoundingClientRect();
    const time = order!.querySelector('time')!.getBoundingClientRect();
    expect(title.left).to.be.greaterThan(time.left);
    await expect(el).to.be.accessible();
  });
});
