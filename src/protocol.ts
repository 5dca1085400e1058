/**
 * Everything that crosses the wire between the widget, the inbox and the server.
 * The server imports this file too: a change here is a change of the public protocol.
 */

import { nanoid } from 'nanoid';
import type { UploadPolicy } from './upload-policy.js';

export const PROTOCOL_VERSION = 1;

export type Sender = 'visitor' | 'agent' | 'bot' | 'system';
export type ConversationStatus = 'open' | 'closed';

export interface Attachment {
  id: string;
  url: string;
  fileName: string;
  fileSize: number;
  contentType: string;
  width?: number;
  height?: number;
}

export interface Author {
  id: string;
  name: string;
  avatarUrl?: string;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  /** Per conversation: 1, 2, 3 … without gaps, assigned by the server. */
  seq: number;
  /** The sender's idempotency key (visitor sends always carry one). */
  clientId?: string;
  from: Sender;
  /** Plain text. Rendered as text, never as HTML. */
  text: string;
  attachments: Attachment[];
  /** Interactive content from an agent, a bot or an AI agent (quick replies, buttons, cards, forms). */
  blocks?: Block[];
  /** The visitor's answer to a block: a tapped option or button, or a submitted form (`value` is then a JSON object of the fields). */
  replyTo?: BlockReply;
  /** What an AI answer was based on. */
  sources?: MessageSource[];
  /** The visitor's latest helpful yes/no on this AI answer (`POST …/feedback`); absent when none. */
  feedback?: { helpful: boolean };
  author?: Author;
  /** ISO 8601. */
  createdAt: string;
}

/** Where an AI answer found what it says. */
export interface MessageSource {
  title: string;
  /** http(s) only. */
  url?: string;
  articleSlug?: string;
  faqId?: string;
}

// ---------------------------------------------------------------- interactive messages (blocks)

/** A choice that answers with `value` (the visitor's reply text is its `label`). */
export interface BlockOption {
  label: string;
  value: string;
}
/** A button that opens a page instead of answering (http or https only). */
export interface BlockLink {
  label: string;
  url: string;
}
export interface QuickRepliesBlock {
  type: 'quick_replies';
  id: string;
  options: BlockOption[];
}
export interface ButtonsBlock {
  type: 'buttons';
  id: string;
  buttons: Array<BlockOption | BlockLink>;
}
export interface CardBlock {
  type: 'card';
  id: string;
  title: string;
  text?: string;
  /** http or https only. */
  imageUrl?: string;
  buttons?: Array<BlockOption | BlockLink>;
}
export interface FormBlockField {
  name: string;
  label: string;
  type: 'text' | 'email' | 'textarea' | 'select';
  /** `select`: the choices. */
  options?: string[];
  required?: boolean;
}
export interface FormBlock {
  type: 'form';
  id: string;
  submitLabel: string;
  fields: FormBlockField[];
}
export type Block = QuickRepliesBlock | ButtonsBlock | CardBlock | FormBlock;

/** A visitor's answer to a block (`SendMessageRequest.replyTo`). */
export interface BlockReply {
  /** The block's id, in a message of the same conversation. */
  blockId: string;
  /** The chosen option's `value`, or for a form a JSON object `{name: answer}` as a string. */
  value: string;
}

/** `message:delta`: text of an answer still being written (an AI agent streaming). */
export interface MessageDelta {
  conversationId: string;
  /** The id the final message will have: its `message:created` replaces what the deltas built. */
  messageId: string;
  /** How many characters of the answer came before `text` (a client drops a repeat and refetches on a gap). */
  offset: number;
  text: string;
}

export interface Conversation {
  id: string;
  channelKey: string;
  visitorId: string;
  status: ConversationStatus;
  /** The highest `seq` stored in this conversation (0 when empty). */
  lastSeq: number;
  /** The highest `seq` the visitor has seen (read receipts). */
  visitorReadSeq: number;
  /** The highest `seq` an agent has seen. */
  agentReadSeq: number;
  assignedAgentId: string | null;
  createdAt: string;
  /** Time of the newest message, or of creation. */
  updatedAt: string;
  /** Set once the conversation is closed. */
  closedAt: string | null;
  /** The visitor's rating after closing. */
  rating: { score: number; comment?: string } | null;
  /**
   * The visitor's default conversation: the one a send without a `conversationId` goes to (one
   * open per visitor and channel). False for a conversation opened explicitly (`POST /conversations`).
   */
  isDefault: boolean;
  /** What the visitor named it when opening it explicitly; null otherwise. */
  subject: string | null;
  /** Facts about this conversation: the pre-chat form's answers that are not profile fields. */
  attributes: Record<string, string>;
  /** Who answers: the channel's AI agent (until a handoff) or the team. */
  handledBy: 'ai' | 'human';
  /** The AI agent that answers (or answered) it; null when none was set. */
  aiAgentId: string | null;
  /** The visitor confirmed an AI answer helped (`POST …/feedback` with `helpful: true`) — never assumed. */
  resolvedByAi: boolean;
}

