import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import { InboxClient } from '../../src/inbox/inbox-client.js';
import { elapsed, type SupportInboxVisitors } from '../../src/inbox/live-visitors-view.js';
import type { ConversationSummary, OnlineVisitor, Page } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected, inside, shadow } from '../browser/helpers.js';
import { signedIn } from './inbox-helpers.js';

// Live visitors (§12) end to end: a <support-chat> on a page, listed for the team with that page;
// an agent starts a conversation, the widget shows it, the visitor answers and the team gets it.
const { url, proxyUrl: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as {
  url: string;
  proxyUrl: string;
  agentEmail: string;
  agentPassword: string;
};

let token = '';
async function agentApi<T>(path: string, body?: unknown): Promise<{ status: number; body: T }> {
  if (!token) {
    const login = await fetch(`${url}/api/v1/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: agentEmail, password: agentPassword }) });
    token = ((await login.json()) as { token: string }).token;
  }
  const response = await fetch(`${url}/api/v1/agent${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}
const listed = async (visitorId: string) => (await agentApi<Page<OnlineVisitor>>('/visitors/online?channel=e2e')).body.data.find((visitor) => visitor.visitorId === visitorId);

before(() => emulateMedia({ reducedMotion: 'reduce' }));
beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('live visitors', () => {
  it('the team sees the page, starts a conversation that the closed widget shows by its launcher, and hears the answer', async () => {
    document.title = 'Pricing — live visitors test';
    history.replaceState(null, '', '#pricing');
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    const visitorId = el.visitorId!;
    await waitUntil(async () => (await listed(visitorId))?.page.title === 'Pricing — live visitors test', 'the team never saw the page', { timeout: 5000 });
    const entry = (await listed(visitorId))!;
    expect(entry.page.url).to.equal(location.href);
    expect(entry.device).to.equal('desktop');
    expect(entry.returning).to.equal(false);

    // A single-page app moves on: the team sees the new page.
    document.title = 'Checkout — live visitors test';
    location.hash = 'checkout';
    await waitUntil(async () => (await listed(visitorId))?.page.url?.endsWith('#checkout'), 'the team never saw the move', { timeout: 5000 });
    expect((await listed(visitorId))!.page.title).to.equal('Checkout — live visitors test');
    // pushState raises no DOM event: Chromium's Navigation API hears it.
    history.pushState(null, '', '#plans');
    await waitUntil(async () => (await listed(visitorId))?.page.url?.endsWith('#plans'), 'a pushState navigation never reached the team', { timeout: 5000 });

    const started = await agentApi<ConversationSummary>(`/visitors/${visitorId}/conversations`, { text: 'Hi! Need a hand with checkout?', clientId: `invite-${Date.now()}` });
    expect(started.status).to.equal(201);
    await waitUntil(() => el.unreadCount === 1, 'the widget never counted the message');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="badge"]')!.textContent).to.equal('1');
    await waitUntil(() => shadow(el).querySelector('[part="invitation"]'), 'no message by the launcher');
    expect(shadow(el).querySelector('[part="invitation"] .proactive-message')!.textContent).to.contain('Hi! Need a hand with checkout?');
    await expect(el).to.be.accessible();

    // Its message opens the conversation, where the visitor answers.
    shadow(el).querySelector<HTMLButtonElement>('[part="invitation"] .proactive-message')!.click();
    const root = await inside(el);
    await waitUntil(() => el.opened && el.conversationId === started.body.id, 'the conversation never opened');
    await waitUntil(() => [...root.querySelectorAll('.thread [part="message"] .text')].some((node) => node.textContent === 'Hi! Need a hand with checkout?'), 'the message is not shown');
    const answer = await el.sendMessage('Yes, the coupon field is missing');
    expect(answer.conversationId).to.equal(started.body.id);
    await waitUntil(async () => {
      const page = await agentApi<Page<{ text: string }>>(`/conversations/${started.body.id}/messages`);
      return page.body.data.some((message) => message.text === 'Yes, the coupon field is missing');
    }, 'the team never got the answer');
    await expect(el).to.be.accessible();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('opening the panel any way while the team\'s message waits shows that conversation; a dismissed one stays in the list', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    const first = await agentApi<ConversationSummary>(`/visitors/${el.visitorId}/conversations`, { text: 'Hello there', clientId: `invite-a-${Date.now()}` });
    await waitUntil(() => shadow(el).querySelector('[part="invitation"]'), 'no message by the launcher');
    await el.open();
    await waitUntil(() => el.conversationId === first.body.id, 'the launcher did not open the team\'s conversation');
    await el.close();
    const second = await agentApi<ConversationSummary>(`/visitors/${el.visitorId}/conversations`, { text: 'One more thing', clientId: `invite-b-${Date.now()}` });
    await waitUntil(() => shadow(el).querySelector('[part="invitation"]'), 'no second message by the launcher');
    shadow(el).querySelector<HTMLButtonElement>('[part="invitation"] .proactive-dismiss')!.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="invitation"]')).to.equal(null);
    await el.open();
    expect(el.conversationId, 'dismissed: the panel opens as it would').to.not.equal(second.body.id);
    expect(el.conversations.some((conversation) => conversation.id === second.body.id)).to.equal(true);
  });

  it('the inbox lists the visitor with their page (v), starts a conversation from its composer, and gets the answer', async () => {
    document.title = 'Plans — live visitors inbox test';
    const name = `Lina ${Date.now()}`;
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} nickname=${name}></support-chat>`);
    await connected(el);
    const desk = await fixture<SupportInbox>(html`<support-inbox server=${url}></support-inbox>`);
    await signedIn(desk, agentEmail, agentPassword);
    const root = desk.shadowRoot!;
    await sendKeys({ press: 'v' });
    const view = () => root.querySelector('support-inbox-visitors')?.shadowRoot;
    const row = () => view()?.querySelector<HTMLTableRowElement>(`tr[data-visitor="${el.visitorId}"]`);
    await waitUntil(() => row()?.querySelector('.title')?.textContent === 'Plans — live visitors inbox test', 'the visitor is not listed with the page', { timeout: 5000 });
    expect(row()!.querySelector('.name')!.textContent).to.equal(name);
    expect(row()!.querySelector('.url')!.textContent).to.equal(location.href);
    expect(row()!.querySelector('.pill')!.textContent).to.equal('New');
    expect(row()!.querySelector('.time')!.textContent).to.match(/^\d+ s/);
    await expect(desk).to.be.accessible();

    row()!.querySelector<HTMLButtonElement>('button')!.click();
    await waitUntil(() => view()!.querySelector('.composer-row textarea'), 'no composer');
    await waitUntil(() => view()!.activeElement?.tagName === 'TEXTAREA', 'the composer did not take the focus');
    await expect(desk).to.be.accessible();
    view()!.querySelector<HTMLTextAreaElement>('.composer-row textarea')!.value = 'Hello from the inbox — comparing plans?';
    view()!.querySelector<HTMLButtonElement>('.composer-row button[type="submit"]')!.click();

    // The inbox opens the new conversation; the widget shows the message by its launcher.
    await waitUntil(() => root.querySelector('.visitor-panel h2')?.textContent === name, 'the inbox did not open the new conversation', { timeout: 5000 });
    await waitUntil(() => shadow(el).querySelector('[part="invitation"]')?.textContent?.includes('Hello from the inbox — comparing plans?'), 'the widget never showed it');
    shadow(el).querySelector<HTMLButtonElement>('[part="invitation"] .proactive-message')!.click();
    await waitUntil(() => el.opened && el.conversations.some((conversation) => conversation.id === el.conversationId && conversation.assignedAgentId), 'the widget did not open it');
    await el.sendMessage('Yes — which one has SSO?');
    await waitUntil(() => [...root.querySelectorAll('.messages .text, .messages p')].some((node) => node.textContent?.includes('Yes — which one has SSO?')), 'the inbox never got the answer', { timeout: 5000 });
    await expect(desk).to.be.accessible();
  });

  it('the Visitors screen with no one on the site says so, accessibly; times read as seconds, minutes, hours', async () => {
    const view = await fixture<SupportInboxVisitors>(html`<support-inbox-visitors .inbox=${new InboxClient(() => url)}></support-inbox-visitors>`);
    expect(view.shadowRoot!.querySelector('.empty')!.textContent).to.equal('No one is on the site with the chat connected right now.');
    expect(view.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('0 online now');
    await expect(view).to.be.accessible();
    const now = Date.parse('2030-01-01T12:00:00.000Z');
    expect(['2030-01-01T11:59:15.000Z', '2030-01-01T11:57:00.000Z', '2030-01-01T10:55:00.000Z'].map((iso) => elapsed(iso, now))).to.deep.equal(['45 s', '3 min', '1 h 05 min']);
  });
});
