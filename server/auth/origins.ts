import type { Channel } from '../store/store.js';

/**
 * Exact-origin allowlist: an empty list admits any origin. A request without an Origin
 * header (a server-side client, curl) is not a browser embedding the widget, and is allowed
 * only when the list is empty.
 */
export function originAllowed(channel: Channel, origin: string | undefined): boolean {
  if (channel.allowedOrigins.length === 0) return true;
  return origin !== undefined && channel.allowedOrigins.includes(origin);
}
