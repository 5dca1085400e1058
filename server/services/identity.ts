import type { SessionRequest, SessionResponse, Visitor, VisitorProfile } from '../../src/protocol.js';
import { resolveLogin } from '../auth/login.js';
import type { TokenSigner, VisitorClaims } from '../auth/tokens.js';
import { ServiceError } from '../errors.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { Store } from '../store/store.js';
import type { ChannelService } from './channels.js';
import { settingsOf } from './channels.js';
import type { ChatEventBus } from './events.js';

/**
 * How large a visitor's `extra` may grow, merged over every identify: every agent loads it
 * with the conversation and is pushed it on each change.
 */
export const EXTRA_LIMITS = { bytes: 16 * 1024, keys: 50 } as const;

/** Throws unless `extra` fits `EXTRA_LIMITS`: 400 for too many keys, 413 for too many bytes. */
function checkExtra(extra: Record<string, unknown> | undefined): void {
  if (!extra) return;
  if (Object.keys(extra).length > EXTRA_LIMITS.keys) {
    throw new ServiceError('invalid_request', `profile.extra: ${EXTRA_LIMITS.keys} keys at most, merged with what is stored`, { param: 'profile.extra' });
  }
  if (Buffer.byteLength(JSON.stringify(extra)) > EXTRA_LIMITS.bytes) {
    throw new ServiceError('payload_too_large', `profile.extra: ${EXTRA_LIMITS.bytes} bytes of JSON at most, merged with what is stored`, { param: 'profile.extra' });
  }
}

/** The merged profile's `extra` is checked only when this update brings some. */
const checkMerged = (update: VisitorProfile) => (merged: VisitorProfile) => {
  if (update.extra) checkExtra(merged.extra);
};

/**
 * The visitor handshake. An anonymous visitor is known by the `visitorId` its browser
 * kept; an id the server does not know, one from another channel, or one that belongs to an
 * external identity starts a new visitor rather than being adopted (clients never choose ids).
 * External ids go through the channel's login modes (auth/login.ts).
 */
export class IdentityService {
  readonly #store: Store;
  readonly #channels: ChannelService;
  readonly #signer: TokenSigner;
  readonly #events: ChatEventBus;
  readonly #limits: RateLimits;

  constructor(store: Store, channels: ChannelService, signer: TokenSigner, events: ChatEventBus, limits: RateLimits) {
    this.#store = store;
    this.#channels = channels;
    this.#signer = signer;
    this.#events = events;
    this.#limits = limits;
  }

  /**
   * The handshake's second budget (the first, per address, is the route's): a known visitor
   * draws on its own, so many visitors behind one office or carrier address do not starve each
   * other; a handshake that creates a visitor draws on its address's.
   */
  #admit(existing: Visitor | null, ip: string | undefined): Promise<void> {
    return existing ? this.#limits.consume('visitorSession', existing.id) : this.#limits.consume('newVisitor', ip ?? 'unknown');
  }

  async startSession(channelKey: string, request: SessionRequest, client: { origin?: string | undefined; ip?: string | undefined; userAgent?: string | undefined } = {}): Promise<SessionResponse> {
    const { origin, ip, userAgent } = client;
    const channel = await this.#channels.forVisitor(channelKey, origin);
    const settings = settingsOf(channel);
    checkExtra(request.profile?.extra);
    const identity = await resolveLogin(this.#store, channel, settings, request);
    const previous = request.visitorId ? await this.#store.getVisitor(request.visitorId) : null;
    // Only an anonymous visitor of this channel can be resumed or merged by its stored id.
    const anonymous = previous && previous.channelKey === channel.key && previous.externalUserId === null ? previous : null;
    let visitor;
    if (identity) {
      const find = () => this.#store.findVisitorByIdentity(channel.id, identity);
      // Two nodes may create the same identity at once: the unique index lets one win, the other finds it.
      const found = await find();
      await this.#admit(found, ip);
      visitor = found ?? (await this.#store.createVisitor(channel.id, request.profile ?? {}, identity).catch(async (error: unknown) => (await find()) ?? Promise.reject(error)));
      // A verified login takes over what this browser wrote anonymously; an unverified claim never merges.
      if (identity.verified && anonymous && anonymous.id !== visitor.id) await this.#store.mergeVisitor(anonymous.id, visitor.id);
    } else {
      // Layer 3 (the stored visitor id), then layer 2 (the opt-in fingerprint), then a new visitor.
      const byFingerprint = !anonymous && request.fingerprint ? await this.#store.findAnonymousByFingerprint(channel.id, request.fingerprint) : null;
      const existing = anonymous ?? byFingerprint;
      await this.#admit(existing, ip);
      visitor = existing ?? (await this.#store.createVisitor(channel.id, request.profile ?? {}, undefined, request.fingerprint));
    }
    const profile = { ...request.profile, ...(request.entry === 'link' && request.nick ? { name: request.nick } : {}) };
    if (Object.keys(profile).length) {
      visitor = (await this.#store.updateVisitorProfile(visitor.id, profile, checkMerged(profile))) ?? visitor;
    }
    // Where the visitor is now, for the team's side panel.
    const { referrer, ...context } = request.context ?? {};
    await this.#store.setVisitorContext(visitor.id, {
      ...context,
      ...(referrer ? { referrer } : {}),
      ...(userAgent ? { userAgent: userAgent.slice(0, 500) } : {}),
      seenAt: new Date().toISOString(),
    });
    return this.#respond(visitor, channel.key);
  }

  /** A fresh token for the same visitor, before the current one expires (no new login needed). */
  async renew(visitor: VisitorClaims): Promise<SessionResponse> {
    const stored = await this.#store.getVisitor(visitor.visitorId);
    if (!stored) throw new ServiceError('unauthorized', 'visitor not found');
    return this.#respond(stored, visitor.channelKey);
  }

  /** The handshake answer: a new token for `visitor` and their open conversation. */
  async #respond(visitor: Visitor, channelKey: string): Promise<SessionResponse> {
    const { token, expiresAt } = await this.#signer.signVisitor({ visitorId: visitor.id, channelKey });
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      visitorId: visitor.id,
      verified: visitor.verified,
      conversation: await this.#store.findOpenConversation(visitor.id),
    };
  }

  /** Updates the visitor's profile; agents see it change at once. */
  async identify(visitor: VisitorClaims, profile: VisitorProfile): Promise<VisitorProfile> {
    const updated = await this.#store.updateVisitorProfile(visitor.visitorId, profile, checkMerged(profile));
    if (!updated) throw new ServiceError('not_found', 'visitor not found');
    const conversation = await this.#store.findOpenConversation(visitor.visitorId);
    if (conversation) {
      const summary = await this.#store.getConversationSummary(conversation.id);
      if (summary) this.#events.emit('conversation:updated', summary);
    }
    return updated.profile;
  }

  /** Checks a visitor token and that its channel still admits the caller's origin. */
  async authenticate(token: unknown, origin: string | undefined): Promise<VisitorClaims> {
    const claims = await this.#signer.verifyVisitor(token);
    await this.#channels.forVisitor(claims.channelKey, origin);
    return claims;
  }
}
