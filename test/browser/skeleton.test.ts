import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { installFacade } from '../../src/loader/facade.js';
import type { SupportChat } from '../../src/support-chat.js';
import { VERSION } from '../../src/version.js';
import { gatedEntry, launcher } from './helpers.js';

// Its own page: no <support-chat> class is registered until the gated entry is released.
before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));

describe('the launcher before the element loads (CDN loader)', () => {
  it('is drawn from the script options at once; a click on it loads the element, which opens in its place', async () => {
    localStorage.clear();
    const teardown = new AbortController();
    const entry = gatedEntry();
    const script = document.createElement('script');
    script.src = '/dist/widget.js?channel=demo';
    Object.assign(script.dataset, { mock: '', position: 'bl', offsetX: '40', primaryColor: '#ff5500', buttonShape: 'pill', buttonLabel: 'Questions?', buttonIcon: 'help' });
    try {
      installFacade({ script, load: entry.load, version: VERSION, target: {}, signal: teardown.signal });
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

      drawn.click();
      await waitUntil(() => entry.requested, 'the click did not ask for the element');
      expect(el.shadowRoot!.querySelector('[part="launcher"]') === drawn, 'still the drawn launcher while the modules load').to.be.true;
      entry.release();
      await waitUntil(() => (el as Partial<SupportChat>).opened === true, 'the click did not open the chat once the element loaded');
      const own = launcher(el);
      expect(own === drawn, 'the element drew its own launcher').to.be.false;
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
});
