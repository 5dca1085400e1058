import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { loadMessages, OPEN_CHAT, SUPPORTED_LOCALES } from '../../src/i18n/index.js';
import { installFacade } from '../../src/loader/facade.js';
import type { SupportChat } from '../../src/support-chat.js';
import { VERSION } from '../../src/version.js';
import { gatedEntry, launcher } from './helpers.js';

// Its own page: no <support-chat> class is registered until the gated entry is released.
before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));

describe('the launcher before the element loads (CDN loader)', () => {
  it('is drawn from the script options at once; a click loads the element (again after a failed load), which opens in its place', async () => {
    localStorage.clear();
    const teardown = new AbortController();
    const entry = gatedEntry();
    const script = document.createElement('script');
    script.src = '/dist/widget.js?channel=demo';
    Object.assign(script.dataset, { mock: '', position: 'bl', offsetX: '40', primaryColor: '#ff5500', buttonShape: 'pill', buttonLabel: 'Questions?', buttonIcon: 'help' });
    try {
      // No idle loading here: only the interaction below may ask for the element.
      // The first load fails, as on a flaky network; the next goes through the gate.
      const reported: unknown[][] = [];
      const consoleError = console.error;
      console.error = (...args: unknown[]) => void reported.push(args);
      teardown.signal.addEventListener('abort', () => (console.error = consoleError));
      let attempts = 0;
      const load = () => (++attempts === 1 ? Promise.reject(new Error('offline for a moment')) : entry.load());
      installFacade({ script, load, version: VERSION, target: {}, signal: teardown.signal, whenIdle: () => {} });
      await waitUntil(() => document.querySelector('support-chat')?.shadowRoot?.querySelector('[part="launcher"]'), 'no launcher was drawn');
      const el = document.querySelector('support-chat') as SupportChat;
      expect(customElements.get('support-chat'), 'drawn before the class exists').to.equal(undefined);
      const drawn = launcher(el);
      const box = drawn.getBoundingClientRect();
      expect(getComputedStyle(drawn).backgroundColor).to.equal('rgb(255, 85, 0)');
      expect(box.left).to.equal(40, 'bottom-left, 40 px in');
      expect(drawn.textContent).to.contain('Questions?');
      expect(drawn.querySelectorAll('svg path').length, 'the help icon').to.equal(3);
      expect(drawn.getAttribute('aria-label')).to.equal('Questions?');
      await expect(el).to.be.accessible();

      expect(attempts, 'nothing asked for the element before the click').to.equal(0);
      drawn.click();
      await waitUntil(() => attempts === 1, 'the click did not ask for the element');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(launcher(el) === drawn, 'after a failed load the drawn launcher stays').to.be.true;
      expect(String(reported[0]?.[0])).to.contain('could not load', 'the failure is reported in the console');
      drawn.click();
      await waitUntil(() => entry.requested, 'a second click did not try again');
      expect(el.shadowRoot!.querySelector('[part="launcher"]') === drawn, 'still the drawn launcher while the modules load').to.be.true;
      entry.release();
      await waitUntil(() => (el as Partial<SupportChat>).opened === true, 'the click did not open the chat once the element loaded');
      // The element takes the launcher over in a render task of its own, which may come after `opened`.
      await waitUntil(() => launcher(el) !== drawn, 'the element did not draw its own launcher');
      const own = launcher(el);
      expect(el.shadowRoot!.querySelectorAll('[part="launcher"]').length).to.equal(1);
      expect(own.getBoundingClientRect().left).to.equal(box.left, 'nothing moved');
      expect(getComputedStyle(own).backgroundColor).to.equal('rgb(255, 85, 0)');
      expect(el.config.channel).to.equal('demo');
      expect(el.config.position).to.equal('bottom-left');
    } finally {
      teardown.abort();
      localStorage.clear();
    }
  });

  it('has the launcher name of every locale, as each locale says it', async () => {
    for (const locale of SUPPORTED_LOCALES) expect(OPEN_CHAT[locale], locale).to.equal((await loadMessages(locale)).openChat);
  });
});
