import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { installFacade, type SupportChatFacade } from '../../src/loader/facade.js';
import type { SupportChat } from '../../src/support-chat.js';
import { VERSION } from '../../src/version.js';
import { cdnScript, hover, recordCallbacks, sleep } from './helpers.js';

const load = () => import('../../src/loader/cdn-entry.js');

before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));
beforeEach(() => localStorage.clear());

let teardown: AbortController;
beforeEach(() => (teardown = new AbortController()));
afterEach(() => {
  teardown.abort();
  for (const element of document.querySelectorAll('support-chat')) element.remove();
});

/** The queue stub pages paste before the CDN script. */
function queueStub(): { SupportChat: (...args: unknown[]) => void } {
  const target: { SupportChat: ((...args: unknown[]) => void) & { q?: unknown[][] } } = {
    SupportChat: function (...args: unknown[]) {
      (target.SupportChat.q = target.SupportChat.q || []).push(args);
    },
  };
  return target;
}

const instances = () => document.querySelectorAll('support-chat');

/** The facade a CDN script with these `data-*` installs on a page that queued nothing. */
const install = (data: Record<string, string>): SupportChatFacade =>
  installFacade({ script: cdnScript('/dist/widget.js', data), load, version: VERSION, target: queueStub(), signal: teardown.signal });

