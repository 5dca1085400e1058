import type { ChatMessage, Conversation, VisitorConversationSummary } from '../protocol.js';
import { ConversationLog } from './conversation-log.js';
import type { Emitter } from './emitter.js';
import type { ChatClientEvents } from './events.js';
import type { ChannelStorage } from './storage.js';

/** Characters of a message kept as a conversation's preview (as the server cuts it). */
const PREVIEW = 200;

interface Held {
  /** What the server last said of it, kept current by what arrives; null until it is described. */
  summary: VisitorConversationSummary | null;
  log: ConversationLog;
}

/** A summary for a conversation known only as a `Conversation` (created, updated): no preview yet. */
const summaryOf = (conversation: Conversation, before: VisitorConversationSummary | null): VisitorConversationSummary => ({
  lastMessage: null,
  unread: 0,
  ...before,
  ...conversation,
});

/** Newest first: by the last activity, then by creation. */
const newestFirst = (a: VisitorConversationSummary, b: VisitorConversationSummary) => b.updatedAt.localeCompare(a.updatedAt) || b.createdAt.localeCompare(a.createdAt);

/**
 * The visitor's conversations as this client holds them (DESIGN.md §4, several per visitor):
 * each one's summary (kept current from the join, the live events and what arrives), its log of
 * messages by `seq` (the cursor a reconnect resumes after) and its read position, and so its
 * unread count and the total. Read positions are kept in storage, so other tabs and the next
 * page start from them. Which conversation is shown is decided elsewhere (`CurrentConversation`).
 */
export class Conversations {
  readonly #held = new Map<string, Held>();
  readonly #storage: ChannelStorage;
  readonly #events: Emitter<ChatClientEvents>;
  readonly #describe: (id: string) => void;
  /** Conversations heard of only by a message, whose description was asked for. */
  readonly #asked = new Set<string>();
  #sorted: VisitorConversationSummary[] | null = null;
  #announcing = false;

  /** `describe(id)` asks the server about a conversation known only by a message (over REST, nothing else says it opened). */
  constructor(storage: ChannelStorage, events: Emitter<ChatClientEvents>, describe: (id: string) => void) {
    this.#storage = storage;
    this.#events = events;
    this.#describe = describe;
  }

  /** The summaries, newest first, each with its unread count as this client counts it. */
  get summaries(): VisitorConversationSummary[] {
    this.#sorted ??= [...this.#held.values()].flatMap(({ summary, log }) => (summary ? [{ ...summary, unread: log.unread }] : [])).sort(newestFirst);
    return this.#sorted;
  }

