import { oneEvent, waitUntil } from '@open-wc/testing';
import type { SupportChat } from '../../src/support-chat.js';
import type { SupportChatPanel } from '../../src/ui/panel.js';

export const shadow = (el: SupportChat) => el.shadowRoot!;
export const launcher = (el: SupportChat) => shadow(el).querySelector<HTMLButtonElement>('[part="launcher"]')!;
export const panel = (el: SupportChat) => shadow(el).querySelector<SupportChatPanel>('[part="panel"]')!;

/** The panel's own shadow root, once its lazy chunk has loaded (and it shows, when open). */
export async function inside(el: SupportChat): Promise<ShadowRoot> {
  await waitUntil(() => panel(el).shadowRoot && (!el.opened || !panel(el).hidden), 'the panel never loaded');
  await panel(el).updateComplete;
  return panel(el).shadowRoot!;
}

/** Records the names of the support-chat-* events an element fires, and their details. */
export function recordEvents(el: HTMLElement): Array<{ name: string; detail: unknown }> {
  const events: Array<{ name: string; detail: unknown }> = [];
  for (const name of ['ready', 'open', 'close', 'request-close', 'message', 'unread', 'typing', 'state', 'identify', 'config', 'error', 'shutdown', 'conversation']) {
    el.addEventListener(`support-chat-${name}`, (event) => events.push({ name, detail: (event as CustomEvent).detail }));
  }
  return events;
}

/** Counts calls to a method while `run` is installed; `restore()` puts the original back. */
export function spy<T extends object, K extends keyof T>(owner: T, key: K): { calls: unknown[][]; restore(): void } {
  const original = owner[key] as unknown as (...args: unknown[]) => unknown;
  const calls: unknown[][] = [];
  (owner as Record<K, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
    calls.push(args);
    return original.apply(this, args);
  };
  return { calls, restore: () => void ((owner as Record<K, unknown>)[key] = original) };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pointer on the launcher: the intent that connects a new visitor (an idle page connects only a visitor with a conversation). */
export async function hover(el: SupportChat): Promise<void> {
  await el.updateComplete;
  launcher(el).dispatchEvent(new PointerEvent('pointerenter'));
}

/** Shows intent and waits until the element is connected. */
export async function connected(el: SupportChat): Promise<void> {
  const ready = oneEvent(el, 'support-chat-ready');
  await hover(el);
  await ready;
}

/**
 * The CDN entry module (the element, Lit and the rest) held back until `release()`: what a page
 * shows while those modules are still on the network. `requested` tells whether the loader asked.
 */
export function gatedEntry(): { load: () => Promise<typeof import('../../src/loader/cdn-entry.js')>; release(): void; readonly requested: boolean } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let requested = false;
  return {
    load: () => {
      requested = true;
      return gate.then(() => import('../../src/loader/cdn-entry.js'));
    },
    release,
    get requested() {
      return requested;
    },
  };
}

/** A CDN <script> as the page would write it (never inserted: the facade only reads it). */
export function cdnScript(src: string, data: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  script.src = src;
  for (const [key, value] of Object.entries(data)) script.dataset[key] = value;
  return script;
}

const INIT_CALLBACKS = ['onReady', 'onMessage', 'onError', 'onStateChange', 'onConfigLoaded', 'onOpen', 'onClose', 'onUnread'] as const;

/** Every init callback, each recording the arguments it is called with. */
export function recordCallbacks(): {
  callbacks: Record<(typeof INIT_CALLBACKS)[number], (...args: unknown[]) => void>;
  heard(name: (typeof INIT_CALLBACKS)[number]): unknown[][];
  readonly count: number;
} {
  const calls: Array<[name: string, args: unknown[]]> = [];
  return {
    callbacks: Object.fromEntries(INIT_CALLBACKS.map((name) => [name, (...args: unknown[]) => void calls.push([name, args])])) as never,
    heard: (name) => calls.filter(([called]) => called === name).map(([, args]) => args),
    get count() {
      return calls.length;
    },
  };
}
