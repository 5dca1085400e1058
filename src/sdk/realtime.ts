import type { Socket } from 'socket.io-client';
import { apiError, networkError, type SupportChatError } from '../client/errors.js';
import type { AgentClientEvents, AgentServerEvents, ChatMessage, ConversationSummary, ErrorBody, ErrorCode, Label, Note, NoteMention, OnlineVisitor, ReadEvent, TeamQueueEvent, TypingEvent } from '../protocol.js';

/** The `/agent` namespace's events under the names webhooks use, and the connection's own. */
export interface RealtimeEvents {
  'message.created': ChatMessage;
  'conversation.created': ConversationSummary;
  'conversation.updated': ConversationSummary;
  typing: TypingEvent;
  read: ReadEvent;
  // ---- desk: notes
  /** A private note was written (never sent to a visitor). */
  'note.created': Note;
  /** The caller was named in a note. */
  'note.mention': NoteMention;
  /** Events may have been missed (a reconnect, or the servers lost their database for a moment): fetch what is new. */
  resync: undefined;
  /** The socket came up or went down (it reconnects by itself). */
  connection: { connected: boolean };
  /** The server refused the socket (a bad token), or it could not be reached. */
  error: SupportChatError;
  // ---- desk: live visitors
  /** A visitor came onto the site, changed page or tabs, or left (throttled per node). */
  'visitor.online': OnlineVisitor;
  'visitor.updated': OnlineVisitor;
  'visitor.offline': { visitorId: string; channel: string };
  // ---- desk: teams
  /** A team's waiting conversations after routing changed them, first in line first. */
  'team.queue': TeamQueueEvent;
  // ---- desk: labels
  /** An admin renamed or recolored a label. */
  'label.updated': Label;
}

export type RealtimeListener<K extends keyof RealtimeEvents> = (event: RealtimeEvents[K]) => void;

type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
/** An open socket, and the HTTP status of each error code to type the server's refusals by. */
interface Connection {
  socket: AgentSocket;
  statuses: Record<ErrorCode, number>;
}

/** socket.io event → SDK event. */
const FORWARDED = {
  'message:created': 'message.created',
  'conversation:created': 'conversation.created',
  'conversation:updated': 'conversation.updated',
  typing: 'typing',
  read: 'read',
  // ---- desk: live visitors
  'visitor:online': 'visitor.online',
  'visitor:updated': 'visitor.updated',
  'visitor:offline': 'visitor.offline',
  'team:queue': 'team.queue',
  // ---- desk: notes
  'note:created': 'note.created',
  'note:mention': 'note.mention',
  // ---- desk: labels
  'label:updated': 'label.updated',
} as const satisfies Partial<Record<keyof AgentServerEvents, keyof RealtimeEvents>>;

/**
 * Live events over the `/agent` namespace, with socket.io-client (WebSocket only: no HTTP
 * long-polling, which would need sticky sessions). The socket opens with the first `on()` or
 * `connect()`; socket.io-client and the wire constants load then, so an SDK that never listens
 * pays nothing for them.
 */
export class Realtime {
  readonly #server: string;
  readonly #token: string;
  readonly #listeners = new Map<keyof RealtimeEvents, Set<(event: never) => void>>();
  #connection: Promise<Connection> | undefined;
  /** What `close()` must end: the `connect()` calls still waiting. */
  readonly #waiting = new Set<(error: SupportChatError) => void>();

  constructor(server: string, token: string) {
    this.#server = server;
    this.#token = token;
  }

  /** Listens to `event` (and opens the socket if it is not open); returns the function that stops listening. */
  on<K extends keyof RealtimeEvents>(event: K, listener: RealtimeListener<K>): () => void {
    let listeners = this.#listeners.get(event);
    if (!listeners) this.#listeners.set(event, (listeners = new Set()));
    const added = listener as (event: never) => void;
    listeners.add(added);
    // A refusal is also emitted as `error`, for whoever listens to it.
    this.connect().catch(() => {});
    return () => void listeners.delete(added);
  }

  /** Resolves once the socket is connected; rejects with the server's refusal (`AuthError` for a bad token). */
  async connect(): Promise<void> {
    const connection = (this.#connection ??= this.#open());
    const { socket, statuses } = await connection;
    if (this.#connection !== connection) throw networkError('the realtime connection was closed');
    if (socket.connected) return;
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: SupportChatError) => {
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
        this.#waiting.delete(settle);
        if (error) reject(error);
        else resolve();
      };
      const onConnect = () => settle();
      const onError = (error: Error & { data?: ErrorBody }) => settle(refusal(error, statuses));
      this.#waiting.add(settle);
      socket.on('connect', onConnect);
      socket.on('connect_error', onError);
      if (!socket.active) socket.connect();
    });
  }

  /** Closes the socket; a later `on()` or `connect()` opens a new one. Listeners stay registered. */
  close(): void {
    const connection = this.#connection;
    this.#connection = undefined;
    for (const settle of [...this.#waiting]) settle(networkError('the realtime connection was closed'));
    void connection?.then(({ socket }) => {
      socket.removeAllListeners();
      socket.disconnect();
    });
  }

  #emit<K extends keyof RealtimeEvents>(event: K, payload: RealtimeEvents[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) (listener as RealtimeListener<K>)(payload);
  }

  async #open(): Promise<Connection> {
    const [{ io }, { AGENT_NAMESPACE, HTTP_STATUS }] = await Promise.all([import('socket.io-client'), import('../protocol.js')]);
    const socket: AgentSocket = io(this.#server + AGENT_NAMESPACE, { auth: { token: this.#token }, transports: ['websocket'], forceNew: true });
    for (const [from, to] of Object.entries(FORWARDED)) {
      // Each payload is forwarded as it came: FORWARDED pairs events whose payload types are the same.
      socket.on(from as keyof typeof FORWARDED, ((payload: never) => this.#emit(to, payload)) as (payload: ChatMessage) => void);
    }
    let connectedBefore = false;
    socket.on('connect', () => {
      this.#emit('connection', { connected: true });
      // Whatever happened while the socket was down was not delivered to it.
      if (connectedBefore) this.#emit('resync', undefined);
      connectedBefore = true;
    });
    socket.on('disconnect', () => this.#emit('connection', { connected: false }));
    socket.on('resync', () => this.#emit('resync', undefined));
    socket.on('connect_error', (error: Error & { data?: ErrorBody }) => this.#emit('error', refusal(error, HTTP_STATUS)));
    return { socket, statuses: HTTP_STATUS };
  }
}

/** A refused handshake carries the server's `ErrorBody`; anything else means the server was not reached. */
function refusal(error: Error & { data?: ErrorBody }, statuses: Record<ErrorCode, number>): SupportChatError {
  const body = error.data;
  if (!body?.code) return networkError(`the realtime connection failed: ${error.message}`);
  return apiError(statuses[body.code] ?? 500, body);
}