/** A conversation in the visitor's own list (`GET /conversations`, `session:joined`). */
export interface VisitorConversationSummary extends Conversation {
  /** A preview of the newest message (its text cut to 200 characters). */
  lastMessage: { from: Sender; text: string; createdAt: string } | null;
  /** Messages from the team (agents, bots, the system) after the visitor's read position. */
  unread: number;
}

export interface VisitorProfile {
  name?: string;
  email?: string;
  phone?: string;
  avatarUrl?: string;
  extra?: Record<string, unknown>;
}

/** Where the visitor is, as their browser told it at the last handshake (for the inbox). */
export interface VisitorContext {
  pageUrl?: string;
  referrer?: string;
  locale?: string;
  /** From the request, not from the page. */
  userAgent?: string;
  /** ISO 8601: the last handshake. */
  seenAt?: string;
}

export interface Visitor {
  id: string;
  channelKey: string;
  externalUserId: string | null;
  verified: boolean;
  profile: VisitorProfile;
  context: VisitorContext;
  createdAt: string;
}

/** A conversation as agents list it: with its visitor and a preview of the newest message. */
export interface ConversationSummary extends Conversation {
  visitor: Visitor;
  lastMessage: ChatMessage | null;
}

/** Public, non-secret channel settings returned by `GET /channels/:key/config`. */
export interface ChannelConfig {
  channel: string;
  name: string;
  greeting: string;
  headerTitle: string;
  headerSubtitle: string;
  primaryColor: string;
  online: boolean;
  anonymous: boolean;
  /** Shown while the team is away. */
  offlineMessage: string;
  /** What the visitor may attach; `null` when the channel takes no files. */
  uploads: UploadPolicy | null;
  /** The form shown before the first message of a new conversation; null when there is none. */
  preChat: PreChatForm | null;
  /**
   * An AI agent answers first (`agentId`, shown as `name`; `allowed`: the ids a page may pick with
   * the `agent` option); `handoff`: the visitor may ask for a person. Null when the channel has none.
   */
  ai: { agentId: string; name: string; allowed: string[]; handoff: boolean } | null;
  /** The channel has published help articles: the widget offers its Help screen and quick help (§11). */
  help?: boolean;
  /** Proactive triggers the widget evaluates in the browser; null when the channel has none. */
  proactive: ProactiveTrigger[] | null;
}

/**
 * Where a pre-chat answer goes: `name`, `email` and `phone` to the visitor's profile (`name`,
 * `email`, `phone`); `select`, `text` and `consent` to the conversation's `attributes` under
 * `key` (a consent as the time it was given).
 */
export type PreChatFieldType = 'name' | 'email' | 'phone' | 'select' | 'text' | 'consent';

export interface PreChatField {
  /** The attribute name (letters, digits, `_`, `-`); unique in the form. */
  key: string;
  type: PreChatFieldType;
  /** The question; for `consent`, the operator's consent text. */
  label: string;
  required?: boolean;
  /** `select`: the choices. */
  options?: string[];
  /** `consent`: the operator's policy page (http or https). */
  url?: string;
}

/** A channel's pre-chat form. Fields the host already passed (`nickname`, `email`, `phone`, a key in `extra`) are not asked. */
export interface PreChatForm {
  fields: PreChatField[];
}

/**
 * What makes a proactive trigger fire, evaluated in the browser (all the given conditions must
 * hold): `urlMatches` a glob (`*` any run of characters) over the page's path and query when it
 * starts with `/`, over the whole URL otherwise; `afterSeconds` on the page; `exitIntent` (the
 * pointer leaves through the top); `rageClicks` (that many clicks in a small area within a second);
 * `signal` raised by the page with `signal(name)`.
 */
export interface ProactiveWhen {
  urlMatches?: string;
  afterSeconds?: number;
  exitIntent?: boolean;
  rageClicks?: number;
  signal?: string;
}

/** A proactive message: when it fires, how often (`once` per visitor or per session), what it shows. */
export interface ProactiveTrigger {
  /** Letters, digits, `_` and `-`; unique in the channel. */
  id: string;
  when: ProactiveWhen;
  once: 'visitor' | 'session';
  /** `message` shown in a bubble by the launcher, or, with `open`, the panel opens. */
  action: { message: string; open?: boolean };
}

// File types and the default upload policy live in a module of their own, so the widget's first
// chunk does not carry them: only the server and the mock backend need their values.
export { DEFAULT_UPLOAD_POLICY, UPLOAD_TYPES, type UploadPolicy, type UploadType } from './upload-policy.js';

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'admin';
  /** A bot is an agent that signs in with an API token instead of a password. */
  kind: 'human' | 'bot';
  /** A disabled agent can neither sign in nor use a token issued before. */
  disabled: boolean;
  /** Invited and not signed up yet (no password). */
  invited: boolean;
  avatarUrl?: string;
}

// ---------------------------------------------------------------- errors

export const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  /** A page tool: the page has no handler for it. */
  'no_handler',
  'rate_limited',
  /** A page tool: the page did not answer in time. */
  'timeout',
  'unavailable',
  'internal',
  // client-side codes
  'network',
  'invalid_option',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The HTTP status of each code: REST answers with it, and a client that got the same error in
 * a socket acknowledgement treats it alike (a 4xx is not retried).
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_option: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  no_handler: 422,
  timeout: 504,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  network: 503,
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** The request field at fault, as a dotted path (`text`, `attachmentIds.0`). */
  param?: string;
  /** Seconds to wait before retrying, with `rate_limited`. */
  retryAfter?: number;
  requestId?: string;
}
export interface ApiError {
  error: ErrorBody;
}

