import type { Attachment, BlockReply, ChatMessage } from '../protocol.js';

export interface PendingMessage {
  clientId: string;
  /**
   * The conversation it is written in, kept through a reload; absent: the visitor's default
   * conversation (the send opens it when there is none).
   */
  conversationId?: string;
  text: string;
  /** Files already uploaded, sent by id with the message. */
  attachments?: Attachment[];
  /** The pre-chat form's answers, merged into the conversation's attributes as the message is stored. */
  attributes?: Record<string, string>;
  /** The block it answers (a tapped choice or a submitted form); `text` is the chosen label meanwhile. */
  replyTo?: BlockReply;
  /** `sending` until acknowledged; `failed` after a refusal that a retry may fix. */
  status: 'sending' | 'failed';
  createdAt: string;
}

interface Entry {
  pending: PendingMessage;
  /** The caller's promise, when the send came from this page load. */
  settle?: { resolve(message: ChatMessage): void; reject(error: unknown): void };
}

/** Where the outbox is kept: one stored string, `null` when there is none (never throws). */
export interface OutboxStore {
  read(): string | null;
  write(value: string | null): void;
}

/**
 * The visitor's unacknowledged sends, in the order they were made, kept in storage (per
 * channel) so a reload, a crash or a closed tab loses none of them. Each keeps its `clientId`
 * for ever, so however often it is sent, the store keeps it once.
 */
export class Outbox {
  readonly #entries = new Map<string, Entry>();
  readonly #store: OutboxStore;

  constructor(store: OutboxStore) {
    this.#store = store;
    for (const pending of this.#load()) this.#entries.set(pending.clientId, { pending: { ...pending, status: 'sending' } });
  }

  /** Everything not yet acknowledged, oldest first. */
  get pending(): PendingMessage[] {
    return [...this.#entries.values()].map((entry) => entry.pending);
  }

  add(pending: PendingMessage, settle: Entry['settle']): void {
    this.#entries.set(pending.clientId, { pending, settle });
    this.#save();
  }

  /** The oldest send still waiting to go, if any. */
  next(): PendingMessage | undefined {
    for (const entry of this.#entries.values()) if (entry.pending.status === 'sending') return entry.pending;
    return undefined;
  }

  /** The server has it: drop it and resolve the caller. True when it was here. */
  acknowledge(clientId: string, message: ChatMessage): boolean {
    const entry = this.#entries.get(clientId);
    if (!entry) return false;
    this.#entries.delete(clientId);
    this.#save();
    entry.settle?.resolve(message);
    return true;
  }

  /** Refused for good: kept (with a retry affordance) and the caller is told. */
  fail(clientId: string, error: unknown): void {
    const entry = this.#entries.get(clientId);
    if (!entry) return;
    this.#mark(entry, 'failed');
    entry.settle?.reject(error);
    delete entry.settle;
  }

  /** Refused in a way no retry can fix (its conversation is gone or closed): dropped, and the caller is told. */
  refuse(clientId: string, error: unknown): void {
    const entry = this.#entries.get(clientId);
    if (!entry) return;
    this.#entries.delete(clientId);
    this.#save();
    entry.settle?.reject(error);
  }

  retry(clientId: string): boolean {
    const entry = this.#entries.get(clientId);
    if (entry?.pending.status !== 'failed') return false;
    this.#mark(entry, 'sending');
    return true;
  }

  /** This page stops waiting; the sends stay stored for the next session to deliver. */
  detach(reason: unknown): void {
    for (const entry of this.#entries.values()) {
      entry.settle?.reject(reason);
      delete entry.settle;
    }
  }

  /** Forgets everything (sign-out): nothing waiting is sent, and whoever waits for it is told `reason`. */
  clear(reason: unknown): void {
    for (const entry of this.#entries.values()) entry.settle?.reject(reason);
    this.#entries.clear();
    this.#store.write(null);
  }

  #load(): PendingMessage[] {
    try {
      const stored = JSON.parse(this.#store.read() ?? '[]') as unknown;
      return Array.isArray(stored)
        ? stored.filter(
            (item): item is PendingMessage =>
              typeof item?.clientId === 'string' && typeof item?.text === 'string' && (item.conversationId === undefined || typeof item.conversationId === 'string'),
          )
        : [];
    } catch {
      return []; // not JSON: nothing to send
    }
  }

  #mark(entry: Entry, status: PendingMessage['status']): void {
    entry.pending = { ...entry.pending, status };
    this.#save();
  }

  /** Keeps the sends for the next page; a full or blocked storage keeps nothing, and they still go from memory. */
  #save(): void {
    this.#store.write(this.#entries.size ? JSON.stringify(this.pending) : null);
  }
}
