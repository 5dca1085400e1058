import type { ChatMessage, ConnectionState, ErrorBody, TransportName } from './protocol.js';

const init = <T>(detail: T) => ({ detail, bubbles: true, composed: true });

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

declare global {
  interface GlobalEventHandlersEventMap {
    'support-chat-ready': SupportChatReadyEvent;
    'support-chat-open': SupportChatOpenEvent;
    'support-chat-close': SupportChatCloseEvent;
    'support-chat-message': SupportChatMessageEvent;
    'support-chat-state': SupportChatStateEvent;
    'support-chat-error': SupportChatErrorEvent;
  }
}
