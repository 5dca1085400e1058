/**
 * What the CDN loader reads of what the element stored on earlier pages, so that the launcher
 * it draws is the one the element will draw: the channel's appearance and the visitor's
 * locale. The element writes both under the keys in handoff.ts and locales.ts; these readers
 * are the loader's alone, so they are not among the modules handed to the element.
 */
import { remoteLayer, type OptionLayer } from '../config/resolve.js';
import { LOCALE_KEY } from '../i18n/locales.js';
import { rememberedKey } from './handoff.js';

/**
 * The remembered remote layer of `channel`, or an empty one (none, unreadable, or no storage).
 * Only options a channel config may set are taken, whatever the stored object holds: a stored
 * `noLauncher`, `mode` or `server` never changes what the page asked for.
 */
export function rememberedLayer(channel: string): OptionLayer {
  if (!channel) return {};
  try {
    const stored = JSON.parse(globalThis.localStorage?.getItem(rememberedKey(channel)) ?? '{}') as unknown;
    return stored && typeof stored === 'object' && !Array.isArray(stored) ? remoteLayer(stored) : {};
  } catch {
    return {};
  }
}

/** The locale the visitor chose on an earlier page (`setLocale`), or null. */
export function rememberedLocale(): string | null {
  try {
    return globalThis.localStorage?.getItem(LOCALE_KEY) ?? null;
  } catch {
    return null;
  }
}
