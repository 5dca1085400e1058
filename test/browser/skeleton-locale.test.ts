import { expect, waitUntil } from '@open-wc/testing';
import { OPEN_CHAT, pickLocale } from '../../src/i18n/index.js';
import { installFacade } from '../../src/loader/facade.js';
import type { SupportChat } from '../../src/support-chat.js';
import { VERSION } from '../../src/version.js';
import { launcher } from './helpers.js';

// Its own page, where the element's class never loads (skeleton.test.ts loads it in its first test).
describe('the launcher the CDN script draws, in the visitor\'s locale', () => {
  it('is named and laid out in the locale the element will pick: the option, else the stored choice, else the browser', async () => {
    /** Draws the launcher for one script's options (the element never loads) and reads it. */
    const drawn = async (dataset: Record<string, string>) => {
      const teardown = new AbortController();
      const script = document.createElement('script');
      script.src = '/dist/widget.js?channel=demo';
      Object.assign(script.dataset, dataset);
      installFacade({ script, load: () => new Promise(() => {}), version: VERSION, target: {}, signal: teardown.signal, whenIdle: () => {} });
      await waitUntil(() => document.querySelector('support-chat')?.shadowRoot?.querySelector('[part="launcher"]'), 'no launcher was drawn');
      const button = launcher(document.querySelector('support-chat') as SupportChat);
      const shell = button.closest('.root') as HTMLElement;
      const seen = { label: button.getAttribute('aria-label'), lang: shell.lang, dir: shell.dir };
      teardown.abort();
      return seen;
    };
    // The first test of skeleton.test.ts loads the element's class into its page; here it never
    // loads, so what is read is the launcher the script drew, not the element's own.
    expect(customElements.get('support-chat'), 'the element class is not registered in this page').to.equal(undefined);
    try {
      localStorage.setItem('support-chat:locale', 'fr');
      expect(await drawn({ locale: 'ar-EG' }), 'the option wins').to.deep.equal({ label: 'فتح المحادثة', lang: 'ar', dir: 'rtl' });
      expect(await drawn({}), 'then the stored choice').to.deep.equal({ label: 'Ouvrir la discussion', lang: 'fr', dir: 'ltr' });
      const browser = pickLocale(navigator.languages);
      expect(await drawn({ noStorageUntilOpen: '' }), 'storage is not read before consent').to.deep.equal({ label: OPEN_CHAT[browser], lang: browser, dir: 'ltr' });
    } finally {
      localStorage.clear();
    }
  });

});
