import type { ChannelConfig, ChatMessage, ConnectionState, Conversation, Sender, SessionRequest, ToolExecute, ToolOutcome, TransportName, VisitorConversationSummary } from '../protocol.js';
import type { Emitter } from './emitter.js';
import { SupportChatError } from './errors.js';
import type { DeltaInfo } from './streams.js';

export interface TypingInfo {
  conversationId: string;
  from: Sender;
  name: string;
  typing: boolean;
}

/** An agent or a bot asks the page to run a tool: answer once with `respond` or `reject`. */
export interface ToolCall extends ToolExecute {
  respond(result: unknown): void;
  reject(error: { code?: string; message: string } | string): void;
}

/** What a `ChatClient` announces, by name (`client.on(name, listener)`). */
export interface ChatClientEvents {
  /** Joined: the conversation and its history are here, sends go out at once. */
  ready: undefined;
  /** Anything shown changed (a UI re-renders). */
  change: undefined;
  /** A message was stored, in either direction, in any of the visitor's conversations (route by `conversationId`, or use `onMessage(id)`). */
  message: ChatMessage;
  /** The visitor's total unread count changed (every conversation together: `unreadCount`). */
  unread: number;
  /** An answer being written (an AI agent streaming) grew: its text so far and the piece (use `onDelta(id)` for one conversation); its `message` replaces it. */
  delta: DeltaInfo;
  typing: TypingInfo;
  /** The team has seen the visitor's messages up to `seq` in `conversationId`. */
  read: { conversationId: string; seq: number };
  state: { state: ConnectionState; transport: TransportName };
  config: ChannelConfig;
  /** The shown conversation changed (closed, reopened, rated). */
  conversation: Conversation;
  /** Another conversation is shown (`conversations.open(id)`, the next default one after a close, a login or logout); null: none yet. */
  shown: { conversationId: string | null };
  /** The visitor's conversation summaries changed (a new one, a message, a status, an unread count): the list, newest first. */
  conversations: VisitorConversationSummary[];
  error: SupportChatError;
  'tool-call': ToolCall;
}

/** Announces a failure (`error`) and returns it as a `SupportChatError` (anything else becomes one with code `internal`). */
export function reportTo(events: Emitter<ChatClientEvents>, error: unknown): SupportChatError {
  const failure = error instanceof SupportChatError ? error : new SupportChatError(500, { code: 'internal', message: error instanceof Error ? error.message : String(error) });
  events.emit('error', failure);
  return failure;
}

/** The tool call with its two answers; the first answer wins, later ones are ignored. */
export function toolCall(call: ToolExecute, answer: (outcome: ToolOutcome) => void): ToolCall {
  let answered = false;
  const once = (outcome: ToolOutcome) => {
    if (answered) return;
    answered = true;
    answer(outcome);
  };
  return {
    ...call,
    respond: (result) => once({ ok: true, result: result === undefined ? null : result }),
    reject: (error) => {
      const { code = 'rejected', message } = typeof error === 'string' ? { message: error } : (error ?? { message: 'rejected' });
      once({ ok: false, error: { code: String(code).slice(0, 64), message: String(message).slice(0, 1000) } });
    },
  };
}

/** Hands a tool call to whoever listens (`tool-call`); with nobody listening it is answered `no_handler` at once. */
export function offerToolCall(events: Emitter<ChatClientEvents>, execute: ToolExecute, answer: (outcome: ToolOutcome) => void): void {
  const call = toolCall(execute, answer);
  if (!events.emit('tool-call', call)) call.reject({ code: 'no_handler', message: `no handler for ${execute.name}` });
}

/** Only http(s) URLs of sane length are sent (a file: page or a huge URL must not break the chat). */
const webUrl = (value: string | undefined) => (value && /^https?:\/\//.test(value) && value.length <= 2000 ? value : undefined);

/** Where the tab is, for the team's live visitors view: sent at each connect and SPA navigation; undefined outside a browser. */
export const pageNow = () => globalThis.document && { url: webUrl(location.href), title: document.title.slice(0, 200) };

/** The page the chat runs on (URL, referrer, locale), sent with each handshake for the team; undefined outside a browser. */
export function pageContext(locale: string | undefined): SessionRequest['context'] {
  const page = globalThis.location && globalThis.document;
  if (!page) return undefined;
  const context = {
    pageUrl: webUrl(globalThis.location.href),
    referrer: webUrl(globalThis.document.referrer),
    locale: locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(locale) ? locale : undefined,
  };
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value)) as SessionRequest['context'];
}
