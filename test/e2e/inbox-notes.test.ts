import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { ChatMessage } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected } from '../browser/helpers.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword, agentName } = (await executeServerCommand('chat-server')) as {
  url: string;
  agentEmail: string;
  agentPassword: string;
  agentName: string;
};

const rowFor = (root: ShadowRoot, text: string) => [...root.querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.preview')?.textContent === text);
const thread = (root: ShadowRoot) => [...root.querySelectorAll('.messages .message')].map((item) => `${item.classList.contains('note') ? 'note' : 'message'}:${item.querySelector('.text')?.textContent}`);
const modeButton = (root: ShadowRoot, label: string) => [...root.querySelectorAll<HTMLButtonElement>('.compose-mode button')].find((button) => button.textContent === label)!;

/** A visitor in Chromium with one message; the element (its stored identity forgotten first). */
async function visitor(text: string): Promise<SupportChat> {
  for (const key of Object.keys(localStorage)) if (key.startsWith('support-chat:')) localStorage.removeItem(key);
  const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
  await connected(el);
  await el.sendMessage(text);
  return el;
}

async function openInbox(text: string): Promise<{ inbox: SupportInbox; root: ShadowRoot }> {
  const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
  await signedIn(inbox, agentEmail, agentPassword);
  const root = inbox.shadowRoot!;
  await waitUntil(() => rowFor(root, text), 'the conversation is not listed', { timeout: 10_000 });
  return { inbox, root };
}

describe('private notes in the inbox', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('n opens the note composer; a note is drawn apart in the thread, a colleague\'s arrives live, and the visitor gets the reply but never the note', async () => {
    const question = `Refund for order ${Date.now()}?`;
    const widget = await visitor(question);
    const heard: ChatMessage[] = [];
    widget.addEventListener('support-chat-message', (event) => heard.push(event.detail.message));
    const { inbox, root } = await openInbox(question);
    rowFor(root, question)!.click();
    await waitUntil(() => thread(root).length === 1, 'the thread never loaded');

    await sendKeys({ press: 'n' });
    await waitUntil(() => root.activeElement?.classList.contains('note-input'), 'n did not open the note composer');
    expect(modeButton(root, 'Note').getAttribute('aria-pressed')).to.equal('true');
    expect(getComputedStyle(root.querySelector('.reply > textarea')!).display, 'the reply field gives way').to.equal('none');
    await expect(inbox).to.be.accessible();

    await sendKeys({ type: 'Customer <b>is</b> a VIP, refund approved' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => thread(root).length === 2, 'the note is not in the thread');
    expect(thread(root)).to.deep.equal([`message:${question}`, 'note:Customer <b>is</b> a VIP, refund approved']);
    const note = root.querySelector('.message.note')!;
    expect(note.querySelector('b'), 'a note renders as text').to.equal(null);
    expect(note.querySelector('.meta')!.textContent).to.contain(agentName).and.contain('Note · only your team sees this');
    expect(note.getAttribute('role')).to.equal('note');
    await expect(inbox).to.be.accessible();

    await executeServerCommand('chat-colleague-note', { conversationId: widget.conversationId, text: 'Cole: I checked the warehouse too' });
    await waitUntil(() => thread(root).length === 3, 'the colleague\'s note never arrived');

    modeButton(root, 'Reply').click();
    await waitUntil(() => root.activeElement === root.querySelector('.reply > textarea'), 'Reply did not go back to the reply field');
    root.querySelector<HTMLTextAreaElement>('.reply > textarea')!.value = 'Your refund is on its way.';
    root.querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
    await waitUntil(() => heard.some((message) => message.from === 'agent'), 'the visitor never got the reply', { timeout: 10_000 });
    expect(thread(root).at(-1)).to.equal('message:Your refund is on its way.');
    expect(widget.messages.map((message) => message.text)).to.deep.equal([question, 'Your refund is on its way.']);
    expect(heard.every((message) => !message.text.includes('VIP') && !message.text.includes('warehouse'))).to.equal(true);
    await expect(inbox).to.be.accessible();
  });

  it('a colleague naming this agent in a note marks the conversation until it is opened', async () => {
    const question = `Mention me ${Date.now()}`;
    const widget = await visitor(question);
    const { root } = await openInbox(question);
    await executeServerCommand('chat-colleague-note', { conversationId: widget.conversationId, text: `@${agentName} can you take this one?` });
    await waitUntil(() => rowFor(root, question)?.querySelector('.mention-mark'), 'no mention mark on the conversation');
    expect(rowFor(root, question)!.querySelector('.mention-mark')!.textContent).to.equal('@ mentioned in a note');
    await expect(root.host).to.be.accessible();
    rowFor(root, question)!.click();
    await waitUntil(() => thread(root).length === 2, 'the thread with the note never loaded');
    expect(thread(root)[1]).to.equal(`note:@${agentName} can you take this one?`);
    await waitUntil(() => !rowFor(root, question)?.querySelector('.mention-mark'), 'the mark stayed after opening');
  });
});
