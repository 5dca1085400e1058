import type { SupportChatOptions } from '../config/options.js';
import { resolveOptions, type OptionLayer } from '../config/resolve.js';
import type { SupportChat } from '../support-chat.js';
import { effectiveLocale } from '../i18n/locales.js';
import { CDN_HANDOFF, type HandoffHolder } from '../config/handoff.js';
import { rememberedLayer, rememberedLocale } from '../config/remembered.js';
import { forwardToCallbacks, takeCallbacks, type InitCallbacks } from './init-callbacks.js';
import { afterLoadWhenIdle, lifetime, unlessDestroyed, type Lifetime, type Listener } from './lifetime.js';
import { drawLauncher } from './skeleton.js';

type EntryModule = typeof import('./cdn-entry.js');
type Command = [name: string, ...args: unknown[]];

/** What `init` takes: options (as `configure()` does, `open` included) and callbacks. */
export type InitOptions = Partial<SupportChatOptions> & { open?: boolean } & InitCallbacks;

export interface SupportChatFacade {
  (command: string, ...args: unknown[]): Promise<unknown>;
  q?: ArrayLike<unknown>[];
  version: string;
  init(options?: InitOptions): Promise<unknown>;
  open(options?: { prefill?: string }): Promise<unknown>;
  close(): Promise<unknown>;
  toggle(): Promise<unknown>;
  sendMessage(text: string): Promise<unknown>;
  identify(profile: Record<string, unknown>): Promise<unknown>;
  login(credentials: Record<string, unknown>): Promise<unknown>;
  logout(): Promise<unknown>;
  setLocale(locale: string): Promise<unknown>;
  configure(options: Record<string, unknown>): Promise<unknown>;
  markRead(): Promise<unknown>;
  shutdown(): Promise<unknown>;
  showConversations(): Promise<unknown>;
  openConversation(id: string): Promise<unknown>;
  startConversation(options?: { subject?: string; prefill?: string }): Promise<unknown>;
  handoff(): Promise<unknown>;
  openHelp(options?: { query?: string }): Promise<unknown>;
  openArticle(slug: string): Promise<unknown>;
  on(event: string, listener: Listener): void;
  off(event: string, listener: Listener): void;
  destroy(): Promise<void>;
}

/** Element methods the facade forwards, in DESIGN.md's order. */
const METHODS = ['open', 'close', 'toggle', 'sendMessage', 'identify', 'login', 'logout', 'setLocale', 'configure', 'markRead', 'shutdown', 'showConversations', 'openConversation', 'startConversation', 'handoff', 'openHelp', 'openArticle'] as const;

const camel = (key: string) => key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The script's `data-*` and query-string options, as option layers (unknown keys are ignored later). */
export function scriptOptions(script: HTMLScriptElement | null): { data: Record<string, string | undefined>; query: Record<string, string>; deferInit: boolean } {
  const data: Record<string, string | undefined> = { ...script?.dataset };
  const query: Record<string, string> = {};
  if (script?.src) for (const [key, value] of new URL(script.src, location.href).searchParams) query[camel(key)] = value;
  return { data, query, deferInit: 'deferInit' in data || 'deferInit' in query };
}

/** Marks an installed facade: a second copy of the script hands back the first one's. */
const INSTALLED = Symbol.for('support-chat.facade');

/**
 * Installs `window.SupportChat`: replays the commands queued before the script arrived,
 * creates the one `<support-chat>` (at once, or on `init` with `data-defer-init`), keeps it in
 * the page when a single-page app removes it, and forwards every call to it. The runtime is a
 * singleton: a second copy of the script returns the installed facade.
 *
 * The launcher shows before the element's modules load: the loader draws it (skeleton.ts) into
 * the element it creates, and loads the element on intent (hover, focus, a touch or a click on
 * it, or any command) or once the page has loaded and the browser is idle. The element then
 * draws its own launcher in the same place. With `no-launcher` nothing is drawn, and the
 * element loads on a command or when idle.
 *
 * `destroy()` ends the widget's life in the page (see `Lifetime`) but leaves the visitor's
 * stored identity alone; commands then wait for the next `init`, which mounts it again.
 */
