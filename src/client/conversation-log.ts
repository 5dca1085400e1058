import type { Attachment, ChatMessage } from '../protocol.js';

/**
 * One conversation's messages as the visitor holds them, by `seq`: the point a reconnect
 * resumes after (the highest `seq` up to which nothing is missing) and the visitor's read
 * position (what the unread count counts from). What the server last counted (a summary's
 * `lastSeq` and `unread`) stands in for the messages not held.
 */
export class ConversationLog {
  readonly id: string;
  /** The highest `seq` the visitor has seen. */
  readSeq: number;
  /** The highest `seq` up to which nothing is missing: what a reconnect asks to resume after. */
  lastSeq = 0;
  readonly #messages = new Map<number, ChatMessage>();
  #sorted: ChatMessage[] | null = null;
  #unread: { readSeq: number; count: number } | null = null;
  /** The server's last word: up to `seq`, `unread` team messages after its read position. */
  #counted = { seq: 0, unread: 0 };

  constructor(id: string, readSeq = 0) {
    this.id = id;
    this.readSeq = readSeq;
  }

  /** In `seq` order; sorted once per change, not on every read (every render reads it). */
  get messages(): ChatMessage[] {
    this.#sorted ??= [...this.#messages.values()].sort((a, b) => a.seq - b.seq);
    return this.#sorted;
  }

  /**
   * Messages from the team the visitor has not seen (counted once per change of the log, the
   * read position or the server's count): the held ones, and for what is not held from the
   * read position on, the server's count.
   */
  get unread(): number {
    if (this.#unread?.readSeq !== this.readSeq) {
      const counted = this.#counted;
      const missing = this.readSeq < counted.seq && this.lastSeq < counted.seq;
      let count = missing ? Math.min(counted.unread, counted.seq - this.readSeq) : 0;
      const from = missing ? counted.seq : this.readSeq;
      for (const message of this.#messages.values()) if (message.from !== 'visitor' && message.seq > from) count += 1;
      this.#unread = { readSeq: this.readSeq, count };
    }
    return this.#unread.count;
  }

  /** The newest `seq` known: held, or counted by the server. */
  get newestSeq(): number {
    return Math.max(this.messages.at(-1)?.seq ?? 0, this.#counted.seq);
  }

  /** The server's summary of the conversation: how far it got, what it counts unread, where the visitor had read up to. */
  counted(summary: { lastSeq: number; unread: number; visitorReadSeq: number }): void {
    this.readUpTo(summary.visitorReadSeq);
    if (summary.lastSeq < this.#counted.seq) return; // an older word than the one held
    this.#counted = { seq: summary.lastSeq, unread: summary.unread };
    this.#unread = null;
  }

  get(seq: number): ChatMessage | undefined {
    return this.#messages.get(seq);
  }

  /** Adds a message; false when this `seq` was held already. */
  add(message: ChatMessage): boolean {
    if (this.#messages.has(message.seq)) return false;
    this.#messages.set(message.seq, message);
    this.#sorted = null;
    this.#unread = null;
    while (this.#messages.has(this.lastSeq + 1)) this.lastSeq += 1;
    return true;
  }

  /** Moves the read position forward; true when it moved. */
  readUpTo(seq: number): boolean {
    if (seq <= this.readSeq) return false;
    this.readSeq = seq;
    return true;
  }

  /** Puts a fresh copy of an attachment (a new signed URL) in every message that shows it. */
  replaceAttachment(fresh: Attachment): void {
    for (const [seq, message] of this.#messages) {
      if (!message.attachments.some((attachment) => attachment.id === fresh.id)) continue;
      this.#messages.set(seq, { ...message, attachments: message.attachments.map((attachment) => (attachment.id === fresh.id ? fresh : attachment)) });
    }
    this.#sorted = null;
  }
}
