import type { ChannelConfig } from '../protocol.js';
import { requestJson } from '../transport/request.js';

export interface ChannelConfigSource {
  server: string;
  channel: string;
  /** A config JSON elsewhere (previews, staging), absolute or relative to the page. */
  configUrl?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The channel's public config: a plain GET with no header that needs a CORS preflight (no
 * `X-Locale`: nothing in it depends on the visitor's language). A chunk of its own, so the
 * element can show the channel's appearance without loading the client.
 */
export function fetchChannelConfig({ server, channel, configUrl, signal }: ChannelConfigSource): Promise<ChannelConfig> {
  const url = configUrl ? new URL(configUrl, globalThis.location?.href ?? server).href : `${server}/api/v1/widget/channels/${encodeURIComponent(channel)}/config`;
  return requestJson<ChannelConfig>(url, { method: 'GET', signal });
}
