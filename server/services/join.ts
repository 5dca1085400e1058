import { LIMITS, type SessionJoined } from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import type { ChannelService } from './channels.js';
import type { VisitorConversationService } from './visitor-conversations.js';

export interface JoinRequest {
  /** The caller's Origin, checked against the channel's allowlist. */
  origin: string | undefined;
  /** The conversation the client shows; when it is not the visitor's, the open default one is joined. */
  conversationId?: string | undefined;
  /** The last `seq` the client holds of that conversation: the messages after it (the newest page when absent). */
  after?: number | undefined;
}

/** What a visitor gets on joining: the socket's `session:joined` and REST's `GET /join` alike. */
export type JoinVisitor = (visitor: VisitorClaims, request: JoinRequest) => Promise<SessionJoined>;

/**
 * Joining as one service operation, whichever transport asks: the channel's public config, the
 * conversation the client shows (else the open default one) with its messages after `after`,
 * and the visitor's newest conversations, so the client resumes each one it holds by `seq`.
 * `after` counts in the named conversation: when the join falls back to the default one, the
 * newest page is given instead.
 */
export function joinOperation(channels: ChannelService, conversations: VisitorConversationService): JoinVisitor {
  return async (visitor, { origin, conversationId, after }) => {
    const channel = await channels.forVisitor(visitor.channelKey, origin);
    const named = conversationId === undefined ? null : await conversations.own(visitor, conversationId);
    const conversation = named ?? (await conversations.find(visitor, undefined));
    const resumed = conversationId === undefined || named !== null;
    const page = conversation ? await conversations.messages(visitor, conversation.id, { after: resumed ? after : undefined, limit: LIMITS.pageSize }) : { data: [] };
    const { data: summaries } = await conversations.list(visitor, { limit: LIMITS.conversationsOnJoin });
    return { conversation, messages: page.data, conversations: summaries, config: await channels.publicConfig(channel) };
  };
}
