export { SupportChat, type SupportChatMode } from './support-chat.js';
export * from './events.js';
export type * from './protocol.js';
export { ChatClient, type ChatClientOptions, type ChatClientEvents, type PendingMessage } from './client/chat-client.js';
export { AuthError, ConflictError, ForbiddenError, NetworkError, NotFoundError, RateLimitError, SupportChatError, ValidationError } from './client/errors.js';
export { VERSION as version } from './version.js';
