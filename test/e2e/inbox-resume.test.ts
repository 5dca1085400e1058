import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { SupportChat } from '../../src/support-chat.js';
import { signedIn } from './inbox-helpers.js';
import { connected } from '../browser/helpers.js';

const { url: server, agentProxyUrl, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as {
  url: string;
  agentProxyUrl: string;
  agentEmail: string;
  agentPassword: string;
};

const texts = (root: ShadowRoot) => [...root.querySelectorAll('.messages .message .text')].map((node) => node.textContent);
const notice = (root: ShadowRoot) => root.querySelector('.reply-notice [role="status"]')!.textContent!.trim();
/** GETs of a whole thread page (`?limit=`, no `after`) the page has made so far. */
const threadFetches = () => performance.getEntriesByType('resource').filter((entry) => /\/messages\?limit=/.test(entry.name)).length;

/** A new visitor in Chromium who writes `text`; the inbox opens the conversation. Returns the visitor. */
async function openConversation(inbox: SupportInbox, text: string): Promise<SupportChat> {
  for (const key of Object.keys(localStorage)) if (key.startsWith('support-chat:')) localStorage.removeItem(key);
  const visitor = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
  await connected(visitor);
  await visitor.sendMessage(text);
  const root = inbox.shadowRoot!;
  const row = () => [...root.querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.preview')?.textContent === text);
  await waitUntil(row, 'the conversation never appeared in the list', { timeout: 10_000 });
  row()!.click();
  await waitUntil(() => texts(root).at(-1) === text, 'the thread never loaded', { timeout: 5000 });
  return visitor;
}

/** Types into the reply box as an agent does (the value, then an input event). */
function typeReply(root: ShadowRoot, text: string): void {
  const input = root.querySelector<HTMLTextAreaElement>('.reply textarea')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
}

describe('the inbox resumes by seq and tells who answered meanwhile', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(async () => {
    await executeServerCommand('chat-agent-network', { offline: false });
    await executeServerCommand('chat-agent-silence', { silent: false });
    await executeServerCommand('page-hidden', { hidden: false });
  });

  it('after its network comes back, the open thread gets what came meanwhile, once and in order, without loading it again', async () => {
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${agentProxyUrl}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const root = inbox.shadowRoot!;
    const first = `Resume ${Date.now()}`;
    const visitor = await openConversation(inbox, first);
    const fetchesBefore = threadFetches();

    await executeServerCommand('chat-agent-network', { offline: true });
    await waitUntil(() => root.querySelector('.topbar')?.textContent?.includes('connecting'), 'the inbox never noticed it was cut off', { timeout: 10_000 });
    await visitor.sendMessage('while you were away 1');
    await executeServerCommand('chat-colleague-send', { conversationId: visitor.conversationId, text: 'a colleague answered' });
    await visitor.sendMessage('while you were away 2');
    await executeServerCommand('chat-agent-network', { offline: false });

    const expected = [first, 'while you were away 1', 'a colleague answered', 'while you were away 2'];
    await waitUntil(() => texts(root).length === expected.length, 'the thread did not catch up', { timeout: 20_000 });
    expect(texts(root)).to.deep.equal(expected);
    expect(threadFetches(), 'the thread was resumed, not fetched again').to.equal(fetchesBefore);
    // Live again: the next message arrives as before, once.
    await visitor.sendMessage('back online');
    await waitUntil(() => texts(root).at(-1) === 'back online', 'no live message after the reconnect', { timeout: 5000 });
    expect(texts(root)).to.deep.equal([...expected, 'back online']);
  });

  /**
   * What the server broadcasts is lost while the inbox's link stays up (nothing tells its socket);
   * `catchUp` is what makes the page notice, as the browser does when the network or the tab
   * comes back. The open thread and the list get what was stored meanwhile, once, without the
   * thread being fetched again. `link`: `silent` comes back, `dead` never answers again.
   */
  async function missedUnheard(catchUp: () => Promise<unknown>, { hide = false, link = 'silent' }: { hide?: boolean; link?: 'silent' | 'dead' } = {}): Promise<void> {
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${agentProxyUrl}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const root = inbox.shadowRoot!;
    const first = `Unheard ${Date.now()}`;
    const visitor = await openConversation(inbox, first);
    const fetchesBefore = threadFetches();

    if (hide) expect(await executeServerCommand('page-hidden', { hidden: true })).to.equal('hidden');
    await executeServerCommand(link === 'dead' ? 'chat-agent-link-dies' : 'chat-agent-silence', { silent: true });
    await visitor.sendMessage('unheard 1');
    await executeServerCommand('chat-colleague-send', { conversationId: visitor.conversationId, text: 'unheard colleague' });
    await visitor.sendMessage('unheard 2');
    if (link === 'silent') await executeServerCommand('chat-agent-silence', { silent: false });
    expect(root.querySelector('.topbar')?.textContent, 'the link never noticed').to.include('online');

    await catchUp();
    const expected = [first, 'unheard 1', 'unheard colleague', 'unheard 2'];
    await waitUntil(() => texts(root).length === expected.length, 'the thread did not catch up', { timeout: 20_000 });
    expect(texts(root)).to.deep.equal(expected);
    expect(threadFetches(), 'the thread was resumed, not fetched again').to.equal(fetchesBefore);
    const row = () => root.querySelector(`.list button[data-id="${visitor.conversationId}"] .preview`)?.textContent;
    await waitUntil(() => row() === 'unheard 2', 'the list did not catch up', { timeout: 10_000 });
    if (link === 'dead') return; // its socket learns it is dead only when a heartbeat is missed
    await visitor.sendMessage('heard');
    await waitUntil(() => texts(root).at(-1) === 'heard', 'no live message afterwards', { timeout: 5000 });
    expect(texts(root)).to.deep.equal([...expected, 'heard']);
  }

  const online = async () => window.dispatchEvent(new Event('online'));

  it('back online, the open thread and the list get what the link silently lost, once', async () => {
    await missedUnheard(online);
  });

  it('back in view, the open thread and the list get what the link silently lost while hidden, once', async () => {
    await missedUnheard(() => executeServerCommand('page-hidden', { hidden: false }), { hide: true });
  });

  it('back online on a link that died unnoticed, the socket’s sync goes unanswered and REST brings what was missed', async function () {
    this.timeout(40_000); // the socket's sync is given up after its 10 s
    await missedUnheard(online, { link: 'dead' });
  });

  it('what arrived while the page was hidden is marked read once it is back in view', async () => {
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const root = inbox.shadowRoot!;
    const visitor = await openConversation(inbox, `Hidden ${Date.now()}`);
    const unread = () => root.querySelector(`.list button[data-id="${visitor.conversationId}"] .unread`);
    expect(unread()).to.equal(null);

    expect(await executeServerCommand('page-hidden', { hidden: true })).to.equal('hidden');
    await visitor.sendMessage('while the tab was hidden');
    await waitUntil(() => texts(root).at(-1) === 'while the tab was hidden', 'the message never arrived', { timeout: 5000 });
    expect(unread(), 'not seen while hidden').to.not.equal(null);
    await executeServerCommand('page-hidden', { hidden: false });
    await waitUntil(() => !unread(), 'still unread once back in view', { timeout: 5000 });
    await expect(inbox).to.be.accessible();
  });

  it('a colleague’s answer while the agent writes shows a notice, until sent or dismissed', async () => {
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const root = inbox.shadowRoot!;
    const visitor = await openConversation(inbox, `Notice ${Date.now()}`);
    const conversationId = visitor.conversationId;

    // Nothing typed: a colleague's answer is just a message.
    await executeServerCommand('chat-colleague-send', { conversationId, text: 'colleague, reply box empty' });
    await waitUntil(() => texts(root).at(-1) === 'colleague, reply box empty', 'the colleague’s message never arrived');
    expect(notice(root)).to.equal('');

    // Typing, and the agent's own message from another tab: not someone else.
    typeReply(root, 'Let me check');
    await executeServerCommand('chat-agent-send', { conversationId, clientId: `own-${Date.now()}`, text: 'mine, from another tab' });
    await waitUntil(() => texts(root).at(-1) === 'mine, from another tab', 'the own message never arrived');
    expect(notice(root)).to.equal('');

    await executeServerCommand('chat-colleague-send', { conversationId, text: 'colleague, while typing' });
    await waitUntil(() => notice(root) !== '', 'no notice');
    expect(notice(root)).to.equal('Cole Colleague answered while you were writing.');
    await expect(inbox).to.be.accessible();
    [...root.querySelectorAll<HTMLButtonElement>('.reply-notice button')].find((button) => button.textContent === 'Dismiss')!.click();
    await waitUntil(() => notice(root) === '', 'dismissing did not clear the notice');
    expect(root.querySelector<HTMLTextAreaElement>('.reply textarea')!.value, 'the draft stays').to.equal('Let me check');

    await executeServerCommand('chat-colleague-send', { conversationId, text: 'colleague again' });
    await waitUntil(() => notice(root) !== '', 'no notice the second time');
    root.querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
    await waitUntil(() => texts(root).at(-1) === 'Let me check', 'the reply was not sent');
    await waitUntil(() => notice(root) === '', 'sending did not clear the notice');
    await expect(inbox).to.be.accessible();
  });
});
