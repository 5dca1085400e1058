/**
 * Every key the widget keeps in localStorage, and the guards around it. Storage may be missing
 * (Node, some sandboxed frames), blocked by privacy settings (reads throw) or full (writes
 * throw): the chat then works without remembering, it never fails for it.
 */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The visitor's chosen language, for every channel (`setLocale`). */
export const LOCALE_KEY = 'support-chat:locale';

/** The channel's appearance as the element last saw it, so the CDN loader draws the same launcher on the next page. */
export const appearanceKey = (channel: string) => `support-chat:appearance:${channel}`;

/**
 * The proactive triggers that fired (a JSON array of ids): in localStorage for `once: 'visitor'`,
 * in sessionStorage for `once: 'session'`. Kept apart from the visitor's items: `forget()` keeps them.
 */
export const proactiveKey = (channel: string) => `support-chat:${channel}:proactive`;

/**
 * What the client keeps per channel: the visitor, its token, the conversation shown, the read
 * positions (a JSON map by conversation id), the outbox (each entry with its conversation).
 */
export type ChannelItem = 'visitor' | 'token' | 'conversation' | 'read' | 'outbox';
const CHANNEL_ITEMS: ChannelItem[] = ['visitor', 'token', 'conversation', 'read', 'outbox'];

/** The browser's localStorage, or null where there is none or it is blocked. */
export function browserStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The browser's sessionStorage, or null where there is none or it is blocked. */
export function browserSessionStorage(): KeyValueStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export function readItem(storage: KeyValueStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Writes `value` (removes the key for null); a refusal keeps nothing and says nothing. */
export function writeItem(storage: KeyValueStorage | null, key: string, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // full or blocked: not remembered
  }
}

/** One channel's items (`support-chat:<channel>:<item>`). */
export class ChannelStorage {
  readonly #storage: KeyValueStorage | null;
  readonly #channel: string;

  constructor(storage: KeyValueStorage | null, channel: string) {
    this.#storage = storage;
    this.#channel = channel;
  }

  key(item: ChannelItem): string {
    return `support-chat:${this.#channel}:${item}`;
  }

  read(item: ChannelItem): string | null {
    return readItem(this.#storage, this.key(item));
  }

  write(item: ChannelItem, value: string | null): void {
    writeItem(this.#storage, this.key(item), value);
  }

  /** Forgets the visitor on this channel (sign-out). */
  forget(): void {
    for (const item of CHANNEL_ITEMS) this.write(item, null);
  }
}
