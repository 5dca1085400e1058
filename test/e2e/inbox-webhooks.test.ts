import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInboxSettings } from '../../src/inbox/settings-view.js';
import type { Page, Webhook, WebhookDelivery } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { requestJson } from '../../src/transport/api.js';
import type { ReceivedWebhook } from './webhook-receiver.js';
import { connected } from '../browser/helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
const token = (await executeServerCommand('chat-admin-token')) as string;

/** The admin API, called directly: what the server stored, and cleaning up afterwards. */
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token });
/** The real HTTP receiver run by the server plugin: its URL and every request it got. */
const receiver = () => executeServerCommand('chat-webhook-receiver') as Promise<{ url: string; requests: ReceivedWebhook[] }>;
const receiverAnswers = (status: number) => executeServerCommand('chat-webhook-answer', { status });

const root = (el: SupportInboxSettings) => el.shadowRoot!;
const find = <T extends HTMLElement = HTMLElement>(el: SupportInboxSettings, selector: string) => root(el).querySelector<T>(selector)!;
const statusText = (el: SupportInboxSettings) => find(el, '#webhook-status').textContent!.trim();
const item = (el: SupportInboxSettings, id: string) => root(el).querySelector<HTMLLIElement>(`.webhook-list li[data-webhook="${id}"]`);
const firstDelivery = (el: SupportInboxSettings) => root(el).querySelector<HTMLTableRowElement>('.deliveries tbody tr');
const cell = (row: HTMLTableRowElement | null, selector: string) => row?.querySelector(selector)?.textContent?.trim() ?? '';

/** The settings screen for the e2e channel, once its webhooks section has loaded. */
async function settings(): Promise<SupportInboxSettings> {
  const el = await fixture<SupportInboxSettings>(html`<support-inbox-settings server=${server} .token=${token}></support-inbox-settings>`);
  await waitUntil(() => root(el).querySelector('.webhook-form'), 'the webhooks section never showed', { timeout: 5000 });
  const select = find<HTMLSelectElement>(el, 'select');
  select.value = 'e2e';
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
  return el;
}

/** A visitor of the e2e channel (a fresh one: storage cleared) sends `text` from the widget. */
async function visitorSays(text: string): Promise<void> {
  localStorage.clear();
  const chat = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
  await connected(chat);
  await chat.sendMessage(text);
  chat.remove();
}

/** The receiver's request carrying `text`, once it came. */
async function received(text: string, answered?: number): Promise<ReceivedWebhook> {
  let found: ReceivedWebhook | undefined;
  await waitUntil(async () => {
    found = (await receiver()).requests.find((request) => request.body.includes(text) && (answered === undefined || request.answered === answered));
    return found;
  }, `the receiver never got "${text}"`, { timeout: 5000, interval: 100 });
  return found!;
}

/** Presses Refresh until the newest delivery in the open log passes `ready`. */
async function refreshUntil(el: SupportInboxSettings, ready: (row: HTMLTableRowElement | null) => boolean, message: string): Promise<HTMLTableRowElement> {
  await waitUntil(async () => {
    root(el).querySelector<HTMLButtonElement>('.deliveries .refresh')?.click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return ready(firstDelivery(el));
  }, message, { timeout: 5000 });
  return firstDelivery(el)!;
}

