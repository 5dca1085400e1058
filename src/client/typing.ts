import type { TypingEvent } from '../protocol.js';
import type { Emitter } from './emitter.js';
import type { ChatClientEvents, TypingInfo } from './events.js';

/** A lost "stopped typing" must not leave the indicator on for ever. */
const TYPING_EXPIRY_MS = 6000;

/**
 * Who on the team is typing in the shown conversation: on with their event, off with theirs,
 * their message or a timeout. Typing in another conversation is announced, not held.
 */
export class TeamTyping {
  /** Who is typing, if anyone. */
  who: { name: string } | null = null;
  readonly #events: Emitter<ChatClientEvents>;
  /** The last event announced, to announce its end. */
  #shown: TypingInfo | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(events: Emitter<ChatClientEvents>) {
    this.#events = events;
  }

  /** The team's typing event (the visitor's own echo is ignored); `shown` is the conversation on screen. */
  received(event: TypingEvent, shown: string | null): void {
    if (event.from === 'visitor') return;
    const typing: TypingInfo = { conversationId: event.conversationId, from: event.from, name: event.name ?? '', typing: event.typing };
    if (event.conversationId !== shown) return void this.#events.emit('typing', typing);
    this.#show(typing);
    if (event.typing) this.#timer = setTimeout(() => this.answered(), TYPING_EXPIRY_MS);
  }

  /** The team's message arrived (or the indicator expired): whoever typed is done, and that is announced. */
  answered(): void {
    if (this.#shown?.typing) this.#show({ ...this.#shown, typing: false });
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  #show(typing: TypingInfo): void {
    clearTimeout(this.#timer);
    this.#shown = typing;
    this.who = typing.typing ? { name: typing.name } : null;
    this.#events.emit('typing', typing);
    this.#events.emit('change', undefined);
  }
}
