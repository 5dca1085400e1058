import type { Agent, Block, ChannelSecretKind, ChannelSettings, ConversationStatus, ToolCallRequest, WebhookEventType } from '../protocol.js';

/**
 * What the SDK's calls take. What they answer (`Channel`, `ChatMessage`, `Webhook`, …) is in
 * `protocol.ts`, re-exported by the SDK's entry.
 */

export interface ChannelInput {
  /** Lowercase letters, digits, `_` and `-`: the public key the widget names. */
  key: string;
  name: string;
  allowedOrigins?: string[];
  settings?: Partial<ChannelSettings>;
}

export type { ChannelPatch, ChannelSecretKind } from '../protocol.js';

/** A channel secret, shown in this answer only. */
export interface ChannelSecret {
  kind: ChannelSecretKind;
  secret: string;
}

export interface FaqInput {
  question: string;
  answer: string;
  position?: number;
}

/** A signed standalone chat link (`path` is relative to the server). */
export interface SignedLink {
  path: string;
  expiresAt: string;
}

export interface LinkInput {
  externalUserId: string;
  nickname?: string;
}

export interface AgentInput {
  email: string;
  name: string;
  /** At least 12 characters; without one, the agent gets an invite. */
  password?: string;
  role?: Agent['role'];
}

export interface AgentPatch {
  name?: string;
  role?: Agent['role'];
  avatarUrl?: string | null;
  disabled?: boolean;
}

export interface BotInput {
  name: string;
  avatarUrl?: string;
}

/** A bot and its API token (`scb_…`), shown in this answer only. */
export interface BotWithToken {
  agent: Agent;
  token: string;
}

export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  /** Only this channel's events; null or left out for every channel. */
  channel?: string | null;
}

export interface WebhookPatch {
  url?: string;
  events?: WebhookEventType[];
  channel?: string | null;
  /** `false` pauses deliveries. */
  active?: boolean;
}

export interface ConversationListQuery {
  status?: ConversationStatus;
  /** `me`: assigned to the caller; `none`: unassigned. */
  assigned?: 'me' | 'none';
  /** `ai`: an AI agent answers it; `human`: the team does (never had one, or handed over). */
  handledBy?: 'ai' | 'human';
  /** Only conversations carrying the label of this name (any case). */
  label?: string;
  limit?: number;
}

export interface MessagePageQuery {
  after?: number;
  before?: number;
  limit?: number;
}

export interface AgentMessageInput {
  text: string;
  attachmentIds?: string[];
  /** Quick replies, buttons, cards or forms the visitor may answer (their answer is a message with `replyTo`). */
  blocks?: Block[];
  /** The send's idempotency key; derived from `idempotencyKey`, or made up, when left out. */
  clientId?: string;
}

/** `POST …/conversations/:id/tool-calls`: run a tool the visitor's page registered (the wire's `ToolCallRequest`). */
export type ToolCallInput = ToolCallRequest;

/** What a call that creates something takes. */
export interface RequestOptions {
  /** Sent as `Idempotency-Key`: the same key and body within 24 h give the first answer again. */
  idempotencyKey?: string;
}
