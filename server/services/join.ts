import { LIMITS, type SessionJoined } from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import type { ChannelService } from './channels.js';
import type { ConversationService } from './conversations.js';

export interface JoinRequest {
  /** The caller's Origin, checked against the channel's allowlist. */
  origin: string | undefined;
  /** The last `seq` the client holds: the messages after it (the newest page when absent). */
  after?: number | undefined;
}

/** What a visitor gets on joining: the socket's `session:joined` and REST's `GET /join` alike. */
export type JoinVisitor = (visitor: VisitorClaims, request: JoinRequest) => Promise<SessionJoined>;

/**
 * Joining as one service operation: the channel's public config, the visitor's current
 * conversation and its messages after `after`, whichever transport asks.
 */
export function joinOperation(channels: ChannelService, conversations: ConversationService): JoinVisitor {
  return async (visitor, { origin, after }) => {
    const channel = await channels.forVisitor(visitor.channelKey, origin);
    const conversation = await conversations.currentForVisitor(visitor);
    const page = conversation ? await conversations.visitorMessages(visitor, { after, limit: LIMITS.pageSize }) : { data: [] };
    return { conversation, messages: page.data, config: channels.publicConfig(channel) };
  };
}
