import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { Block, ChatMessage } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected, panel } from '../browser/helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };

const HOSTILE = '<img src=x onerror="window.__xss=1">';
const BLOCKS: Block[] = [
  { type: 'quick_replies', id: 'topic', options: [{ label: 'Billing', value: 'billing' }, { label: 'Shipping', value: 'shipping' }, { label: HOSTILE, value: 'hostile' }] },
  { type: 'buttons', id: 'next', buttons: [{ label: 'Track my order', value: 'track' }, { label: 'Read the FAQ', url: 'https://example.com/faq' }] },
  { type: 'card', id: 'plan', title: `Pro ${HOSTILE}`, text: 'For growing teams', imageUrl: `${server}/favicon.ico`, buttons: [{ label: 'Choose Pro', value: 'pro' }] },
];
const FORM: Block = {
  type: 'form',
  id: 'contact',
  submitLabel: 'Send details',
  fields: [
    { name: 'name', label: 'Your name', type: 'text', required: true },
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'size', label: 'Team size', type: 'select', options: ['1-5', '6-50'] },
    { name: 'note', label: 'Anything else', type: 'textarea' },
  ],
};

let sent = 0;
/** The agent offers `blocks` in the widget's conversation; resolves once the widget shows them. */
async function offer(el: SupportChat, blocks: Block[], text = 'How can I help?'): Promise<ShadowRoot> {
  await executeServerCommand('chat-agent-send', { conversationId: el.conversationId, clientId: `blocks-${Date.now()}-${sent++}`, text, blocks });
  const root = panel(el).shadowRoot!;
  await waitUntil(() => root.querySelector('.blocks'), 'the blocks never showed', { timeout: 10_000 });
  await panel(el).updateComplete;
  return root;
}
/** axe, once the panel's opening animation is over (colors mid-fade are not the ones shown). */
async function accessible(el: SupportChat): Promise<void> {
  await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
  await expect(el).to.be.accessible();
}
const stored = (el: SupportChat) => executeServerCommand('chat-messages', { conversationId: el.conversationId }) as Promise<ChatMessage[]>;

