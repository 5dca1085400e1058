import { expect, oneEvent } from '@open-wc/testing';
import type { SupportChat } from '../../src/support-chat.js';

// Its own file, so its page has neither the CDN script nor <support-chat> from the sources.
describe('the built CDN modules without the CDN script', () => {
  it('load their own copy of what the script would have handed over, and draw the launcher', async () => {
    // A variable, so TypeScript does not look for the built file.
    const entry = '/dist/cdn/support-chat.js';
    const module = (await import(entry)) as { VERSION?: string };
    expect(module.VERSION).to.be.a('string');
    const el = document.createElement('support-chat') as SupportChat;
    el.setAttribute('mock', '');
    el.setAttribute('channel', 'demo');
    el.setAttribute('primary-color', '#0a7c4a');
    const ready = oneEvent(el, 'support-chat-ready');
    document.body.append(el);
    try {
      await el.updateComplete;
      el.shadowRoot!.querySelector('[part="launcher"]')!.dispatchEvent(new PointerEvent('pointerenter')); // intent connects
      await ready;
      await el.updateComplete;
      const chunks = performance.getEntriesByType('resource').map((entry) => entry.name);
      expect(chunks.some((name) => /\/dist\/cdn\/shared-[\w-]+\.js$/.test(name)), 'no copy of the shared modules was loaded').to.be.true;
      const launcher = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="launcher"]')!;
      expect(getComputedStyle(launcher).position).to.equal('fixed');
      expect(getComputedStyle(launcher).backgroundColor).to.equal('rgb(10, 124, 74)');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });
});
