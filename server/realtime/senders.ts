import type { ChatMessage, Conversation } from '../../src/protocol.js';

/**
 * The rule "don't echo to the sender", kept in the socket layer: while a socket's
 * `message:send` is in the service, this knows which socket sends which message, and the
 * fan-out leaves that socket out (it gets the message in its acknowledgement). Services never
 * hear of sockets. A message is known by who sends it and its `clientId` (unique per sender
 * and conversation); the entry lives only as long as the send.
 */
export class SendingSockets {
  readonly #sending = new Map<string, string>();

  /** Runs `send` (a visitor's message with `clientId`) with `socketId` as its sender. */
  visitorSends<T>(socketId: string, visitorId: string, clientId: string, send: () => Promise<T>): Promise<T> {
    return this.#during(`visitor/${visitorId}/${clientId}`, socketId, send);
  }

  /** Runs `send` (an agent's message with `clientId` in `conversationId`) with `socketId` as its sender. */
  agentSends<T>(socketId: string, agentId: string, conversationId: string, clientId: string, send: () => Promise<T>): Promise<T> {
    return this.#during(`agent/${agentId}/${conversationId}/${clientId}`, socketId, send);
  }

  /** The socket sending `message` right now, if a socket sends it. */
  senderOf(message: ChatMessage, conversation: Conversation): string | undefined {
    if (message.clientId === undefined) return undefined;
    if (message.from === 'visitor') return this.#sending.get(`visitor/${conversation.visitorId}/${message.clientId}`);
    if (message.from === 'agent' && message.author) return this.#sending.get(`agent/${message.author.id}/${message.conversationId}/${message.clientId}`);
    return undefined;
  }

  async #during<T>(key: string, socketId: string, send: () => Promise<T>): Promise<T> {
    this.#sending.set(key, socketId);
    try {
      return await send();
    } finally {
      // Another socket may have taken the key meanwhile (the same send retried elsewhere).
      if (this.#sending.get(key) === socketId) this.#sending.delete(key);
    }
  }
}