/** Every socket acknowledgement: the result, or an error shaped like the REST one. */
export type Ack<T> = { data: T } | { error: ErrorBody };

/** A list envelope, the same on REST and on the socket. */
export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

// ---------------------------------------------------------------- REST bodies

export interface SessionRequest {
  visitorId?: string;
  profile?: VisitorProfile;
  /** The host's stable id for a signed-in customer (verified with `userHash`, or `direct` mode). */
  externalUserId?: string;
  /** `hex(HMAC-SHA256(identitySecret, externalUserId))` from the host's backend. */
  userHash?: string;
  /** An HS256 JWT from the host's backend (`sub`, `channel`, `iat`, `exp` ≤ iat+300, `jti`). */
  assertion?: string;
  /** Opt-in hex SHA-256 of low-entropy browser signals (identity layer 2). */
  fingerprint?: string;
  /** The page the widget runs on, for the team's side panel. */
  context?: Pick<VisitorContext, 'pageUrl' | 'referrer' | 'locale'>;
  /** A signed standalone link's parameters (`/c?k=&u=&nick=&t=&s=`). */
  entry?: 'link';
  u?: string;
  nick?: string;
  t?: number;
  s?: string;
}
export interface SessionResponse {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
  visitorId: string;
  verified: boolean;
  conversation: Conversation | null;
}

export interface RatingRequest {
  score: number;
  comment?: string;
}

export interface SendMessageRequest {
  /**
   * The conversation to write in; absent: the visitor's default conversation. A closed default
   * conversation is followed by the next one (the send opens it); a closed explicit one refuses
   * the send (409), unless the same `clientId` was stored there before (then that message).
   */
  conversationId?: string;
  /** The send's idempotency key: up to 64 letters, digits, `_` and `-`, unique per send (see `newClientId`). */
  clientId: string;
  text: string;
  attachmentIds?: string[];
  /** Merged into the conversation's `attributes` as the message is stored (the pre-chat form's answers ride on the first message). */
  attributes?: Record<string, string>;
  /** The visitor's answer to a block of an earlier message (exactly once, like any message). */
  replyTo?: BlockReply;
  /** The page's AI agent (the `agent` option), used when this send opens the conversation; one of the channel's `ai.allowed`. */
  agentId?: string;
}

/** `POST …/conversations/:id/feedback`: was this AI answer helpful? */
export interface FeedbackRequest {
  messageId: string;
  helpful: boolean;
}

/** `POST /api/v1/widget/conversations`: open a conversation explicitly (idempotent on `clientId`). */
export interface CreateConversationRequest {
  clientId: string;
  /** Up to 200 characters. */
  subject?: string;
  attributes?: Record<string, string>;
  /** The page's AI agent (the `agent` option); one of the channel's `ai.allowed`. */
  agentId?: string;
}

// ---------------------------------------------------------------- page tools

/** `POST /api/v1/agent/conversations/:id/tool-calls`: run a tool the host page registered. */
export interface ToolCallRequest {
  name: string;
  args?: unknown;
  /** How long to wait for the page, 1–60 s (default 15 s). */
  timeoutMs?: number;
}

/** What the page answered (or why it could not), as the caller and the `tool.result` webhook get it. */
export interface ToolCallResult {
  id: string;
  conversationId: string;
  channelKey: string;
  name: string;
  args: unknown;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
  durationMs: number;
}

/** The page's answer to a tool call: its `respond(result)` or `reject(error)`. */
export type ToolOutcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

/** Server → widget: run a tool (`tool:execute`). */
export interface ToolExecute {
  callId: string;
  name: string;
  args: unknown;
}

// ---------------------------------------------------------------- webhooks (admin API)

export const WEBHOOK_EVENTS = ['message.created', 'conversation.created', 'conversation.closed', 'conversation.handoff', 'tool.result'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  /** Only this channel's events; null = every channel. */
  channel: string | null;
  active: boolean;
  createdAt: string;
}

/** One event sent (or being sent) to one webhook: the admin's delivery log. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  event: WebhookEventType;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When the next attempt is due, while pending. */
  nextAttemptAt: string | null;
  /** The receiver's last HTTP status, if it answered. */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** The JSON body of every webhook request; `id` is the delivery id (stable across retries). */
export interface WebhookPayload<T = unknown> {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: T;
}

// ---------------------------------------------------------------- admin API

/** Business hours in the channel's timezone (Sunday = 0; `HH:MM` wall-clock times). */
export interface BusinessHours {
  timezone: string;
  days: Array<{ day: number; open: string; close: string }>;
}

