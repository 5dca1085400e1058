import type {
  Agent,
  Block,
  BlockReply,
  ChatMessage,
  MessageSource,
  Conversation,
  Sender,
  Visitor,
  VisitorContext,
  VisitorConversationSummary,
  VisitorProfile,
  WebhookDelivery,
  WebhookEventType,
} from '../../src/protocol.js';
import type { AgentPatch, Channel, ChannelSettings, StoredAttachment, UploadRecord, WebhookRecord } from './store.js';

/**
 * Table rows and the domain values made from them, for every engine: rows here are decoded
 * (JSON columns parsed, flags as booleans), which is how PostgreSQL's driver returns them; an
 * engine that stores JSON as text or flags as 0/1 decodes first. The SQL fragments are plain
 * SQL both dialects read the same way.
 */

export interface ChannelRow {
  id: string;
  key: string;
  name: string;
  allowed_origins: string[];
  settings: ChannelSettings;
  created_at: string;
}
export interface VisitorRow {
  id: string;
  channel_key: string;
  external_user_id: string | null;
  verified: boolean;
  profile: VisitorProfile;
  context: VisitorContext;
  created_at: string;
}
export interface ConversationRow {
  id: string;
  channel_key: string;
  visitor_id: string;
  status: 'open' | 'closed';
  last_seq: number;
  visitor_read_seq: number;
  agent_read_seq: number;
  assigned_agent_id: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  rating_score: number | null;
  rating_comment: string | null;
  is_default: boolean;
  subject: string | null;
  attributes: Record<string, string>;
  handled_by: 'ai' | 'human';
  ai_agent_id: string | null;
  resolved_by_ai: boolean;
}
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  client_id: string;
  sender: Sender;
  author_id: string | null;
  author_name: string | null;
  author_avatar: string | null;
  /** The visitor's feedback on this message, if any (0/1 on SQLite). */
  feedback_helpful?: boolean | number | null;
  text: string;
  attachments: StoredAttachment[];
  blocks: Block[] | null;
  reply_to: BlockReply | null;
  sources: MessageSource[] | null;
  created_at: string;
}
export interface UploadRow {
  id: string;
  channel_id: string | null;
  visitor_id: string | null;
  agent_id: string | null;
  conversation_id: string | null;
  message_id: string | null;
  storage_key: string;
  file_name: string;
  file_size: number;
  content_type: string;
  width: number | null;
  height: number | null;
  created_at: string;
}
export interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEventType[];
  channel_key: string | null;
  secret: string;
  active: boolean;
  created_at: string;
}
export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event: WebhookEventType;
  status: WebhookDelivery['status'];
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}
export interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'admin';
  kind: 'human' | 'bot';
  avatar_url: string | null;
  password_hash: string;
  disabled_at: string | null;
  invite_hash: string | null;
  capacity: number;
}

export const CONVERSATION_COLUMNS = `c.id, ch.key AS channel_key, c.visitor_id, c.status, c.last_seq,
  c.visitor_read_seq, c.agent_read_seq, c.assigned_agent_id, c.created_at, c.updated_at,
  c.closed_at, c.rating_score, c.rating_comment, c.is_default, c.subject, c.attributes, c.handled_by,
  c.ai_agent_id, c.resolved_by_ai`;
export const CONVERSATION_FROM = `conversations c JOIN channels ch ON ch.id = c.channel_id`;

/** What a visitor's summary adds to its conversation's columns (see `VISITOR_SUMMARY_SELECT`). */
export interface VisitorSummaryColumns {
  last_from: Sender | null;
  last_text: string | null;
  last_at: string | null;
  unread: number;
}
/**
 * A conversation as its visitor lists it, in one statement whatever the engine: the newest
 * message is the one at `last_seq` (numbers have no gaps), and unread are the team's messages
 * after the visitor's read position (counted on the `(conversation_id, seq)` index).
 */
export const VISITOR_SUMMARY_SELECT = `SELECT ${CONVERSATION_COLUMNS},
  lm.sender AS last_from, lm.text AS last_text, lm.created_at AS last_at,
  CAST((SELECT COUNT(*) FROM messages um WHERE um.conversation_id = c.id AND um.seq > c.visitor_read_seq AND um.sender <> 'visitor') AS INTEGER) AS unread
  FROM ${CONVERSATION_FROM} LEFT JOIN messages lm ON lm.conversation_id = c.id AND lm.seq = c.last_seq`;

/** Characters of the newest message a summary shows. */
const PREVIEW_CHARACTERS = 200;

