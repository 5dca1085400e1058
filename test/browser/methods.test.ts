import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import { en } from '../../src/i18n/en.js';
import '../../src/define.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected, hover, inside, launcher, recordEvents, shadow, sleep, spy } from './helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };

before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));
beforeEach(() => localStorage.clear());

describe('methods and events', () => {
  it('open({prefill}) puts the text in the composer', async () => {
    const el = await fixture<SupportChat>(html`<support-chat></support-chat>`);
    await el.open({ prefill: 'I have a question about order 42' });
    const root = await inside(el);
    await waitUntil(() => root.querySelector('textarea')!.value === 'I have a question about order 42', 'no prefill');
  });

  it('support-chat-request-close can keep the panel open; close() itself is not vetoed', async () => {
    const el = await fixture<SupportChat>(html`<support-chat open></support-chat>`);
    const root = await inside(el);
    const veto = (event: Event) => event.preventDefault();
    el.addEventListener('support-chat-request-close', veto);
    const request = oneEvent(el, 'support-chat-request-close');
    root.querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
    expect((await request).detail.source).to.equal('close-button');
    await el.updateComplete;
    expect(el.opened, 'vetoed').to.be.true;
    launcher(el).click();
    await el.updateComplete;
    expect(el.opened, 'the launcher asks too').to.be.true;
    await el.close();
    expect(el.opened, 'a close() from the page is not a visitor request').to.be.false;
    el.removeEventListener('support-chat-request-close', veto);
  });

  it('mock mode: a whole conversation with typing and replies, and no network', async () => {
    const fetches = spy(window, 'fetch');
    const sockets = spy(window, 'WebSocket' as keyof Window);
    try {
      const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock open></support-chat>`);
      const events = recordEvents(el);
      await oneEvent(el, 'support-chat-ready');
      const typing = oneEvent(el, 'support-chat-typing');
      const sent = await el.sendMessage('Hello mock');
      expect(sent.seq).to.equal(1);
      expect((await typing).detail.typing).to.be.true;
      const reply = await new Promise<CustomEvent>((resolve) =>
        el.addEventListener('support-chat-message', (event) => event.detail.message.from === 'agent' && resolve(event)),
      );
      expect(reply.detail.message.seq).to.equal(2);
      const root = await inside(el);
      await waitUntil(() => root.querySelectorAll('[part="message"]').length === 2, 'both messages render');
      expect(events.some((event) => event.name === 'typing' && !(event.detail as { typing: boolean }).typing)).to.be.true;
      expect(el.state).to.equal('online');
      await expect(el).to.be.accessible();
      expect(fetches.calls.length, 'no fetch').to.equal(0);
      expect(sockets.calls.length, 'no WebSocket').to.equal(0);
    } finally {
      fetches.restore();
      sockets.restore();
    }
  });

  it('mock mode: sendFile() shows the upload, then the image with its measured size; no network', async () => {
    const fetches = spy(window, 'fetch');
    const requests = spy(XMLHttpRequest.prototype, 'open');
    try {
      const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock open></support-chat>`);
      await oneEvent(el, 'support-chat-ready');
      const canvas = new OffscreenCanvas(120, 90);
      canvas.getContext('2d')!.fillRect(0, 0, 120, 90);
      const file = new File([await canvas.convertToBlob()], 'square.png', { type: 'image/png' });
      const sending = el.sendFile(file);
      const root = await inside(el);
      await waitUntil(() => root.querySelector('.upload progress'), 'no progress while uploading');
      const message = await sending;
      expect(message.attachments[0]).to.include({ fileName: 'square.png', width: 120, height: 90 });
      await waitUntil(() => root.querySelector('[part="thumbnail"] img'), 'no thumbnail');
      expect(root.querySelector('.upload'), 'the upload row is gone').to.equal(null);
      await expect(el).to.be.accessible();
      expect(fetches.calls.length + requests.calls.length, 'no request').to.equal(0);
    } finally {
      fetches.restore();
      requests.restore();
    }
  });

  it('counts unread team messages while closed, shows a badge, and clears it on open', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock></support-chat>`);
    await el.sendMessage('ping'); // the mock bot answers ~1.4 s later
    const unread = await oneEvent(el, 'support-chat-unread');
    expect(unread.detail.count).to.equal(1);
    expect(el.unreadCount).to.equal(1);
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="badge"]')!.textContent).to.equal('1');
    expect(launcher(el).getAttribute('aria-label')).to.contain('1 unread');
    await expect(el).to.be.accessible();
    const cleared = oneEvent(el, 'support-chat-unread');
    await el.open();
    expect((await cleared).detail.count).to.equal(0);
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="badge"]')).to.equal(null);
  });

  it('configure(): the latest call wins, even while an earlier language is still loading', async () => {
    const el = await fixture<SupportChat>(html`<support-chat open></support-chat>`);
    const first = el.configure({ locale: 'ja', headerTitle: 'First' });
    const second = el.configure({ locale: 'fr', headerTitle: 'Second' });
    await Promise.all([first, second]);
    await el.updateComplete;
    expect(el.activeLocale).to.equal('fr');
    expect(el.config.headerTitle).to.equal('Second');
    const root = await inside(el);
    expect(root.querySelector('textarea')!.getAttribute('placeholder')).to.equal('Écrivez un message…');
  });

  it('setLocale() switches, is remembered, and a new element starts in it; X-Locale goes on every request', async () => {
    const el = await fixture<SupportChat>(html`<support-chat open></support-chat>`);
    await el.setLocale('de');
    expect(el.activeLocale).to.equal('de');
    expect(localStorage.getItem('support-chat:locale')).to.equal('de');
    await executeServerCommand('chat-locales-seen'); // forget earlier requests
    const next = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(next);
    expect(next.activeLocale).to.equal('de');
    await next.sendMessage('Hallo');
    const seen = (await executeServerCommand('chat-locales-seen')) as string[];
    expect(seen.length).to.be.greaterThan(1);
    expect([...new Set(seen)]).to.deep.equal(['de']);
    let refused: unknown;
    await el.setLocale('xx-nope').catch((error: unknown) => (refused = error));
    expect((refused as { code: string }).code).to.equal('invalid_option');
  });

  it('identify() updates the profile without reconnecting', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    const states = recordEvents(el);
    const event = oneEvent(el, 'support-chat-identify');
    const profile = await el.identify({ name: 'Ada', email: 'ada@example.com' });
    expect(profile).to.include({ name: 'Ada', email: 'ada@example.com' });
    expect((await event).detail.profile).to.deep.equal(profile);
    expect(states.filter((entry) => entry.name === 'state')).to.deep.equal([], 'no reconnect');
    let refused: unknown;
    await el.identify({ email: 'not an email' }).catch((error: unknown) => (refused = error));
    expect((refused as { param: string }).param).to.equal('profile.email');
  });

  it('shutdown() disconnects, forgets the visitor and fires support-chat-shutdown', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    const visitorId = el.visitorId;
    expect(localStorage.getItem('support-chat:e2e:visitor')).to.equal(visitorId);
    const shutdown = oneEvent(el, 'support-chat-shutdown');
    await el.shutdown();
    await shutdown;
    expect(el.state).to.equal('idle');
    expect(localStorage.getItem('support-chat:e2e:visitor')).to.equal(null);
    await el.open();
    await oneEvent(el, 'support-chat-ready');
    expect(el.visitorId).to.not.equal(visitorId, 'a new anonymous visitor after sign-out');
  });

  it('markRead() clears the unread count', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock></support-chat>`);
    await el.sendMessage('ping');
    await oneEvent(el, 'support-chat-unread');
    const cleared = oneEvent(el, 'support-chat-unread');
    await el.markRead();
    expect((await cleared).detail.count).to.equal(0);
    expect(el.unreadCount).to.equal(0);
  });

  it('consent mode: no storage write, no connection and no request but the config before the visitor opens the panel', async () => {
    const writes = spy(Storage.prototype, 'setItem');
    const fetches = spy(window, 'fetch');
    try {
      const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} no-storage-until-open></support-chat>`);
      launcher(el).dispatchEvent(new PointerEvent('pointerenter'));
      launcher(el).focus();
      await sleep(3500); // past the idle timeout that would otherwise connect
      expect(writes.calls, 'no localStorage write').to.deep.equal([]);
      // The channel's public config (its proactive triggers) is the one request: a GET that stores nothing.
      expect(fetches.calls.map(([url]) => new URL(String(url)).pathname), 'no request but the config').to.deep.equal(['/api/v1/widget/channels/e2e/config']);
      expect(el.state).to.equal('idle');
      launcher(el).click();
      await oneEvent(el, 'support-chat-ready');
      expect(fetches.calls.length).to.be.greaterThan(0);
      expect(writes.calls.some(([key]) => key === 'support-chat:e2e:visitor')).to.be.true;
    } finally {
      writes.restore();
      fetches.restore();
    }
  });

  it('removing the element releases its listeners, timers and connection', async () => {
    const added = spy(document, 'addEventListener');
    const removed = spy(document, 'removeEventListener');
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server="http://127.0.0.1:9"></support-chat>`);
    const failed = oneEvent(el, 'support-chat-error');
    await hover(el);
    await failed; // the client is retrying with backoff
    el.remove();
    added.restore();
    removed.restore();
    // Each listener is released either by removeEventListener or by aborting the signal it was added with.
    expect(added.calls.map(([type]) => type)).to.include('visibilitychange');
    const attached = added.calls.filter(
      ([type, listener, options]) =>
        !(options as AddEventListenerOptions | undefined)?.signal?.aborted && !removed.calls.some(([t, l]) => t === type && l === listener),
    );
    expect(attached.map(([type]) => type)).to.deep.equal([]);
    const fetches = spy(window, 'fetch');
    try {
      await sleep(2500); // longer than the first retry delays
      expect(fetches.calls.length, 'no retry after removal').to.equal(0);
    } finally {
      fetches.restore();
    }
  });

  it('removed while its idle work loads the config chunk, it sends no request afterwards', async () => {
    localStorage.clear();
    const original = window.requestIdleCallback;
    let runIdle: IdleRequestCallback | undefined;
    window.requestIdleCallback = (callback) => ((runIdle = callback), 1);
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e-idle" server="http://127.0.0.1:9"></support-chat>`);
    window.requestIdleCallback = original;
    expect(runIdle, 'the element asked for idle time').to.be.a('function');
    const fetches = spy(window, 'fetch');
    try {
      // A new visitor: idle time loads the config chunk, then asks for the appearance. The
      // element goes before the chunk has arrived.
      runIdle!({ didTimeout: false, timeRemaining: () => 50 });
      el.remove();
      await import('../../src/client/config-request.js');
      await sleep(200);
      expect(fetches.calls.length, 'a request after removal').to.equal(0);
    } finally {
      fetches.restore();
    }
  });

  it('every locale has exactly the English keys, with the same placeholders', async () => {
    const { SUPPORTED_LOCALES, loadMessages } = await import('../../src/i18n/index.js');
    expect(SUPPORTED_LOCALES).to.have.members(['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'es', 'fr', 'de', 'pt-BR', 'it', 'ru', 'ar']);
    for (const locale of SUPPORTED_LOCALES) {
      const messages = await loadMessages(locale);
      expect(Object.keys(messages).sort(), locale).to.deep.equal(Object.keys(en).sort());
      for (const [key, text] of Object.entries(messages)) {
        expect(text, `${locale}.${key}`).to.be.a('string').and.not.empty;
        const placeholders = (value: string) => (value.match(/\{\w+\}/g) ?? []).sort();
        expect(placeholders(text), `${locale}.${key}`).to.deep.equal(placeholders(en[key as keyof typeof en]));
      }
    }
  });

  it('picks the visitor language and lays Arabic out right to left, accessibly', async () => {
    const { matchLocale, pickLocale } = await import('../../src/i18n/index.js');
    expect(matchLocale('zh-Hant-HK')).to.equal('zh-TW');
    expect(matchLocale('zh')).to.equal('zh-CN');
    expect(matchLocale('pt-PT')).to.equal('pt-BR');
    expect(matchLocale('FR-ca')).to.equal('fr');
    expect(pickLocale(['xx', 'ko-KR'])).to.equal('ko');
    expect(pickLocale(['xx'])).to.equal('en');
    for (const theme of ['light', 'dark']) {
      const el = await fixture<SupportChat>(html`<support-chat locale="ar" theme=${theme} greeting="Hi! How can we help?" header-title="Shop support" open></support-chat>`);
      await waitUntil(() => el.activeLocale === 'ar');
      await el.updateComplete;
      const root = await inside(el);
      expect(shadow(el).querySelector('.root')!.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(root.querySelector('.composer')!).direction).to.equal('rtl');
      expect(root.querySelector('textarea')!.getAttribute('placeholder')).to.equal('اكتب رسالة…');
      // The operator's own words keep their direction (an English greeting's "?" stays at its end).
      expect(getComputedStyle(root.querySelector('.greeting')!).direction).to.equal('ltr');
      expect(getComputedStyle(root.querySelector('#title')!).direction).to.equal('ltr');
      await expect(el).to.be.accessible();
    }
  });
});

describe('suggested questions', () => {
  it('shows FAQ chips in an empty conversation; a chip sends its question and the answer arrives', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const root = await inside(el);
    await waitUntil(() => root.querySelectorAll('[part="faq"]').length === 2, 'no chips');
    expect(root.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Suggested questions');
    await expect(el).to.be.accessible();
    root.querySelector<HTMLButtonElement>('[part="faq"]')!.click();
    await waitUntil(() => el.messages.length === 2, 'no answer');
    expect(el.messages.map((m) => [m.from, m.text])).to.deep.equal([
      ['visitor', 'What is support-chat?'],
      ['bot', 'A self-hostable support chat: this widget, an agent inbox and a small server.'],
    ]);
    await el.updateComplete;
    await waitUntil(() => root.querySelectorAll('[part="faq"]').length === 0, 'chips stay after the conversation started');
  });
});
