import type { ConversationSummary, OnlineVisitor, Page } from '../protocol.js';
import { clientIdFor, Visitors } from './conversations.js';
import { segment } from './http.js';
import type { RequestOptions } from './types.js';

/** `visitors.online()`'s filter: one channel (all by default), up to `limit` (1–200, 100 by default) visitors. */
export interface OnlineVisitorsQuery {
  channel?: string;
  limit?: number;
}

/** `visitors.startConversation()`: the agent's first message; `clientId` makes a retry the same start. */
export interface StartConversationInput {
  text: string;
  clientId?: string;
}

/** Visitors as agents see them, including who is on the site now (§12). */
export class LiveVisitors extends Visitors {
  /** Visitors whose widget is connected now, on any node, newest visit first. */
  online(query: OnlineVisitorsQuery = {}): Promise<Page<OnlineVisitor>> {
    return this.http.call('GET', '/agent/visitors/online', { query });
  }

  /**
   * Starts a conversation with a visitor on the site (assigned to the caller); it reaches their
   * widget at once. `ConflictError` when the visitor is not on the site. Without a `clientId` it
   * is derived from `idempotencyKey`, or made up.
   */
  async startConversation(visitorId: string, input: StartConversationInput, options: RequestOptions = {}): Promise<ConversationSummary> {
    const clientId = input.clientId ?? (options.idempotencyKey !== undefined ? await clientIdFor(options.idempotencyKey) : crypto.randomUUID());
    return this.http.call('POST', `/agent/visitors/${segment(visitorId)}/conversations`, { ...options, body: { text: input.text, clientId } });
  }
}
