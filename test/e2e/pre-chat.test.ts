import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ConversationSummary, PreChatForm } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { requestJson } from '../../src/transport/api.js';
import { connected } from '../browser/helpers.js';
import { PRE_CHAT_FORM } from './fixtures/pre-chat-form.js';

// `proxyUrl` goes through a proxy the test can cut (the tab's network); `url` does not.
const { url: server, proxyUrl } = (await executeServerCommand('chat-server')) as { url: string; proxyUrl: string };
// An admin agent: the admin API makes each test's channel, the agent API shows what the inbox sees.
const token = (await executeServerCommand('chat-admin-token')) as string;

const FORM = PRE_CHAT_FORM;

let channels = 0;
/** A channel of its own for each test, with `form`. */
async function channelWith(form: PreChatForm): Promise<string> {
  const key = `pre-chat-${Date.now().toString(36)}-${++channels}`;
  await requestJson(`${server}/api/v1/admin/channels`, { method: 'POST', token, body: { key, name: 'Pre-chat', settings: { preChat: form } } });
  return key;
}

const panelRoot = (el: SupportChat) => el.shadowRoot!.querySelector('support-chat-panel')!.shadowRoot!;
const formRoot = (el: SupportChat) => panelRoot(el).querySelector('support-chat-pre-chat')?.shadowRoot ?? null;
const control = <T extends HTMLElement = HTMLInputElement>(el: SupportChat, key: string) => formRoot(el)!.querySelector<T>(`[name="${key}"]`)!;
const errorsShown = (el: SupportChat) => [...formRoot(el)!.querySelectorAll('[aria-invalid="true"]')].map((node) => node.getAttribute('name'));