/** A channel's settings as stored; a field left out of a create or update keeps its default. */
export interface ChannelSettings {
  greeting: string;
  headerTitle: string;
  headerSubtitle: string;
  primaryColor: string;
  /** Login modes (anonymous visitors, `userHash`, signed assertions, unverified external ids). */
  anonymous: boolean;
  hmac: boolean;
  assertion: boolean;
  /** Needs an origin allowlist. */
  direct: boolean;
  /** When set, assertions must carry this `iss`. */
  assertionIssuer?: string;
  /** Signed standalone links: accepted, and required on `/c` when `linksEnforced`. */
  links: boolean;
  linksEnforced: boolean;
  /** Seconds a signed link stays valid. */
  linkTtl: number;
  businessHours?: BusinessHours | null;
  offlineMessage: string;
  /** What visitors may attach; `null` takes no files. */
  uploads: UploadPolicy | null;
  /** Per-visitor budgets per minute (the server's defaults otherwise). */
  limits?: { messagesPerMinute?: number; uploadsPerMinute?: number };
  /** Asked before the first message of a new conversation; null or absent: no form. */
  preChat?: PreChatForm | null;
  /**
   * The AI agent that answers new conversations first (`agentId`), and the others a page may pick
   * with the `agent` option (`allowed`); null or absent: the team answers.
   */
  ai?: { agentId: string | null; allowed: string[] } | null;
  /** Proactive messages, evaluated in the browser; null or absent: none. */
  proactive?: ProactiveTrigger[] | null;
}

/** A channel as the admin API answers it (the widget's public part is `ChannelConfig`). */
export interface Channel {
  id: string;
  key: string;
  name: string;
  /** Exact origins allowed to embed the widget; empty = any. */
  allowedOrigins: string[];
  settings: ChannelSettings;
  createdAt: string;
}

export interface Faq {
  id: string;
  question: string;
  answer: string;
  position: number;
}

/** A channel update (`PATCH …/channels/:key`): `settings` holds only the settings to change, merged into the stored ones. */
export interface ChannelPatch {
  name?: string;
  allowedOrigins?: string[];
  settings?: Partial<ChannelSettings>;
}

/** The channel secrets the admin API rotates (each shown once). */
export type ChannelSecretKind = 'identity' | 'link';

/** Where an invited agent chooses a password; shown in this answer only. */
export interface Invite {
  token: string;
  path: string;
  expiresAt: string;
}

// ---------------------------------------------------------------- AI agents (admin API)

/** A tool the model may call that the host page runs (`tool:execute` → `support-chat-tool-call`). */
export interface AiPageTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object schema). */
  parameters: Record<string, unknown>;
}

/** An AI agent as the admin API answers it: the API key is stored and never returned. */
export interface AiAgent {
  id: string;
  name: string;
  /** An OpenAI-compatible `/v1` endpoint; null: the server's `AI_BASE_URL`. */
  baseUrl: string | null;
  /** null: the server's `AI_MODEL`. */
  model: string | null;
  /** Whether a key is stored (the key itself is never returned). */
  hasApiKey: boolean;
  instructions: string;
  knowledge: { faqs: boolean; articles: boolean };
  tools: AiPageTool[];
  handoff: {
    /** The visitor may ask for a person ("Talk to a person", `handoff()`). */
    onRequest: boolean;
    /** Hand over when the model finds no answer in the knowledge. */
    onNoAnswer: boolean;
    /** The system message the visitor sees at a handoff. */
    message: string;
  };
  /** Caps per answer. */
  maxTokens: number;
  maxToolRounds: number;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/v1/admin/ai-agents` (and `PATCH`, every field optional): `apiKey` null clears it. */
export interface AiAgentInput extends Partial<Omit<AiAgent, 'id' | 'hasApiKey' | 'createdAt' | 'updatedAt' | 'handoff' | 'knowledge'>> {
  name: string;
  apiKey?: string | null;
  knowledge?: Partial<AiAgent['knowledge']>;
  handoff?: Partial<AiAgent['handoff']>;
}

export interface AgentLoginRequest {
  email: string;
  password: string;
}
export interface AgentLoginResponse {
  token: string;
  expiresAt: string;
  agent: Agent;
}

/**
 * A send's `clientId` as the widget and the inbox make it: the millisecond in 9 base-36 digits,
 * then 21 random characters. Time-ordered keys land at the right edge of the server's dedupe
 * index instead of on a random page of it; any other unique key is accepted all the same.
 */
export function newClientId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}${nanoid()}`;
}

// ---------------------------------------------------------------- limits shared by both ends

export const LIMITS = {
  /** Characters in one message's text. */
  messageText: 8000,
  clientId: 64,
  /** Messages in one page of history. */
  pageSize: 100,
  /** Socket.IO frame size (files travel over REST). */
  socketFrameBytes: 64 * 1024,
  /** Attachments on one message. */
  attachmentsPerMessage: 10,
  /** Ceiling of a channel's upload size, bytes (the default policy's too). */
  uploadBytes: 10 * 1024 * 1024,
  /** Characters kept of an uploaded file's name. */
  fileName: 200,
  /** Characters in a conversation's subject. */
  subject: 200,
  /** The visitor's conversations `session:joined` lists. */
  conversationsOnJoin: 20,
  /** Attributes on one conversation, and characters in a key and in a value. */
  attributes: 30,
  attributeKey: 64,
  attributeValue: 1000,
  /** Fields in a pre-chat form. */
  preChatFields: 12,
  /** Proactive triggers per channel, the length of a message and of a URL pattern. */
  proactiveTriggers: 20,
  proactiveMessage: 500,
  proactiveUrlPattern: 300,
} as const;

