import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import { SupportChat } from '../../src/support-chat.js';
import { VERSION } from '../../src/version.js';
import { connected, hover } from './helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };

const shadow = (el: SupportChat) => el.shadowRoot!;
const launcher = (el: SupportChat) => shadow(el).querySelector<HTMLButtonElement>('[part="launcher"]')!;
const panel = (el: SupportChat) => shadow(el).querySelector<HTMLElement>('[part="panel"]')!;
/** The panel's own shadow root, once its lazy chunk has loaded. */
async function inside(el: SupportChat): Promise<ShadowRoot> {
  await waitUntil(() => panel(el).shadowRoot && (!el.opened || !panel(el).hidden), 'the panel never loaded');
  await (panel(el) as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return panel(el).shadowRoot!;
}

/** Records every support-chat-* event the element fires. */
function recordEvents(el: HTMLElement): string[] {
  const names: string[] = [];
  for (const name of ['ready', 'open', 'close', 'message', 'state', 'error']) {
    el.addEventListener(`support-chat-${name}`, () => names.push(name));
  }
  return names;
}

// axe measures contrast mid-animation otherwise (the panel fades in).
before(() => emulateMedia({ reducedMotion: 'reduce' }));
beforeEach(() => localStorage.clear());

describe('<support-chat> without a server', () => {
  it('is registered by define.js and exposes its version', () => {
    expect(customElements.get('support-chat')).to.equal(SupportChat);
    expect(SupportChat.version).to.equal(VERSION);
    expect(document.createElement('support-chat')).to.be.instanceOf(SupportChat);
  });

  it('renders a closed launcher that is accessible', async () => {
    const el = await fixture<SupportChat>(html`<support-chat></support-chat>`);
    expect(launcher(el).getAttribute('aria-expanded')).to.equal('false');
    expect(launcher(el).getAttribute('aria-controls')).to.equal('panel');
    expect(panel(el).hidden).to.be.true;
    expect(el.state).to.equal('idle');
    await expect(el).to.be.accessible();
  });

  it('open(), close() and toggle() fire events and reflect the open attribute', async () => {
    const el = await fixture<SupportChat>(html`<support-chat></support-chat>`);
    const events = recordEvents(el);

    setTimeout(() => void el.open());
    await oneEvent(el, 'support-chat-open');
    expect((await inside(el)).querySelector('[role="log"]')).to.exist;
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.be.true;
    expect(panel(el).hidden).to.be.false;
    expect(launcher(el).getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();

    await el.open(); // already open: no second event
    setTimeout(() => void el.close());
    await oneEvent(el, 'support-chat-close');
    await el.updateComplete;
    expect(el.hasAttribute('open')).to.be.false;
    expect(panel(el).hidden).to.be.true;

    await el.toggle();
    await el.toggle();
    expect(events).to.deep.equal(['open', 'close', 'open', 'close']);
  });

  it('the launcher toggles the panel; Escape closes it and focus returns to the launcher', async () => {
    const el = await fixture<SupportChat>(html`<support-chat></support-chat>`);
    setTimeout(() => launcher(el).click());
    await oneEvent(el, 'support-chat-open');
    const textarea = (await inside(el)).querySelector('textarea')!;
    await waitUntil(() => panel(el).shadowRoot!.activeElement === textarea, 'opening from the launcher focuses the composer');
    setTimeout(() => textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true })));
    await oneEvent(el, 'support-chat-close');
    await waitUntil(() => shadow(el).activeElement === launcher(el), 'focus did not return to the launcher');
  });

  it('the open attribute and property open the panel without firing events', async () => {
    const el = await fixture<SupportChat>(html`<support-chat open></support-chat>`);
    const events = recordEvents(el);
    expect(el.opened).to.be.true;
    await inside(el);
    await el.updateComplete;
    expect(panel(el).hidden).to.be.false;
    el.opened = false;
    await el.updateComplete;
    expect(panel(el).hidden).to.be.true;
    // Frameworks pass `open` as a property: a boolean sets `opened`, the method survives.
    (el as unknown as { open: boolean }).open = true;
    await el.updateComplete;
    expect(el.opened).to.be.true;
    expect(el.open).to.be.a('function');
    expect(events).to.deep.equal([]);
  });

  it('standalone mode has no launcher and a visible panel', async () => {
    const el = await fixture<SupportChat>(html`<support-chat mode="standalone"></support-chat>`);
    expect(launcher(el)).to.equal(null);
    await inside(el);
    await el.updateComplete;
    expect(panel(el).hidden).to.be.false;
    await expect(el).to.be.accessible();
  });

  it('sendMessage() without a channel rejects and fires support-chat-error', async () => {
    const el = await fixture<SupportChat>(html`<support-chat></support-chat>`);
    const error = oneEvent(el, 'support-chat-error');
    let rejected: unknown;
    await el.sendMessage('hello').catch((caught: unknown) => (rejected = caught));
    expect((await error).detail.code).to.equal('invalid_option');
    expect((rejected as { code: string }).code).to.equal('invalid_option');
  });

  it('a message sent while the server is unreachable shows at once as pending', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server="http://127.0.0.1:9" open></support-chat>`);
    const sending = el.sendMessage('are you there?');
    sending.catch(() => {}); // rejected when the fixture is torn down
    const root = await inside(el);
    await waitUntil(() => root.querySelector('.pending .text'), 'the pending message never showed');
    expect(root.querySelector('.pending .text')!.textContent).to.equal('are you there?');
    expect(root.querySelector('.pending .status')!.textContent!.trim()).to.equal('Sending…');
    await expect(el).to.be.accessible();
  });

  it('an unreachable server gives a network error and the offline state', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server="http://127.0.0.1:9"></support-chat>`);
    const failed = oneEvent(el, 'support-chat-error');
    await hover(el);
    const error = await failed;
    expect(error.detail.code).to.equal('network');
    await waitUntil(() => el.state === 'offline');
  });
});

