import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import '../../src/inbox/define.js';
import type { AdminChannel, AdminFaq } from '../../src/inbox/admin-api.js';
import type { SupportInboxSettings } from '../../src/inbox/settings-view.js';
import type { Page } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { requestJson } from '../../src/transport/api.js';

// Read before any settings screen connects: the screen, not the inbox bundle, loads the widget.
const widgetDefinedUpFront = Boolean(customElements.get('support-chat'));
const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };
const token = (await executeServerCommand('chat-admin-token')) as string;

/** The admin API, called directly: what the server stored, and putting e2e back afterwards. */
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token });
const publicFaqs = () => requestJson<Page<{ question: string }>>(`${server}/api/v1/widget/channels/e2e/faqs`, { method: 'GET' });

const root = (el: SupportInboxSettings) => el.shadowRoot!;
const control = <T extends HTMLElement = HTMLInputElement>(el: SupportInboxSettings, name: string) => root(el).querySelector<T>(`[name="${name}"]`)!;
const statusText = (el: SupportInboxSettings) => root(el).querySelector('#settings-status')!.textContent!.trim();
const preview = (el: SupportInboxSettings) => root(el).querySelector<SupportChat>('support-chat')!;

/** Edits a control as a user does: a new value, then the `input` event. */
function type(target: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  target.value = value;
  target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** The preview's panel, once the lazily loaded widget has drawn it. */
async function previewPanel(el: SupportInboxSettings): Promise<ShadowRoot> {
  await waitUntil(() => preview(el)?.shadowRoot?.querySelector('support-chat-panel')?.shadowRoot?.querySelector('h2'), 'the preview never rendered', { timeout: 5000 });
  return preview(el).shadowRoot!.querySelector('support-chat-panel')!.shadowRoot!;
}

/** A settings screen showing the channel `key`, picked in its select as an admin would. */
async function settingsFor(key: string): Promise<SupportInboxSettings> {
  const el = await fixture<SupportInboxSettings>(html`<support-inbox-settings server=${server} .token=${token}></support-inbox-settings>`);
  const select = () => root(el).querySelector('select');
  await waitUntil(() => select()?.querySelector(`option[value="${key}"]`), 'the channels never loaded', { timeout: 5000 });
  select()!.value = key;
  select()!.dispatchEvent(new Event('change'));
  await el.updateComplete;
  return el;
}

describe('<support-inbox-settings> against the real admin API', () => {
  let original: AdminChannel;
  let faqsBefore: Set<string>;
  const editable = ({ settings: s }: AdminChannel) => ({
    primaryColor: s.primaryColor, headerTitle: s.headerTitle, headerSubtitle: s.headerSubtitle, greeting: s.greeting,
    offlineMessage: s.offlineMessage, anonymous: s.anonymous, hmac: s.hmac, assertion: s.assertion, direct: s.direct,
  });

  before(async () => {
    original = (await admin<Page<AdminChannel>>('GET', '/channels')).data.find((channel) => channel.key === 'e2e')!;
    faqsBefore = new Set((await admin<Page<AdminFaq>>('GET', '/channels/e2e/faqs')).data.map((faq) => faq.id));
  });

  // Other test files use the e2e channel on the same server: leave it as it was.
  after(async () => {
    await admin('PATCH', '/channels/e2e', { name: original.name, allowedOrigins: original.allowedOrigins, settings: editable(original) });
    for (const faq of (await admin<Page<AdminFaq>>('GET', '/channels/e2e/faqs')).data) {
      if (!faqsBefore.has(faq.id)) await admin('DELETE', `/channels/e2e/faqs/${faq.id}`);
    }
  });

  it('loads the e2e channel into the form and the widget into the preview, lazily; passes axe', async () => {
    expect(widgetDefinedUpFront, 'the inbox bundle does not load the widget').to.be.false;
    const el = await settingsFor('e2e');
    expect(control(el, 'name').value).to.equal('E2E');
    expect(control(el, 'settings.greeting').value).to.equal(original.settings.greeting);
    expect(control(el, 'settings.headerTitle').value).to.equal(original.settings.headerTitle);
    expect(control(el, 'settings.primaryColor').value).to.equal(original.settings.primaryColor);
    expect(control(el, 'allowedOrigins').value).to.equal('');
    expect(control(el, 'settings.anonymous').checked).to.equal(original.settings.anonymous);
    expect(control(el, 'settings.direct').checked).to.equal(original.settings.direct);
    const panel = await previewPanel(el);
    expect(preview(el).mode).to.equal('inline');
    expect(preview(el).mock, 'the preview never talks to the server').to.be.true;
    expect(panel.querySelector('.greeting')!.textContent).to.equal(original.settings.greeting);
    await expect(el).to.be.accessible();
  });

  it('the preview follows every input before saving; Save stores it and a new screen shows it back', async () => {
    const el = await settingsFor('e2e');
    const panel = await previewPanel(el);
    const variable = () => preview(el).shadowRoot!.querySelector<HTMLElement>('.root')!.style.getPropertyValue('--sc-primary');

    type(control(el, 'settings.primaryColor'), '#c2410c');
    await waitUntil(() => preview(el).config.primaryColor === '#c2410c', 'the typed color is not previewed');
    expect(variable()).to.equal('#c2410c');
    expect(root(el).querySelector<HTMLInputElement>('input[type="color"]')!.value).to.equal('#c2410c');
    type(root(el).querySelector<HTMLInputElement>('input[type="color"]')!, '#0f766e');
    await waitUntil(() => variable() === '#0f766e', 'the picked color is not previewed');
    expect(control(el, 'settings.primaryColor').value).to.equal('#0f766e');

    const title = 'Help <b>desk</b>';
    const greeting = 'Welcome! <img src=x onerror="window.__settingsXss=1">';
    type(control(el, 'settings.headerTitle'), title);
    type(control(el, 'settings.headerSubtitle'), 'Replies within the hour');
    type(control<HTMLTextAreaElement>(el, 'settings.greeting'), greeting);
    await waitUntil(() => panel.querySelector('.greeting')?.textContent === greeting, 'the greeting is not previewed');
    await waitUntil(() => panel.querySelector('h2')!.textContent === title, 'the title is not previewed');
    expect(panel.querySelector('.subtitle')!.textContent!.trim()).to.equal('Replies within the hour');
    expect(panel.querySelector('h2 b, .greeting img'), 'typed text renders as text').to.equal(null);
    const before = await admin<AdminChannel>('GET', '/channels/e2e');
    expect(before.settings.greeting, 'nothing stored before Save').to.equal(original.settings.greeting);

    type(control(el, 'name'), 'E2E shop');
    root(el).querySelector<HTMLButtonElement>('.channel-form button[type="submit"]')!.click();
    await waitUntil(() => statusText(el) === 'Saved', 'never saved', { timeout: 5000 });
    const stored = await admin<AdminChannel>('GET', '/channels/e2e');
    expect([stored.name, stored.settings.primaryColor, stored.settings.headerTitle, stored.settings.headerSubtitle, stored.settings.greeting]).to.deep.equal([
      'E2E shop', '#0f766e', title, 'Replies within the hour', greeting,
    ]);
    await expect(el).to.be.accessible();

    el.remove();
    const again = await settingsFor('e2e');
    expect(control(again, 'name').value).to.equal('E2E shop');
    expect(control(again, 'settings.primaryColor').value).to.equal('#0f766e');
    expect(control(again, 'settings.headerTitle').value).to.equal(title);
    expect(control(again, 'settings.greeting').value).to.equal(greeting);
    expect((window as { __settingsXss?: number }).__settingsXss).to.equal(undefined);
  });

  it("an invalid origin shows the server's error, marks and focuses the allowlist; nothing is stored", async () => {
    const el = await settingsFor('e2e');
    const allowlist = control<HTMLTextAreaElement>(el, 'allowedOrigins');
    type(allowlist, 'https://shop.example\nnot a url');
    root(el).querySelector<HTMLButtonElement>('.channel-form button[type="submit"]')!.click();
    await waitUntil(() => allowlist.getAttribute('aria-invalid') === 'true', 'the allowlist is not marked', { timeout: 5000 });
    expect(statusText(el)).to.match(/^allowedOrigins\.1: an origin like https:\/\/example\.com/);
    expect(root(el).activeElement).to.equal(allowlist);
    expect(allowlist.getAttribute('aria-describedby')).to.equal('settings-status');
    expect((await admin<AdminChannel>('GET', '/channels/e2e')).allowedOrigins).to.deep.equal(original.allowedOrigins);
    await expect(el).to.be.accessible();

    type(allowlist, 'https://shop.example');
    await el.updateComplete;
    expect(allowlist.hasAttribute('aria-invalid'), 'editing the field clears the mark').to.be.false;

    // The server's rule across fields: "direct" logins need an allowlist; its checkbox is marked.
    type(allowlist, '');
    control(el, 'settings.direct').click();
    root(el).querySelector<HTMLButtonElement>('.channel-form button[type="submit"]')!.click();
    await waitUntil(() => control(el, 'settings.direct').getAttribute('aria-invalid') === 'true', 'the direct mode is not marked', { timeout: 5000 });
    expect(statusText(el)).to.match(/^settings\.direct: needs an origin allowlist/);
    expect((await admin<AdminChannel>('GET', '/channels/e2e')).settings.direct).to.equal(original.settings.direct);
  });

  it('adds an FAQ (shown as text, offered to visitors) and deletes it', async () => {
    const el = await settingsFor('e2e');
    await waitUntil(() => root(el).querySelector('.faqs .empty'), 'the FAQs never loaded', { timeout: 5000 });
    const question = 'Do you ship <b>abroad</b>?';
    const faqForm = root(el).querySelector<HTMLFormElement>('.faq-form')!;
    const questionInput = faqForm.querySelector<HTMLInputElement>('[name="question"]')!;

    // Blank is refused by the server, which names the field: it is marked and focused.
    questionInput.value = '   ';
    faqForm.querySelector<HTMLTextAreaElement>('[name="answer"]')!.value = 'Yes.';
    faqForm.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => questionInput.getAttribute('aria-invalid') === 'true', 'the blank question is not marked', { timeout: 5000 });
    expect(root(el).querySelector('#faq-status')!.textContent).to.equal('question: must not be blank');
    expect(root(el).activeElement).to.equal(questionInput);

    faqForm.querySelector<HTMLInputElement>('[name="question"]')!.value = question;
    faqForm.querySelector<HTMLTextAreaElement>('[name="answer"]')!.value = 'Yes, to 40 countries.';
    faqForm.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => root(el).querySelectorAll('.faq-list li').length === 1, 'the FAQ never appeared', { timeout: 5000 });
    expect(root(el).querySelector('.faq-list .question')!.textContent).to.equal(question);
    expect(root(el).querySelector('.faq-list b'), 'typed text renders as text').to.equal(null);
    expect(faqForm.querySelector<HTMLInputElement>('[name="question"]')!.value, 'the form is cleared').to.equal('');
    expect((await publicFaqs()).data.map((faq) => faq.question)).to.deep.equal([question]);
    await expect(el).to.be.accessible();

    root(el).querySelector<HTMLButtonElement>(`.faq-list button[aria-label="Delete FAQ: ${question}"]`)!.click();
    await waitUntil(() => root(el).querySelectorAll('.faq-list li').length === 0, 'the FAQ was not removed', { timeout: 5000 });
    expect((await publicFaqs()).data).to.deep.equal([]);
    expect(root(el).querySelector('#faq-status')!.textContent).to.equal('FAQ deleted');
  });

  it('tells an agent who is not an admin why nothing loads', async () => {
    const { token: agentToken } = await requestJson<{ token: string }>(`${server}/api/v1/agent/login`, { method: 'POST', body: { email: agentEmail, password: agentPassword } });
    const el = await fixture<SupportInboxSettings>(html`<support-inbox-settings server=${server} .token=${agentToken}></support-inbox-settings>`);
    await waitUntil(() => root(el).querySelector('[role="alert"]'), 'no error shown', { timeout: 5000 });
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.equal('admin role required');
    expect(root(el).querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('puts the preview beside the form on a laptop screen and below it on a narrow one', async () => {
    try {
      await setViewport({ width: 1280, height: 800 });
      const el = await settingsFor('e2e');
      await previewPanel(el);
      const form = () => root(el).querySelector('.channel-form')!.getBoundingClientRect();
      const side = () => root(el).querySelector('.preview')!.getBoundingClientRect();
      expect(side().left, 'side by side').to.be.at.least(form().right);
      expect(side().width).to.be.at.least(340);
      await setViewport({ width: 700, height: 900 });
      await waitUntil(() => side().top >= form().bottom, 'not stacked on a narrow screen');
      expect(side().width).to.be.closeTo(form().width, 1);
      expect(root(el).querySelector('.faqs')!.getBoundingClientRect().top, 'the preview right below the form').to.be.at.least(side().bottom);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
