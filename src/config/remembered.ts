/**
 * What the element stored on earlier pages, read before anything connects: the channel's
 * appearance (its remote config layer) and the visitor's locale. The CDN loader draws its
 * launcher from them, and the element uses the appearance until the live config arrives.
 */
import { appearanceKey, browserStorage, LOCALE_KEY, readItem } from '../client/storage.js';
import { remoteLayer, type OptionLayer } from './resolve.js';

/**
 * The remembered remote layer of `channel`, or an empty one (none, unreadable, or no storage).
 * Only options a channel config may set are taken, whatever the stored object holds: a stored
 * `noLauncher`, `mode` or `server` never changes what the page asked for.
 */
export function rememberedLayer(channel: string): OptionLayer {
  if (!channel) return {};
  try {
    const stored = JSON.parse(readItem(browserStorage(), appearanceKey(channel)) ?? '{}') as unknown;
    return stored && typeof stored === 'object' && !Array.isArray(stored) ? remoteLayer(stored) : {};
  } catch {
    return {};
  }
}

/** The locale the visitor chose on an earlier page (`setLocale`), or null. */
export function rememberedLocale(): string | null {
  return readItem(browserStorage(), LOCALE_KEY);
}
