import type { SupportChatOptions } from './config/options.js';
import type { ChatMessage, ConnectionState, ErrorBody, Sender, TransportName, VisitorProfile } from './protocol.js';

// The version rides along so that `support-chat/events` answers `version` without the element.
export { VERSION as version } from './version.js';

const init = <T>(detail: T, cancelable = false) => ({ detail, bubbles: true, composed: true, cancelable });

export type SupportChatErrorDetail = Pick<ErrorBody, 'code' | 'message' | 'param' | 'retryAfter'>;

/** The element has a session and a live connection; methods act at once from here on. */
export class SupportChatReadyEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('support-chat-ready', init({}));
  }
}

/** The panel opened (through a method or the launcher). */
export class SupportChatOpenEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('support-chat-open', init({}));
  }
}

/** The panel closed (through a method, the close button or Escape). */
export class SupportChatCloseEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('support-chat-close', init({}));
  }
}

/** A message was stored: one the visitor sent (once acknowledged) or one that arrived. */
export class SupportChatMessageEvent extends CustomEvent<{ message: ChatMessage }> {
  constructor(message: ChatMessage) {
    super('support-chat-message', init({ message }));
  }
}

/** The connection changed state, or moved to another transport. */
export class SupportChatStateEvent extends CustomEvent<{ state: ConnectionState; transport: TransportName }> {
  constructor(state: ConnectionState, transport: TransportName) {
    super('support-chat-state', init({ state, transport }));
  }
}

/** Something failed that the host may want to know about; `code` is one of the protocol's error codes. */
export class SupportChatErrorEvent extends CustomEvent<SupportChatErrorDetail> {
  constructor(detail: SupportChatErrorDetail) {
    super('support-chat-error', init(detail));
  }
}

/** The number of team messages the visitor has not seen changed (counted while the panel is closed or the page hidden). */
export class SupportChatUnreadEvent extends CustomEvent<{ count: number }> {
  constructor(count: number) {
    super('support-chat-unread', init({ count }));
  }
}

/** Someone on the team started or stopped typing. */
export class SupportChatTypingEvent extends CustomEvent<{ from: Sender; name: string; typing: boolean }> {
  constructor(detail: { from: Sender; name: string; typing: boolean }) {
    super('support-chat-typing', init(detail));
  }
}

/** `identify()` updated the visitor's profile on the server. */
export class SupportChatIdentifyEvent extends CustomEvent<{ profile: VisitorProfile }> {
  constructor(profile: VisitorProfile) {
    super('support-chat-identify', init({ profile }));
  }
}

/** The channel's remote config arrived and the effective config changed with it. */
export class SupportChatConfigEvent extends CustomEvent<{ config: SupportChatOptions }> {
  constructor(config: SupportChatOptions) {
    super('support-chat-config', init({ config }));
  }
}

/** `shutdown()` disconnected and forgot the visitor's session on this channel. */
export class SupportChatShutdownEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('support-chat-shutdown', init({}));
  }
}

export interface SupportChatToolCallDetail {
  callId: string;
  name: string;
  args: unknown;
  /** Sends `result` (JSON) back to the agent or bot that called. Once; later calls are ignored. */
  respond(result: unknown): void;
  /** Answers with an error instead (`{code, message}`, or a message). */
  reject(error: { code?: string; message: string } | string): void;
}

/**
 * An agent or a bot asks the page to run a tool. Handle it by calling `detail.respond()` or
 * `detail.reject()`, now or later (then call `preventDefault()` first to claim it); a call nobody
 * claims is answered `no_handler`.
 */
export class SupportChatToolCallEvent extends CustomEvent<SupportChatToolCallDetail> {
  constructor(detail: SupportChatToolCallDetail) {
    super('support-chat-tool-call', init(detail, true));
  }
}

export type CloseSource = 'launcher' | 'close-button' | 'escape';

/** The visitor is about to close the panel; `preventDefault()` keeps it open. */
export class SupportChatRequestCloseEvent extends CustomEvent<{ source: CloseSource }> {
  constructor(source: CloseSource) {
    super('support-chat-request-close', init({ source }, true));
  }
}

/**
 * The conversation shown changed: the visitor opened another one from the list or started a
 * new one, a method did (`openConversation`, `startConversation`), or a message after a close
 * opened the next one.
 */
export class SupportChatConversationEvent extends CustomEvent<{ conversationId: string }> {
  constructor(conversationId: string) {
    super('support-chat-conversation', init({ conversationId }));
  }
}

/** An article shows in the panel: picked on the Help screen or in quick help, or opened by `openArticle()`. */
export class SupportChatArticleEvent extends CustomEvent<{ slug: string }> {
  constructor(slug: string) {
    super('support-chat-article', init({ slug }));
  }
}

/** Every `support-chat-*` event by name: the DOM's event maps, the JSX and Vue types and the React wrapper read it. */
export interface SupportChatEventMap {
  'support-chat-ready': SupportChatReadyEvent;
  'support-chat-open': SupportChatOpenEvent;
  'support-chat-close': SupportChatCloseEvent;
  'support-chat-message': SupportChatMessageEvent;
  'support-chat-state': SupportChatStateEvent;
  'support-chat-error': SupportChatErrorEvent;
  'support-chat-unread': SupportChatUnreadEvent;
  'support-chat-typing': SupportChatTypingEvent;
  'support-chat-identify': SupportChatIdentifyEvent;
  'support-chat-config': SupportChatConfigEvent;
  'support-chat-shutdown': SupportChatShutdownEvent;
  'support-chat-request-close': SupportChatRequestCloseEvent;
  'support-chat-tool-call': SupportChatToolCallEvent;
  'support-chat-conversation': SupportChatConversationEvent;
  'support-chat-article': SupportChatArticleEvent;
}

declare global {
  // The events bubble and are composed, so a listener on any ancestor (or `document`) is typed too.
  interface GlobalEventHandlersEventMap extends SupportChatEventMap {}
}
