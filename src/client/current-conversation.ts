import type { ChatMessage, Conversation } from '../protocol.js';
import { ConversationLog } from './conversation-log.js';
import type { Emitter } from './emitter.js';
import type { ChatClientEvents } from './events.js';
import type { ChannelStorage } from './storage.js';

/**
 * Which conversation the visitor is in — decided here only: the one an earlier page kept, the
 * one the server names at a handshake or a join, the new one a message after a close opens.
 * With it, its log and read position (kept for the next page) and what the server last said
 * of it (status, rating, how far the team has read).
 */
export class CurrentConversation {
  /** Its messages by `seq`, with the read position; null before the visitor has a conversation. */
  log: ConversationLog | null;
  /** The conversation as the server last described it (status, rating), when known. */
  conversation: Conversation | null = null;
  /** The highest `seq` someone on the team has seen. */
  seenByTeam = 0;
  readonly #storage: ChannelStorage;
  readonly #events: Emitter<ChatClientEvents>;

  constructor(storage: ChannelStorage, events: Emitter<ChatClientEvents>) {
    this.#storage = storage;
    this.#events = events;
    this.log = this.#stored();
  }

  get id(): string | null {
    return this.log?.id ?? null;
  }

  /** Back to what storage holds, forgetting what the server said (a login or a logout starts again). */
  restore(): void {
    this.log = this.#stored();
    this.conversation = null;
    this.seenByTeam = 0;
  }

  /** The server names the visitor's conversation: follow it (a new one replaces a closed one). True when it changed. */
  adopt(conversation: Pick<Conversation, 'id'> | null): boolean {
    if (!conversation || conversation.id === this.log?.id) return false;
    this.log = new ConversationLog(conversation.id, 0);
    this.conversation = null;
    this.seenByTeam = 0;
    this.#storage.write('conversation', conversation.id);
    this.#storage.write('read', '0');
    return true;
  }

  /** The join described the conversation. */
  joined(conversation: Conversation): void {
    this.adopt(conversation);
    this.conversation = conversation;
    this.seenByTeam = Math.max(this.seenByTeam, conversation.agentReadSeq);
  }

  /** The log `message` goes into, or null when it belongs to another conversation (after a close, the visitor's next message opens a new one: followed). */
  logFor(message: ChatMessage): ConversationLog | null {
    if (!this.log) this.adopt({ id: message.conversationId });
    if (message.conversationId !== this.log!.id) {
      if (this.conversation?.status !== 'closed') return null;
      this.adopt({ id: message.conversationId });
    }
    return this.log;
  }

  /** The server's update of a conversation (closed, reopened): announced when it is this one. */
  described(conversation: Conversation): void {
    if (conversation.id !== this.id) return;
    this.conversation = conversation;
    this.#events.emit('conversation', conversation);
    this.#events.emit('change', undefined);
  }

  /** A read receipt from the team: announced when it moves what they have seen. */
  teamRead(seq: number): void {
    const id = this.id;
    if (seq <= this.seenByTeam || !id) return;
    this.seenByTeam = seq;
    this.#events.emit('read', { conversationId: id, seq });
    this.#events.emit('change', undefined);
  }

  /** Marks everything held as read, here and for the next page; the `seq` read up to, or 0 when there was nothing new. */
  readAll(): number {
    const log = this.log;
    if (!log || log.newestSeq <= log.readSeq) return 0;
    const newest = log.newestSeq;
    this.#storage.write('read', String(newest));
    log.readUpTo(newest);
    return newest;
  }

  /** Whether `key` is where the read position is kept (another tab wrote it; null: storage was cleared). */
  isReadKey(key: string | null): boolean {
    return key === null || key === this.#storage.key('read');
  }

  /** Takes up the read position kept in storage (another tab read the conversation). */
  readStored(): void {
    this.log?.readUpTo(Number(this.#storage.read('read')) || 0);
  }

  /** The conversation an earlier page knew, with its read position. */
  #stored(): ConversationLog | null {
    const id = this.#storage.read('conversation');
    return id ? new ConversationLog(id, Number(this.#storage.read('read')) || 0) : null;
  }
}