/** An open widget on `channel`, joined, showing the pre-chat form (or its composer when there is nothing to ask). */
async function openWidget(channel: string, attributes: Record<string, string> = {}, via = server): Promise<SupportChat> {
  const el = await fixture<SupportChat>(html`<support-chat channel=${channel} server=${via}></support-chat>`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await connected(el);
  await el.open();
  await waitUntil(() => formRoot(el)?.querySelector('button') || panelRoot(el)?.querySelector('textarea'), 'neither the form nor the composer showed', { timeout: 5000 });
  return el;
}

function fill(target: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string): void {
  target.value = value;
  target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

async function submit(el: SupportChat): Promise<void> {
  formRoot(el)!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  await panelRoot(el).querySelector('support-chat-pre-chat')!.updateComplete;
}

/** Sends `text` through the composer and resolves with the conversation as the agent API shows it. */
async function sendAndFetch(el: SupportChat, text: string): Promise<ConversationSummary> {
  const input = panelRoot(el).querySelector('textarea')!;
  input.value = text;
  panelRoot(el).querySelector<HTMLButtonElement>('[part="send"]')!.click();
  await waitUntil(() => el.messages.some((message) => message.text === text), 'the message was never stored', { timeout: 5000 });
  return requestJson<ConversationSummary>(`${server}/api/v1/agent/conversations/${el.conversationId}`, { method: 'GET', token });
}

describe('pre-chat form in the widget', () => {
  // Without the panel's opening animation, axe sees the colors the visitor sees.
  before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));
  beforeEach(() => localStorage.clear());
  afterEach(() => executeServerCommand('chat-offline', { offline: false }));

  it('asks before the first message, enforces required answers and the consent, and the answers reach the inbox API', async () => {
    const el = await openWidget(await channelWith(FORM));
    expect(formRoot(el), 'the form stands in for the composer').to.exist;
    expect(panelRoot(el).querySelector('textarea')).to.equal(null);
    await expect(el).to.be.accessible();

    await submit(el);
    expect(errorsShown(el)).to.deep.equal(['name', 'topic', 'privacy']);
    expect(formRoot(el)!.activeElement, 'the first question at fault takes the focus').to.equal(control(el, 'name'));
    expect(control(el, 'name').getAttribute('aria-describedby')).to.equal('field-name-error');
    expect(formRoot(el)!.getElementById('field-name-error')!.textContent).to.equal('Please fill in this field.');
    await expect(el).to.be.accessible();

    fill(control(el, 'name'), 'Jane Doe');
    await panelRoot(el).querySelector('support-chat-pre-chat')!.updateComplete;
    expect(errorsShown(el), 'a corrected answer loses its message as it is typed').to.deep.equal(['topic', 'privacy']);
    fill(control(el, 'email'), 'not-an-email');
    fill(control<HTMLSelectElement>(el, 'topic'), 'Billing');
    fill(control<HTMLTextAreaElement>(el, 'order'), 'O-42');
    await submit(el);
    expect(errorsShown(el), 'a malformed email and the unticked consent still stop it').to.deep.equal(['email', 'privacy']);
    expect(formRoot(el)!.getElementById('field-privacy-error')!.textContent).to.equal('Please tick this box to continue.');
    const policy = formRoot(el)!.querySelector<HTMLAnchorElement>('.consent a')!;
    expect([policy.href, policy.target, policy.relList.contains('noopener')]).to.deep.equal(['https://shop.example/privacy', '_blank', true]);
    expect(formRoot(el)!.querySelector('label[for="field-privacy"]')!.textContent).to.contain('I agree that my answers are stored');

    fill(control(el, 'email'), 'jane@shop.example');
    control(el, 'privacy').click();
    const before = Date.now();
    await submit(el);
    await waitUntil(() => panelRoot(el).querySelector('textarea'), 'the composer never came back', { timeout: 5000 });
    await waitUntil(() => panelRoot(el).activeElement === panelRoot(el).querySelector('textarea'), 'the composer did not take the focus');
    await expect(el).to.be.accessible();

    const conversation = await sendAndFetch(el, 'Where is my refund?');
    expect(Object.keys(conversation.attributes).sort()).to.deep.equal(['order', 'privacy', 'topic']);
    expect([conversation.attributes.topic, conversation.attributes.order]).to.deep.equal(['Billing', 'O-42']);
    expect(Date.parse(conversation.attributes.privacy!)).to.be.within(before - 1000, Date.now() + 1000);
    expect([conversation.visitor.profile.name, conversation.visitor.profile.email]).to.deep.equal(['Jane Doe', 'jane@shop.example']);
    expect(formRoot(el), 'not asked again in the same conversation').to.equal(null);
  });

  it('keeps a prefill for the composer until the form is answered', async () => {
    const el = await openWidget(await channelWith({ fields: [PRE_CHAT_FORM.fields[2]!] }));
    await el.open({ prefill: 'About order O-42' });
    fill(control<HTMLSelectElement>(el, 'topic'), 'Orders');
    await submit(el);
    await waitUntil(() => panelRoot(el).querySelector('textarea')?.value === 'About order O-42', 'the prefill did not reach the composer', { timeout: 5000 });
  });

  it('skips what the host passed (nickname, email, an extra key) and asks nothing when nothing is left', async () => {
    const el = await openWidget(await channelWith(FORM), { nickname: 'Sam Host', email: 'sam@host.example', extra: '{"order":"O-7"}' });
    const asked = [...formRoot(el)!.querySelectorAll('[name]')].map((node) => node.getAttribute('name'));
    expect(asked).to.deep.equal(['topic', 'privacy']);
    fill(control<HTMLSelectElement>(el, 'topic'), 'Orders');
    control(el, 'privacy').click();
    await submit(el);
    await waitUntil(() => panelRoot(el).querySelector('textarea'), 'the composer never came back', { timeout: 5000 });
    const conversation = await sendAndFetch(el, 'Hello');
    expect(conversation.attributes.topic).to.equal('Orders');
    expect(conversation.visitor.profile.name).to.equal('Sam Host');

    const profileOnly = await openWidget(await channelWith({ fields: FORM.fields.slice(0, 2) }), { nickname: 'Sam Host', email: 'sam@host.example' });
    expect(formRoot(profileOnly), 'everything was passed by the host').to.equal(null);
    expect(panelRoot(profileOnly).querySelector('textarea')).to.exist;
  });

  it('is not shown to a visitor whose conversation already has messages', async () => {
    const channel = await channelWith({ fields: [FORM.fields[3]!] });
    const first = await openWidget(channel);
    fill(control<HTMLTextAreaElement>(first, 'order'), 'O-1');
    await submit(first);
    await waitUntil(() => panelRoot(first).querySelector('textarea'), 'the composer never came back', { timeout: 5000 });
    await sendAndFetch(first, 'First visit');
    first.remove();

    const again = await openWidget(channel);
    await waitUntil(() => again.messages.length === 1, 'the conversation did not come back');
    await again.updateComplete;
    expect(formRoot(again)).to.equal(null);
    expect(panelRoot(again).querySelector('textarea')).to.exist;
  });

  it('an answer the server cannot take, or a save cut off, says so and keeps the answers; the next try goes through', async () => {
    const el = await openWidget(await channelWith({ fields: PRE_CHAT_FORM.fields.slice(0, 2) }), {}, proxyUrl);
    fill(control(el, 'name'), 'Jane Doe');
    fill(control(el, 'email'), 'jane@shop.x');
    await submit(el);
    expect(errorsShown(el), 'the server wants a longer top-level domain: said inline, before any request').to.deep.equal(['email']);

    fill(control(el, 'email'), 'jane@shop.example');
    await executeServerCommand('chat-offline', { offline: true });
    await submit(el);
    await waitUntil(() => formRoot(el)?.querySelector('[role="alert"]'), 'the failed save was not shown', { timeout: 10_000 });
    expect(formRoot(el)!.querySelector('[role="alert"]')!.textContent).to.equal('Your answers could not be saved. Please try again.');
    expect([control(el, 'name').value, control(el, 'email').value]).to.deep.equal(['Jane Doe', 'jane@shop.example']);
    await expect(el).to.be.accessible();

    await executeServerCommand('chat-offline', { offline: false });
    await submit(el);
    await waitUntil(() => panelRoot(el).querySelector('textarea'), 'the composer never came back', { timeout: 10_000 });
    const conversation = await sendAndFetch(el, 'Back online');
    expect(conversation.visitor.profile.email).to.equal('jane@shop.example');
  });

  it('is accessible dark and right to left, with its messages in the visitor’s language', async () => {
    const el = await openWidget(await channelWith(PRE_CHAT_FORM), { theme: 'dark', locale: 'ar' });
    await waitUntil(() => formRoot(el)?.querySelector('h3')?.textContent === 'قبل أن نبدأ', 'the form is not in Arabic', { timeout: 5000 });
    expect(getComputedStyle(formRoot(el)!.querySelector('form')!).direction).to.equal('rtl');
    // The page styles it as a part, like the composer it stands in for.
    const style = document.head.appendChild(document.createElement('style'));
    style.textContent = 'support-chat::part(pre-chat) { border-top-color: rgb(1, 2, 3); }';
    expect(getComputedStyle(panelRoot(el).querySelector('support-chat-pre-chat')!).borderTopColor).to.equal('rgb(1, 2, 3)');
    style.remove();
    await expect(el).to.be.accessible();
    await submit(el);
    expect(formRoot(el)!.getElementById('field-name-error')!.textContent).to.equal('يرجى ملء هذا الحقل.');
    await expect(el).to.be.accessible();
  });

  it('asks again for a new conversation, without the profile questions answered before, and its answers stay its own', async () => {
    const el = await openWidget(await channelWith(PRE_CHAT_FORM));
    fill(control(el, 'name'), 'Jane Doe');
    fill(control<HTMLSelectElement>(el, 'topic'), 'Billing');
    control(el, 'privacy').click();
    await submit(el);
    await waitUntil(() => panelRoot(el).querySelector('textarea'), 'the composer never came back', { timeout: 5000 });
    const first = await sendAndFetch(el, 'About my invoice');

    // "New conversation" in the list, as a visitor starts one.
    await el.showConversations();
    const list = () => panelRoot(el).querySelector('support-chat-conversations')?.shadowRoot;
    await waitUntil(() => list()?.querySelector('[part="new-conversation"]'), 'the list never showed', { timeout: 5000 });
    list()!.querySelector<HTMLButtonElement>('[part="new-conversation"]')!.click();
    await waitUntil(() => el.conversationId !== first.id && formRoot(el)?.querySelector('button'), 'the new conversation did not ask', { timeout: 5000 });
    const second = { id: el.conversationId };
    const asked = [...formRoot(el)!.querySelectorAll('[name]')].map((node) => node.getAttribute('name'));
    expect(asked, 'the name was given in this session; the email was skipped, so it is asked again').to.deep.equal(['email', 'topic', 'order', 'privacy']);
    await waitUntil(() => formRoot(el)!.activeElement === control(el, 'email'), 'the form did not take the focus');
    fill(control<HTMLSelectElement>(el, 'topic'), 'Orders');
    control(el, 'privacy').click();
    await submit(el);
    await waitUntil(() => panelRoot(el).querySelector('textarea'), 'the composer never came back', { timeout: 5000 });
    const conversation = await sendAndFetch(el, 'I want to return a parcel');
    expect(conversation.id).to.equal(second.id);
    expect(conversation.attributes.topic).to.equal('Orders');
    const before = await requestJson<ConversationSummary>(`${server}/api/v1/agent/conversations/${first.id}`, { method: 'GET', token });
    expect(before.attributes.topic, 'the first conversation keeps its own answers').to.equal('Billing');
  });
});

