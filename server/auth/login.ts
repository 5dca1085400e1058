import { createHmac, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../errors.js';
import { verifyHs256 } from './jwt.js';
import { linkValid } from './links.js';
import type { Channel, ChannelSettings, Store, VisitorIdentity } from '../store/store.js';

/** Longest life a host may give a login assertion (`exp - iat`), seconds. */
export const MAX_ASSERTION_SECONDS = 300;

export interface LoginRequest {
  externalUserId?: string | undefined;
  userHash?: string | undefined;
  assertion?: string | undefined;
  entry?: 'link' | undefined;
  u?: string | undefined;
  nick?: string | undefined;
  t?: number | undefined;
  s?: string | undefined;
}

const unauthorized = (message: string, param: string) => new ServiceError('unauthorized', message, { param });
const forbidden = (message: string, param: string) => new ServiceError('forbidden', message, { param });

/** `hex(HMAC-SHA256(identitySecret, externalUserId))`, compared in constant time. */
export function userHashMatches(secret: string, externalUserId: string, userHash: string): boolean {
  const expected = createHmac('sha256', secret).update(externalUserId).digest();
  const given = /^[0-9a-f]{64}$/i.test(userHash) ? Buffer.from(userHash, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Decides who a handshake speaks for, by the channel's login modes (DESIGN.md §5): a signed
 * assertion or an HMAC'd external id is verified; a bare external id is an unverified claim,
 * allowed only in `direct` mode on a channel with an origin allowlist; nothing is anonymous.
 * Returns null for an anonymous visitor.
 */
export async function resolveLogin(store: Store, channel: Channel, settings: ChannelSettings, login: LoginRequest): Promise<VisitorIdentity | null> {
  if (login.entry === 'link') {
    if (!settings.links) throw forbidden('this channel does not accept signed links', 's');
    const secret = await store.getChannelSecret(channel.id, 'link');
    const link = { t: login.t ?? 0, u: login.u ?? '', nick: login.nick ?? '', s: login.s ?? '' };
    if (!secret || !link.u || !linkValid(secret, channel.key, link, settings.linkTtl)) throw unauthorized('invalid or expired link', 's');
    return { externalUserId: link.u, verified: true };
  }
  if (login.assertion) {
    if (!settings.assertion) throw forbidden('this channel does not accept login assertions', 'assertion');
    return { externalUserId: await verifyAssertion(store, channel, settings, login.assertion), verified: true };
  }
  if (login.externalUserId && login.userHash) {
    if (!settings.hmac) throw forbidden('this channel does not accept userHash logins', 'userHash');
    const secret = await store.getChannelSecret(channel.id, 'identity');
    if (!secret || !userHashMatches(secret, login.externalUserId, login.userHash)) throw unauthorized('userHash does not match externalUserId', 'userHash');
    return { externalUserId: login.externalUserId, verified: true };
  }
  if (login.externalUserId) {
    if (!settings.direct || channel.allowedOrigins.length === 0) {
      throw forbidden('this channel does not accept unverified external ids', 'externalUserId');
    }
    return { externalUserId: login.externalUserId, verified: false };
  }
  if (login.userHash) throw unauthorized('userHash needs externalUserId', 'externalUserId');
  if (!settings.anonymous) throw forbidden('this channel does not accept anonymous visitors', 'externalUserId');
  return null;
}

/** An HS256 JWT from the host's backend: `sub`, `channel`, `iat`, `exp` ≤ iat+300, a fresh `jti`. */
async function verifyAssertion(store: Store, channel: Channel, settings: ChannelSettings, assertion: string): Promise<string> {
  const secret = await store.getChannelSecret(channel.id, 'identity');
  if (!secret) throw forbidden('the channel has no identity secret', 'assertion');
  let payload;
  try {
    payload = verifyHs256(assertion, secret, { issuer: settings.assertionIssuer || undefined, jti: true });
  } catch {
    throw unauthorized('invalid or expired assertion', 'assertion');
  }
  if (payload.channel !== channel.key) throw unauthorized('the assertion is for another channel', 'assertion');
  if (payload.exp - payload.iat > MAX_ASSERTION_SECONDS) throw unauthorized(`an assertion may live ${MAX_ASSERTION_SECONDS} s at most`, 'assertion');
  if (typeof payload.sub !== 'string' || payload.sub.length > 200 || typeof payload.jti !== 'string' || payload.jti.length > 200) {
    throw unauthorized('invalid assertion claims', 'assertion');
  }
  if (!(await store.useAssertion(`${channel.id}:${payload.jti}`, channel.id, payload.exp))) {
    throw unauthorized('this assertion was already used', 'assertion');
  }
  return payload.sub;
}