describe('CDN loader and window.SupportChat facade', () => {
  it('replays the queue in order after creating the element from data-* and the query', async () => {
    const target = queueStub();
    const heard: unknown[] = [];
    target.SupportChat('on', 'open', (detail: unknown) => heard.push(detail));
    target.SupportChat('open');
    target.SupportChat('setLocale', 'fr');
    installFacade({
      script: cdnScript('/dist/widget.js?channel=demo&header-title=From%20query&greeting=from%20query', { mock: '', greeting: 'from data' }),
      load,
      version: VERSION,
      target,
      signal: teardown.signal,
    });
    const facade = target.SupportChat as unknown as SupportChatFacade;
    await waitUntil(() => instances().length === 1 && (instances()[0] as SupportChat).opened, 'the queued open() never ran');
    const el = instances()[0] as SupportChat;
    await waitUntil(() => el.activeLocale === 'fr', 'the queued setLocale() never ran');
    expect(heard).to.deep.equal([{}]);
    expect(el.config.channel).to.equal('demo');
    expect(el.config.mock).to.be.true;
    expect(el.config.greeting).to.equal('from data', 'data-* wins over the query');
    expect(el.config.headerTitle).to.equal('From query');
    expect(facade.version).to.equal(VERSION);
    expect(await facade('version')).to.equal(VERSION);
  });

  it('waits for init() with data-defer-init; a repeated init reconfigures the one instance', async () => {
    const target = queueStub();
    target.SupportChat('open');
    installFacade({ script: cdnScript('/dist/widget.js', { deferInit: '', mock: '' }), load, version: VERSION, target, signal: teardown.signal });
    const facade = target.SupportChat as unknown as SupportChatFacade;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(instances().length, 'nothing before init').to.equal(0);
    await facade.init({ channel: 'demo', headerTitle: 'First' });
    await waitUntil(() => (instances()[0] as SupportChat | undefined)?.opened, 'the queued open() ran after init');
    await facade('init', { headerTitle: 'Second' });
    expect(instances().length).to.equal(1);
    expect((instances()[0] as SupportChat).config.headerTitle).to.equal('Second');
  });

  it('on() passes the event detail and off() stops it; methods return what the element returns', async () => {
    const facade = install({ channel: 'demo', mock: '' });
    const messages: string[] = [];
    const listener = (detail: unknown) => messages.push((detail as { message: { text: string } }).message.text);
    facade.on('message', listener);
    const sent = (await facade.sendMessage('via the facade')) as { seq: number };
    expect(sent.seq).to.equal(1);
    await waitUntil(() => messages.includes('via the facade'), 'on() never heard the message');
    facade.off('message', listener);
    await facade.sendMessage('after off');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(messages).to.deep.equal(['via the facade']);
    let refused: unknown;
    await facade('noSuchCommand').catch((error: unknown) => (refused = error));
    expect(String(refused)).to.contain('unknown command');
  });

  it('puts the element back when a single-page app removes it or swaps the body content', async () => {
    install({ channel: 'demo', mock: '' });
    await waitUntil(() => instances().length === 1, 'no element');
    const el = instances()[0] as SupportChat;
    el.remove();
    await waitUntil(() => el.isConnected, 'not re-attached after remove()');
    const saved = [...document.body.childNodes];
    document.body.replaceChildren();
    await waitUntil(() => el.isConnected, 'not re-attached after the body was emptied');
    expect(instances().length).to.equal(1);
    document.body.replaceChildren(...saved, el);
  });

  it('without a channel the script only registers the element', async () => {
    install({});
    await waitUntil(() => customElements.get('support-chat'), 'not registered');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(instances().length).to.equal(0);
  });

  it('init callbacks hear their events, each given what a page wants of it', async () => {
    const facade = install({ deferInit: '', mock: '' });
    const record = recordCallbacks();
    const states: unknown[][] = [];
    document.addEventListener('support-chat-state', (event) => states.push([event.detail]), { signal: teardown.signal });
    const el = (await facade.init({ channel: 'demo', ...record.callbacks })) as SupportChat;
    expect((el as unknown as Record<string, unknown>).onReady, 'callbacks are not options').to.equal(undefined);
    await hover(el); // intent connects a new visitor (an idle page only loads the channel's appearance)
    await waitUntil(() => record.heard('onReady').length && record.heard('onConfigLoaded').length, 'no onReady or onConfigLoaded');
    expect(record.heard('onReady')).to.deep.equal([[]]);
    const [[config]] = record.heard('onConfigLoaded') as [[SupportChat['config']]];
    expect([config.channel, config.headerTitle]).to.deep.equal(['demo', 'Support (demo)'], 'the effective config, with the channel\'s title');
    expect(record.heard('onStateChange')).to.deep.equal(states, 'the detail, {state, transport}');
    expect(states.at(-1)?.[0]).to.include({ state: 'online' });

    await facade.open();
    await facade.close();
    expect(record.heard('onOpen')).to.deep.equal([[]]);
    expect(record.heard('onClose')).to.deep.equal([[]]);
    // The panel is closed: the team's answer is unread.
    await facade.sendMessage('hello');
    await waitUntil(() => record.heard('onUnread').some(([count]) => count === 1) && record.heard('onMessage').length === 2, 'no answer, or no onUnread(1)', { timeout: 5000 });
    const messages = record.heard('onMessage').map(([message]) => (message as { from: string; text: string }).from);
    expect(messages).to.deep.equal(['visitor', 'agent']);
    await facade.configure({ zIndex: 'top' });
    expect(record.heard('onError')).to.deep.equal([[{ code: 'invalid_option', param: 'z-index', message: 'z-index: "top" is not a valid value' }]]);
  });

  it('init leaves out a function that is no callback, with a warning, and never passes it on as an option', async () => {
    const facade = install({ channel: 'demo', mock: '' });
    const errors: unknown[] = [];
    facade.on('error', (detail) => errors.push(detail));
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      await facade.init({ onReady() {}, onRedy() {} } as Parameters<SupportChatFacade['init']>[0]);
    } finally {
      console.warn = warn;
    }
    expect(warnings.map(String)).to.deep.equal(['SupportChat: init has no callback "onRedy" (it has onReady, onMessage, onError, onStateChange, onConfigLoaded, onOpen, onClose, onUnread)']);
    await sleep(50);
    expect(errors, 'no invalid_option for it').to.deep.equal([]);
  });

  it('a repeated init replaces the callbacks of the one before: no doubled events, none to the old ones', async () => {
    const facade = install({ channel: 'demo', mock: '' });
    const texts: string[] = [];
    const onMessage = (message: { text: string }) => texts.push(message.text);
    const replaced = recordCallbacks();
    await facade.init({ ...replaced.callbacks, onMessage });
    await facade.init({ onMessage, headerTitle: 'Again' });
    await facade.sendMessage('once');
    await sleep(100);
    expect(texts).to.deep.equal(['once']);
    await facade.open();
    expect(replaced.count, 'the first init\'s callbacks are gone').to.equal(0);
    expect((instances()[0] as SupportChat).config.headerTitle).to.equal('Again');
  });

  it('forwards the conversations methods; on("conversation") hears each switch', async () => {
    const facade = install({ channel: 'demo', mock: '' });
    const shown: unknown[] = [];
    facade.on('conversation', (detail) => shown.push(detail));
    const first = (await facade.startConversation({ subject: 'From the facade' })) as { id: string };
    const second = (await facade.startConversation()) as { id: string };
    await facade.openConversation(first.id);
    await facade.showConversations();
    const el = instances()[0] as SupportChat;
    expect(el.opened).to.equal(true);
    expect(el.conversations.map((conversation) => conversation.id)).to.include.members([first.id, second.id]);
    expect(shown).to.deep.equal([{ conversationId: first.id }, { conversationId: second.id }, { conversationId: first.id }]);
  });

  it('destroy() removes the element, its re-attach watch and listeners, and keeps the visitor; a later init mounts again', async () => {
    const facade = install({ channel: 'demo', mock: '' });
    const heard: string[] = [];
    facade.on('message', (detail) => heard.push((detail as { message: { text: string } }).message.text));
    const first = recordCallbacks();
    const el = (await facade.init(first.callbacks)) as SupportChat;
    await facade.sendMessage('before destroy');
    await waitUntil(() => heard.includes('before destroy') && first.heard('onReady').length, 'the first life never worked');
    // The mock keeps no visitor of its own: one as the real session stores it (test/e2e has the real one).
    localStorage.setItem('support-chat:demo:visitor', 'v_kept');
    const stored = { ...localStorage };

    await facade('destroy');
    expect(instances().length).to.equal(0);
    document.body.replaceChildren(...document.body.childNodes);
    await sleep(50);
    expect(el.isConnected, 'not put back: the watch is gone').to.be.false;
    const stray = (text: string) => new CustomEvent('support-chat-message', { detail: { message: { text } }, bubbles: true, composed: true });
    document.dispatchEvent(stray('to on()'));
    el.dispatchEvent(stray('to the callbacks'));
    expect(heard).to.deep.equal(['before destroy'], 'on() listeners are released');
    expect(first.heard('onMessage').map(([message]) => (message as { text: string }).text)).to.not.include('to the callbacks');
    expect({ ...localStorage }, 'the visitor is kept').to.deep.equal(stored);

    // Commands wait for the next init, which mounts a new element.
    let opened = false;
    const opening = facade.open().then(() => (opened = true));
    await sleep(100);
    expect([instances().length, opened]).to.deep.equal([0, false]);
    const second = recordCallbacks();
    const again = (await facade.init(second.callbacks)) as SupportChat;
    await opening;
    expect(again).to.not.equal(el);
    expect(instances().length).to.equal(1);
    expect(again.opened).to.be.true;
    expect(again.config.channel, 'the script\'s options again').to.equal('demo');
    await facade.sendMessage('after init');
    await waitUntil(() => second.heard('onMessage').length, 'the new life never heard its message');
    expect(heard, 'listeners from before destroy stay released').to.deep.equal(['before destroy']);
  });

  it('destroy() rejects a command still waiting for the element', async () => {
    const facade = install({ deferInit: '', mock: '' });
    const waiting = facade.open().catch((error: unknown) => error);
    await facade.destroy();
    expect(String(await waiting)).to.contain('destroyed');
    expect(instances().length).to.equal(0);
  });

  it('is one runtime: a second copy of the script hands back the facade installed first', async () => {
    const target = queueStub();
    const script = cdnScript('/dist/widget.js', { channel: 'demo', mock: '' });
    const facade = installFacade({ script, load, version: VERSION, target, signal: teardown.signal });
    expect(installFacade({ script, load, version: VERSION, target, signal: teardown.signal })).to.equal(facade);
    await facade.open();
    await sleep(100);
    expect(instances().length).to.equal(1);
  });
});

