import type {
  ChatMessage,
  ConnectionState,
  Conversation,
  MessageDelta,
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
  /** A piece of an answer still being written (the socket only: REST gets the final message). */
  delta(delta: MessageDelta): void;
  typing(event: TypingEvent): void;
  /** A read receipt from the other side. */
  read(event: ReadEvent): void;
  /** The team came online or went away. */
  presence(online: boolean): void;
  /** A conversation of the visitor changed (closed, reopened, rated). */
  conversation(conversation: Conversation): void;
  /** The visitor has a new conversation (a send opened it, or another tab or the team did). */
  conversationCreated(conversation: Conversation): void;
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
  /** Read on every (re)connect and every long-poll round: the current token, the shown conversation and its last `seq`. */
  auth: () => LinkAuth;
  handlers: TransportHandlers;
}

/** What a transport sends at a (re)connect (`WidgetAuth`), and how REST long-polls the shown conversation. */
export interface LinkAuth extends WidgetAuth {
  /**
   * The shown conversation is the visitor's default one (or there is none yet): REST long-polls
   * the singular default route, which follows the default conversation to its successor after a
   * close; an explicit one is polled by its id. Never sent to the server.
   */
  shownIsDefault: boolean;
}

/**
 * One way of carrying the visitor protocol (Socket.IO on a WebSocket, or REST). The session
 * drives it and never knows which one it has.
 */
export interface Transport {
  readonly connected: boolean;
  connect(): void;
  /** Resolves with the stored message (in `request.conversationId`, else the default conversation); rejects with an `SupportChatError`. */
  send(request: SendMessageRequest): Promise<ChatMessage>;
  /** One page of the messages stored after `after` in `conversationId` (default: the default conversation). */
  sync(after: number, conversationId?: string): Promise<ChatMessage[]>;
  typing(typing: boolean, conversationId?: string): void;
  /** Tells the team the visitor has seen everything up to `seq` in `conversationId` (default: the default conversation). */
  read(seq: number, conversationId?: string): void;
  /** The shown conversation changed (`auth()` names it now): REST long-polls that one from now on. */
  shownChanged(): void;
  /** Answers a tool call (the page's `respond()` or `reject()`). */
  toolResult(callId: string, outcome: ToolOutcome): Promise<void>;
  close(): void;
}

export type TransportFactory = (options: TransportOptions) => Promise<Transport>;
