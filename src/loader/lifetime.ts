/**
 * The CDN loader's hold on the page: one `Lifetime` from the script (or the `init` after a
 * `destroy()`) to the next `destroy()`, released through one signal, and the waits it cuts short.
 */
import type { OptionLayer } from '../config/resolve.js';
import type { SupportChat } from '../support-chat.js';
import type { InitCallbacks } from './init-callbacks.js';

export type Listener = (detail: unknown) => void;

/**
 * After the page's own `load`, when the browser is idle (or after `timeoutMs` at the latest);
 * never once `signal` has aborted.
 */
export function afterLoadWhenIdle(run: () => void, signal: AbortSignal, timeoutMs = 3000): void {
  const schedule = () => {
    if ('requestIdleCallback' in globalThis) {
      const idle = requestIdleCallback(run, { timeout: timeoutMs });
      signal.addEventListener('abort', () => cancelIdleCallback(idle), { once: true });
    } else {
      const timer = setTimeout(run, timeoutMs);
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    }
  };
  if (signal.aborted) return;
  if (document.readyState === 'complete') schedule();
  else window.addEventListener('load', schedule, { once: true, signal });
}

/** `promise`, unless `signal` aborts first: then a rejection saying the widget was destroyed. */
export function unlessDestroyed<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const destroyed = () => reject(new Error('SupportChat: destroyed before this command could run'));
    if (signal.aborted) return destroyed();
    signal.addEventListener('abort', destroyed, { once: true });
    const settled = () => signal.removeEventListener('abort', destroyed);
    promise.then(
      (value) => (settled(), resolve(value)),
      (error: unknown) => (settled(), reject(error)),
    );
  });
}

/**
 * One life of the widget in the page, from the script (or the `init` after a `destroy()`) to
 * the next `destroy()`: everything it holds is released through one signal.
 */
export interface Lifetime {
  /** Aborted by `destroy()`: the element, its re-attach watch, listeners, idle callbacks. */
  readonly controller: AbortController;
  /** Resolved by the first `init`, or at once (the script's first life without data-defer-init). */
  readonly initCalled: Promise<void>;
  releaseInit(): void;
  element: HTMLElement | null;
  mounting: Promise<SupportChat> | null;
  upgrading: Promise<SupportChat> | null;
  /** `on()` listeners by event type, each with the listener the document holds. */
  readonly listeners: Map<string, Map<Listener, EventListener>>;
  /** The latest `init`'s options (the launcher is drawn from them) and callbacks (they alone fire). */
  overrides: OptionLayer;
  callbacks: InitCallbacks;
  /** `init` calls so far: one that is not the latest when the element is ready applies nothing. */
  inits: number;
}

export function lifetime(waitForInit: boolean): Lifetime {
  let releaseInit: () => void = () => {};
  const initCalled = waitForInit ? new Promise<void>((resolve) => (releaseInit = resolve)) : Promise.resolve();
  return {
    controller: new AbortController(),
    initCalled,
    releaseInit: () => releaseInit(),
    element: null,
    mounting: null,
    upgrading: null,
    listeners: new Map(),
    overrides: {},
    callbacks: {},
    inits: 0,
  };
}
