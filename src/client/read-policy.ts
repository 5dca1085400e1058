import type { CurrentConversation } from './current-conversation.js';
import type { Emitter } from './emitter.js';
import type { ChatClientEvents } from './events.js';

export interface ReadPolicyHost {
  current: CurrentConversation;
  events: Emitter<ChatClientEvents>;
  /** Tells the team the visitor has read up to `seq` (when there is a link). */
  tell(seq: number): void;
}

/**
 * The read policy and the unread count, decided here only: what the visitor can see (the
 * panel is visible and so is the page) is read as it arrives; otherwise what the team writes
 * counts as unread until `markRead()` or until another tab of the same browser reads it.
 */
export class ReadPolicy {
  readonly #host: ReadPolicyHost;
  #panelVisible = false;

  constructor(host: ReadPolicyHost) {
    this.#host = host;
  }

  /** Messages from the team the visitor has not seen. */
  get unread(): number {
    return this.#host.current.log?.unread ?? 0;
  }

  /** Whether the visitor can see the conversation (the panel is open); when they can, it is read now. */
  setVisible(visible: boolean): void {
    this.#panelVisible = visible;
    this.#readIfSeen();
  }

  /** Marks everything received so far in `conversationId` as seen; the unread count drops to 0. */
  markRead(conversationId: string | null): void {
    if (conversationId !== null && conversationId === this.#host.current.id) this.announcing(() => this.#readAll());
  }

  /** Runs `receive` (messages arriving), reads them if the visitor sees them, and announces the unread count once if it changed. */
  receiving(receive: () => void): void {
    this.announcing(() => {
      receive();
      if (this.#seen()) this.#readAll();
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
    globalThis.addEventListener('storage', (event: StorageEvent) => this.#host.current.isReadKey(event.key) && this.announcing(() => this.#host.current.readStored()), { signal });
  }

  /** The visitor can see the messages: the panel is visible and so is the page. */
  #seen(): boolean {
    return this.#panelVisible && globalThis.document?.visibilityState !== 'hidden';
  }

  #readIfSeen(): void {
    if (this.#seen()) this.markRead(this.#host.current.id);
  }

  #readAll(): void {
    const seq = this.#host.current.readAll();
    if (seq) this.#host.tell(seq);
  }
}
