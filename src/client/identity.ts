import type { SessionRequest, SessionResponse } from '../protocol.js';
import type { SessionApi } from '../transport/api.js';
import type { ChannelStorage } from './storage.js';

/** How the host signs the visitor in as its customer (DESIGN.md §5). */
export type LoginOptions =
  /** Called for every handshake (first login, a new one after expiry): the recommended way. */
  | { getAssertion: () => Promise<string> }
  /** An HS256 assertion from the host's backend; usable once. */
  | { assertion: string }
  /** The host's id for the customer, with `userHash` on `hmac` channels (bare only in `direct` mode). */
  | { externalUserId: string; userHash?: string };

/** A signed standalone link's parameters (`/c?k=&u=&nick=&t=&s=`). */
export interface LinkEntry {
  u: string;
  nick: string;
  t: number;
  s: string;
}

interface StoredToken {
  token: string;
  expiresAt: string;
  visitorId: string;
  verified: boolean;
  /** Who the token was issued to (see `#who`), and by which server. */
  who: string;
  server: string;
}

/** A token is not used (nor reused) within this much of its expiry; it is renewed before. */
const EXPIRY_MARGIN_MS = 2 * 60 * 1000;

export interface IdentityOptions {
  api: SessionApi;
  channel: string;
  server: string;
  storage: ChannelStorage;
  login: LoginOptions | null;
  link: LinkEntry | null;
  /** The rest of a handshake: the profile, the page, the fingerprint. */
  request: () => Promise<SessionRequest>;
}

/**
 * Who the visitor is and the token that proves it. A token (valid 30 minutes) is kept with the
 * visitor and reused on the next page while it is valid and issued to the same person, so a
 * page view costs no handshake; it is renewed before it expires. One handshake at a time: two
 * at once would mint two visitors on a first visit.
 */
export class Identity {
  readonly #options: IdentityOptions;
  #login: LoginOptions | null;
  /** Signed in by assertion: no token of this client is kept for another page. */
  readonly #byAssertion: boolean;
  #token: StoredToken | null = null;
  #handshaking: Promise<SessionResponse> | null = null;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: IdentityOptions) {
    this.#options = options;
    this.#login = options.login;
    this.#byAssertion = Boolean(options.login && !('externalUserId' in options.login));
    const stored = this.#stored();
    if (stored) this.#keep(stored);
  }

  get visitorId(): string | null {
    return this.#token?.visitorId ?? this.#options.storage.read('visitor');
  }

  /** Whether the server verified who the visitor is (an assertion or a userHash login). */
  get verified(): boolean {
    return this.#token?.verified ?? false;
  }

  /** The token, when there is one that is not about to expire. */
  get current(): string | null {
    const token = this.#token;
    return token && Date.parse(token.expiresAt) - Date.now() > EXPIRY_MARGIN_MS ? token.token : null;
  }

  /** The current token, or a fresh one from a handshake (waiting for the one under way). */
  async token(): Promise<string> {
    return this.current ?? (await this.handshake()).token;
  }

  /** Gets a token for the stored visitor (or a new one), signing in when the host gave credentials. */
  handshake(): Promise<SessionResponse> {
    this.#handshaking ??= this.#start().finally(() => (this.#handshaking = null));
    return this.#handshaking;
  }

  /** The server refused the token (expired, revoked): the next call makes a new one. */
  invalidate(): void {
    this.#token = null;
    this.#options.storage.write('token', null);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#renewTimer);
  }

  async #start(): Promise<SessionResponse> {
    const { api, channel, storage, link } = this.#options;
    const visitorId = storage.read('visitor') ?? undefined;
    const login = this.#login;
    const credentials: Partial<SessionRequest> =
      !login && link
        ? { entry: 'link', ...link }
        : login && 'getAssertion' in login
          ? { assertion: await login.getAssertion() }
          : (login ?? {});
    // A bare assertion is single use: a later handshake goes on as the visitor it made.
    if (login && 'assertion' in login) this.#login = null;
    const response = await api.startSession(channel, { ...(await this.#options.request()), ...(visitorId ? { visitorId } : {}), ...credentials });
    this.#accept(response);
    return response;
  }

  #accept(response: SessionResponse): void {
    if (this.#stopped) return;
    const { token, expiresAt, visitorId, verified } = response;
    const who = this.#who();
    const stored: StoredToken = { token, expiresAt, visitorId, verified, who: who ?? '', server: this.#options.server };
    this.#keep(stored);
    this.#options.storage.write('visitor', visitorId);
    // A token from an assertion is not kept: the next page asks the host again (who is signed in may have changed).
    this.#options.storage.write('token', who === null ? null : JSON.stringify(stored));
  }

  /** Uses `stored` and renews it shortly before it expires (same visitor, no new login). */
  #keep(stored: StoredToken): void {
    this.#token = stored;
    clearTimeout(this.#renewTimer);
    const renewIn = Date.parse(stored.expiresAt) - Date.now() - EXPIRY_MARGIN_MS - 30_000;
    this.#renewTimer = setTimeout(
      () => void this.#options.api.renew(stored.token).then((response) => this.#accept(response), () => {}),
      Math.max(renewIn, 10_000),
    );
  }

  /** The identity a reusable token belongs to: anonymous, a link's user or an external id; null for an assertion. */
  #who(): string | null {
    const login = this.#login;
    if (this.#byAssertion) return null;
    if (login && 'externalUserId' in login) return `user:${login.externalUserId}`;
    return this.#options.link ? `link:${this.#options.link.u}` : 'anonymous';
  }

  /** The token an earlier page kept, when it is still good and belongs to the same visitor and server. */
  #stored(): StoredToken | null {
    try {
      const stored = JSON.parse(this.#options.storage.read('token') ?? 'null') as StoredToken | null;
      const fresh = stored && Date.parse(stored.expiresAt) - Date.now() > EXPIRY_MARGIN_MS;
      return fresh && stored.who === this.#who() && stored.server === this.#options.server && stored.visitorId === this.#options.storage.read('visitor') ? stored : null;
    } catch {
      return null;
    }
  }
}
