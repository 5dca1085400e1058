/**
 * `support-chat/client`: the visitor side without our UI, for pages that draw their own.
 * `<support-chat>` is built on the same `ChatClient`.
 */
export {
  ChatClient,
  type ChatClientOptions,
  type ChatClientEvents,
  type ChatConversations,
  type ChatMessages,
  type ConversationQuery,
  type LoginOptions,
  type MessageQuery,
  type NewConversation,
  type PendingMessage,
  type ToolCall,
  type TypingInfo,
  type UploadItem,
  type DeltaInfo,
  type StreamingMessage,
} from './chat-client.js';
export { AuthError, ConflictError, ForbiddenError, NetworkError, NotFoundError, RateLimitError, SupportChatError, ValidationError } from './errors.js';
export type { KeyValueStorage } from './storage.js';
export type * from '../protocol.js';
export type { PreChat, PreChatAnswers, PreChatProblem } from './pre-chat.js';