export function installFacade(options: {
  script: HTMLScriptElement | null;
  load: () => Promise<EntryModule>;
  version: string;
  target?: { SupportChat?: unknown };
  /** Aborting destroys the widget, as `destroy()` does (tests, or a host tearing down). */
  signal?: AbortSignal;
  /** When to load the element without intent (default: after the page's `load`, when idle). */
  whenIdle?: (load: () => void) => void;
}): SupportChatFacade {
  const target = options.target ?? (window as { SupportChat?: unknown });
  const installed = target.SupportChat as (SupportChatFacade & { [INSTALLED]?: true }) | undefined;
  if (installed?.[INSTALLED]) return installed;
  const queued = (target.SupportChat as { q?: ArrayLike<unknown>[] } | undefined)?.q ?? [];
  const { data, query, deferInit } = scriptOptions(options.script);
  let life = lifetime(deferInit);
  let entry: Promise<EntryModule> | null = null;

  const loadEntry = () => {
    entry ??= options.load().then((module) => {
      if (options.script?.src) module.setScriptOrigin(new URL(options.script.src, location.href).origin);
      return module;
    });
    // A failed load (the network) is not remembered: the next intent or command tries again.
    entry.catch(() => (entry = null));
    return entry;
  };
  const reportLoadFailure = (error: unknown) => console.error('SupportChat: the chat could not load', error);
  /** Intent, or an idle page: a failure is not reported, the next intent or command tries again. */
  const prefetch = (of: Lifetime) => {
    if (!of.controller.signal.aborted) void upgrade(of).catch(() => {});
  };

  /**
   * Before the element's class has loaded: draws the launcher the element will draw, from the
   * latest `init`'s options, the script's and the channel's appearance as the element last saw
   * it; or, for a chat wanted open at once, loads the element now.
   */
  const draw = (of: Lifetime, created: HTMLElement) => {
    // Invalid values are reported by the element once it loads; here they fall back quietly.
    // The channel's own appearance as the element last saw it comes last, as its remote layer.
    const local = resolveOptions([of.overrides, data, query]);
    const config = local.noStorageUntilOpen ? local : resolveOptions([of.overrides, data, query, rememberedLayer(local.channel)]);
    if (config.mode !== 'launcher' || config.defaultOpen) {
      void upgrade(of).catch(reportLoadFailure); // standalone, inline or open at once: the panel is wanted now
      return;
    }
    if (config.noLauncher) {
      created.shadowRoot?.replaceChildren(); // the page opens the chat itself
      return;
    }
    // The locale the element will pick, so the drawn launcher is named in it already.
    const locale = effectiveLocale(config.locale, config.noStorageUntilOpen ? null : rememberedLocale());
    const button = drawLauncher(created, config, locale);
    const { signal } = of.controller;
    for (const type of ['pointerenter', 'focus', 'touchstart']) button.addEventListener(type, () => prefetch(of), { passive: true, signal });
    button.addEventListener('click', () => void call('open', []).catch(reportLoadFailure), { signal });
  };

  /**
   * Puts the one `<support-chat>` in the page. Before its class has loaded, it gets the
   * script's options by hand-off and a launcher drawn from them (and from `init`'s options).
   */
  const mount = (of: Lifetime): Promise<SupportChat> => {
    of.mounting ??= (async () => {
      const { signal } = of.controller;
      if (!document.body) await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
      // A task of its own: drawing (options, stored appearance, CSS) never lengthens the task
      // that parsed the page and ran this script into a long one on a slow device.
      await new Promise((resolve) => setTimeout(resolve));
      signal.throwIfAborted();
      const created = document.createElement('support-chat');
      of.element = created;
      const link = data.link ? Object.fromEntries(new URLSearchParams(data.link)) : null;
      // Taken by the element when it connects, whether its class is loaded already or later.
      (created as HandoffHolder)[CDN_HANDOFF] = { cdnOptions: { data, query }, link };
      forwardToCallbacks(created, () => of.callbacks, signal);
      if (!customElements.get('support-chat')) {
        draw(of, created);
        if (options.whenIdle) options.whenIdle(() => prefetch(of));
        else afterLoadWhenIdle(() => prefetch(of), signal);
      }
      document.body.append(created);
      // Put back when a single-page app swaps the page out from under it.
      const observer = new MutationObserver(() => {
        if (!created.isConnected && document.body) document.body.append(created);
      });
      observer.observe(document.documentElement, { childList: true, subtree: true });
      signal.addEventListener('abort', () => {
        observer.disconnect();
        created.remove();
      });
      return created as SupportChat;
    })();
    return of.mounting;
  };

  /** The element with its class loaded (and Lit, and its launcher drawn by itself). */
  const upgrade = (of: Lifetime): Promise<SupportChat> => {
    const upgrading = (of.upgrading ??= (async () => {
      const mounted = await mount(of);
      await loadEntry();
      await customElements.whenDefined('support-chat');
      return mounted;
    })());
    upgrading.catch(() => {
      if (of.upgrading === upgrading) of.upgrading = null;
    });
    return unlessDestroyed(of.controller.signal, upgrading);
  };

  /**
   * The latest call controls the widget: its callbacks replace the earlier ones at once, and an
   * earlier call still waiting for the element resolves without applying its options.
   */
  const init = async (given: InitOptions = {}) => {
    const of = life;
    const { options: overrides, callbacks } = takeCallbacks(given as Record<string, unknown>);
    const ticket = ++of.inits;
    of.overrides = overrides as OptionLayer;
    of.callbacks = callbacks;
    // A launcher drawn from an earlier init's options is drawn again from these.
    if (of.element && !customElements.get('support-chat')) draw(of, of.element);
    const instance = await upgrade(of);
    if (ticket !== of.inits) return instance;
    if (Object.keys(overrides).length) await instance.configure(overrides);
    of.releaseInit();
    return instance;
  };

  /** Ends this life of the widget; the visitor's stored identity stays. Commands wait for the next `init`. */
  const destroy = async (): Promise<void> => {
    const ended = life;
    life = lifetime(true);
    ended.controller.abort();
  };

  const call = async (name: string, args: unknown[]): Promise<unknown> => {
    if (name === 'init') return init(args[0] as InitOptions | undefined);
    if (name === 'destroy') return destroy();
    if (name === 'on' || name === 'off') return subscribe(name, String(args[0]), args[1] as Listener);
    if (name === 'version') return options.version;
    const of = life;
    // With data-defer-init (or after destroy()), commands wait for `init`; otherwise they run at once.
    await unlessDestroyed(of.controller.signal, of.initCalled);
    const instance = await upgrade(of);
    const method = (instance as unknown as Record<string, unknown>)[name];
    if (typeof method !== 'function') throw new Error(`SupportChat: unknown command "${name}"`);
    return (method as (...args: unknown[]) => unknown).apply(instance, args);
  };

  function subscribe(kind: 'on' | 'off', event: string, listener: Listener): void {
    const type = event.startsWith('support-chat-') ? event : `support-chat-${event}`;
    const byListener = life.listeners.get(type) ?? new Map<Listener, EventListener>();
    life.listeners.set(type, byListener);
    const wrapped = byListener.get(listener);
    if (kind === 'off') {
      if (wrapped) document.removeEventListener(type, wrapped);
      byListener.delete(listener);
    } else if (!wrapped) {
      // Events bubble out of the shadow root (composed), so the document hears them even while
      // the element is being re-attached.
      const heard: EventListener = (e) => listener((e as CustomEvent).detail);
      byListener.set(listener, heard);
      document.addEventListener(type, heard, { signal: life.controller.signal });
    }
  }

  const facade = ((name: string, ...args: unknown[]) => call(name, args)) as SupportChatFacade & { [INSTALLED]?: true };
  facade[INSTALLED] = true;
  facade.version = options.version;
  for (const name of ['init', 'destroy', ...METHODS]) (facade as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => call(name, args);
  for (const kind of ['on', 'off'] as const) facade[kind] = (event, listener) => subscribe(kind, event, listener);
  target.SupportChat = facade;
  options.signal?.addEventListener('abort', () => void destroy(), { once: true });

  // Replay what the page queued before this script arrived, in order; `on` first, so a queued
  // listener hears what queued commands cause.
  const commands = Array.from(queued, (args) => Array.from(args) as Command);
  for (const [name, ...args] of commands) if (name === 'on' || name === 'off') void call(name, args);
  const autoInit = !deferInit && ('channel' in data || 'channel' in query);
  // The launcher at once; the element's modules on intent or when the page is idle.
  if (autoInit && !commands.some(([name]) => name === 'init')) void mount(life).catch(() => {});
  for (const [name, ...args] of commands) {
    if (name === 'on' || name === 'off') continue;
    call(name, args).catch((error: unknown) => console.error('SupportChat:', error));
  }
  // Without a channel and without deferral, the script only registers the element.
  if (!autoInit && !deferInit) void loadEntry();
  return facade;
}
