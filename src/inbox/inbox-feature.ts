import type { nothing, TemplateResult } from 'lit';
import type { ConversationSummary } from '../protocol.js';
import type { AgentClient } from './agent-client.js';
import type { InboxSession } from './inbox-session.js';

/** What a feature may draw: a Lit template, `nothing`, or a list of them. */
export type FeatureContent = TemplateResult | typeof nothing | unknown[];

/**
 * A feature of the desk the inbox owns (notes, canned replies, labels, search, teams, reports,
 * live visitors): it keeps its own state, calls the agent API through `api.request` and hears
 * `/agent` events through `api.on`, and calls `inbox.changed()` when the view should render again.
 */
export interface InboxFeature {
  /** An agent signed in: the feature may load and listen (it drops what it listens to in `stop`). */
  start(api: AgentClient, session: InboxSession): void;
  /** The agent signed out (or the inbox left the page): forget everything. */
  stop(): void;
  /** Another conversation is on screen (null: none). */
  selected?(conversation: ConversationSummary | null): void;
  /** Query parameters this feature adds to the conversation list's request (`{label: 'vip'}`). */
  listQuery?(): Record<string, string>;
  /** Whether a conversation a live event brings belongs in the list this feature narrows (default: yes). */
  listed?(conversation: ConversationSummary): boolean;
  /** Drawn above the conversation list (a search field, a filter). */
  listTools?(): FeatureContent;
  /** Drawn in a list row (labels, a queue position). */
  rowTools?(conversation: ConversationSummary): FeatureContent;
  /** Drawn in the open conversation's bar (labels, transfer). */
  conversationTools?(conversation: ConversationSummary): FeatureContent;
  /** Drawn in the reply form (a note toggle, canned replies). */
  composerTools?(conversation: ConversationSummary, reply: HTMLTextAreaElement | null): FeatureContent;
  /** A keyboard shortcut; true when this feature handled it. `root` is the inbox's shadow root. */
  shortcut?(action: string, root: ShadowRoot): boolean;
}
