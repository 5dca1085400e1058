import type { TypingEvent } from '../protocol.js';
import type { Emitter } from './emitter.js';
import type { ChatClientEvents } from './events.js';

/** A lost "stopped typing" must not leave the indicator on for ever. */
const TYPING_EXPIRY_MS = 6000;

/** Who on the team is typing in the current conversation: on with their event, off with theirs, their message or a timeout. */
export class TeamTyping {
  /** Who is typing, if anyone. */
  who: { name: string } | null = null;
  readonly #events: Emitter<ChatClientEvents>;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(events: Emitter<ChatClientEvents>) {
    this.#events = events;
  }

  /** The team's typing event in `conversationId` (the visitor's own echo is ignored). */
  received(event: TypingEvent, conversationId: string | null): void {
    if (event.from === 'visitor' || !conversationId) return;
    clearTimeout(this.#timer);
    const { from } = event;
    const name = event.name ?? '';
    const show = (typing: boolean) => {
      this.who = typing ? { name } : null;
      this.#events.emit('typing', { conversationId, from, name, typing });
      this.#events.emit('change', undefined);
    };
    show(event.typing);
    if (event.typing) this.#timer = setTimeout(() => show(false), TYPING_EXPIRY_MS);
  }

  /** The team's message arrived: whoever typed it is done. True when the indicator was on. */
  answered(): boolean {
    if (!this.who) return false;
    this.who = null;
    return true;
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