/** Checks `X-Support-Chat-Signature` (`t=…,v1=hex HMAC-SHA256(secret, t + "." + body)`) with WebCrypto. */
async function signedWith(secret: string, { signature, body }: ReceivedWebhook): Promise<boolean> {
  const parts = Object.fromEntries(signature.split(',').map((part) => part.split('=', 2)));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${parts.t}.${body}`)));
  return [...mac].map((byte) => byte.toString(16).padStart(2, '0')).join('') === parts.v1;
}

/** A webhook for the e2e channel's new messages, made through the API (not the part under test). */
async function webhookToReceiver(): Promise<Webhook> {
  return admin<Webhook>('POST', '/webhooks', { url: (await receiver()).url, events: ['message.created'], channel: 'e2e' });
}

describe('<support-inbox-settings> webhooks against the real admin API and a real receiver', () => {
  let existing: Set<string>;
  const stored = async () => (await admin<Page<Webhook>>('GET', '/webhooks')).data.filter((webhook) => !existing.has(webhook.id));

  beforeEach(async () => {
    existing = new Set((await admin<Page<Webhook>>('GET', '/webhooks')).data.map((webhook) => webhook.id));
  });

  // Other test files send messages on the same server: leave no webhook and no receiver behind.
  afterEach(async () => {
    for (const webhook of await stored()) await admin('DELETE', `/webhooks/${webhook.id}`);
    await executeServerCommand('chat-webhook-receiver', { close: true });
  });

  it('adds a webhook, shows its secret once; a visitor message reaches the receiver, signed, and shows as delivered', async () => {
    const { url } = await receiver();
    const el = await settings();
    expect(find(el, '.webhooks .empty').textContent).to.equal('No webhooks yet.');
    const form = find<HTMLFormElement>(el, '.webhook-form');
    form.querySelector<HTMLInputElement>('[name="url"]')!.value = url;
    form.querySelector<HTMLInputElement>('[name="channel"]')!.click();
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

    await waitUntil(() => root(el).querySelector('.secret input'), 'no secret shown', { timeout: 5000 });
    const [webhook] = await stored();
    expect(webhook).to.include({ url, channel: 'e2e', active: true });
    expect(webhook!.events).to.deep.equal(['message.created']);
    const secret = find<HTMLInputElement>(el, '.secret input');
    expect(secret.value).to.match(/^whsec_[\w-]{20,}$/);
    expect(secret.readOnly).to.be.true;
    expect(root(el).activeElement, 'the secret is focused, ready to copy').to.equal(secret);
    expect(find(el, '.secret .hint').textContent).to.contain("won't be shown again");
    expect(find(el, '.webhook-url').textContent).to.equal(url);
    expect(find(el, '.webhook-list .hint').textContent).to.equal('message.created · channel e2e');
    expect(statusText(el)).to.equal('Webhook added');
    expect(form.querySelector<HTMLInputElement>('[name="url"]')!.value, 'the form is cleared').to.equal('');
    await expect(el).to.be.accessible();

    await visitorSays('Webhook me <b>now</b>');
    const request = await received('Webhook me <b>now</b>');
    expect(request.event).to.equal('message.created');
    expect(await signedWith(secret.value, request), 'signed with the secret shown').to.be.true;

    find<HTMLButtonElement>(el, `[data-webhook="${webhook!.id}"] .log`).click();
    const row = await refreshUntil(el, (tr) => cell(tr, '.delivery-status') === 'delivered', 'the delivery never showed as delivered');
    expect(row.dataset.delivery).to.equal(request.deliveryId);
    expect([...row.cells].slice(0, 4).map((td) => td.textContent!.trim())).to.deep.equal(['message.created', 'delivered', '1', 'HTTP 204']);
    expect(row.cells[4]!.querySelector('time')!.dateTime).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(row.cells[5]!.textContent!.trim(), 'nothing more to send').to.equal('—');
    find<HTMLButtonElement>(el, '.deliveries .refresh').click();
    await waitUntil(() => statusText(el) === 'Delivery log refreshed', 'Refresh did not answer', { timeout: 5000 });
    await expect(el).to.be.accessible();

    // Shown once: a new screen lists the webhook without any secret.
    el.remove();
    const again = await settings();
    await waitUntil(() => item(again, webhook!.id), 'the webhook is not listed', { timeout: 5000 });
    expect(root(again).querySelector('.secret')).to.equal(null);
    expect(root(again).innerHTML).not.to.contain(secret.value);
  });

  it('a receiver answering 500 leaves the delivery pending with "HTTP 500"; Redeliver after the fix delivers it', async function () {
    this.timeout(20_000);
    const webhook = await webhookToReceiver();
    await receiverAnswers(500);
    await visitorSays('Are you down?');
    await received('Are you down?', 500);

    const el = await settings();
    await waitUntil(() => item(el, webhook.id), 'the webhook is not listed', { timeout: 5000 });
    find<HTMLButtonElement>(el, `[data-webhook="${webhook.id}"] .log`).click();
    const failed = await refreshUntil(el, (tr) => cell(tr, '.result') === 'HTTP 500', 'the failed attempt never showed');
    expect(cell(failed, '.delivery-status')).to.equal('pending');
    expect(failed.cells[2]!.textContent).to.equal('1');
    expect(failed.cells[5]!.querySelector('time'), 'the next attempt is shown').to.not.equal(null);
    expect(find(el, `[data-webhook="${webhook.id}"] .log`).getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    // The automatic retry is due ~10 s after the failure: a delivery before then is Redeliver's.
    const [logged] = (await admin<Page<WebhookDelivery>>('GET', `/webhooks/${webhook.id}/deliveries`)).data;
    const retryDue = Date.parse(logged!.nextAttemptAt!);
    expect(retryDue - Date.now()).to.be.greaterThan(3000);

    await receiverAnswers(204);
    failed.querySelector<HTMLButtonElement>('.redeliver')!.click();
    await waitUntil(() => statusText(el) === 'Redelivery queued: Refresh shows how it went', 'Redeliver did not answer', { timeout: 5000 });
    await received('Are you down?', 204);
    const delivered = await refreshUntil(el, (tr) => cell(tr, '.delivery-status') === 'delivered', 'the redelivery never showed as delivered');
    expect(Date.now(), 'delivered before the automatic retry was due').to.be.below(retryDue);
    expect([delivered.cells[2]!.textContent, cell(delivered, '.result')]).to.deep.equal(['2', 'HTTP 204']);
    expect(root(el).querySelectorAll('.deliveries tbody tr')).to.have.length(1);
  });

  it("an invalid URL shows the server's error on the URL field; nothing is stored", async () => {
    const el = await settings();
    const form = find<HTMLFormElement>(el, '.webhook-form');
    const url = form.querySelector<HTMLInputElement>('[name="url"]')!;
    url.value = 'ftp://x';
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => url.getAttribute('aria-invalid') === 'true', 'the URL field is not marked', { timeout: 5000 });
    expect(statusText(el)).to.match(/^url: \S/);
    expect(find(el, '#webhook-status').classList.contains('error')).to.be.true;
    expect(url.getAttribute('aria-describedby')).to.equal('webhook-status');
    expect(root(el).activeElement).to.equal(url);
    expect(root(el).querySelector('.secret')).to.equal(null);
    expect(await stored()).to.deep.equal([]);
    await expect(el).to.be.accessible();

    url.value = 'https://hooks.example.com/in';
    url.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(url.hasAttribute('aria-invalid'), 'editing the field clears the mark').to.be.false;

    // No event ticked: the server names `events`, and the group of checkboxes is marked.
    const events = find<HTMLFieldSetElement>(el, 'fieldset[name="events"]');
    events.querySelector<HTMLInputElement>('[value="message.created"]')!.click();
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => events.getAttribute('aria-invalid') === 'true', 'the events are not marked', { timeout: 5000 });
    expect(statusText(el)).to.match(/^events: \S/);
    expect(root(el).activeElement).to.equal(events.querySelector('input'));
    expect(await stored()).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('shows a URL as text; pauses, rotates the secret (the new one signs) and deletes after a confirm step', async () => {
    const hostile = 'https://hooks.example.com/in?q=<img src=x onerror="window.__webhookXss=1">';
    const plain = await admin<Webhook>('POST', '/webhooks', { url: hostile, events: ['conversation.closed', 'tool.result'] });
    const webhook = await webhookToReceiver();
    const el = await settings();
    await waitUntil(() => item(el, webhook.id) && item(el, plain.id), 'the webhooks are not listed', { timeout: 5000 });
    expect(item(el, plain.id)!.querySelector('.webhook-url')!.textContent).to.equal(hostile);
    expect(item(el, plain.id)!.querySelector('.hint')!.textContent).to.equal('conversation.closed, tool.result · all channels');
    expect(root(el).querySelector('.webhook-list img'), 'a URL renders as text').to.equal(null);

    const active = item(el, plain.id)!.querySelector<HTMLInputElement>('.active')!;
    active.click();
    await waitUntil(() => statusText(el) === 'Webhook paused', 'never paused', { timeout: 5000 });
    expect((await admin<Webhook>('GET', `/webhooks/${plain.id}`)).active).to.be.false;
    expect(active.checked).to.be.false;

    item(el, webhook.id)!.querySelector<HTMLButtonElement>('.rotate')!.click();
    await waitUntil(() => item(el, webhook.id)!.querySelector('.secret input'), 'no new secret shown', { timeout: 5000 });
    const secret = item(el, webhook.id)!.querySelector<HTMLInputElement>('.secret input')!.value;
    expect(secret).to.match(/^whsec_/);
    await visitorSays('Signed anew?');
    expect(await signedWith(secret, await received('Signed anew?')), 'the rotated secret signs').to.be.true;

    item(el, plain.id)!.querySelector<HTMLButtonElement>('.delete')!.click();
    await waitUntil(() => item(el, plain.id)!.querySelector('[role="group"]'), 'no confirm step', { timeout: 5000 });
    expect(item(el, plain.id)!.querySelector('.confirm p')!.textContent).to.equal('Delete this webhook and its delivery log?');
    expect(root(el).activeElement, 'the keyboard lands on Cancel').to.equal(item(el, plain.id)!.querySelector('.cancel'));
    await expect(el).to.be.accessible();
    item(el, plain.id)!.querySelector<HTMLButtonElement>('.cancel')!.click();
    await waitUntil(() => item(el, plain.id)!.querySelector('.delete'), 'Cancel did not bring Delete back', { timeout: 5000 });
    expect(root(el).activeElement).to.equal(item(el, plain.id)!.querySelector('.delete'));
    expect((await stored()).map(({ id }) => id)).to.include(plain.id);

    item(el, plain.id)!.querySelector<HTMLButtonElement>('.delete')!.click();
    await waitUntil(() => item(el, plain.id)!.querySelector('.confirm-delete'), 'no confirm step', { timeout: 5000 });
    item(el, plain.id)!.querySelector<HTMLButtonElement>('.confirm-delete')!.click();
    await waitUntil(() => !item(el, plain.id), 'the webhook was not removed', { timeout: 5000 });
    expect(statusText(el)).to.equal('Webhook deleted');
    expect((await stored()).map(({ id }) => id)).to.deep.equal([webhook.id]);
    expect((window as { __webhookXss?: number }).__webhookXss).to.equal(undefined);
  });
});
