import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { installFacade } from '../../src/loader/facade.js';
import { appearanceKey } from '../../src/client/storage.js';
import { SupportChat } from '../../src/support-chat.js';
import { VERSION } from '../../src/version.js';
import { cdnScript, gatedEntry, hover, recordCallbacks, sleep, spy } from './helpers.js';

// Its own page: no <support-chat> class is registered until the last test releases its gated
// entry, so every test before it sees the loader alone, with the element's modules still loading.
before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));
beforeEach(() => localStorage.clear());

let teardown: AbortController;
beforeEach(() => (teardown = new AbortController()));
afterEach(() => teardown.abort());

const element = () => document.querySelector('support-chat');
const drawn = () => element()?.shadowRoot?.querySelector<HTMLButtonElement>('[part="launcher"]') ?? null;

describe('the CDN loader while the element loads', () => {
  it('no-launcher: draws nothing and loads the element only when idle', async () => {
    const entry = gatedEntry();
    let idle: (() => void) | undefined;
    installFacade({
      script: cdnScript('/dist/widget.js', { channel: 'demo', mock: '', noLauncher: '' }),
      load: entry.load,
      version: VERSION,
      target: {},
      signal: teardown.signal,
      whenIdle: (load) => (idle = load),
    });
    await waitUntil(element, 'no element');
    await sleep(100);
    expect(element()!.shadowRoot?.childNodes.length ?? 0, 'nothing drawn').to.equal(0);
    expect(entry.requested, 'not loaded before idle').to.be.false;
    idle!();
    await waitUntil(() => entry.requested, 'not loaded when idle');
  });

  it('no-launcher: a command loads the element', async () => {
    const entry = gatedEntry();
    const facade = installFacade({ script: cdnScript('/dist/widget.js', { mock: '', noLauncher: '', deferInit: '' }), load: entry.load, version: VERSION, target: {}, signal: teardown.signal, whenIdle: () => {} });
    // Never settled here: the teardown destroys the widget while its modules are still loading.
    const initializing = facade.init({ channel: 'demo' }).catch((error: unknown) => error);
    await waitUntil(() => entry.requested, 'init did not load the element');
    expect(drawn()).to.equal(null);
    teardown.abort();
    expect(String(await initializing)).to.contain('destroyed');
  });

  it('a stored channel appearance gives the launcher its colours, never its mode or no-launcher', async () => {
    localStorage.setItem(appearanceKey('demo'), JSON.stringify({ noLauncher: true, mode: 'inline', primaryColor: '#ff5500' }));
    const entry = gatedEntry();
    installFacade({ script: cdnScript('/dist/widget.js', { channel: 'demo', mock: '' }), load: entry.load, version: VERSION, target: {}, signal: teardown.signal, whenIdle: () => {} });
    await waitUntil(drawn, 'no launcher drawn');
    expect(getComputedStyle(drawn()!).backgroundColor, 'the stored appearance is taken').to.equal('rgb(255, 85, 0)');
    await sleep(50);
    expect(entry.requested, 'not loaded at once as an inline chat would be').to.be.false;
  });

  it('destroy() removes the drawn launcher and cancels the idle load it had asked for', async () => {
    // The browser's own idle callback, as a page gets it: first seen to load the element at all.
    const control = gatedEntry();
    const controlTeardown = new AbortController();
    installFacade({ script: cdnScript('/dist/widget.js', { channel: 'demo', mock: '' }), load: control.load, version: VERSION, target: {}, signal: controlTeardown.signal });
    await waitUntil(() => control.requested, 'the idle load never came', { timeout: 5000 });
    controlTeardown.abort();
    expect(element()).to.equal(null);

    const entry = gatedEntry();
    // Destroyed as soon as the element is in the page, in the task that asked for the idle load.
    let button: HTMLButtonElement | null = null;
    const destroyOnMount = new MutationObserver(() => {
      if (!element()) return;
      destroyOnMount.disconnect();
      button = drawn();
      void facade.destroy();
    });
    destroyOnMount.observe(document.body, { childList: true });
    const facade = installFacade({ script: cdnScript('/dist/widget.js', { channel: 'demo', mock: '' }), load: entry.load, version: VERSION, target: {}, signal: teardown.signal });
    await waitUntil(() => button, 'no launcher drawn');
    expect(element()).to.equal(null);
    button!.dispatchEvent(new PointerEvent('pointerenter'));
    button!.dispatchEvent(new FocusEvent('focus'));
    // Past the idle callback's own deadline (3 s).
    await sleep(3200);
    expect(entry.requested, 'neither idle nor intent loads a destroyed widget').to.be.false;
    expect(element()).to.equal(null);
  });

  it('overlapping inits: only the latest one draws the launcher, applies its options and gets callbacks', async () => {
    const entry = gatedEntry();
    const facade = installFacade({ script: cdnScript('/dist/widget.js', { mock: '', deferInit: '' }), load: entry.load, version: VERSION, target: {}, signal: teardown.signal, whenIdle: () => {} });
    const configure = spy(SupportChat.prototype, 'configure');
    try {
      const first = recordCallbacks();
      const second = recordCallbacks();
      const firstInit = facade.init({ channel: 'demo', headerTitle: 'First', primaryColor: '#ff0000', ...first.callbacks });
      await waitUntil(drawn, 'no launcher drawn');
      expect(getComputedStyle(drawn()!).backgroundColor).to.equal('rgb(255, 0, 0)');
      // The element's modules are still on the network when the page calls init again.
      const secondInit = facade.init({ channel: 'demo', headerTitle: 'Second', primaryColor: '#008000', ...second.callbacks });
      expect(getComputedStyle(drawn()!).backgroundColor, 'drawn again from the latest options').to.equal('rgb(0, 128, 0)');
      entry.release();
      const [el, latest] = (await Promise.all([firstInit, secondInit])) as [SupportChat, SupportChat];
      expect(el, 'the earlier init still resolves, with the one element').to.equal(latest);
      await hover(latest); // intent connects a new visitor (an idle page only loads the channel's appearance)
      await waitUntil(() => second.heard('onReady').length && second.heard('onConfigLoaded').length, 'the latest callbacks never heard ready and config');
      await facade.open();
      expect(second.heard('onOpen')).to.deep.equal([[]]);
      expect(configure.calls, 'only the latest options were applied').to.deep.equal([[{ channel: 'demo', headerTitle: 'Second', primaryColor: '#008000' }]]);
      expect([el.config.headerTitle, el.config.primaryColor]).to.deep.equal(['Second', '#008000']);
      expect(first.count, 'the earlier init\'s callbacks never fire').to.equal(0);
      expect(document.querySelectorAll('support-chat').length).to.equal(1);
    } finally {
      configure.restore();
    }
  });
});
