import { LIMITS, type ChatMessage, type Page, type SendMessageRequest, type SessionJoined } from '../protocol.js';
import { SupportChatError } from '../client/errors.js';
import { retryDelay } from '../client/retry.js';
import { conversationPath, requestJson } from './api.js';
import type { ToolOutcome } from '../protocol.js';
import type { Transport, TransportOptions } from './transport.js';

const LONG_POLL_SECONDS = 25;

/**
 * The visitor protocol over plain HTTPS, for networks where Socket.IO cannot get through:
 * sends are `POST`s, and new messages of the shown conversation arrive by long-polling
 * `GET …/messages?after=&wait=25` (the other conversations catch up at the next join).
 */
export class RestTransport implements Transport {
  readonly #options: TransportOptions;
  readonly #base: string;
  #abort = new AbortController();
  /** The long-poll under way: cut short when the shown conversation changes. */
  #round = new AbortController();
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

  send({ conversationId, ...request }: SendMessageRequest): Promise<ChatMessage> {
    return this.#request('POST', conversationPath(conversationId, '/messages'), request);
  }

  sync(after: number, conversationId?: string): Promise<ChatMessage[]> {
    return this.#page(this.#abort.signal, after, conversationId);
  }

  typing(typing: boolean, conversationId?: string): void {
    this.#request('POST', conversationPath(conversationId, '/typing'), { typing }).catch(() => {});
  }

  read(seq: number, conversationId?: string): void {
    this.#request('POST', conversationPath(conversationId, '/read'), { seq }).catch(() => {});
  }

  shownChanged(): void {
    this.#round.abort();
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
          const { conversationId, after } = this.#options.auth();
          const query = new URLSearchParams({ ...(conversationId ? { conversationId } : {}), ...(after === undefined ? {} : { after: String(after) }) });
          const session = await this.#request<SessionJoined>('GET', `/join${query.toString() ? `?${query}` : ''}`, undefined, signal);
          const { conversation } = session;
          this.connected = true;
          handlers.state('fallback', 'rest');
          handlers.joined(session);
          if (conversation?.agentReadSeq) handlers.read({ conversationId: conversation.id, by: 'agent', seq: conversation.agentReadSeq });
          joined = true;
        } else {
          // The shown conversation and its last seq, read fresh each round: they move as messages arrive.
          const { conversationId, after = 0, shownIsDefault } = this.#options.auth();
          this.#round = new AbortController();
          const round = AbortSignal.any([signal, this.#round.signal]);
          const page = await this.#page(round, after, shownIsDefault ? undefined : conversationId, LONG_POLL_SECONDS);
          for (const message of page) handlers.message(message);
        }
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        if (this.#round.signal.aborted && joined) continue; // the shown conversation changed: poll that one
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

  async #page(signal: AbortSignal, after: number, conversationId?: string, wait = 0): Promise<ChatMessage[]> {
    const path = conversationPath(conversationId, `/messages?after=${after}&limit=${LIMITS.pageSize}${wait ? `&wait=${wait}` : ''}`);
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
