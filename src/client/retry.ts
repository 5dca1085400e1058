/**
 * The one retry policy of the visitor client (the first connection, the outbox, REST
 * long-polling): doubling from half a second up to thirty, with jitter so that many visitors
 * cut off together do not come back in step. socket.io-client keeps its own reconnection timing.
 */
export function retryDelay(attempt: number, random = Math.random): number {
  return Math.min(30_000, 500 * 2 ** attempt) * (0.5 + random());
}

/**
 * The client's pending retries (a connection attempt, an outbox flush): cleared all at once
 * when the client restarts (login, logout) or stops, so none of them runs for a run that is over.
 */
export class RetryTimers {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