describe('<support-chat> against a real server', () => {
  it('connects, fires ready and state, and shows the channel greeting', async () => {
    const el = document.createElement('support-chat');
    const events = recordEvents(el);
    el.channel = 'e2e';
    el.server = server;
    const ready = oneEvent(el, 'support-chat-ready');
    document.body.append(el);
    try {
      await hover(el);
      await ready;
      expect(el.state).to.equal('online');
      expect(el.visitorId).to.match(/^v_/);
      expect(events).to.include('state');
      await el.open();
      const root = await inside(el);
      await waitUntil(() => root.querySelector('.greeting'), 'no greeting');
      expect(root.querySelector('.greeting')!.textContent).to.equal('Hello from e2e');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('sendMessage() resolves when stored, fires support-chat-message and renders the text as text', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    const text = '<img src=x onerror="window.__xss=1"><b>bold?</b>';
    const messageEvent = oneEvent(el, 'support-chat-message');
    const sending = el.sendMessage(text); // before ready: waits in the outbox
    const root = await inside(el);

    const stored = await sending;
    expect(stored.seq).to.equal(1);
    expect(stored.from).to.equal('visitor');
    const event = await messageEvent;
    expect(event.detail.message.id).to.equal(stored.id);
    await el.updateComplete;
    await (panel(el) as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;

    const bubble = root.querySelector('[part="message"][data-seq="1"] .text')!;
    expect(bubble.textContent).to.equal(text);
    expect(bubble.children.length, 'rendered as text, not as HTML').to.equal(0);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
    expect(root.querySelector('.pending')).to.equal(null);
    expect(el.messages.map((m) => m.text)).to.deep.equal([text]);
    expect(el.conversationId).to.equal(stored.conversationId);
    await expect(el).to.be.accessible();
  });

  it('a reload keeps the visitor and its history', async () => {
    const first = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(first);
    await first.sendMessage('remember me');
    const visitorId = first.visitorId;
    first.remove();

    // A visitor with a conversation connects when the page is idle, with the token the first page kept.
    const second = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await oneEvent(second, 'support-chat-ready');
    expect(second.visitorId).to.equal(visitorId);
    expect(second.messages.map((m) => m.text)).to.deep.equal(['remember me']);
  });

  it('removing the element releases its socket', async () => {
    const before = (await executeServerCommand('chat-widget-sockets')) as number;
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    expect(await executeServerCommand('chat-widget-sockets')).to.equal(before + 1);
    el.remove();
    await waitUntil(async () => (await executeServerCommand('chat-widget-sockets')) === before, 'socket still open', { timeout: 5000 });
  });
});
