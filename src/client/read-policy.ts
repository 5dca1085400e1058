import type { Conversations } from './conversations.js';
import type { CurrentConversation } from './current-conversation.js';
import type { Emitter } from './emitter.js';
import type { ChatClientEvents } from './events.js';

export interface ReadPolicyHost {
  current: CurrentConversation;
  conversations: Conversations;
  events: Emitter<ChatClientEvents>;
  /** Tells the team the visitor has read up to `seq` in `conversationId` (when there is a link). */
  tell(seq: number, conversationId: string): void;
}

/**
 * The read policy and the unread count, decided here only: what the visitor can see (the
 * panel is visible and so is the page: the shown conversation) is read as it arrives;
 * otherwise what the team writes counts as unread, in its own conversation and in the total,
 * until `markRead(id)` or until another tab of the same browser reads it.
 */
export class ReadPolicy {
  readonly #host: ReadPolicyHost;
  #panelVisible = false;

  constructor(host: ReadPolicyHost) {
    this.#host = host;
  }

  /** Messages from the team the visitor has not seen, in all their conversations. */
  get unread(): number {
    return this.#host.conversations.unread;
  }

  /** Whether the visitor can see the conversation (the panel is open); when they can, it is read now. */
  setVisible(visible: boolean): void {
    this.#panelVisible = visible;
    this.#readIfSeen();
  }

  /** Marks everything received so far in `conversationId` as seen; its unread count drops to 0. */
  markRead(conversationId: string | null): void {
    if (conversationId) this.announcing(() => this.#readAll(conversationId));
  }

  /** Runs `receive` (messages arriving), reads them if the visitor sees them, and announces the unread count once if it changed. */
  receiving(receive: () => void): void {
    this.announcing(() => {
      receive();
      if (this.#seen() && this.#host.current.id) this.#readAll(this.#host.current.id);
    });
  }

  /** Runs `change` (the conversation shown may change with it) and announces the unread count if it changed. */
  announcing(change: () => void): void {
    const before = this.unread;
    change();
    if (this.unread === before) return;
    this.#host.events.emit('unread', this.unread);
    this.#host.events.emit('change', undefined);
  }

  /** Reads when the page comes back into view; takes up what other tabs read (they share the visitor). */
  watch(signal: AbortSignal): void {
    const page = globalThis.document;
    if (!page) return;
    page.addEventListener('visibilitychange', () => page.visibilityState === 'visible' && this.#readIfSeen(), { signal });
    const { conversations } = this.#host;
    globalThis.addEventListener('storage', (event: StorageEvent) => conversations.isReadKey(event.key) && this.announcing(() => conversations.readStored()), { signal });
  }

  /** The visitor can see the messages: the panel is visible and so is the page. */
  #seen(): boolean {
    return this.#panelVisible && globalThis.document?.visibilityState !== 'hidden';
  }

  #readIfSeen(): void {
    if (this.#seen()) this.markRead(this.#host.current.id);
  }

  #readAll(conversationId: string): void {
    const seq = this.#host.conversations.readAll(conversationId);
    if (seq) this.#host.tell(seq, conversationId);
  }
}
