import type {
  Agent,
  AiAgent,
  Attachment,
  Block,
  BlockReply,
  Channel,
  ChannelPatch,
  ChannelSecretKind,
  ChannelSettings,
  ChatMessage,
  Conversation,
  ConversationStatus,
  ConversationSummary,
  Faq,
  MessageSource,
  Sender,
  Visitor,
  VisitorConversationSummary,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
  VisitorContext,
  VisitorProfile,
} from '../../src/protocol.js';

import type { ArticleStore } from './article-store.js';
// ---- desk: notes
import type { NoteStore } from './note-store.js';
import type { CannedLabelStore } from './canned-label-store.js';
// ---- desk: reports
import type { ReportStore } from './report-store.js';
import type { LiveVisitorStore } from './live-visitor-store.js';
import type { TeamStore } from './team-store.js';
import type { SearchStore } from './search-store.js';

// What the admin API answers and takes for channels and FAQs (protocol.ts): one definition.
export type { Channel, ChannelPatch, ChannelSettings, Faq };
export type SecretKind = ChannelSecretKind;

export interface VisitorIdentity {
  externalUserId: string;
  verified: boolean;
}

export interface AgentRecord extends Agent {
  /** Empty while an invite is pending, and for bots. */
  passwordHash: string;
}

export interface NewAgent {
  email: string;
  name: string;
  role: Agent['role'];
  kind: Agent['kind'];
  avatarUrl?: string;
  passwordHash: string;
}

export interface AgentPatch {
  name?: string;
  role?: Agent['role'];
  avatarUrl?: string | null;
  disabled?: boolean;
  passwordHash?: string;
  /** A pending invite (hash of its token and expiry), or null to clear it. */
  invite?: { hash: string; expiresAt: string } | null;
  /** A bot's API token hash. */
  tokenHash?: string;
  /** Open conversations round-robin routing gives the agent at most. */
  capacity?: number;
}

/** An attachment as stored on its message; the signed `url` is added when it is served. */
export type StoredAttachment = Omit<Attachment, 'url'>;

export interface NewMessage {
  /** A pre-assigned id (`m_…`): an answer streamed as `message:delta` under this id before it is stored. */
  id?: string;
  conversationId: string;
  clientId: string;
  from: Sender;
  authorId: string | null;
  text: string;
  /** Uploads this message carries; each must still be unbound (else `AttachmentTaken`). */
  attachments?: StoredAttachment[];
  /**
   * Merged into the conversation's `attributes` as the message is stored (a retry merges
   * nothing); more than `LIMITS.attributes` once merged is refused with `AttributeLimit`.
   */
  attributes?: Record<string, string>;
  blocks?: Block[];
  replyTo?: BlockReply;
  sources?: MessageSource[];
}

/** Who answers a conversation as it opens: an AI agent (the channel's or the page's), or the team. */
export interface ConversationHandler {
  handledBy: 'ai' | 'human';
  aiAgentId: string | null;
}

/**
 * A visitor's send. Without `conversationId`: stored in the visitor's open default conversation,
 * which it opens when there is none. With one (it must be the visitor's, else
 * `ConversationNotFound`): stored there while it is open; a closed default one is followed by
 * the open default one (opened if need be); a closed explicit one refuses the send
 * (`ConversationClosed`). Either way a `clientId` already stored in the named conversation
 * answers with that message. Resolving the conversation in the same transaction as the message
 * means it cannot be closed in between, and a send costs no read of its own.
 */
export interface NewVisitorMessage extends Omit<NewMessage, 'conversationId' | 'from' | 'authorId'> {
  channelId: string;
  visitorId: string;
  conversationId?: string | undefined;
  /** Who answers the conversation when this send opens one (the team when absent). */
  handler?: ConversationHandler | undefined;
}

/** A conversation the visitor opens explicitly (`POST /conversations`), found again by `clientId`. */
export interface NewConversation {
  channelId: string;
  visitorId: string;
  clientId: string;
  subject: string | null;
  attributes: Record<string, string>;
  /** Who answers it (the team when absent). */
  handler?: ConversationHandler | undefined;
}

/** An AI agent as stored: the API key encrypted (the service encrypts and decrypts it). */
export interface AiAgentRecord extends Omit<AiAgent, 'hasApiKey'> {
  encryptedApiKey: string | null;
}
export type NewAiAgent = Omit<AiAgentRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** The visitor's feedback on an AI answer, as stored. */
export interface FeedbackResult {
  conversation: Conversation;
  /** Whether this call changed what was recorded (a repeat of the same answer changes nothing). */
  changed: boolean;
}