// ---------------------------------------------------------------- Socket.IO: /widget

export const WIDGET_NAMESPACE = '/widget';
export const AGENT_NAMESPACE = '/agent';

export interface WidgetAuth {
  token: string;
  /** The conversation the client shows (its default conversation when absent or not the visitor's). */
  conversationId?: string;
  /** The last `seq` the client holds of that conversation; the server replays what came after it. */
  after?: number;
}

export interface SessionJoined {
  /** The conversation joined: `auth.conversationId`'s, else the open default one; null when there is none. */
  conversation: Conversation | null;
  /** Messages after `auth.after` (or the newest page when no `after` was given). */
  messages: ChatMessage[];
  /**
   * The visitor's conversations, newest first (up to `LIMITS.conversationsOnJoin`): how far each
   * has got (`lastSeq`) and what is unread, so a client resumes each one it holds by `seq`.
   */
  conversations: VisitorConversationSummary[];
  config: ChannelConfig;
}

export interface TypingEvent {
  conversationId: string;
  from: Sender;
  name?: string;
  typing: boolean;
}

/** A read receipt: `by` has seen everything up to `seq`. */
export interface ReadEvent {
  conversationId: string;
  by: 'visitor' | 'agent';
  seq: number;
}

export interface WidgetClientEvents {
  'message:send': (request: SendMessageRequest, ack: (result: Ack<ChatMessage>) => void) => void;
  /** Each of these names its conversation; without `conversationId`: the default one. */
  typing: (request: { conversationId?: string; typing: boolean }, ack?: (result: Ack<null>) => void) => void;
  sync: (request: { conversationId?: string; after: number }, ack: (result: Ack<ChatMessage[]>) => void) => void;
  read: (request: { conversationId?: string; seq: number }, ack?: (result: Ack<null>) => void) => void;
  'tool:result': (request: { callId: string; result: unknown }, ack?: (result: Ack<null>) => void) => void;
  'tool:error': (request: { callId: string; error: { code: string; message: string } }, ack?: (result: Ack<null>) => void) => void;
  /** "Talk to a person": the conversation's AI agent hands it to the team (`POST …/handoff`). */
  handoff: (request: { conversationId?: string }, ack?: (result: Ack<Conversation>) => void) => void;
  /** Was this AI answer helpful (`POST …/feedback`)? */
  feedback: (request: FeedbackRequest & { conversationId?: string }, ack?: (result: Ack<Conversation>) => void) => void;
}

export interface WidgetServerEvents {
  'session:joined': (payload: SessionJoined) => void;
  'message:created': (message: ChatMessage) => void;
  /** Text of an answer still being written (an AI agent streaming); its `message:created` follows. */
  'message:delta': (delta: MessageDelta) => void;
  /** The visitor has a new conversation (opened in another tab, or by a send). */
  'conversation:created': (conversation: Conversation) => void;
  'conversation:updated': (conversation: Conversation) => void;
  typing: (event: TypingEvent) => void;
  read: (event: ReadEvent) => void;
  /** The team came online or went away (drives the status line). */
  presence: (event: { online: boolean }) => void;
  'session:expired': () => void;
  /** Run a tool the host page handles (`support-chat-tool-call`), then answer `tool:result` or `tool:error`. */
  'tool:execute': (call: ToolExecute) => void;
  /** Live events may have been missed (the servers lost their database for a moment): fetch what is new. */
  resync: () => void;
}

// ---------------------------------------------------------------- Socket.IO: /agent

export interface AgentAuth {
  token: string;
}

export interface AgentSendRequest extends Omit<SendMessageRequest, 'replyTo' | 'agentId' | 'attributes'> {
  conversationId: string;
  /** Interactive content (agents in the inbox composer, bots through the API and SDK). */
  blocks?: Block[];
}

export interface AgentClientEvents {
  'message:send': (request: AgentSendRequest, ack: (result: Ack<ChatMessage>) => void) => void;
  typing: (request: { conversationId: string; typing: boolean }, ack?: (result: Ack<null>) => void) => void;
  read: (request: { conversationId: string; seq: number }, ack?: (result: Ack<null>) => void) => void;
  /** The conversation's messages after `after` (one page, as `GET …/messages?after=` gives it, the team's notes among them): resume after a reconnect. */
  sync: (request: { conversationId: string; after: number }, ack: (result: Ack<AgentThreadItem[]>) => void) => void;
}

export interface AgentServerEvents {
  'conversation:created': (conversation: ConversationSummary) => void;
  'conversation:updated': (conversation: ConversationSummary) => void;
  'message:created': (message: ChatMessage) => void;
  typing: (event: TypingEvent) => void;
  read: (event: ReadEvent) => void;
  /** Live events may have been missed (the servers lost their database for a moment): fetch the list and thread again. */
  resync: () => void;
}

// ---------------------------------------------------------------- client connection state

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'fallback' | 'offline';
export type TransportName = 'websocket' | 'rest' | 'none';

