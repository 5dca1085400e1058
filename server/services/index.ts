import type { TokenSigner } from '../auth/tokens.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { Store } from '../store/store.js';
import { AgentService } from './agents.js';
import { ChannelService } from './channels.js';
import { ConversationService } from './conversations.js';
import { createEventBus, type ChatEventBus } from './events.js';
import { IdentityService } from './identity.js';
import { Presence } from './presence.js';

/** Every domain service, built once per app and shared by REST and Socket.IO. */
export interface Services {
  events: ChatEventBus;
  presence: Presence;
  channels: ChannelService;
  identity: IdentityService;
  conversations: ConversationService;
  agents: AgentService;
  limits: RateLimits;
}

export function createServices(store: Store, signer: TokenSigner, limits: RateLimits): Services {
  const events = createEventBus();
  const presence = new Presence();
  const channels = new ChannelService(store, presence);
  return {
    events,
    presence,
    channels,
    identity: new IdentityService(store, channels, signer, events),
    conversations: new ConversationService(store, events, limits),
    agents: new AgentService(store, signer),
    limits,
  };
}