/** A page of the visitor's conversations, newest (most recently opened) first. */
export interface VisitorConversationQuery {
  status?: ConversationStatus | undefined;
  /** A conversation id of the visitor's: the page starts after it (keyset cursor). */
  before?: string | undefined;
  limit: number;
}

/** The stored message, or the one already stored under the same clientId (`created` false). */
export interface AppendResult {
  message: ChatMessage;
  created: boolean;
}

export interface VisitorAppendResult extends AppendResult {
  /** The conversation the message is in, as it is once the message is stored. */
  conversation: Conversation;
  /** Whether this send opened the conversation. */
  opened: boolean;
}

/** An accepted file. Exactly one of `visitorId` / `agentId` says who uploaded it. */
export interface UploadRecord extends StoredAttachment {
  channelId: string | null;
  visitorId: string | null;
  agentId: string | null;
  conversationId: string | null;
  messageId: string | null;
  storageKey: string;
  createdAt: string;
}

/** A request made with an Idempotency-Key, as stored. */
export interface IdempotentRequest {
  /** What the key was first used for (a hash of the method, path and body). */
  fingerprint: string;
  /** The first answer; null while the first request is still running. */
  status: number | null;
  body: string | null;
}

export interface WebhookRecord extends Webhook {
  secret: string;
}

/** A due delivery, claimed by one dispatcher, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  event: WebhookEventType;
  payload: string;
  attempts: number;
  url: string;
  secret: string;
}

export interface DeliveryOutcome {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** `appendMessage` was given an upload another message already carries. */
export class AttachmentTaken extends Error {
  constructor(readonly index: number) {
    super(`attachment ${index} already belongs to another message`);
    this.name = 'AttachmentTaken';
  }
}

/**
 * `appendMessage` found the conversation closed when it came to store the message (it was open
 * when the caller looked it up): nothing was stored.
 */
export class ConversationClosed extends Error {
  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} is closed`);
    this.name = 'ConversationClosed';
  }
}

/** A send named a conversation that does not exist or is another visitor's: nothing was stored. */
export class ConversationNotFound extends Error {
  constructor(readonly conversationId: string) {
    super(`no conversation ${conversationId}`);
    this.name = 'ConversationNotFound';
  }
}

/** A send's `attributes` would give the conversation more than `LIMITS.attributes`: nothing was stored. */
export class AttributeLimit extends Error {
  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} would hold too many attributes`);
    this.name = 'AttributeLimit';
  }
}

/** A full-text search of a channel's knowledge (built by server/search). */
export interface KnowledgeQuery {
  /** Words of letters and digits only, lower case; a hit matches any of them. */
  terms: string[];
  /** PostgreSQL's text search configuration for the visitor's language ('simple' when it has none). */
  language: string;
  limit: number;
  /** Only these kinds (default: all). */
  kinds?: Array<'faq' | 'article'>;
  /** Articles of this locale only (FAQs have none and always match). */
  locale?: string;
  /** Adds a plain-text snippet of the body to each hit. */
  snippets?: boolean;
  /** No visitor language is known: match every row in its own language too (PostgreSQL; slower). */
  anyLanguage?: boolean;
}

/** A piece of knowledge a search found. */
export interface KnowledgeHit {
  kind: 'faq' | 'article';
  /** The FAQ's or the article's id. */
  id: string;
  title: string;
  body: string;
  /** Articles only. */
  slug?: string;
  locale?: string;
  updatedAt?: string;
  /** Plain text around the match, when the query asked for snippets. */
  snippet?: string;
}

export interface MessagePageQuery {
  after?: number;
  before?: number;
  limit: number;
}

export interface ConversationQuery {
  status?: ConversationStatus;
  assignedTo?: string | null;
  handledBy?: 'ai' | 'human';
  /** Only conversations carrying the label of this name (any ASCII case). */
  label?: string | undefined;
  /** Conversations of this team only. */
  teamId?: string | undefined;
  limit: number;
}

/**
 * Storage behind one interface so SQLite (embedded) and PostgreSQL (several nodes) are
 * interchangeable. Every method is async, whatever the engine.
 */
