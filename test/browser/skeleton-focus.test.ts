import { expect, waitUntil } from '@open-wc/testing';
import { installFacade } from '../../src/loader/facade.js';
import type { SupportChat } from '../../src/support-chat.js';
import { VERSION } from '../../src/version.js';
import { gatedEntry, launcher } from './helpers.js';

// Its own page: no <support-chat> class is registered until the gated entry is released.
describe('the launcher before the element loads: keyboard', () => {
  it('is drawn with the remembered channel appearance; focus on it asks for the element and stays on the launcher the element draws', async () => {
    localStorage.clear();
    localStorage.setItem('support-chat:appearance:demo', JSON.stringify({ primaryColor: '#0f766e', position: 'top-left' }));
    const teardown = new AbortController();
    const entry = gatedEntry();
    const script = document.createElement('script');
    script.dataset.channel = 'demo';
    script.dataset.mock = '';
    try {
      // No idle loading here: only the interaction below may ask for the element.
      installFacade({ script, load: entry.load, version: VERSION, target: {}, signal: teardown.signal, whenIdle: () => {} });
      await waitUntil(() => document.querySelector('support-chat')?.shadowRoot?.querySelector('[part="launcher"]'), 'no launcher was drawn');
      const el = document.querySelector('support-chat') as SupportChat;
      const drawn = launcher(el);
      // The channel's own appearance, as the element remembered it on an earlier page.
      expect(getComputedStyle(drawn).backgroundColor).to.equal('rgb(15, 118, 110)');
      expect(drawn.getBoundingClientRect().top).to.equal(24, 'top-left, from the remembered channel config');
      expect(drawn.getAttribute('aria-expanded')).to.equal('false');
      expect(entry.requested, 'nothing asked for the element before the focus').to.be.false;
      drawn.focus();
      await waitUntil(() => entry.requested, 'focus did not ask for the element');
      entry.release();
      await waitUntil(() => customElements.get('support-chat') && launcher(el) !== drawn, 'the element never drew its launcher');
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement === launcher(el), 'focus stayed on the launcher').to.be.true;
      expect(el.opened).to.equal(false);
      await expect(el).to.be.accessible();
    } finally {
      teardown.abort();
      localStorage.clear();
    }
  });
});
