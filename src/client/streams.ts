import type { ChatMessage, MessageDelta } from '../protocol.js';
import type { Emitter } from './emitter.js';
import type { ChatClientEvents } from './events.js';

/** An answer still being written (an AI agent streaming): its text so far, until its final message replaces it. */
export interface StreamingMessage {
  conversationId: string;
  /** The id its final message will have. */
  messageId: string;
  /** The text so far. */
  text: string;
  /** A piece was lost (a gap): the text stops growing here and the final message brings the rest. */
  stalled: boolean;
}

/** What the `delta` event carries: the piece that arrived and the answer it grew. */
export interface DeltaInfo extends StreamingMessage {
  delta: MessageDelta;
}

/**
 * Answers being streamed (`message:delta`), per conversation and by `messageId`. Each piece says
 * how many characters came before it (`offset`): a piece at the end grows the text, a repeat (or
 * the repeated part of one) is dropped, and a gap stalls the answer where it is — the final
 * `message:created` brings the whole text, and replaces the stream. Only the socket carries
 * pieces; over REST the final message is all there is.
 */
export class Streams {
  readonly #streams = new Map<string, StreamingMessage>();
  readonly #events: Emitter<ChatClientEvents>;

  constructor(events: Emitter<ChatClientEvents>) {
    this.#events = events;
  }

  /** The answers streaming in `conversationId`, oldest first. */
  in(conversationId: string | null): StreamingMessage[] {
    return [...this.#streams.values()].filter((stream) => stream.conversationId === conversationId).map((stream) => ({ ...stream }));
  }

  /** A piece arrived: grows its answer (announced as `delta` and `change`), or is dropped (a repeat, a gap, an answer already stored). */
  received(delta: MessageDelta, stored: (message: { conversationId: string; messageId: string }) => boolean): void {
    const { conversationId, messageId, offset, text } = delta;
    if (typeof text !== 'string' || !Number.isInteger(offset) || offset < 0 || stored({ conversationId, messageId })) return;
    let stream = this.#streams.get(messageId);
    if (!stream) {
      // A first piece that is not the start (joined mid-answer): nothing to show until the final message.
      if (offset > 0) return;
      stream = { conversationId, messageId, text: '', stalled: false };
      this.#streams.set(messageId, stream);
    }
    if (stream.stalled) return;
    if (offset > stream.text.length) {
      stream.stalled = true; // a gap: the final message brings the whole text
      return;
    }
    const fresh = text.slice(stream.text.length - offset); // what a repeat overlaps is dropped
    if (!fresh) return;
    stream.text += fresh;
    this.#events.emit('delta', { ...stream, delta });
    this.#events.emit('change', undefined);
  }

  /**
   * A message was stored: it replaces its stream. A bot or system message other than the answer
   * ends that conversation's streams too (answers never interleave: the one streaming failed or
   * was cut short, and the server said so).
   */
  settled(message: ChatMessage): void {
    let ended = this.#streams.delete(message.id);
    if (message.from === 'bot' || message.from === 'system') {
      for (const [id, stream] of this.#streams) if (stream.conversationId === message.conversationId) ended = this.#streams.delete(id) || ended;
    }
    if (ended) this.#events.emit('change', undefined);
  }

  /** A new join (after a reconnect) or the end: pieces sent meanwhile are lost, so each answer waits for its final message. */
  clear(): void {
    this.#streams.clear();
  }
}
