import type {
  ApiError,
  Attachment,
  ChannelConfig,
  Conversation,
  Page,
  RatingRequest,
  SessionRequest,
  SessionResponse,
  VisitorProfile,
} from '../protocol.js';
import { apiError, networkError } from '../client/errors.js';

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
  rate(token: string, rating: RatingRequest): Promise<Conversation>;
  /** Uploads one file (progress 0–1); the result is attached by id to a message. */
  upload(token: string, file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<Attachment>;
  /** The attachment again, with a fresh signed URL (an old one expired). */
  attachment(token: string, id: string): Promise<Attachment>;
}

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
    return this.#request(`/channels/${encodeURIComponent(channel)}/config`);
  }

  faqs(channel: string): Promise<Page<FaqChip>> {
    return this.#request(`/channels/${encodeURIComponent(channel)}/faqs`);
  }

  startSession(channel: string, body: SessionRequest): Promise<SessionResponse> {
    return this.#request(`/channels/${encodeURIComponent(channel)}/session`, body);
  }

  rate(token: string, rating: RatingRequest): Promise<Conversation> {
    return this.#request('/conversation/rating', rating, token);
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

export interface JsonRequest {
  method: string;
  body?: unknown;
  token?: string | undefined;
  locale?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * One JSON request to the support-chat API: bearer token, never cookies; a failure becomes an
 * `SupportChatError` carrying the server's `ErrorBody` (or `network` when nothing came back).
 */
export async function requestJson<T>(url: string, request: JsonRequest): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  if (request.locale) headers['X-Locale'] = request.locale;
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      body: JSON.stringify(request.body), // undefined without a body
      credentials: 'omit',
      signal: request.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw networkError('the server could not be reached');
  }
  // A body that is not JSON reads as null; an abort while it arrives stays an abort.
  const payload: unknown = await response.json().catch((error: Error) => {
    if (error.name === 'AbortError') throw error;
    return null;
  });
  if (!response.ok) {
    const error = (payload as ApiError | null)?.error;
    throw apiError(response.status, error ?? { code: 'internal', message: `HTTP ${response.status}` });
  }
  return payload as T;
}
