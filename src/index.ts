export { SupportChat, type SupportChatMode } from './support-chat.js';
export * from './events.js';
export type * from './protocol.js';
export { ChatSession, type PendingMessage, type SessionEvent } from './session/chat-session.js';
export { ApiRequestError } from './transport/api.js';
export { VERSION as version } from './version.js';
export type {} from './tag-name.js';
