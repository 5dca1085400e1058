import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import '../../src/define.js';
import { proactiveKey } from '../../src/client/storage.js';
import type { SupportChatProactiveEvent } from '../../src/events.js';
import type { ProactiveTrigger } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { requestJson } from '../../src/transport/api.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
const token = (await executeServerCommand('chat-admin-token')) as string;
let channels = 0;

/** A channel of its own with `triggers`, and a widget on it whose live config has arrived. */
async function widget(triggers: ProactiveTrigger[], attributes: { consent?: boolean; key?: string } = {}) {
  const key = attributes.key ?? `proactive-${Date.now()}-${++channels}`;
  if (!attributes.key) await requestJson(`${server}/api/v1/admin/channels`, { method: 'POST', token, body: { key, name: 'Proactive', settings: { proactive: triggers } } });
  const el = await fixture<SupportChat>(html`<support-chat channel=${key} server=${server} locale="en" ?no-storage-until-open=${attributes.consent}></support-chat>`);
  const fired: SupportChatProactiveEvent[] = [];
  el.addEventListener('support-chat-proactive', (event) => fired.push(event));
  await waitUntil(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes(`/channels/${key}/config`)), 'the config never came', { timeout: 10_000 });
  return { el, key, fired };
}
const bubble = (el: SupportChat) => el.shadowRoot!.querySelector<HTMLElement>('.proactive');
const centerOf = (element: Element): [number, number] => {
  const rect = element.getBoundingClientRect();
  return [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)];
};
const message = (id: string, when: ProactiveTrigger['when'], extra: Partial<ProactiveTrigger> = {}): ProactiveTrigger => ({ id, when, once: 'session', action: { message: `Trigger ${id}` }, ...extra });

describe('proactive triggers', () => {
  const start = location.href;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => {
    fixtureCleanup();
    history.replaceState(null, '', start);
  });

  it('a page signal (raised before the chunk is in) shows a dismissible, accessible bubble by the launcher', async () => {
    const { el, fired } = await widget([message('cart', { signal: 'cart.failed' })]);
    void el.signal('cart.failed');
    await waitUntil(() => bubble(el), 'no bubble', { timeout: 10_000 });
    expect(fired.map((event) => event.detail)).to.deep.equal([{ triggerId: 'cart', message: 'Trigger cart' }]);
    expect(bubble(el)!.textContent).to.contain('Trigger cart');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('.proactive-dismiss')!.click();
    await el.updateComplete;
    expect(bubble(el)).to.equal(null);
    await el.signal('cart.failed');
    expect(fired.length, 'once per session').to.equal(1);
  });

  it('a URL match fires on an SPA navigation (pushState), and clicking the bubble opens the chat', async () => {
    const { el, fired } = await widget([message('pricing', { urlMatches: '/pricing*' })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fired, 'not on this page').to.have.length(0);
    history.pushState(null, '', '/pricing?plan=pro');
    await waitUntil(() => bubble(el), 'no bubble after pushState', { timeout: 10_000 });
    const opened = oneEvent(el, 'support-chat-open');
    el.shadowRoot!.querySelector<HTMLButtonElement>('.proactive-message')!.click();
    await opened;
    expect(el.opened).to.be.true;
  });

  it('time on the page fires, and preventDefault shows nothing', async () => {
    const { el, fired } = await widget([message('wait', { afterSeconds: 1 })]);
    el.addEventListener('support-chat-proactive', (event) => event.preventDefault());
    await waitUntil(() => fired.length === 1, 'never fired', { timeout: 10_000 });
    await el.updateComplete;
    expect(bubble(el)).to.equal(null);
    expect(fired[0].defaultPrevented).to.be.true;
  });

  it('rage clicks: real clicks in one small place, quickly', async () => {
    const { el, fired } = await widget([message('stuck', { rageClicks: 3 })]);
    const target = document.createElement('button');
    target.textContent = 'Pay';
    document.body.append(target);
    try {
      const [x, y] = centerOf(target);
      await sendMouse({ type: 'click', position: [x, y] });
      await sendMouse({ type: 'click', position: [x + 200, y + 100] });
      expect(fired, 'two clicks apart are not rage').to.have.length(0);
      for (let click = 0; click < 3; click++) await sendMouse({ type: 'click', position: [x + click, y] });
      await waitUntil(() => bubble(el), 'no bubble after rage clicks', { timeout: 10_000 });
      expect(fired.map((event) => event.detail.triggerId)).to.deep.equal(['stuck']);
    } finally {
      target.remove();
    }
  });

  it('exit intent: the pointer leaves through the top; open: true opens the panel', async () => {
    const { el, fired } = await widget([message('leaving', { exitIntent: true }, { action: { message: 'Before you go', open: true } })]);
    await sendMouse({ type: 'move', position: [200, 200] });
    await sendMouse({ type: 'move', position: [200, 100] });
    expect(fired).to.have.length(0);
    await sendMouse({ type: 'move', position: [200, -20] });
    await waitUntil(() => el.opened, 'the panel did not open', { timeout: 10_000 });
    expect(fired.map((event) => event.detail.triggerId)).to.deep.equal(['leaving']);
  });

  it('once per visitor: a new element on the same channel does not fire again', async () => {
    const trigger = message('hello', { signal: 'hello' }, { once: 'visitor' });
    const first = await widget([trigger]);
    await first.el.signal('hello');
    await waitUntil(() => first.fired.length === 1, 'never fired', { timeout: 10_000 });
    expect(JSON.parse(localStorage.getItem(proactiveKey(first.key))!)).to.deep.equal(['hello']);
    fixtureCleanup();
    const second = await widget([trigger], { key: first.key });
    await second.el.signal('hello');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(second.fired).to.have.length(0);
  });

  it('consent mode: fires but writes nothing before the visitor opens the chat, and remembers it after', async () => {
    const { el, key, fired } = await widget([message('hello', { signal: 'hello' }, { once: 'visitor' })], { consent: true });
    await el.signal('hello');
    await waitUntil(() => fired.length === 1 && bubble(el), 'never fired', { timeout: 10_000 });
    expect(localStorage.length, 'localStorage').to.equal(0);
    expect(sessionStorage.length, 'sessionStorage').to.equal(0);
    await el.open();
    await waitUntil(() => localStorage.getItem(proactiveKey(key)), 'not remembered after open', { timeout: 10_000 });
  });
});