// ---------------------------------------------------------------- knowledge base (§11)

/**
 * An article's body: a small tree parsed from its Markdown on the server. Only these nodes exist;
 * raw HTML never does. The widget and the help pages render it with their own templates, as text.
 */
export type ArticleNode =
  | { type: 'paragraph'; children: ArticleNode[] }
  | { type: 'heading'; depth: 1 | 2 | 3 | 4 | 5 | 6; children: ArticleNode[] }
  | { type: 'list'; ordered: boolean; children: ArticleNode[] }
  | { type: 'listItem'; children: ArticleNode[] }
  | { type: 'blockquote'; children: ArticleNode[] }
  | { type: 'emphasis'; children: ArticleNode[] }
  | { type: 'strong'; children: ArticleNode[] }
  /** `url` is absolute http(s); a link to anything else became its text. */
  | { type: 'link'; url: string; children: ArticleNode[] }
  /** `url` is http(s) only. */
  | { type: 'image'; url: string; alt: string }
  | { type: 'code'; lang?: string; value: string }
  | { type: 'inlineCode'; value: string }
  | { type: 'text'; value: string }
  | { type: 'break' };

export type ArticleStatus = 'draft' | 'published';

/** A help article (`GET …/widget/channels/:key/articles/:slug` gives the published ones). */
export interface Article {
  id: string;
  /** Unique per channel and locale; lower case letters, digits and dashes. */
  slug: string;
  title: string;
  /** BCP 47, e.g. `en`, `fr-CA`. */
  locale: string;
  status: ArticleStatus;
  body: ArticleNode[];
  /** ISO 8601. */
  updatedAt: string;
  createdAt: string;
}

/** What the admin API answers: the article with its Markdown source. */
export interface AdminArticle extends Article {
  markdown: string;
  /** Quick-help picks counted (`POST …/articles/:slug/clicks`). */
  clicks: number;
}

/** An article in a list or a search result. `snippet` is plain text (the match in context). */
export interface ArticleSummary {
  slug: string;
  title: string;
  snippet?: string;
  locale: string;
  updatedAt: string;
}

/** A quick-help suggestion shown above the composer: an article or an FAQ. Plain text. */
export interface QuickHelpItem {
  kind: 'article' | 'faq';
  slug?: string;
  faqId?: string;
  title: string;
  snippet: string;
  /** An FAQ's whole answer (plain text), shown in place when the visitor picks it; the snippet until the server sends it. */
  answer?: string;
}

/** `POST /api/v1/admin/channels/:key/articles`; the slug is made from the title when absent. */
export interface CreateArticleRequest {
  title: string;
  markdown: string;
  locale: string;
  status?: ArticleStatus;
  slug?: string;
}

/** `PATCH /api/v1/admin/channels/:key/articles/:slug?locale=`: only the fields given change. */
export type UpdateArticleRequest = Partial<CreateArticleRequest>;

// ---- desk: notes

/**
 * A private note (DESIGN.md §12): the team's own words in a conversation, shown to agents only
 * and never sent to a visitor by any path. It is not a message: it takes no `seq` of its own.
 * An agent's thread carries it shaped like a message (`from: 'note'`) so the inbox lists both
 * in one order; the visitor's `ChatMessage.from` never is `'note'`.
 */
export interface Note extends Omit<ChatMessage, 'from' | 'blocks' | 'replyTo' | 'sources' | 'feedback' | 'author' | 'clientId'> {
  /** `nt_…` */
  id: string;
  from: 'note';
  /**
   * The conversation's last `seq` when the note was written: it shows after that message (0:
   * before the first). Several notes and one message may share it; a note never fills a gap.
   */
  seq: number;
  clientId: string;
  /** Agents named in the text with `@Name` or `@` and the local part of their email. */
  mentions: string[];
  author: Author;
}

/** What an agent's thread holds: the conversation's messages and its notes, in one order. */
export type AgentThreadItem = ChatMessage | Note;

/** `POST /api/v1/agent/conversations/:id/notes`; a retry with the same `clientId` gets the same note. */
export interface CreateNoteRequest {
  clientId: string;
  text: string;
}

/** An agent was named in a note (`note:mention` to that agent's sockets only). */
export interface NoteMention {
  conversationId: string;
  note: Note;
}

// Declaration merging: the `/agent` namespace's events for notes, beside the others.
export interface AgentClientEvents {
  /** Writes a note (as `POST …/notes` does); acked with the note. */
  'note:send': (request: CreateNoteRequest & { conversationId: string }, ack: (result: Ack<Note>) => void) => void;
}
export interface AgentServerEvents {
  /** A note was written in a conversation (every agent's sockets; never `/widget`). */
  'note:created': (note: Note) => void;
  /** This agent was named in a note. */
  'note:mention': (event: NoteMention) => void;
}

/**
 * The order of an agent's thread: each message, then the notes placed after it (a note keeps the
 * `seq` it follows). Notes of one place keep the order they come in: sort with a stable sort.
 */
export function threadOrder(a: AgentThreadItem, b: AgentThreadItem): number {
  return a.seq - b.seq || Number(a.from === 'note') - Number(b.from === 'note');
}
// ---- desk: canned replies and labels (DESIGN.md §12)

