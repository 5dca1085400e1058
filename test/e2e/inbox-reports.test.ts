import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected } from '../browser/helpers.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };

/** A channel of this test's own (the server is shared), made through the admin API. */
async function ownChannel(): Promise<string> {
  const key = `reports-${Date.now()}`;
  const token = (await executeServerCommand('chat-admin-token')) as string;
  const response = await fetch(`${server}/api/v1/admin/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key, name: `Reports ${key.slice(8)}` }),
  });
  expect(response.status).to.equal(201);
  return key;
}

/** Shift + r, as an agent types it: the key is `R`. */
async function shiftR(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'R' });
  await sendKeys({ up: 'Shift' });
}

const cardFigure = (root: ShadowRoot, title: string) =>
  [...root.querySelectorAll('.card')].find((card) => card.querySelector('h3')?.textContent === title)?.querySelector('.figure')?.textContent;
const cardDetail = (root: ShadowRoot, title: string) =>
  [...root.querySelectorAll('.card')].find((card) => card.querySelector('h3')?.textContent === title)?.querySelector('.detail:last-child')?.textContent;

describe('the inbox: reports', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('R opens the reports; a channel shows its figures, the busiest hours as bars and a table; CSV; Esc goes back', async () => {
    // A conversation today in a channel of its own: asked, answered, closed.
    const key = await ownChannel();
    const widget = await fixture<SupportChat>(html`<support-chat channel=${key} server=${server} nickname="Rae"></support-chat>`);
    await connected(widget);
    await widget.sendMessage('Do you ship to Norway?');
    const conversationId = widget.conversationId!;
    await executeServerCommand('chat-agent-send', { conversationId, clientId: `reports-${Date.now()}`, text: 'We do.' });
    await executeServerCommand('chat-close', { id: conversationId });

    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const root = inbox.shadowRoot!;
    (document.activeElement as HTMLElement | null)?.blur();
    await shiftR();
    await waitUntil(() => root.querySelector('support-inbox-reports'), 'R did not open the reports');
    const reports = root.querySelector('support-inbox-reports')!;
    const screen = reports.shadowRoot!;
    await waitUntil(() => screen.querySelector('.cards'), 'no figures for every channel', { timeout: 10_000 });
    const channelPicker = screen.querySelector<HTMLSelectElement>('select')!;
    await waitUntil(() => [...channelPicker.options].some((option) => option.value === key), 'the channel is not offered');

    channelPicker.value = key;
    channelPicker.dispatchEvent(new Event('change'));
    await waitUntil(() => cardFigure(screen, 'Conversations') === '1' && !reports.view?.loading, 'the channel has one conversation', { timeout: 10_000 });
    expect(cardDetail(screen, 'First response')).to.equal('1 answered conversation');
    expect(cardDetail(screen, 'Resolution')).to.equal('1 closed conversation');
    expect(cardFigure(screen, 'Satisfaction')).to.equal('—');
    expect(cardFigure(screen, 'Resolved by AI')).to.equal('—');
    const hourRows = [...screen.querySelectorAll('section[aria-labelledby="reports-hours"] tbody tr')];
    expect(hourRows).to.have.length(24);
    expect(hourRows.reduce((sum, row) => sum + Number(row.querySelector('td')!.textContent), 0)).to.equal(1);
    expect(screen.querySelectorAll('section[aria-labelledby="reports-hours"] .bar')).to.have.length(24);
    expect(screen.querySelectorAll('section[aria-labelledby="reports-days"] tbody tr')).to.have.length(7);
    await expect(inbox).to.be.accessible();
    await expect(reports).to.be.accessible();

    // The CSV, fetched with the agent's token: the file the click would save.
    const saved: Array<{ name: string; text: Promise<string> }> = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, text: fetch(this.href).then((response) => response.text()) });
    };
    try {
      screen.querySelector<HTMLButtonElement>('.heading button')!.click();
      await waitUntil(() => saved.length === 1, 'nothing was downloaded');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(saved[0]!.name).to.match(new RegExp(`^report-${key}-\\d{4}-\\d{2}-\\d{2}-to-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const [header, row] = (await saved[0]!.text).split('\n');
    expect(header).to.match(/^channel,from,to,tz,conversations,first_response_median_seconds,/);
    expect(row!.split(',').slice(0, 1).concat(row!.split(',').slice(4, 5))).to.deep.equal([key, '1']);

    // A custom period: two dates; one the wrong way round is explained, not sent.
    const periodPicker = screen.querySelectorAll<HTMLSelectElement>('select')[1]!;
    periodPicker.value = 'custom';
    periodPicker.dispatchEvent(new Event('change'));
    await waitUntil(() => screen.querySelector('input[name="from"]'), 'no date fields');
    const from = screen.querySelector<HTMLInputElement>('input[name="from"]')!;
    from.value = '2099-01-01';
    from.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => screen.querySelector('.error')?.textContent === 'Pick a first day on or before the last day.', 'a reversed period is not explained');
    await expect(reports).to.be.accessible();
    // 300 days before today, today included: 301 days.
    const start = new Date();
    start.setDate(start.getDate() - 300);
    from.value = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
    from.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => !screen.querySelector('.error') && !reports.view?.loading && screen.querySelectorAll('section[aria-labelledby="reports-days"] tbody tr').length === 301, 'the custom period did not load', { timeout: 10_000 });
    expect(cardFigure(screen, 'Conversations')).to.equal('1');

    // Esc in the screen (here on its period picker) goes back.
    periodPicker.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !root.querySelector('support-inbox-reports'), 'Esc did not go back');
    (document.activeElement as HTMLElement | null)?.blur();
    // Opened again, the figures are read again: another visitor wrote meanwhile.
    for (const name of Object.keys(localStorage)) if (name.startsWith('support-chat:')) localStorage.removeItem(name);
    const another = await fixture<SupportChat>(html`<support-chat channel=${key} server=${server} nickname="Sam"></support-chat>`);
    await connected(another);
    await another.sendMessage('And to Iceland?');
    (document.activeElement as HTMLElement | null)?.blur();
    await shiftR();
    await waitUntil(() => root.querySelector('support-inbox-reports'), 'R did not open the reports again');
    const reopened = root.querySelector('support-inbox-reports')!.shadowRoot!;
    await waitUntil(() => cardFigure(reopened, 'Conversations') === '2', 'the reopened screen shows the old figures', { timeout: 10_000 });
    await shiftR();
    await waitUntil(() => !root.querySelector('support-inbox-reports'), 'R again did not close them');
  });
});
