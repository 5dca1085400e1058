/**
 * One line per conversation: a job starts when the one before it in the same conversation has
 * settled, so two answers there never interleave; other conversations do not wait. (Per node:
 * a visitor's messages are answered on the node that stored them.)
 */
export class ConversationQueue {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `job` after the conversation's earlier jobs; resolves when it has run (it never rejects). */
  enqueue(conversationId: string, job: () => Promise<void>): Promise<void> {
    const previous = this.#tails.get(conversationId) ?? Promise.resolve();
    const tail = previous.then(job).catch(() => {});
    this.#tails.set(conversationId, tail);
    void tail.then(() => {
      if (this.#tails.get(conversationId) === tail) this.#tails.delete(conversationId);
    });
    return tail;
  }

  /** Resolves once every job queued so far has run. */
  async idle(): Promise<void> {
    while (this.#tails.size) await Promise.all(this.#tails.values());
  }
}
