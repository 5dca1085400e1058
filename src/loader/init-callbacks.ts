/**
 * The callbacks `SupportChat('init', {…})` takes, as hosted widgets offer them. Each stands for
 * one of the element's events and is given the part of its detail a page wants. Functions are
 * never options: init takes them out of its argument before the options are applied.
 */
import type { SupportChatOptions } from '../config/options.js';
import type { SupportChatErrorDetail } from '../events.js';
import type { ChatMessage, ConnectionState, TransportName } from '../protocol.js';

export interface InitCallbacks {
  /** `support-chat-ready`: connected; commands act at once from here on. */
  onReady?(): void;
  /** `support-chat-message`: a message was stored, in either direction. */
  onMessage?(message: ChatMessage): void;
  /** `support-chat-error`: `{code, message, param?, retryAfter?}`. */
  onError?(error: SupportChatErrorDetail): void;
  /** `support-chat-state`: the connection changed. */
  onStateChange?(change: { state: ConnectionState; transport: TransportName }): void;
  /** `support-chat-config`: the channel's config arrived; the effective config. */
  onConfigLoaded?(config: SupportChatOptions): void;
  /** `support-chat-open`. */
  onOpen?(): void;
  /** `support-chat-close`. */
  onClose?(): void;
  /** `support-chat-unread`: the number of team messages the visitor has not seen. */
  onUnread?(count: number): void;
}

type CallbackName = keyof InitCallbacks;
type DetailOf<T extends keyof GlobalEventHandlersEventMap> = GlobalEventHandlersEventMap[T] extends CustomEvent<infer D> ? D : never;

/** One row: the event, and the callback's arguments taken from its detail. */
const row = <T extends keyof GlobalEventHandlersEventMap, A extends unknown[]>(type: T, args: (detail: DetailOf<T>) => A) =>
  [type, args as (detail: unknown) => A] as const;

const CALLBACK_EVENTS: { readonly [K in CallbackName]-?: readonly [type: string, args: (detail: unknown) => Parameters<NonNullable<InitCallbacks[K]>>] } = {
  onReady: row('support-chat-ready', (): [] => []),
  onMessage: row('support-chat-message', ({ message }): [ChatMessage] => [message]),
  onError: row('support-chat-error', (detail): [SupportChatErrorDetail] => [detail]),
  onStateChange: row('support-chat-state', (detail): [DetailOf<'support-chat-state'>] => [detail]),
  onConfigLoaded: row('support-chat-config', ({ config }): [SupportChatOptions] => [config]),
  onOpen: row('support-chat-open', (): [] => []),
  onClose: row('support-chat-close', (): [] => []),
  onUnread: row('support-chat-unread', ({ count }): [number] => [count]),
};

/**
 * Splits init's argument into its options and its callbacks. A function under a name that is
 * not a callback is left out too (it could only be a mistake), with a warning naming it.
 */
export function takeCallbacks(given: Record<string, unknown>): { options: Record<string, unknown>; callbacks: InitCallbacks } {
  const options: Record<string, unknown> = {};
  const callbacks: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    if (typeof value !== 'function') options[name] = value;
    else if (Object.hasOwn(CALLBACK_EVENTS, name)) callbacks[name] = value;
    else console.warn(`SupportChat: init has no callback "${name}" (it has ${Object.keys(CALLBACK_EVENTS).join(', ')})`);
  }
  return { options, callbacks: callbacks as InitCallbacks };
}

/**
 * Calls the callbacks `current()` returns when `element` fires their events, until `signal`
 * aborts. Asked at each event, so a later init's callbacks replace an earlier one's at once.
 */
export function forwardToCallbacks(element: HTMLElement, current: () => InitCallbacks, signal: AbortSignal): void {
  for (const [name, [type, args]] of Object.entries(CALLBACK_EVENTS)) {
    element.addEventListener(
      type,
      (event) => (current()[name as CallbackName] as ((...args: unknown[]) => void) | undefined)?.(...args((event as CustomEvent).detail)),
      { signal },
    );
  }
}