  /** Messages from the team the visitor has not seen, in every conversation held. */
  get unread(): number {
    let count = 0;
    for (const { log } of this.#held.values()) count += log.unread;
    return count;
  }

  /** The log of `id` (made, with the read position kept in storage, on first use). */
  log(id: string): ConversationLog {
    return this.#hold(id).log;
  }

  summary(id: string | null): VisitorConversationSummary | null {
    return (id && this.#held.get(id)?.summary) || null;
  }

  /** Whether `id` is the visitor's default conversation (one not described yet is taken to be: the default is what a send opens). */
  isDefault(id: string): boolean {
    return this.summary(id)?.isDefault ?? true;
  }

  /** The server listed these (a join, a page of the list): their summaries and counts replace what was held. */
  listed(summaries: VisitorConversationSummary[]): void {
    for (const summary of summaries) {
      const held = this.#hold(summary.id);
      held.summary = { ...summary, lastMessage: this.#newer(held.summary?.lastMessage, summary.lastMessage) };
      held.log.counted(summary);
    }
    if (summaries.length) this.#changed();
  }

  /** The server described a conversation (created, updated, opened by this client): its summary follows. */
  described(conversation: Conversation | VisitorConversationSummary): void {
    if ('unread' in conversation) return this.listed([conversation]);
    const held = this.#hold(conversation.id);
    held.summary = summaryOf(conversation, held.summary);
    this.#changed();
  }

  /** Adds `message` to its conversation's log; false when its `seq` was held already. The summary's preview follows. */
  received(message: ChatMessage): boolean {
    const held = this.#hold(message.conversationId);
    if (!held.log.add(message)) return false;
    const { summary } = held;
    if (!summary && !this.#asked.has(message.conversationId)) {
      this.#asked.add(message.conversationId);
      this.#describe(message.conversationId);
    }
    if (summary && message.seq >= summary.lastSeq) {
      held.summary = {
        ...summary,
        lastSeq: message.seq,
        updatedAt: message.createdAt > summary.updatedAt ? message.createdAt : summary.updatedAt,
        lastMessage: { from: message.from, text: message.text.slice(0, PREVIEW), createdAt: message.createdAt },
      };
    }
    this.#changed();
    return true;
  }

  /** Conversations held from their start whose summary says the server has more: where each resumes (`after`). */
  moved(except: string | null): Array<{ id: string; after: number }> {
    const moved: Array<{ id: string; after: number }> = [];
    for (const [id, { summary, log }] of this.#held) if (id !== except && log.lastSeq > 0 && summary && summary.lastSeq > log.lastSeq) moved.push({ id, after: log.lastSeq });
    return moved;
  }

  /** Marks everything known of `id` as read, here and for other tabs; the `seq` read up to, or 0 when nothing was new. */
  readAll(id: string): number {
    const log = this.#held.get(id)?.log;
    if (!log || !log.readUpTo(log.newestSeq)) return 0;
    const reads = this.#storedReads();
    for (const [heldId, held] of this.#held) if (held.log.readSeq) reads[heldId] = Math.max(reads[heldId] ?? 0, held.log.readSeq);
    // Only what this client holds is kept: the server has the rest (`visitorReadSeq`).
    this.#storage.write('read', JSON.stringify(Object.fromEntries(Object.entries(reads).filter(([heldId]) => this.#held.has(heldId)))));
    this.#changed();
    return log.readSeq;
  }

  /** Whether `key` is where the read positions are kept (another tab wrote it; null: storage was cleared). */
  isReadKey(key: string | null): boolean {
    return key === null || key === this.#storage.key('read');
  }

  /** Takes up the read positions kept in storage (another tab read a conversation). */
  readStored(): void {
    for (const [id, seq] of Object.entries(this.#storedReads())) this.#held.get(id)?.log.readUpTo(seq);
    this.#changed();
  }

  /** Forgets every conversation (a login or a logout starts again). */
  clear(): void {
    this.#held.clear();
    this.#asked.clear();
    this.#changed();
  }

  #hold(id: string): Held {
    let held = this.#held.get(id);
    if (!held) {
      held = { summary: null, log: new ConversationLog(id, this.#storedReads()[id] ?? 0) };
      this.#held.set(id, held);
    }
    return held;
  }

  /** The newer of two previews (a message that arrived after the server's word is newer than it). */
  #newer(held: VisitorConversationSummary['lastMessage'] | undefined, listed: VisitorConversationSummary['lastMessage']): VisitorConversationSummary['lastMessage'] {
    return held && (!listed || held.createdAt > listed.createdAt) ? held : listed;
  }

  /**
   * The read positions kept in storage, by conversation. An earlier version kept one number,
   * the read position of the conversation kept beside it: it is read as that conversation's.
   */
  #storedReads(): Record<string, number> {
    try {
      const stored = JSON.parse(this.#storage.read('read') ?? '{}') as unknown;
      if (typeof stored === 'number') {
        const id = this.#storage.read('conversation');
        return id ? { [id]: stored } : {};
      }
      return stored && typeof stored === 'object' ? Object.fromEntries(Object.entries(stored).filter(([, seq]) => typeof seq === 'number')) : {};
    } catch {
      return {};
    }
  }

  /** The summaries changed: sorted again when next read, and announced once for everything that changed in this turn. */
  #changed(): void {
    this.#sorted = null;
    if (this.#announcing) return;
    this.#announcing = true;
    queueMicrotask(() => {
      this.#announcing = false;
      this.#events.emit('conversations', this.summaries);
      this.#events.emit('change', undefined);
    });
  }
}