/**
 * A canned reply: text an agent inserts with `/shortcut` in the reply box, its variables
 * (`{{visitor.name}}` …) expanded as it is inserted. Shared ones (`ownerId` null) are the whole
 * team's and only admins change them; a personal one is its owner's alone.
 */
export interface CannedReply {
  id: string;
  /** Lower case letters, digits, `-` and `_`; unique among the shared ones, and among each agent's own. */
  shortcut: string;
  text: string;
  shared: boolean;
  /** The agent whose personal reply it is; null when shared. */
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/v1/agent/canned` (`shared` needs an admin); `PATCH` takes `shortcut` and `text`. */
export interface CannedReplyInput {
  shortcut: string;
  text: string;
  shared?: boolean;
}

/** A label definition (admins manage them); a conversation carries labels by name. */
export interface Label {
  id: string;
  /** Unique regardless of case. */
  name: string;
  /** `#rrggbb`. */
  color: string;
  createdAt: string;
}

export interface LabelInput {
  name: string;
  color: string;
}

/** A conversation as agents list it also names its labels (sorted by name). Never sent to visitors. */
export interface ConversationSummary {
  labels: string[];
}

export const DESK_LIMITS = {
  /** Characters in a canned reply's shortcut. */
  cannedShortcut: 32,
  /** Characters in a label's name. */
  labelName: 40,
  /** Labels on one conversation. */
  labelsPerConversation: 20,
  /** Label definitions in all. */
  labels: 200,
} as const;

/** What a canned reply's shortcut may be made of. */
export const CANNED_SHORTCUT = /^[a-z0-9_-]{1,32}$/;

/** The palette the inbox offers for labels (any `#rrggbb` is accepted). */
export const LABEL_COLORS = ['#2f54eb', '#13a8a8', '#389e0d', '#d48806', '#d4380d', '#c41d7f', '#722ed1', '#595959'] as const;

// ---- desk: reports

/** Median and 90th percentile (nearest rank) of a set of durations in seconds; null when `count` is 0. */
export interface ReportDurations {
  median: number | null;
  p90: number | null;
  /** How many conversations had such a duration. */
  count: number;
}

/** Conversations created on one local day of a report's period. */
export interface ReportDay {
  /** `YYYY-MM-DD` in the report's time zone. */
  date: string;
  conversations: number;
}

/**
 * `GET /api/v1/agent/reports`: a channel's (or every channel's) conversations created in
 * `[from, to)`; docs/design-notes.md defines each figure.
 */
export interface Report {
  /** The channel's key, or null for every channel. */
  channel: string | null;
  from: string;
  to: string;
  /** The IANA time zone `byHour` and `byDay` are counted in. */
  tz: string;
  conversations: number;
  /** From the visitor's first message to the first answer by a person or an AI agent. */
  firstResponseSeconds: ReportDurations;
  /** From creation to close, closed conversations only. */
  resolutionSeconds: ReportDurations;
  csat: {
    /** Mean rating (1–5) to two decimals; null without ratings. */
    average: number | null;
    responses: number;
    /** How many ratings gave each score. */
    distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  };
  aiResolved: {
    /** Conversations a visitor confirmed an AI answer resolved. */
    count: number;
    /** Conversations an AI agent answered first (handed to the team later or not). */
    handled: number;
    /** `count / handled` to four decimals; null when `handled` is 0. */
    share: number | null;
  };
  /** Conversations created per hour of the day (0–23) in `tz`. */
  byHour: number[];
  byDay: ReportDay[];
}

/** A channel a report may cover (`GET /api/v1/agent/reports/channels`). */
export interface ReportChannel {
  key: string;
  name: string;
}

/** The query of `GET /api/v1/agent/reports` (all optional: the last 7 days of every channel, in UTC). */
export interface ReportRequest {
  /** An ISO 8601 date-time, or a date (the start of that day in `tz`). */
  from?: string;
  /** An ISO 8601 date-time (exclusive), or a date (the whole day is included). */
  to?: string;
  /** A channel's key. */
  channel?: string;
  /** An IANA time zone such as `Europe/Paris` (default `UTC`). */
  tz?: string;
}

// ---- desk: live visitors
// Who is on the site now (§12): the visitors whose `/widget` socket is connected, on any node.
// The page rides on what the widget already sends: `WidgetAuth.page` at each connect and a
// `page` event when a single-page app changes its URL (declarations merged into the ones above).

/** The page a visitor's widget runs on; null when the widget could not tell (not a web page, too long). */
export interface VisitorPage {
  url: string | null;
  title: string | null;
}

/** A visitor with a widget connected now (`GET /api/v1/agent/visitors/online`, `visitor:online`). */
export interface OnlineVisitor {
  visitorId: string;
  name?: string;
  email?: string;
  /** The channel key. */
  channel: string;
  /** The page of the tab that most recently connected or navigated. */
  page: VisitorPage;
  /** ISO 8601: when that tab arrived on that page. */
  onPageSince: string;
  /** ISO 8601: when this visit began (see `returning`); page views of one visit share it. */
  connectedAt: string;
  /**
   * Not the visitor's first visit: they were seen on an earlier visit, or the visitor existed
   * well before this one began. A visit ends after 30 minutes with no widget connected.
   */
  returning: boolean;
  conversations: { open: number; total: number };
  /** From the user agent of the most recent tab. */
  device: 'desktop' | 'mobile' | 'tablet';
  /** Connected tabs (widget sockets), on every node. */
  tabs: number;
}

