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

describe('the inbox resumes by seq', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => executeServerCommand('chat-agent-network', { offline: false }));

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
});
