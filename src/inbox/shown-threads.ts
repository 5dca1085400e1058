import type { ChatMessage } from '../protocol.js';

interface Thread {
  /** The last `seq` held, with every one before it. */
  seq: number;
  /** Messages that arrived past a gap, by `seq`, until a sync fills the gap. */
  early: Map<number, ChatMessage>;
}

/**
 * The conversations the inbox shows and the last `seq` it holds of each (DESIGN §4: every
 * receiver resumes by `seq`). A message of a shown conversation is let through once and in
 * order: one it already holds is dropped, one past a gap waits until a sync brings what is
 * missing. Messages of other conversations pass as they come (they only move the list).
 */
export class ShownThreads {
  readonly #threads = new Map<string, Thread>();

  /** The inbox now shows `conversationId` (and no other), holding its messages up to `seq`. */
  show(conversationId: string, seq: number): void {
    this.#threads.clear();
    this.#threads.set(conversationId, { seq, early: new Map() });
  }

  /** Each shown conversation with the `seq` to sync after. */
  shown(): Array<[conversationId: string, seq: number]> {
    return [...this.#threads].map(([conversationId, thread]) => [conversationId, thread.seq]);
  }

  /** The conversation's last held `seq`, when it is shown. */
  seqOf(conversationId: string): number | undefined {
    return this.#threads.get(conversationId)?.seq;
  }

  /** Whether messages of `conversationId` wait behind a gap. */
  hasGap(conversationId: string): boolean {
    return (this.#threads.get(conversationId)?.early.size ?? 0) > 0;
  }

  /** Takes a message as it arrives (live, synced or acked) and answers the ones now due, in order. */
  take(message: ChatMessage): ChatMessage[] {
    const thread = this.#threads.get(message.conversationId);
    if (!thread) return [message];
    if (message.seq <= thread.seq) return [];
    thread.early.set(message.seq, message);
    const due: ChatMessage[] = [];
    for (let next = thread.early.get(thread.seq + 1); next; next = thread.early.get(thread.seq + 1)) {
      thread.early.delete(next.seq);
      thread.seq = next.seq;
      due.push(next);
    }
    return due;
  }
}