describe('interactive messages in the widget (Chromium)', () => {
  let el: SupportChat;
  beforeEach(async () => {
    localStorage.clear();
    delete (window as { __xss?: unknown }).__xss;
    el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await connected(el);
    await el.sendMessage('Hello');
  });

  it('renders quick replies, buttons, a link and a card as accessible groups; hostile labels are text', async () => {
    const root = await offer(el, BLOCKS);
    const groups = [...root.querySelectorAll('[role="group"]')];
    expect(groups.map((group) => group.getAttribute('aria-label') ?? root.getElementById(group.getAttribute('aria-labelledby')!)?.textContent)).to.deep.equal([
      'Choices',
      'Choices',
      `Pro ${HOSTILE}`,
    ]);
    const quick = [...root.querySelectorAll<HTMLButtonElement>('[part="block-quick-reply"]')];
    expect(quick.map((button) => button.textContent)).to.deep.equal(['Billing', 'Shipping', HOSTILE]);
    const link = root.querySelector<HTMLAnchorElement>('[part="block-link"]')!;
    expect([link.href, link.target, link.rel]).to.deep.equal(['https://example.com/faq', '_blank', 'noopener noreferrer']);
    expect(link.getAttribute('aria-label')).to.equal('Read the FAQ (opens in a new tab)');
    const card = root.querySelector('[part="block-card"]')!;
    expect(card.querySelectorAll('img').length).to.equal(1);
    expect(card.querySelector('img')!.getAttribute('src')).to.equal(`${server}/favicon.ico`);
    // The only images are the card's: nothing in a label became an element.
    expect(root.querySelectorAll('.blocks img').length).to.equal(1);
    expect((window as { __xss?: unknown }).__xss).to.equal(undefined);
    // The host styles them through the element's parts.
    const style = document.head.appendChild(document.createElement('style'));
    style.textContent = 'support-chat::part(block-quick-reply) { outline-color: rgb(1, 2, 3) } support-chat::part(block-card) { outline-color: rgb(4, 5, 6) }';
    expect([getComputedStyle(quick[0]!).outlineColor, getComputedStyle(card).outlineColor]).to.deep.equal(['rgb(1, 2, 3)', 'rgb(4, 5, 6)']);
    style.remove();
    await accessible(el);
  });

  it('a tap answers once, even clicked twice; the quick replies go and the chosen label shows', async () => {
    const root = await offer(el, BLOCKS);
    const shipping = [...root.querySelectorAll<HTMLButtonElement>('[part="block-quick-reply"]')].find((button) => button.textContent === 'Shipping')!;
    shipping.click();
    shipping.click();
    await waitUntil(() => el.messages.some((message) => message.replyTo?.blockId === 'topic'), 'the answer was never stored', { timeout: 10_000 });
    await panel(el).updateComplete;
    expect(root.querySelector('[part="block-quick-replies"]')).to.equal(null);
    const answers = (await stored(el)).filter((message) => message.replyTo);
    expect(answers.map((message) => [message.text, message.replyTo])).to.deep.equal([['Shipping', { blockId: 'topic', value: 'shipping' }]]);
    expect([...root.querySelectorAll('.message.visitor .text')].map((node) => node.textContent)).to.include('Shipping');
    await accessible(el);
  });

  it('keyboard: Tab reaches a choice, Enter answers; the chosen button is marked pressed', async () => {
    const root = await offer(el, [BLOCKS[1]!]);
    const track = root.querySelector<HTMLButtonElement>('[part="block-button"]')!;
    track.focus();
    expect(root.activeElement).to.equal(track);
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement?.getAttribute('part')).to.equal('block-link');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(root.activeElement).to.equal(track);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.messages.some((message) => message.replyTo?.blockId === 'next'), 'Enter never answered', { timeout: 10_000 });
    await panel(el).updateComplete;
    const chosen = root.querySelector<HTMLButtonElement>('[part="block-button"]')!;
    expect([chosen.getAttribute('aria-pressed'), chosen.disabled]).to.deep.equal(['true', true]);
    expect(el.messages.at(-1)!.text).to.equal('Track my order');
    await accessible(el);
  });

  it('a form says what is missing or wrong, then sends its answers once as a summary', async () => {
    const root = await offer(el, [FORM], 'A few details, please');
    const form = root.querySelector<HTMLFormElement>('[part="block-form"]')!;
    expect([...form.querySelectorAll('label')].map((label) => label.textContent!.trim())).to.deep.equal(['Your name*', 'Email*', 'Team size', 'Anything else']);
    await accessible(el);
    root.querySelector<HTMLButtonElement>('[part="block-submit"]')!.click();
    await waitUntil(() => root.querySelectorAll('.problem').length === 2, 'no problems shown');
    const name = root.querySelector<HTMLInputElement>('input[name="name"]')!;
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(root.getElementById(name.getAttribute('aria-describedby')!)!.textContent).to.equal('Please fill in this field.');
    await waitUntil(() => root.activeElement === name, 'the first field at fault never took the focus');
    await accessible(el);

    name.value = 'Jane <b>Doe</b>';
    root.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'jane@';
    root.querySelector<HTMLButtonElement>('[part="block-submit"]')!.click();
    await waitUntil(() => root.querySelectorAll('.problem').length === 1, 'the email problem never showed');
    expect(root.querySelector('.problem')!.textContent).to.equal('Please enter a valid email address.');

    root.querySelector<HTMLInputElement>('input[name="email"]')!.value = 'jane@example.com';
    root.querySelector<HTMLSelectElement>('select[name="size"]')!.value = '6-50';
    const submit = root.querySelector<HTMLButtonElement>('[part="block-submit"]')!;
    submit.click();
    submit.click();
    await waitUntil(() => el.messages.some((message) => message.replyTo?.blockId === 'contact'), 'the form was never stored', { timeout: 10_000 });
    await panel(el).updateComplete;
    expect(root.querySelector('[part="block-form"]')).to.equal(null);
    const answers = (await stored(el)).filter((message) => message.replyTo);
    expect(answers.length).to.equal(1);
    expect(answers[0]!.text).to.equal('Your name: Jane <b>Doe</b>\nEmail: jane@example.com\nTeam size: 6-50');
    expect(JSON.parse(answers[0]!.replyTo!.value)).to.deep.equal({ name: 'Jane <b>Doe</b>', email: 'jane@example.com', size: '6-50' });
    const shown = [...root.querySelectorAll('.message.visitor .text')].at(-1)!;
    expect([shown.textContent, shown.children.length]).to.deep.equal([answers[0]!.text, 0]);
    await accessible(el);
  });

  it('is accessible in the dark theme with every kind shown', async () => {
    localStorage.clear();
    const dark = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} theme="dark" open></support-chat>`);
    await connected(dark);
    await dark.sendMessage('Hello in the dark');
    await offer(dark, [...BLOCKS, FORM]);
    await accessible(dark);
  });
});
