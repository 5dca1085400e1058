/**
 * `support-chat/sdk`: the agent and admin API for an operator's own backend (Node ≥ 20, Deno,
 * workers). Webhook signatures are checked with `support-chat/webhook`.
 */
export { SupportChatAdmin, type SupportChatAdminOptions } from './admin.js';
export type { ResponseMeta } from './http.js';
export type { RealtimeEvents, RealtimeListener } from './realtime.js';
export type { Channels, Faqs, Links } from './channels.js';
export type { Articles } from './articles.js';
export type { CannedReplies, Labels } from './canned-labels.js';
export type { Agents, Bots } from './team.js';
export type { Webhooks } from './webhooks.js';
export type { AiAgents } from './ai-agents.js';
export type { Conversations, Messages, Uploads, Visitors } from './conversations.js';
export type { LiveVisitors, OnlineVisitorsQuery, StartConversationInput } from './live-visitors.js';
export type { Teams } from './teams.js';
export type * from './types.js';
// ---- desk: notes
export type { Notes, NoteListQuery } from './notes.js';
// ---- desk: reports
export type { Reports } from './reports.js';
export type { Report, ReportChannel, ReportDay, ReportDurations, ReportRequest } from '../protocol.js';
// ---- desk: search
export type { SearchHit, SearchHitKind, SearchPage, SearchVisitor } from '../protocol.js';
export {
  AuthError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  SupportChatError,
  ValidationError,
} from '../client/errors.js';
export type {
  AdminArticle,
  CannedReply,
  CannedReplyInput,
  Label,
  LabelInput,
  Agent,
  AgentLoginResponse,
  AiAgent,
  AiAgentInput,
  AiPageTool,
  Attachment,
  Article,
  ArticleNode,
  ArticleStatus,
  Block,
  BlockReply,
  BusinessHours,
  Channel,
  ChannelSettings,
  ChatMessage,
  Conversation,
  ConversationStatus,
  ConversationSummary,
  CreateArticleRequest,
  // ---- desk: notes
  AgentThreadItem,
  CreateNoteRequest,
  Note,
  NoteMention,
  ErrorBody,
  ErrorCode,
  Faq,
  Invite,
  Page,
  PreChatField,
  PreChatFieldType,
  PreChatForm,
  ProactiveTrigger,
  ProactiveWhen,
  ReadEvent,
  Team,
  TeamInput,
  TeamQueueEvent,
  TeamRouting,
  ToolCallResult,
  TransferRequest,
  TypingEvent,
  UpdateArticleRequest,
  Visitor,
  VisitorProfile,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
  WebhookPayload,
} from '../protocol.js';
// ---- desk: live visitors
export type { OnlineVisitor, StartVisitorConversationRequest, VisitorPage } from '../protocol.js';
