import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { SupportChat } from '../../src/support-chat.js';
import { signedIn } from './inbox-helpers.js';
import { connected } from '../browser/helpers.js';

const { url: server, agentEmail, agentPassword, agentName } = (await executeServerCommand('chat-server')) as {
  url: string;
  agentEmail: string;
  agentPassword: string;
  agentName: string;
};

const rowFor = (root: ShadowRoot, who: string) => [...root.querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.who')?.textContent === who);
const filterButton = (root: ShadowRoot, label: string) => [...root.querySelectorAll<HTMLButtonElement>('.filters button')].find((button) => button.textContent === label)!;

/** A visitor in Chromium with a name, a plan and one message; returns the element. */
async function visitor(name: string, text: string): Promise<SupportChat> {
  // Another visitor: forget the widget's stored visitor (the inbox's own preferences stay).
  for (const key of Object.keys(localStorage)) if (key.startsWith('support-chat:')) localStorage.removeItem(key);
  const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} nickname=${name} extra='{"plan":"pro"}'></support-chat>`);
  await connected(el);
  await el.sendMessage(text);
  return el;
}

async function inbox(): Promise<{ inbox: SupportInbox; root: ShadowRoot }> {
  const element = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
  await signedIn(element, agentEmail, agentPassword);
  return { inbox: element, root: element.shadowRoot! };
}

describe('the inbox as a help desk', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('lists with unread marks and a title badge; shows who the visitor is and where; assigns; filters follow', async () => {
    const name = `Vera ${Date.now()}`;
    await visitor(name, 'Where is my parcel?');
    const { inbox: desk, root } = await inbox();
    await waitUntil(() => rowFor(root, name), 'the conversation is not listed', { timeout: 10_000 });
    expect(rowFor(root, name)!.querySelector('.unread')?.textContent).to.equal('unread');
    expect(document.title).to.match(/^\(\d+\) /);

    rowFor(root, name)!.click();
    await waitUntil(() => root.querySelector('.visitor-panel h2')?.textContent === name, 'no visitor panel');
    await waitUntil(() => !rowFor(root, name)!.querySelector('.unread'), 'still unread after opening');
    const panel = root.querySelector('.visitor-panel')!;
    const facts = Object.fromEntries([...panel.querySelectorAll('dt')].map((term) => [term.textContent, term.nextElementSibling!.textContent!.trim()]));
    expect(facts.Page).to.equal(location.href);
    expect(facts.Language).to.equal('en');
    expect(facts.Browser).to.contain('Chrome');
    expect(facts.plan).to.equal('pro');
    expect(panel.querySelector('.identity')!.textContent!.trim()).to.equal('Not verified');
    await waitUntil(() => panel.querySelectorAll('.history button').length === 1, 'the visitor history did not load');
    await expect(desk).to.be.accessible();

    const select = root.querySelector<HTMLSelectElement>('.assign select')!;
    const me = [...select.options].find((option) => option.textContent === agentName)!;
    select.value = me.value;
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => rowFor(root, name)?.querySelector('.meta')?.textContent === `→ ${agentName}`, 'not shown as assigned');
    filterButton(root, 'Unassigned').click();
    await waitUntil(() => filterButton(root, 'Unassigned').getAttribute('aria-pressed') === 'true' && !root.querySelector('.empty + *') && !rowFor(root, name), 'an assigned conversation is listed as unassigned', { timeout: 5000 });
    filterButton(root, 'Mine').click();
    await waitUntil(() => rowFor(root, name), 'not in Mine', { timeout: 5000 });
  });

  it('keyboard: j/k move, 1–4 switch lists, a assigns, e closes, r replies, ? shows the list', async () => {
    const first = `Kim ${Date.now()}`;
    await visitor(first, 'first');
    const second = `Lou ${Date.now()}`;
    await visitor(second, 'second');
    const { root } = await inbox();
    await waitUntil(() => rowFor(root, first) && rowFor(root, second), 'both conversations listed', { timeout: 10_000 });
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'j' });
    await waitUntil(() => root.querySelector('.list button[aria-current="true"]'), 'j selected nothing');
    const selected = () => root.querySelector('.list button[aria-current="true"] .who')?.textContent;
    const start = selected();
    await sendKeys({ press: 'j' });
    await waitUntil(() => selected() !== start, 'j did not move');
    await sendKeys({ press: 'k' });
    await waitUntil(() => selected() === start, 'k did not move back');

    await sendKeys({ press: 'a' });
    await waitUntil(() => root.querySelector('.list button[aria-current="true"] .meta')?.textContent === `→ ${agentName}`, 'a did not assign');
    await sendKeys({ press: '?' });
    await waitUntil(() => root.querySelector<HTMLDialogElement>('dialog.shortcuts')!.open, '? did not open the list');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !root.querySelector<HTMLDialogElement>('dialog.shortcuts')!.open, 'Escape did not close it');
    await sendKeys({ press: 'e' });
    await waitUntil(() => root.querySelector('.thread-bar span')?.textContent?.startsWith('Closed'), 'e did not close');
    await waitUntil(() => !rowFor(root, start!), 'a closed conversation stays in Open');
    await sendKeys({ press: '4' });
    await waitUntil(() => filterButton(root, 'Closed').getAttribute('aria-pressed') === 'true' && rowFor(root, start!), '4 did not show the closed list', { timeout: 5000 });
    await sendKeys({ press: 'r' });
    expect(root.activeElement?.tagName).to.equal('TEXTAREA');
    await sendKeys({ type: 'j' });
    expect(root.querySelector('textarea')!.value, 'keys typed in the reply are text').to.equal('j');
  });

  it('opt-in notifications for a visitor message elsewhere; clicking one opens the conversation', async () => {
    const shown: Array<{ title: string; body: string; notification: { onclick: (() => void) | null } }> = [];
    const original = window.Notification;
    // The browser's permission prompt is the edge here: a stand-in grants it and records what is shown.
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission = async () => (FakeNotification.permission = 'granted');
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, body: String(options.body), notification: this });
      }
      close() {}
    }
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    try {
      const { root } = await inbox();
      const toggle = [...root.querySelectorAll<HTMLButtonElement>('.tools button')].find((button) => button.textContent === 'Notifications')!;
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      toggle.click();
      await waitUntil(() => toggle.getAttribute('aria-pressed') === 'true', 'notifications not enabled');
      const name = `Noa ${Date.now()}`;
      await visitor(name, 'anyone there?');
      await waitUntil(() => shown.some((item) => item.title === name), 'no notification', { timeout: 10_000 });
      const notice = shown.find((item) => item.title === name)!;
      expect(notice.body).to.equal('anyone there?');
      notice.notification.onclick!();
      await waitUntil(() => root.querySelector('.visitor-panel h2')?.textContent === name, 'the click did not open it');
    } finally {
      (window as unknown as { Notification: unknown }).Notification = original;
    }
  });

  it('an invited agent chooses a password from the invite link and is signed in', async () => {
    const invite = (await executeServerCommand('chat-invite', { email: `new-${Date.now()}@test.example`, name: 'New Agent' })) as { token: string; path: string };
    history.replaceState(null, '', `${location.pathname}${location.search}#invite=${invite.token}`);
    const element = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    const root = element.shadowRoot!;
    expect(root.querySelector('h1')!.textContent).to.equal('Choose your password');
    expect(root.querySelector('input[name="email"]')).to.equal(null);
    await expect(element).to.be.accessible();
    root.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'a long new password';
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => root.querySelector('.who-am-i')?.textContent?.startsWith('New Agent'), 'not signed in', { timeout: 10_000 });
    expect(location.hash, 'the token leaves the address bar').to.equal('');
  });
});
