import type { VisitorProfile } from '../protocol.js';
import type { SessionApi } from '../transport/api.js';
import type { TransportFactory } from '../transport/transport.js';
import type { LinkEntry, LoginOptions } from './identity.js';
import type { KeyValueStorage } from './storage.js';

export interface ChatClientOptions {
  /** The channel's public key. */
  channel: string;
  /** The server's origin; by default the page's. */
  server?: string;
  /** Where the realtime connection goes when it takes another host or proxy chain; by default `server`. */
  wsServer?: string;
  /** Load the channel config JSON from here instead of the server's (previews, staging). */
  configUrl?: string;
  /** Where the visitor is remembered; `null` keeps nothing (a new visitor on every load). Default: localStorage. */
  storage?: KeyValueStorage | null;
  /** The visitor's language, sent as `X-Locale` (read on every request). */
  locale?: () => string;
  /** Profile fields sent with each handshake. */
  profile?: () => VisitorProfile;
  /** Sign the visitor in as the host's customer (DESIGN.md §5). */
  login?: LoginOptions | null;
  /** Opt-in identity layer 2: a digest of low-entropy browser signals goes with the handshake. */
  fingerprint?: boolean;
  /** Another of the channel's allowed AI agents (`ChannelConfig.ai.allowed`) for the conversations this page opens; any other id is refused (`ValidationError`, `param: 'agentId'`). */
  agent?: string;
  /** `auto`: WebSocket, then REST long-polling when it cannot get through; `rest`: REST only. */
  transport?: 'auto' | 'rest';
  /** @internal A signed standalone link's parameters. */
  link?: LinkEntry | null;
  /** @internal The in-browser fake server of `mock` mode. */
  backend?: { api: SessionApi; transport: TransportFactory };
}
