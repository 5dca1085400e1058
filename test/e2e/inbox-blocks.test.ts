import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { Block, ChatMessage } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected, panel } from '../browser/helpers.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };
const root = (inbox: SupportInbox) => inbox.shadowRoot!;

const FORM: Block = { type: 'form', id: 'details', submitLabel: 'Send', fields: [{ name: 'email', label: 'Email <i>me</i>', type: 'email', required: true }] };

describe('interactive messages in the inbox', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('an agent adds choices in the composer; the inbox shows what was offered and which one the visitor chose', async () => {
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const visitor = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await connected(visitor);
    const text = `Blocks in the inbox ${Date.now()}`;
    await visitor.sendMessage(text);
    const row = () => [...root(inbox).querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.preview')?.textContent === text);
    await waitUntil(row, 'the conversation never appeared', { timeout: 10_000 });
    row()!.click();
    await waitUntil(() => root(inbox).querySelector('.messages .text')?.textContent === text, 'the history never loaded', { timeout: 5000 });

    // "Add choices": one line per option, sent as quick replies with the reply.
    const toggle = root(inbox).querySelector<HTMLInputElement>('.add-choices input[type="checkbox"]')!;
    toggle.click();
    await inbox.updateComplete;
    await expect(inbox).to.be.accessible();
    root(inbox).querySelector<HTMLTextAreaElement>('.reply textarea[name="choices"]')!.value = 'Billing\n\nShipping <b>fast</b>\nBilling';
    root(inbox).querySelector<HTMLTextAreaElement>('.reply textarea[aria-label="Reply"]')!.value = 'What is it about?';
    root(inbox).querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();

    // The visitor gets the quick replies and taps one.
    const widget = panel(visitor).shadowRoot!;
    await waitUntil(() => widget.querySelectorAll('[part="block-quick-reply"]').length === 2, 'the visitor never got the choices', { timeout: 10_000 });
    expect([...widget.querySelectorAll('[part="block-quick-reply"]')].map((button) => button.textContent)).to.deep.equal(['Billing', 'Shipping <b>fast</b>']);
    widget.querySelector<HTMLButtonElement>('[part="block-quick-reply"]:nth-of-type(2)')!.click();

    await waitUntil(() => root(inbox).querySelector('.answer-to'), 'the inbox never showed the answer', { timeout: 10_000 });
    const offered = root(inbox).querySelector('.offered')!;
    expect([...offered.querySelectorAll('.choice')].map((choice) => choice.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['Billing', '✓ Chosen: Shipping <b>fast</b>']);
    expect(offered.querySelector('b')).to.equal(null);
    expect(root(inbox).querySelector('.answer-to')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('↳ Answer to quick replies on “What is it about?”');
    expect(root(inbox).querySelector('.add-choices textarea'), 'the choices were reset after sending').to.equal(null);
    await expect(inbox).to.be.accessible();

    // A form from a bot shows as its fields, read-only, until it is answered.
    await executeServerCommand('chat-agent-send', { conversationId: visitor.conversationId, clientId: `form-${Date.now()}`, text: 'Your email?', blocks: [FORM] });
    await waitUntil(() => root(inbox).querySelectorAll('.offered-block').length === 2, 'the form never showed in the inbox', { timeout: 10_000 });
    const form = [...root(inbox).querySelectorAll('.offered-block')].at(-1)!;
    expect((form as HTMLElement).innerText.replace(/\s+/g, ' ').trim()).to.equal('Form Email <i>me</i> * Not answered yet');
    expect(form.querySelector('input, button, i')).to.equal(null);
    const messages = (await executeServerCommand('chat-messages', { conversationId: visitor.conversationId })) as ChatMessage[];
    expect(messages.find((message) => message.replyTo)?.text).to.equal('Shipping <b>fast</b>');
  });
});
