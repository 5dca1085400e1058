import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { render } from 'lit';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { AdminChannel } from '../../src/inbox/admin-api.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { SupportInboxSettings } from '../../src/inbox/settings-view.js';
import { renderVisitorPanel } from '../../src/inbox/visitor-panel.js';
import type { ConversationSummary } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { requestJson } from '../../src/transport/api.js';
import { connected } from '../browser/helpers.js';
import { PRE_CHAT_FORM } from './fixtures/pre-chat-form.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };
const token = (await executeServerCommand('chat-admin-token')) as string;
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token });

const root = (el: SupportInboxSettings) => el.shadowRoot!;
const control = <T extends HTMLElement = HTMLInputElement>(el: SupportInboxSettings, name: string) => root(el).querySelector<T>(`[name="${name}"]`)!;
const field = (index: number, property: string) => `settings.preChat.fields.${index}.${property}`;
const statusText = (el: SupportInboxSettings) => root(el).querySelector('#pre-chat-status')!.textContent!.trim();
const questions = (el: SupportInboxSettings) => [...root(el).querySelectorAll<HTMLInputElement>('.pre-chat-fields [name$=".label"]')].map((input) => input.value);

/** Edits a control as a user does: a new value, then the `input` event. */
function type(target: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  target.value = value;
  target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

async function click(el: SupportInboxSettings, selector: string): Promise<void> {
  root(el).querySelector<HTMLButtonElement>(selector)!.click();
  await el.updateComplete;
}

/** A new channel of its own, shown in a settings screen picked as an admin would. */
async function settingsForNewChannel(): Promise<{ el: SupportInboxSettings; key: string }> {
  const key = `inbox-pre-${Date.now().toString(36)}`;
  await admin('POST', '/channels', { key, name: 'Pre-chat shop' });
  const el = await fixture<SupportInboxSettings>(html`<support-inbox-settings server=${server} .token=${token}></support-inbox-settings>`);
  const select = () => root(el).querySelector<HTMLSelectElement>('.bar select');
  await waitUntil(() => select()?.querySelector(`option[value="${key}"]`), 'the channels never loaded', { timeout: 5000 });
  select()!.value = key;
  select()!.dispatchEvent(new Event('change'));
  await el.updateComplete;
  return { el, key };
}

describe('<support-inbox-settings>: the pre-chat form editor', () => {
  it('adds, edits, reorders and removes questions, saves the form, and shows the server’s refusal on the field', async () => {
    const { el, key } = await settingsForNewChannel();
    expect(root(el).querySelector('.pre-chat .empty')!.textContent).to.contain('No pre-chat form');
    await expect(el).to.be.accessible();

    await click(el, '.pre-chat .add');
    expect(root(el).activeElement, 'the new question’s type takes the focus').to.equal(control(el, field(0, 'type')));
    type(control<HTMLSelectElement>(el, field(0, 'type')), 'select');
    await el.updateComplete;
    type(control(el, field(0, 'key')), 'topic');
    type(control(el, field(0, 'label')), 'Topic');
    type(control<HTMLTextAreaElement>(el, field(0, 'options')), 'Orders\n Billing \n\n');
    control(el, field(0, 'required')).click();

    await click(el, '.pre-chat .add');
    type(control<HTMLSelectElement>(el, field(1, 'type')), 'consent');
    await el.updateComplete;
    type(control(el, field(1, 'key')), 'privacy');
    type(control(el, field(1, 'label')), 'I accept the <b>privacy</b> policy');
    type(control(el, field(1, 'url')), 'https://shop.example/privacy');

    await click(el, '.pre-chat .add');
    type(control<HTMLSelectElement>(el, field(2, 'type')), 'name');
    type(control(el, field(2, 'label')), 'Your name');
    await el.updateComplete;
    await click(el, '[data-field="2"] .move');
    expect(root(el).activeElement!.getAttribute('aria-label'), 'the pressed button keeps the focus').to.equal('Move up: Your name');
    await click(el, '[data-field="1"] .move');
    expect(questions(el)).to.deep.equal(['Your name', 'Topic', 'I accept the <b>privacy</b> policy']);
    expect(root(el).activeElement!.getAttribute('aria-label'), 'at the top, its other move button').to.equal('Move down: Your name');
    expect(root(el).querySelector('.pre-chat-fields b'), 'typed text stays text').to.equal(null);
    await expect(el).to.be.accessible();

    await click(el, '.pre-chat .add');
    type(control(el, field(3, 'label')), 'Throwaway');
    await el.updateComplete;
    root(el).querySelector<HTMLButtonElement>('[aria-label="Remove: Throwaway"]')!.click();
    await el.updateComplete;
    expect(questions(el)).to.have.length(3);

    root(el).querySelector<HTMLButtonElement>('.pre-chat-form button[type="submit"]')!.click();
    await waitUntil(() => statusText(el) === 'Pre-chat form saved', 'never saved', { timeout: 5000 });
    const stored = await admin<AdminChannel>('GET', `/channels/${key}`);
    expect(stored.settings.preChat).to.deep.equal({
      fields: [
        { key: 'question-3', type: 'name', label: 'Your name' },
        { key: 'topic', type: 'select', label: 'Topic', required: true, options: ['Orders', 'Billing'] },
        { key: 'privacy', type: 'consent', label: 'I accept the <b>privacy</b> policy', url: 'https://shop.example/privacy' },
      ],
    });
    const config = await requestJson<{ preChat: unknown }>(`${server}/api/v1/widget/channels/${key}/config`, { method: 'GET' });
    expect(config.preChat).to.deep.equal(stored.settings.preChat);

    // The server's rules are the ones shown: a select without choices is refused, naming that field.
    const options = control<HTMLTextAreaElement>(el, field(1, 'options'));
    type(options, '  ');
    root(el).querySelector<HTMLButtonElement>('.pre-chat-form button[type="submit"]')!.click();
    await waitUntil(() => options.getAttribute('aria-invalid') === 'true', 'the choices are not marked', { timeout: 5000 });
    expect(statusText(el)).to.match(/^settings\.preChat\.fields\.1\.options: /);
    expect(root(el).activeElement).to.equal(options);
    expect(options.getAttribute('aria-describedby')).to.equal('pre-chat-status');
    await expect(el).to.be.accessible();
    expect((await admin<AdminChannel>('GET', `/channels/${key}`)).settings.preChat).to.deep.equal(stored.settings.preChat);

    // Removing every question and saving turns the form off.
    for (let index = 2; index >= 0; index--) {
      root(el).querySelectorAll<HTMLButtonElement>('.pre-chat-fields .link-button')[index]!.click();
      await el.updateComplete;
    }
    root(el).querySelector<HTMLButtonElement>('.pre-chat-form button[type="submit"]')!.click();
    await waitUntil(() => statusText(el) === 'Pre-chat form removed', 'never removed', { timeout: 5000 });
    expect((await admin<AdminChannel>('GET', `/channels/${key}`)).settings.preChat).to.equal(null);
  });
});

describe('the visitor panel shows the conversation’s attributes', () => {
  it('lists them as text beside the profile, and leaves the heading out when there are none', async () => {
    const visitor = { id: 'v_1', channelKey: 'e2e', externalUserId: null, verified: false, profile: { name: 'Jane Doe', email: 'jane@shop.example' }, context: {}, createdAt: new Date().toISOString() };
    const conversation = {
      id: 'c_1', channelKey: 'e2e', visitorId: 'v_1', status: 'open', lastSeq: 1, visitorReadSeq: 1, agentReadSeq: 0, assignedAgentId: null,
      createdAt: visitor.createdAt, updatedAt: visitor.createdAt, closedAt: null, rating: null, isDefault: true, subject: null,
      handledBy: 'human', aiAgentId: null, resolvedByAi: false, labels: [],
      attributes: { topic: 'Billing', order: '<img src=x onerror="window.__attrXss=1">' }, visitor, lastMessage: null,
    } as ConversationSummary;
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    render(renderVisitorPanel(conversation, html``), host);
    const terms = [...host.querySelectorAll('.attributes dt')].map((node) => node.textContent);
    const values = [...host.querySelectorAll('.attributes dd')].map((node) => node.textContent);
    expect(terms).to.deep.equal(['topic', 'order']);
    expect(values).to.deep.equal(['Billing', '<img src=x onerror="window.__attrXss=1">']);
    expect(host.querySelector('.attributes img')).to.equal(null);
    await expect(host).to.be.accessible();

    render(renderVisitorPanel({ ...conversation, attributes: {} }, html``), host);
    expect(host.querySelector('.attributes')).to.equal(null);
  });
});

describe('<support-inbox>: a conversation’s pre-chat answers, live', () => {
  // The test runner reuses its tab between files: an inbox session another file left must not sign this one in.
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  /** Answers the form through the visitor's client, writes `text`, and opens that conversation in the inbox. */
  async function answeredIn(inbox: SupportInbox, visitor: SupportChat, text: string): Promise<HTMLElement> {
    await visitor.client!.preChat.submit({ name: 'Jane Doe', topic: 'Billing', privacy: true });
    await visitor.sendMessage(text);
    const row = () => [...inbox.shadowRoot!.querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.preview')?.textContent === text);
    await waitUntil(row, 'the conversation never appeared in the list', { timeout: 5000 });
    row()!.click();
    const panel = () => inbox.shadowRoot!.querySelector<HTMLElement>('.visitor-panel');
    await waitUntil(() => panel()?.querySelector('.attributes dd'), 'no answers in the visitor panel', { timeout: 5000 });
    return panel()!;
  }

  it('shows the answers of a conversation its first message opened, and of one opened before its first message', async () => {
    const key = `inbox-live-${Date.now().toString(36)}`;
    await admin('POST', '/channels', { key, name: 'Live answers', settings: { preChat: PRE_CHAT_FORM } });
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const visitor = await fixture<SupportChat>(html`<support-chat channel=${key} server=${server}></support-chat>`);
    await connected(visitor);

    const first = await answeredIn(inbox, visitor, `First ${key}`);
    expect([...first.querySelectorAll('.attributes dt')].map((node) => node.textContent)).to.deep.equal(['topic', 'privacy']);
    expect(first.querySelector('.attributes dd')!.textContent).to.equal('Billing');
    expect(first.querySelector('#visitor-heading')!.textContent).to.equal('Jane Doe');
    await expect(inbox).to.be.accessible();

    // Opened explicitly (as "New conversation" does): the inbox hears of it before it has answers.
    const opened = await visitor.client!.conversations.create({ subject: 'Second' });
    await visitor.client!.conversations.open(opened.id);
    const second = await answeredIn(inbox, visitor, `Second ${key}`);
    expect(second.querySelector('.attributes dd')!.textContent).to.equal('Billing');
  });
});