export function toVisitorSummary(conversation: Conversation, row: VisitorSummaryColumns): VisitorConversationSummary {
  // Cut by code points, so a preview never ends in half an emoji.
  const preview = (text: string) => Array.from(text.slice(0, PREVIEW_CHARACTERS * 2)).slice(0, PREVIEW_CHARACTERS).join('');
  return {
    ...conversation,
    lastMessage: row.last_from === null ? null : { from: row.last_from, text: preview(row.last_text ?? ''), createdAt: row.last_at ?? conversation.updatedAt },
    unread: row.unread,
  };
}
/** A message's author is a person or bot of the team (`agents`) or an AI agent (`ai_agents`). */
export const MESSAGE_SELECT = `SELECT m.*, COALESCE(a.name, ai.name) AS author_name, a.avatar_url AS author_avatar, mf.helpful AS feedback_helpful
  FROM messages m LEFT JOIN agents a ON a.id = m.author_id LEFT JOIN ai_agents ai ON ai.id = m.author_id
  LEFT JOIN message_feedback mf ON mf.message_id = m.id`;
export const VISITOR_SELECT = `SELECT v.*, ch.key AS channel_key FROM visitors v JOIN channels ch ON ch.id = v.channel_id`;

export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    allowedOrigins: row.allowed_origins,
    settings: row.settings,
    createdAt: row.created_at,
  };
}

export function toVisitor(row: VisitorRow): Visitor {
  return {
    id: row.id,
    channelKey: row.channel_key,
    externalUserId: row.external_user_id,
    verified: row.verified,
    profile: row.profile,
    context: row.context,
    createdAt: row.created_at,
  };
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    channelKey: row.channel_key,
    visitorId: row.visitor_id,
    status: row.status,
    lastSeq: row.last_seq,
    visitorReadSeq: row.visitor_read_seq,
    agentReadSeq: row.agent_read_seq,
    assignedAgentId: row.assigned_agent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    rating: row.rating_score === null ? null : { score: row.rating_score, ...(row.rating_comment ? { comment: row.rating_comment } : {}) },
    isDefault: row.is_default,
    subject: row.subject,
    attributes: row.attributes,
    handledBy: row.handled_by,
    aiAgentId: row.ai_agent_id,
    resolvedByAi: row.resolved_by_ai,
  };
}

export function toMessage(row: MessageRow): ChatMessage {
  const message: ChatMessage = {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    clientId: row.client_id,
    from: row.sender,
    text: row.text,
    // Stored without a URL: the service signs a fresh one whenever it serves the message.
    attachments: row.attachments.map((attachment) => ({ ...attachment, url: '' })),
    createdAt: row.created_at,
  };
  if (row.blocks) message.blocks = row.blocks;
  if (row.reply_to) message.replyTo = row.reply_to;
  if (row.sources) message.sources = row.sources;
  if (row.feedback_helpful !== null && row.feedback_helpful !== undefined) message.feedback = { helpful: Boolean(row.feedback_helpful) };
  if (row.author_id && row.author_name !== null) {
    message.author = { id: row.author_id, name: row.author_name };
    if (row.author_avatar) message.author.avatarUrl = row.author_avatar;
  }
  return message;
}

export function toUpload(row: UploadRow): UploadRecord {
  return {
    id: row.id,
    channelId: row.channel_id,
    visitorId: row.visitor_id,
    agentId: row.agent_id,
    conversationId: row.conversation_id,
    messageId: row.message_id,
    storageKey: row.storage_key,
    fileName: row.file_name,
    fileSize: row.file_size,
    contentType: row.content_type,
    ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
    createdAt: row.created_at,
  };
}

export function toWebhook(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    channel: row.channel_key,
    active: row.active,
    secret: row.secret,
    createdAt: row.created_at,
  };
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export function toAgent(row: AgentRow): Agent {
  const agent: Agent = {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    kind: row.kind,
    disabled: row.disabled_at !== null,
    invited: row.invite_hash !== null,
    capacity: row.capacity,
  };
  if (row.avatar_url) agent.avatarUrl = row.avatar_url;
  return agent;
}

/** The columns an agent patch writes, and their values (`disabled` becomes a timestamp). */
export function agentPatchColumns(patch: AgentPatch, now = new Date().toISOString()): Array<[column: string, value: unknown]> {
  const columns: Array<[string, unknown]> = [];
  if (patch.name !== undefined) columns.push(['name', patch.name]);
  if (patch.role !== undefined) columns.push(['role', patch.role]);
  if (patch.avatarUrl !== undefined) columns.push(['avatar_url', patch.avatarUrl]);
  if (patch.disabled !== undefined) columns.push(['disabled_at', patch.disabled ? now : null]);
  if (patch.passwordHash !== undefined) columns.push(['password_hash', patch.passwordHash]);
  if (patch.tokenHash !== undefined) columns.push(['token_hash', patch.tokenHash]);
  if (patch.capacity !== undefined) columns.push(['capacity', patch.capacity]);
  if (patch.invite !== undefined) {
    columns.push(['invite_hash', patch.invite?.hash ?? null]);
    columns.push(['invite_expires_at', patch.invite?.expiresAt ?? null]);
  }
  return columns;
}