/** `POST /api/v1/agent/visitors/:id/conversations`: an agent starts a conversation with a visitor on the site. */
export interface StartVisitorConversationRequest {
  /** The agent's first message. */
  text: string;
  /** Idempotency key of this start: the same one again gives the same conversation (200). */
  clientId: string;
}

export interface WidgetAuth {
  /** The page the widget runs on (URL and title), for the team's live visitors view. */
  page?: { url?: string; title?: string };
}

export interface WidgetClientEvents {
  /** A single-page app changed its URL (`popstate`, `hashchange`): the team sees the new page. The widget sends no ack. */
  page: (page: { url?: string; title?: string }, ack?: (result: Ack<null>) => void) => void;
}

export interface AgentServerEvents {
  /** A visitor came onto the site (a widget connected); throttled, like the two below. */
  'visitor:online': (visitor: OnlineVisitor) => void;
  /** A visitor on the site changed page, opened or closed a tab. */
  'visitor:updated': (visitor: OnlineVisitor) => void;
  /** A visitor's last widget disconnected. */
  'visitor:offline': (event: { visitorId: string; channel: string }) => void;
}

// ---- desk: teams
// Teams and routing (DESIGN.md §12). The interfaces below merge into the ones of the same name
// above (TypeScript declaration merging), so this area's fields stay in this block.

/** `round-robin`: new conversations go to the next online member under their capacity; `manual`: agents pick them. */
export type TeamRouting = 'round-robin' | 'manual';

/** A team of agents in one channel (`/api/v1/admin/teams`). */
export interface Team {
  id: string;
  name: string;
  /** The channel's key: the team takes conversations of this channel only. */
  channel: string;
  /** Its members (agents' ids), in the order they were added. */
  agentIds: string[];
  routing: TeamRouting;
  /** New conversations of the channel (and AI handoffs) go to this team; at most one team per channel is. */
  inbound: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/v1/admin/teams`; `PATCH …/teams/:id` takes any of these but `channel`. */
export interface TeamInput {
  name: string;
  channel: string;
  agentIds?: string[];
  /** Default `round-robin`. */
  routing?: TeamRouting;
  /** Default false; true takes the flag from the channel's other team that had it. */
  inbound?: boolean;
}

/** `POST /api/v1/agent/conversations/:id/transfer`: to an agent (assigned at once) or to a team (queued, then routed). */
export type TransferRequest = { agentId: string } | { teamId: string };

/** `/agent` → `team:queue`: a team's waiting conversations, first in line first (position = index + 1). */
export interface TeamQueueEvent {
  teamId: string;
  conversationIds: string[];
}

export interface ConversationSummary {
  /** The team the conversation belongs to; null when none. */
  teamId: string | null;
  /** 1-based place in its team's queue while it waits for an agent (round-robin teams); null otherwise. */
  queuePosition: number | null;
}

export interface Agent {
  /** How many open conversations round-robin routing assigns to this agent at most (default 5). */
  capacity: number;
}

export interface AgentServerEvents {
  'team:queue': (event: TeamQueueEvent) => void;
}

// ---- desk: search

/** What a search result is: a message's text, a private note's, a visitor's name/email/external id, or an id typed exactly. */
export type SearchHitKind = 'message' | 'note' | 'visitor' | 'conversation';

/**
 * One result of the agents' search (`GET /api/v1/agent/search?q=`). `snippet` is plain text (a
 * window of the matched text); `highlights` are `[start, end)` offsets into it (UTF-16 code units,
 * as JavaScript strings count) of the words that matched: draw them as text, never as HTML.
 */
export interface SearchHit {
  kind: SearchHitKind;
  /** The conversation to open: the message's, or the visitor's most recently active one. */
  conversationId: string;
  /** Message and note hits only (a note's `nt_…` id; its `seq` is the message it follows). */
  messageId?: string;
  seq?: number;
  /** Who wrote the message (message and note hits only). */
  from?: Sender | 'note';
  /** The author's name for agent and bot messages and notes. */
  authorName?: string;
  snippet: string;
  highlights: Array<[number, number]>;
  visitor: SearchVisitor;
  /** When the message was written; for visitor and conversation hits, the conversation's latest activity. */
  createdAt: string;
}

/** The visitor of a search hit, as the result list shows them. */
export interface SearchVisitor {
  id: string;
  name?: string;
  email?: string;
  externalUserId?: string;
}

/** A page of search results, best first; `nextCursor` asks for the next one. */
export interface SearchPage {
  data: SearchHit[];
  hasMore: boolean;
  nextCursor?: string;
}

// ---- desk: labels live
export interface AgentServerEvents {
  /** An admin renamed or recolored a label (every agent's sockets): chips show the new name and color at once. */
  'label:updated': (label: Label) => void;
}
