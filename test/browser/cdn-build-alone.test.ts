import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { SupportChat } from '../../src/support-chat.js';

// Its own file: its page never ran dist/widget.js, so nothing hands the element the shared modules.
describe('the built element modules without the CDN script', () => {
  it('load their own copy of the shared modules and open', async () => {
    const response = await fetch('/dist/cdn/support-chat.js');
    expect(response.ok, 'dist/cdn/support-chat.js is missing: run `npm run build` (npm test does)').to.be.true;
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('support-chat.shared')]).to.equal(undefined);
    await import(/* @vite-ignore */ new URL('/dist/cdn/support-chat.js', location.href).href);
    const el = await fixture<SupportChat>(html`<support-chat mock channel="demo" header-title="Alone" panel-width="5000"></support-chat>`);
    const ready = oneEvent(el, 'support-chat-ready');
    await el.open();
    await ready;
    expect(el.config.headerTitle).to.equal('Alone');
    expect(el.config.panelWidth, 'the option table clamps').to.equal(720);
    expect(el.shadowRoot!.adoptedStyleSheets.length, 'the shell CSS is adopted').to.be.greaterThan(0);
    const chunks = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(chunks.some((name) => /\/dist\/cdn\/shared-[\w-]+\.js$/.test(name)), 'the shared modules came as their own chunk').to.be.true;
    el.remove();
  });
});
