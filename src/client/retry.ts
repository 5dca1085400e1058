/**
 * The one retry policy of the visitor client (the first connection, the outbox, REST
 * long-polling): doubling from half a second up to thirty, with jitter so that many visitors
 * cut off together do not come back in step. socket.io-client keeps its own reconnection timing.
 */
export function retryDelay(attempt: number, random = Math.random): number {
  return Math.min(30_000, 500 * 2 ** attempt) * (0.5 + random());
}
