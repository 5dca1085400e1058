import type {
  Attachment,
  ChannelConfig,
  ChatMessage,
  Conversation,
  CreateConversationRequest,
  FeedbackRequest,
  Page,
  RatingRequest,
  SessionRequest,
  SessionResponse,
  VisitorConversationSummary,
  VisitorProfile,
} from '../protocol.js';
import { fetchChannelConfig } from '../client/config-request.js';
import { requestJson } from './request.js';

export interface ApiOptions {
  server: string;
  /** Read on every request, so a locale change applies at once. */
  locale?: () => string;
  signal?: AbortSignal;
}

/** What a `ChatSession` needs from the visitor REST API (the mock backend provides it too). */
export interface SessionApi {
  config(channel: string): Promise<ChannelConfig>;
  startSession(channel: string, body: SessionRequest): Promise<SessionResponse>;
  identify(token: string, profile: VisitorProfile): Promise<VisitorProfile>;
  renew(token: string): Promise<SessionResponse>;
  faqs(channel: string): Promise<Page<FaqChip>>;
  /** The visitor ends `conversationId`. */
  close(token: string, conversationId: string): Promise<Conversation>;
  /** Rates `conversationId` (default: the default conversation) once it is closed. */
  rate(token: string, rating: RatingRequest, conversationId?: string): Promise<Conversation>;
  /** Asks for a person in `conversationId` (default: the default conversation): the AI agent stops answering it. */
  handoff(token: string, conversationId?: string): Promise<Conversation>;
  /** Whether an AI answer in `conversationId` (default: the default conversation) helped. */
  feedback(token: string, request: FeedbackRequest, conversationId?: string): Promise<unknown>;
  /** The visitor's conversations, newest first. */
  conversations(token: string, query: ConversationQuery): Promise<Page<VisitorConversationSummary>>;
  /** Opens a conversation explicitly; the same `clientId` again answers the same one. */
  createConversation(token: string, request: CreateConversationRequest): Promise<Conversation>;
  conversation(token: string, id: string): Promise<VisitorConversationSummary>;
  /** A page of a conversation's messages (`after` a `seq` upwards, or `before` one downwards). */
  messages(token: string, id: string, query: MessageQuery): Promise<Page<ChatMessage>>;
  /** Uploads one file (progress 0–1); the result is attached by id to a message. */
  upload(token: string, file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<Attachment>;
  /** The attachment again, with a fresh signed URL (an old one expired). */
  attachment(token: string, id: string): Promise<Attachment>;
}

/** A page of the visitor's conversations: by status, older than a cursor, at most `limit`. */
export interface ConversationQuery {
  status?: 'open' | 'closed';
  /** The next page: the id of the last conversation of the page before (`cv_…`). */
  before?: string;
  /** 1–100; 20 by default. */
  limit?: number;
}

/** A page of messages, in `seq` order: after `after`, or the newest before `before` (neither: the newest). */
export interface MessageQuery {
  after?: number;
  before?: number;
  /** 1–100; 50 by default. */
  limit?: number;
}

/** The query string of `query`, leaving out what is undefined (`''` when nothing is left). */
export function queryString(query: object): string {
  const entries = Object.entries(query).filter(([, value]) => value !== undefined && value !== null);
  return entries.length ? `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)]))}` : '';
}

/** The path of a conversation's resource: `/conversations/:id/…`, or the default conversation's `/conversation/…`. */
export const conversationPath = (conversationId: string | undefined, rest: string) =>
  conversationId ? `/conversations/${encodeURIComponent(conversationId)}${rest}` : `/conversation${rest}`;

/** A suggested question (the answer stays on the server). */
export interface FaqChip {
  id: string;
  question: string;
}

/** The visitor REST API (`/api/v1/widget`), typed. */
export class WidgetApi implements SessionApi {
  readonly #options: ApiOptions;

  constructor(options: ApiOptions) {
    this.#options = options;
  }

  config(channel: string): Promise<ChannelConfig> {
    return fetchChannelConfig({ server: this.#options.server, channel, signal: this.#options.signal });
  }

  faqs(channel: string): Promise<Page<FaqChip>> {
    return this.#request(`/channels/${encodeURIComponent(channel)}/faqs`);
  }

  startSession(channel: string, body: SessionRequest): Promise<SessionResponse> {
    return this.#request(`/channels/${encodeURIComponent(channel)}/session`, body);
  }

  rate(token: string, rating: RatingRequest, conversationId?: string): Promise<Conversation> {
    return this.#request(conversationPath(conversationId, '/rating'), rating, token);
  }

  handoff(token: string, conversationId?: string): Promise<Conversation> {
    return this.#request(conversationPath(conversationId, '/handoff'), {}, token);
  }

  feedback(token: string, request: FeedbackRequest, conversationId?: string): Promise<unknown> {
    return this.#request(conversationPath(conversationId, '/feedback'), request, token);
  }

  close(token: string, conversationId: string): Promise<Conversation> {
    return this.#request(`/conversations/${encodeURIComponent(conversationId)}/close`, {}, token);
  }

  conversations(token: string, query: ConversationQuery): Promise<Page<VisitorConversationSummary>> {
    return this.#request(`/conversations${queryString(query)}`, undefined, token);
  }

  createConversation(token: string, request: CreateConversationRequest): Promise<Conversation> {
    return this.#request('/conversations', request, token);
  }

  conversation(token: string, id: string): Promise<VisitorConversationSummary> {
    return this.#request(`/conversations/${encodeURIComponent(id)}`, undefined, token);
  }

  messages(token: string, id: string, query: MessageQuery): Promise<Page<ChatMessage>> {
    return this.#request(`/conversations/${encodeURIComponent(id)}/messages${queryString(query)}`, undefined, token);
  }

  async upload(token: string, file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<Attachment> {
    // Loaded on the first upload only: most conversations never send a file.
    const { uploadFile } = await import('./upload.js');
    return uploadFile({ url: this.#url('/uploads'), file, token, locale: this.#options.locale?.(), onProgress, signal });
  }

  attachment(token: string, id: string): Promise<Attachment> {
    return this.#request(`/uploads/${encodeURIComponent(id)}`, undefined, token);
  }

  renew(token: string): Promise<SessionResponse> {
    return this.#request('/session/renew', {}, token);
  }

  async identify(token: string, profile: VisitorProfile): Promise<VisitorProfile> {
    return (await this.#request<{ profile: VisitorProfile }>('/identify', { profile }, token)).profile;
  }

  #url(path: string): string {
    return `${this.#options.server}/api/v1/widget${path}`;
  }

  /** A request with a body is a POST, one without a GET: the visitor API needs no other method. */
  #request<T>(path: string, body?: unknown, token?: string): Promise<T> {
    return requestJson<T>(this.#url(path), { method: body ? 'POST' : 'GET', body, token, locale: this.#options.locale?.(), signal: this.#options.signal });
  }
}

export { requestJson, type JsonRequest } from './request.js';
