import type { ChatMessage, Conversation } from '../protocol.js';
import type { ConversationLog } from './conversation-log.js';
import type { Conversations } from './conversations.js';
import type { Emitter } from './emitter.js';
import type { ChatClientEvents } from './events.js';
import type { ChannelStorage } from './storage.js';

/**
 * Which conversation is shown — decided here only: the one an earlier page kept, the one the
 * server names at a handshake or a join, the one the visitor opens, the default conversation's
 * successor after a close. With it, what the server last said of it (status, rating, how far the
 * team has read). Its messages and read position are held with the others (`Conversations`).
 */
export class CurrentConversation {
  /** The conversation as the server last described it (status, rating), when known. */
  conversation: Conversation | null = null;
  /** The highest `seq` someone on the team has seen. */
  seenByTeam = 0;
  readonly #storage: ChannelStorage;
  readonly #events: Emitter<ChatClientEvents>;
  readonly #all: Conversations;
  #id: string | null;

  constructor(storage: ChannelStorage, events: Emitter<ChatClientEvents>, conversations: Conversations) {
    this.#storage = storage;
    this.#events = events;
    this.#all = conversations;
    this.#id = storage.read('conversation');
  }

  get id(): string | null {
    return this.#id;
  }

  /** Its messages by `seq`, with the read position; null before the visitor has a conversation. */
  get log(): ConversationLog | null {
    return this.#id ? this.#all.log(this.#id) : null;
  }

  /**
   * Whether it is the visitor's default conversation, still open (or there is none yet): what a
   * send without a `conversationId` reaches, and what REST long-polls by the default route.
   */
  get isOpenDefault(): boolean {
    if (!this.#id) return true;
    return (this.conversation?.isDefault ?? this.#all.isDefault(this.#id)) && this.#status() !== 'closed';
  }

  /** Whether a send for `conversationId` (undefined: the default one) belongs to the shown conversation. */
  shows(conversationId: string | undefined): boolean {
    return conversationId ? conversationId === this.#id : this.#id === null || this.#all.isDefault(this.#id);
  }

  /** Back to what storage holds, forgetting what the server said (a login or a logout starts again). */
  restore(): void {
    this.#show(this.#storage.read('conversation'));
  }

  /** Shows `id` (null: the default conversation, opened by the next send). True when it changed. */
  adopt(id: string | null): boolean {
    if (id === this.#id) return false;
    this.#storage.write('conversation', id);
    this.#show(id);
    return true;
  }

  /** The join described the conversation it joined (the shown one, or the server's choice when that one is not the visitor's). */
  joined(conversation: Conversation): void {
    this.adopt(conversation.id);
    this.conversation = conversation;
    this.seenByTeam = Math.max(this.seenByTeam, conversation.agentReadSeq);
  }

  /**
   * A message arrived: the shown conversation follows it when there was none, or when the shown
   * one is a closed default conversation and the message opened the next default one (the
   * visitor wrote after a close, here or in another tab). `sentTo` is where the visitor's send
   * named: stored elsewhere, the server rolled it over to the next default conversation (over
   * REST, the close itself may not have been heard).
   */
  follow(message: ChatMessage, sentTo?: string): void {
    const target = message.conversationId;
    if (target === this.#id || !this.#all.isDefault(target)) return;
    if (!this.#id || sentTo === this.#id || (this.#all.isDefault(this.#id) && this.#status() === 'closed')) this.adopt(target);
  }

  /** The server's update of a conversation (closed, reopened, rated): announced when it is the shown one. */
  described(conversation: Conversation): void {
    if (conversation.id !== this.#id) return;
    this.conversation = conversation;
    this.#events.emit('conversation', conversation);
    this.#events.emit('change', undefined);
  }

  /** A read receipt from the team: announced when it moves what they have seen of the shown conversation. */
  teamRead(conversationId: string, seq: number): void {
    if (conversationId !== this.#id) return void this.#events.emit('read', { conversationId, seq });
    if (seq <= this.seenByTeam) return;
    this.seenByTeam = seq;
    this.#events.emit('read', { conversationId, seq });
    this.#events.emit('change', undefined);
  }

  #status(): Conversation['status'] | undefined {
    return this.conversation?.status ?? this.#all.summary(this.#id)?.status;
  }

  #show(id: string | null): void {
    const changed = id !== this.#id;
    this.#id = id;
    this.conversation = (id && this.#all.summary(id)) || null;
    this.seenByTeam = this.conversation?.agentReadSeq ?? 0;
    if (changed) this.#events.emit('shown', { conversationId: id });
  }
}
