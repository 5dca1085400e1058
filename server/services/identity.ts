import type { SessionRequest, SessionResponse, VisitorProfile } from '../../src/protocol.js';
import type { TokenSigner, VisitorClaims } from '../auth/tokens.js';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { ChannelService } from './channels.js';
import { DEFAULT_SETTINGS } from './channels.js';
import type { ChatEventBus } from './events.js';

/**
 * The visitor handshake. An anonymous visitor is known by the `visitorId` its browser
 * kept; an id the server does not know, or one from another channel, starts a new visitor
 * rather than being adopted (clients never choose ids).
 */
export class IdentityService {
  readonly #store: Store;
  readonly #channels: ChannelService;
  readonly #signer: TokenSigner;
  readonly #events: ChatEventBus;

  constructor(store: Store, channels: ChannelService, signer: TokenSigner, events: ChatEventBus) {
    this.#store = store;
    this.#channels = channels;
    this.#signer = signer;
    this.#events = events;
  }

  async startSession(channelKey: string, origin: string | undefined, request: SessionRequest): Promise<SessionResponse> {
    const channel = await this.#channels.forVisitor(channelKey, origin);
    if (!{ ...DEFAULT_SETTINGS, ...channel.settings }.anonymous) {
      throw new ServiceError('forbidden', 'this channel does not accept anonymous visitors');
    }
    let visitor = request.visitorId ? await this.#store.getVisitor(request.visitorId) : null;
    if (!visitor || visitor.channelKey !== channel.key) {
      visitor = await this.#store.createVisitor(channel.id, request.profile ?? {});
    } else if (request.profile && Object.keys(request.profile).length) {
      visitor = (await this.#store.updateVisitorProfile(visitor.id, request.profile)) ?? visitor;
    }
    const { token, expiresAt } = await this.#signer.signVisitor({ visitorId: visitor.id, channelKey: channel.key });
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
    const updated = await this.#store.updateVisitorProfile(visitor.visitorId, profile);
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
