import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { ChatMessage } from '../../src/protocol.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };

/** A visitor of the e2e channel, signed in over the widget's REST API: `write` sends their messages, in order. */
async function visitor(name: string): Promise<(texts: string[]) => Promise<ChatMessage[]>> {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${server}/api/v1/widget${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return response.json();
  };
  const session = (await post('/channels/e2e/session', { profile: { name } })) as { token: string };
  let sends = 0;
  return async (texts) => {
    const sent: ChatMessage[] = [];
    for (const text of texts) sent.push((await post('/conversation/messages', { clientId: `s-${Date.now()}-${sends++}`, text }, session.token)) as ChatMessage);
    return sent;
  };
}

/** A visitor of the e2e channel who wrote `texts`, in order. */
const visitorWrote = async (name: string, texts: string[]) => (await visitor(name))(texts);

async function signedInInbox(): Promise<{ inbox: SupportInbox; root: ShadowRoot }> {
  const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server} style="height: 700px"></support-inbox>`);
  await signedIn(inbox, agentEmail, agentPassword);
  return { inbox, root: inbox.shadowRoot! };
}

const panel = (root: ShadowRoot) => root.querySelector('support-inbox-search')!;
const hits = (root: ShadowRoot) => [...panel(root).shadowRoot!.querySelectorAll<HTMLButtonElement>('.hits button.hit')];

describe('the inbox search', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('/ focuses the field; hits replace the list with who, when and the matched words marked; arrows and Enter open one at its message; Esc clears', async () => {
    const word = `quokka${Date.now()}`;
    const name = `Searcher ${Date.now()}`;
    // 130 messages: the one searched for is older than the newest page (100) the inbox opens with.
    const sent = await visitorWrote(name, [`the ${word} is lost in transit`, ...Array.from({ length: 129 }, (_, i) => `filler line ${i}`)]);
    const { inbox, root } = await signedInInbox();

    await sendKeys({ press: '/' });
    const field = panel(root).shadowRoot!.querySelector('input')!;
    await waitUntil(() => panel(root).shadowRoot!.activeElement === field, '/ did not focus the search field');
    await sendKeys({ type: `${word} trans` });
    await waitUntil(() => hits(root).length === 1, 'no hit', { timeout: 5000 });
    expect(panel(root).hasAttribute('active')).to.equal(true);
    expect(getComputedStyle(root.querySelector('.list')!).display).to.equal('none', 'the conversation list is replaced');
    const hit = hits(root)[0]!;
    expect(hit.querySelector('.who')!.textContent).to.equal(name);
    expect([...hit.querySelectorAll('mark')].map((mark) => mark.textContent)).to.deep.equal([word, 'transit']);
    expect(hit.querySelector('.snippet')!.textContent).to.equal(`the ${word} is lost in transit`);
    await expect(inbox).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    expect(panel(root).shadowRoot!.activeElement).to.equal(hit);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector(`[data-message-id="${sent[0]!.id}"]`), 'the thread was not opened at the message', { timeout: 5000 });
    const found = root.querySelector<HTMLElement>(`[data-message-id="${sent[0]!.id}"]`)!;
    await waitUntil(() => 'found' in found.dataset, 'the message was not marked');
    const list = root.querySelector('.messages')!.getBoundingClientRect();
    const box = found.getBoundingClientRect();
    expect(box.top >= list.top - 1 && box.bottom <= list.bottom + 1, 'the message is scrolled into view').to.equal(true);
    expect(root.querySelectorAll('.messages .message').length).to.equal(130, 'the thread runs unbroken from the message to the newest');
    expect(hit.getAttribute('aria-current')).to.equal('true');
    await expect(inbox).to.be.accessible();

    hit.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !panel(root).hasAttribute('active'), 'Esc did not clear the search');
    expect(field.value).to.equal('');
    expect(getComputedStyle(root.querySelector('.list')!).display).not.to.equal('none');
  });

  it('a private note among the hits opens at the note: scrolled into view and marked, like a message', async () => {
    const word = `numbat${Date.now()}`;
    const write = await visitor(`Noted ${Date.now()}`);
    const [first] = await write(Array.from({ length: 30 }, (_, i) => `early line ${i}`));
    const note = (await executeServerCommand('chat-colleague-note', { conversationId: first!.conversationId, text: `the ${word} order is on hold` })) as { id: string };
    // The note follows message 30; the 100 after it put it before the newest page the inbox opens with.
    await write(Array.from({ length: 100 }, (_, i) => `later line ${i}`));
    const { inbox, root } = await signedInInbox();

    const field = panel(root).shadowRoot!.querySelector('input')!;
    field.focus();
    await sendKeys({ type: word });
    await waitUntil(() => hits(root).length === 1, 'the note is not among the hits', { timeout: 5000 });
    hits(root)[0]!.click();
    await waitUntil(() => root.querySelector(`[data-message-id="${note.id}"]`), 'the thread was not opened at the note', { timeout: 5000 });
    const found = root.querySelector<HTMLElement>(`[data-message-id="${note.id}"]`)!;
    expect(found.classList.contains('note')).to.equal(true);
    await waitUntil(() => 'found' in found.dataset, 'the note was not marked');
    const list = root.querySelector('.messages')!.getBoundingClientRect();
    const box = found.getBoundingClientRect();
    expect(box.top >= list.top - 1 && box.bottom <= list.bottom + 1, 'the note is scrolled into view').to.equal(true);
    await expect(inbox).to.be.accessible();
  });

  it('pages with Load more; says when nothing matches; query syntax is only words', async () => {
    const word = `wombat${Date.now()}`;
    await visitorWrote(`Pager ${Date.now()}`, Array.from({ length: 25 }, (_, i) => `${word} note ${i}`));
    const { inbox, root } = await signedInInbox();
    const field = panel(root).shadowRoot!.querySelector('input')!;
    field.focus();
    await sendKeys({ type: `"${word}` });
    await waitUntil(() => hits(root).length === 20, 'the first page did not come', { timeout: 5000 });
    const more = panel(root).shadowRoot!.querySelector<HTMLButtonElement>('button.more')!;
    expect(more.textContent).to.equal('Load more');
    more.click();
    await waitUntil(() => hits(root).length === 25, 'Load more did not add the rest', { timeout: 5000 });
    expect(panel(root).shadowRoot!.querySelector('button.more')).to.equal(null);

    field.select();
    await sendKeys({ type: `${word}zzz AND (` });
    await waitUntil(() => panel(root).shadowRoot!.querySelector('.empty')?.textContent?.startsWith('Nothing matches'), 'no empty state', { timeout: 5000 });
    await expect(inbox).to.be.accessible();
  });
});
