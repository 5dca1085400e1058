import type { ChatMessage, Page, SendMessageRequest, SessionJoined } from '../protocol.js';
import { SupportChatError } from '../client/errors.js';
import { retryDelay } from '../client/retry.js';
import { requestJson } from './api.js';
import type { ToolOutcome } from '../protocol.js';
import type { Transport, TransportOptions } from './transport.js';

const LONG_POLL_SECONDS = 25;

/**
 * The visitor protocol over plain HTTPS, for networks where Socket.IO cannot get through:
 * sends are `POST`s, and new messages arrive by long-polling `GET …/messages?after=&wait=25`.
 */
export class RestTransport implements Transport {
  readonly #options: TransportOptions;
  readonly #base: string;
  #abort = new AbortController();
  #running = false;
  connected = false;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#base = `${options.server}/api/v1/widget`;
  }

  connect(): void {
    if (this.#running) return;
    this.#running = true;
    this.#abort = new AbortController();
    void this.#run(this.#abort.signal);
  }

  send(request: SendMessageRequest): Promise<ChatMessage> {
    return this.#request('POST', '/conversation/messages', request);
  }

  async sync(after: number): Promise<ChatMessage[]> {
    return (await this.#request<Page<ChatMessage>>('GET', `/conversation/messages?after=${after}&limit=100`)).data;
  }

  typing(typing: boolean): void {
    this.#request('POST', '/conversation/typing', { typing }).catch(() => {});
  }

  read(seq: number): void {
    this.#request('POST', '/conversation/read', { seq }).catch(() => {});
  }

  async toolResult(callId: string, outcome: ToolOutcome): Promise<void> {
    await this.#request('POST', `/tool-calls/${encodeURIComponent(callId)}/result`, outcome.ok ? { ok: true, result: outcome.result ?? null } : outcome);
  }

  close(): void {
    this.#running = false;
    this.connected = false;
    this.#abort.abort();
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { handlers } = this.#options;
    let failures = 0;
    let joined = false;
    while (!signal.aborted) {
      try {
        if (!joined) {
          // One request: what the socket's `session:joined` carries, after the `seq` the session holds.
          const after = this.#options.auth().after;
          const session = await this.#request<SessionJoined>('GET', `/join${after === undefined ? '' : `?after=${after}`}`, undefined, signal);
          const { conversation } = session;
          this.connected = true;
          handlers.state('fallback', 'rest');
          handlers.joined(session);
          if (conversation?.agentReadSeq) handlers.read({ conversationId: conversation.id, by: 'agent', seq: conversation.agentReadSeq });
          joined = true;
        } else {
          // The session's last seq, read fresh each round: it moves as messages arrive.
          const after = this.#options.auth().after ?? 0;
          for (const message of await this.#page(signal, after, LONG_POLL_SECONDS)) handlers.message(message);
        }
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof SupportChatError && error.status === 401) {
          this.close();
          handlers.unauthorized();
          return;
        }
        this.connected = false;
        joined = false;
        handlers.state('connecting', 'none');
        failures += 1;
        await new Promise((resolve) => setTimeout(resolve, retryDelay(failures)));
      }
    }
  }

  async #page(signal: AbortSignal, after: number, wait = 0): Promise<ChatMessage[]> {
    const path = `/conversation/messages?after=${after}&limit=100${wait ? `&wait=${wait}` : ''}`;
    return (await this.#request<Page<ChatMessage>>('GET', path, undefined, signal)).data;
  }

  #request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return requestJson<T>(this.#base + path, {
      method,
      body,
      token: this.#options.auth().token,
      locale: this.#options.locale?.(),
      signal: signal ?? this.#abort.signal,
    });
  }
}
