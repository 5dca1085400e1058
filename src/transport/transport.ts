import type {
  ChatMessage,
  ConnectionState,
  Conversation,
  ReadEvent,
  SendMessageRequest,
  SessionJoined,
  ToolExecute,
  ToolOutcome,
  TransportName,
  TypingEvent,
  WidgetAuth,
} from '../protocol.js';

/** What a transport reports to its `ChatSession`. */
export interface TransportHandlers {
  joined(payload: SessionJoined): void;
  message(message: ChatMessage): void;
  typing(event: TypingEvent): void;
  /** A read receipt from the other side. */
  read(event: ReadEvent): void;
  /** The team came online or went away. */
  presence(online: boolean): void;
  /** The conversation changed (closed, reopened, rated). */
  conversation(conversation: Conversation): void;
  state(state: ConnectionState, transport: TransportName): void;
  /** An agent or a bot asks the page to run a tool. */
  toolCall(call: ToolExecute): void;
  /** The server says live events may have been missed: fetch what came after the last `seq`. */
  resync(): void;
  /** The server refused the token (expired, revoked): the session should get a new one. */
  unauthorized(): void;
}

export interface TransportOptions {
  server: string;
  /** The realtime connection's origin (the `ws-server` option); `server` unless set. */
  wsServer: string;
  channel: string;
  /** The visitor's locale, for `X-Locale` on HTTP requests. */
  locale?: () => string;
  /** Read on every (re)connect, so it always carries the current token and last `seq`. */
  auth: () => WidgetAuth;
  handlers: TransportHandlers;
}

/**
 * One way of carrying the visitor protocol (Socket.IO on a WebSocket, or REST). The session
 * drives it and never knows which one it has.
 */
export interface Transport {
  readonly connected: boolean;
  connect(): void;
  /** Resolves with the stored message; rejects with an `SupportChatError`. */
  send(request: SendMessageRequest): Promise<ChatMessage>;
  /** The messages stored after `after` (for a resync without reconnecting). */
  sync(after: number): Promise<ChatMessage[]>;
  typing(typing: boolean): void;
  /** Tells the team the visitor has seen everything up to `seq`. */
  read(seq: number): void;
  /** Answers a tool call (the page's `respond()` or `reject()`). */
  toolResult(callId: string, outcome: ToolOutcome): Promise<void>;
  close(): void;
}

export type TransportFactory = (options: TransportOptions) => Promise<Transport>;
