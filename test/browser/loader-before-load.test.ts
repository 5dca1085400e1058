import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { installFacade } from '../../src/loader/facade.js';
import { rememberedKey } from '../../src/loader/handoff.js';
import { VERSION } from '../../src/version.js';
import { cdnScript, gatedEntry, sleep } from './helpers.js';

// Its own page: no <support-chat> class is registered (the gated entries are never released),
// so every test sees the loader alone, with the element's modules still loading.
before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));
beforeEach(() => localStorage.clear());

let teardown: AbortController;
beforeEach(() => (teardown = new AbortController()));
afterEach(() => teardown.abort());

const element = () => document.querySelector('support-chat');
const drawn = () => element()?.shadowRoot?.querySelector<HTMLButtonElement>('[part="launcher"]') ?? null;

describe('the CDN loader while the element loads', () => {
  it('a stored channel appearance gives the launcher its colours, never its mode or no-launcher', async () => {
    localStorage.setItem(rememberedKey('demo'), JSON.stringify({ noLauncher: true, mode: 'inline', primaryColor: '#ff5500' }));
    const entry = gatedEntry();
    installFacade({ script: cdnScript('/dist/widget.js', { channel: 'demo', mock: '' }), load: entry.load, version: VERSION, target: {}, signal: teardown.signal, whenIdle: () => {} });
    await waitUntil(drawn, 'no launcher drawn');
    expect(getComputedStyle(drawn()!).backgroundColor, 'the stored appearance is taken').to.equal('rgb(255, 85, 0)');
    await sleep(50);
    expect(entry.requested, 'not loaded at once as an inline chat would be').to.be.false;
  });
});