export interface Store
  extends ArticleStore,
    CannedLabelStore,
    ReportStore,
    LiveVisitorStore,
    TeamStore,
    NoteStore,

    SearchStore {
  // channels
  createChannel(channel: Omit<Channel, 'id' | 'createdAt'>): Promise<Channel>;
  getChannel(key: string): Promise<Channel | null>;
  listChannels(): Promise<Channel[]>;
  /**
   * Applies `patch` to the channel as it is at that moment, atomically (two admins, or two
   * nodes, never undo each other): `settings` is merged key by key. `check` sees the result
   * before it is written and may refuse it by throwing. Null when there is no such channel.
   */
  updateChannel(key: string, patch: ChannelPatch, check?: (next: Channel) => void): Promise<Channel | null>;

  // visitors
  createVisitor(channelId: string, profile: VisitorProfile, identity?: VisitorIdentity, fingerprint?: string): Promise<Visitor>;
  /** The newest anonymous visitor of the channel with this browser fingerprint. */
  findAnonymousByFingerprint(channelId: string, fingerprint: string): Promise<Visitor | null>;
  getVisitor(id: string): Promise<Visitor | null>;
  findVisitorByIdentity(channelId: string, identity: VisitorIdentity): Promise<Visitor | null>;
  /**
   * Moves every conversation of `fromId` to `intoId` (a login merging an anonymous visitor),
   * closing none: when both have an open default conversation, the newer stays the default and
   * the older becomes explicit.
   */
  mergeVisitor(fromId: string, intoId: string): Promise<void>;

  // FAQs
  listFaqs(channelId: string): Promise<Faq[]>;
  createFaq(channelId: string, faq: Omit<Faq, 'id'>): Promise<Faq>;
  updateFaq(channelId: string, id: string, patch: Partial<Omit<Faq, 'id'>>): Promise<Faq | null>;
  deleteFaq(channelId: string, id: string): Promise<boolean>;
  /** The channel's knowledge (FAQs; later articles) matching any of the terms, best first (server/search). */
  searchKnowledge(channelId: string, query: KnowledgeQuery): Promise<KnowledgeHit[]>;

  // channel secrets and assertion replay
  getChannelSecret(channelId: string, kind: SecretKind): Promise<string | null>;
  setChannelSecret(channelId: string, kind: SecretKind, secret: string): Promise<void>;
  /** Records an assertion's `jti`; false when it was used before (a replay). */
  useAssertion(jti: string, channelId: string, expiresAt: number): Promise<boolean>;
  /** Replaces the visitor's context (where they are now). */
  setVisitorContext(id: string, context: VisitorContext): Promise<void>;
  /**
   * Merges `profile` into the stored one (`extra` merged key by key); returns the visitor.
   * `check` sees the merged profile before it is written and may throw to leave it unchanged.
   */
  updateVisitorProfile(id: string, profile: VisitorProfile, check?: (merged: VisitorProfile) => void): Promise<Visitor | null>;

  // conversations
  /**
   * The visitor's open default conversation, created when there is none (one per visitor,
   * race-safe), answered by `handler` (the team when absent) when this call creates it.
   */
  openConversation(channelId: string, visitorId: string, handler?: ConversationHandler): Promise<{ conversation: Conversation; created: boolean }>;
  /** The visitor's open default conversation. */
  findOpenConversation(visitorId: string): Promise<Conversation | null>;
  /** Opens an explicit conversation, or finds the one opened with the same `(visitorId, clientId)` (`created` false). */
  createConversation(conversation: NewConversation): Promise<{ conversation: Conversation; created: boolean }>;
  /** The visitor's conversations, newest first, each with a preview of its newest message and its unread count. */
  listVisitorSummaries(visitorId: string, query: VisitorConversationQuery): Promise<{ data: VisitorConversationSummary[]; hasMore: boolean }>;
  getVisitorSummary(id: string): Promise<VisitorConversationSummary | null>;
  getConversation(id: string): Promise<Conversation | null>;
  getConversationSummary(id: string): Promise<ConversationSummary | null>;
  listConversations(query: ConversationQuery): Promise<{ data: ConversationSummary[]; hasMore: boolean }>;

  /** Closes or reopens (reopening a default one fails on the unique index when the visitor has another open default one). */
  setStatus(id: string, status: 'open' | 'closed'): Promise<Conversation | null>;
  /** The visitor's newest default conversation, open or closed. */
  latestConversation(visitorId: string): Promise<Conversation | null>;
  rate(id: string, score: number, comment: string | undefined): Promise<Conversation | null>;
  /**
   * Hands the conversation to `handledBy`; `changed` is false when it was handled so already
   * (of two handoffs at once, one changes it). Null when there is no such conversation.
   */
  setHandledBy(id: string, handledBy: 'ai' | 'human'): Promise<{ conversation: Conversation; changed: boolean } | null>;
  /**
   * Records the visitor's helpful yes/no on a message of the conversation (the latest answer
   * counts) and sets `resolvedByAi` to whether any of its messages was found helpful.
   */
  recordFeedback(conversationId: string, messageId: string, helpful: boolean): Promise<FeedbackResult | null>;
  /** Assigns the conversation to an agent, or to nobody. */
  assign(id: string, agentId: string | null): Promise<Conversation | null>;
  /** The visitor's conversations, newest first. */
  listVisitorConversations(visitorId: string, limit: number): Promise<ConversationSummary[]>;
  /** Raises the reader's read `seq` (never lowers it, never past the last message). */
  markRead(conversationId: string, by: 'visitor' | 'agent', seq: number): Promise<Conversation | null>;

  // messages
  /**
   * Stores a message with the next `seq`, or returns the one already stored under the
   * same `(conversationId, clientId)`: `created` tells which. A new message in a conversation
   * that is closed by then is refused with `ConversationClosed`.
   */
  appendMessage(message: NewMessage): Promise<AppendResult>;
  /** A visitor's message (see `NewVisitorMessage`), retried sends as `appendMessage` handles them. */
  appendVisitorMessage(message: NewVisitorMessage): Promise<VisitorAppendResult>;
  /** One message of the conversation. */
  getMessage(conversationId: string, id: string): Promise<ChatMessage | null>;

  // uploads
  createUpload(upload: UploadRecord): Promise<void>;
  getUpload(id: string): Promise<UploadRecord | null>;
  listMessages(conversationId: string, query: MessagePageQuery): Promise<{ data: ChatMessage[]; hasMore: boolean }>;

  // agents
  createAgent(agent: NewAgent): Promise<Agent>;
  getAgentByEmail(email: string): Promise<AgentRecord | null>;
  getAgent(id: string): Promise<Agent | null>;
  listAgents(): Promise<Agent[]>;
  updateAgent(id: string, patch: AgentPatch): Promise<Agent | null>;
  /** The agent with this pending, unexpired invite. */
  findAgentByInvite(hash: string, now: string): Promise<Agent | null>;
  /** The bot with this API token. */
  findAgentByToken(hash: string): Promise<Agent | null>;
  countAgents(): Promise<number>;

  // AI agents (a deleted one is gone from these, but its answers keep their author)
  createAiAgent(agent: NewAiAgent): Promise<AiAgentRecord>;
  getAiAgent(id: string): Promise<AiAgentRecord | null>;
  listAiAgents(): Promise<AiAgentRecord[]>;
  updateAiAgent(id: string, patch: Partial<NewAiAgent>): Promise<AiAgentRecord | null>;
  deleteAiAgent(id: string): Promise<boolean>;

  // webhooks
  createWebhook(webhook: Omit<WebhookRecord, 'id' | 'createdAt'>): Promise<Webhook>;
  listWebhooks(): Promise<WebhookRecord[]>;
  getWebhook(id: string): Promise<WebhookRecord | null>;
  updateWebhook(id: string, patch: Partial<Pick<WebhookRecord, 'url' | 'events' | 'channel' | 'active' | 'secret'>>): Promise<Webhook | null>;
  deleteWebhook(id: string): Promise<boolean>;
  /** Queues one delivery per webhook, due at once. */
  enqueueDeliveries(deliveries: Array<{ id: string; webhookId: string; event: WebhookEventType; payload: string }>): Promise<void>;
  /** Takes up to `limit` due deliveries, leasing each until `leaseUntil` so no other dispatcher sends it meanwhile. */
  claimDueDeliveries(now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]>;
  recordDelivery(id: string, outcome: DeliveryOutcome): Promise<void>;
  listDeliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]>;
  /** Makes a delivery due again now (an admin's "redeliver"). */
  redeliver(webhookId: string, deliveryId: string): Promise<WebhookDelivery | null>;

  // idempotency keys (agent and admin POSTs)
  /**
   * Claims `key` for `scope` with the request's `fingerprint`. Null when this call claimed it;
   * otherwise the claim that holds it (made at `since` or later; older claims are forgotten).
   */
  claimIdempotencyKey(scope: string, key: string, fingerprint: string, since: string): Promise<IdempotentRequest | null>;
  /** Stores the first answer under a key this caller claimed. */
  completeIdempotencyKey(scope: string, key: string, status: number, body: string | null): Promise<void>;
  /** Gives up a claim whose request failed, so a retry with the key runs again. */
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;

  /**
   * Hears when the connection to a shared database is back after a loss: what other nodes
   * broadcast meanwhile may not have reached this node's clients. (SQLite: never.)
   */
  onReconnect?(listener: () => void): () => void;
  /** Resolves when the database answers a trivial query (the health check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
