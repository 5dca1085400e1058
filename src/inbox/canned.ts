import { html } from 'lit';
import type { CannedReply, CannedReplyInput, ConversationSummary, Page } from '../protocol.js';
import { expandCanned } from './canned-variables.js';
import { DeskFeature } from './desk-feature.js';

/** Replies loaded at sign-in; a team with more is searched on the server as the agent types. */
const LOADED = 200;
/** Options the picker shows at once. */
const SHOWN = 8;

/**
 * Canned replies in the inbox: the agent's own and the shared ones, loaded at sign-in. Typing
 * `/` at the start of the reply box opens a picker of those whose shortcut (first) or text
 * holds what follows; the chosen one replaces `/…` with its text, variables filled in
 * (`expandCanned`). Agents keep their own in the manager; admins keep the shared ones too.
 */
export class CannedReplies extends DeskFeature {
  /** Every reply the agent may insert (see `LOADED`). */
  replies: CannedReply[] = [];
  /** What follows `/` in the reply box while the picker is open; null when it is closed. */
  query: string | null = null;
  /** The highlighted option. */
  active = 0;
  /** The server's matches when the agent has more replies than were loaded. */
  #searched: CannedReply[] | null = null;
  #complete = true;

  protected override started(): void {
    void this.load();
  }

  protected override stopped(): void {
    this.replies = [];
    this.close();
  }

  /** Another conversation: the picker closes. */
  selected(): void {
    if (this.query !== null) this.close();
  }

  /** Hears every change the inbox shows (the picker element renders again). */
  subscribe(listener: () => void): () => void {
    return this.inbox.subscribe(listener);
  }

  get isAdmin(): boolean {
    return this.session?.agent.role === 'admin';
  }

  /** Whether this agent may change or delete the reply (their own; shared ones if admin). */
  editable(reply: CannedReply): boolean {
    return reply.shared ? this.isAdmin : reply.ownerId === this.session?.agent.id;
  }

  async load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const page = await api.request<Page<CannedReply>>('GET', `/canned?limit=${LOADED}`);
      this.replies = page.data;
      this.#complete = !page.hasMore;
      this.inbox.changed();
    } catch (error) {
      this.inbox.fail(error);
    }
  }

  /** The options for the current query: shortcuts that start with it first, then any that hold it. */
  get matches(): CannedReply[] {
    const query = this.query;
    if (query === null) return [];
    const pool = this.#searched ?? this.replies;
    const starts = pool.filter((reply) => reply.shortcut.startsWith(query));
    const holds = pool.filter((reply) => !reply.shortcut.startsWith(query) && (reply.shortcut.includes(query) || reply.text.toLowerCase().includes(query)));
    return [...starts, ...holds].slice(0, SHOWN);
  }

  /** The reply box holds `value`: the picker opens on `/` at its start and follows what is typed after it. */
  typed(value: string): void {
    const query = /^\/(\S*)$/.exec(value)?.[1]?.toLowerCase() ?? null;
    if (query === this.query) return;
    this.query = query;
    this.active = 0;
    this.#searched = null;
    if (query && !this.#complete) void this.#search(query);
    this.inbox.changed();
  }

  move(step: number): void {
    const count = this.matches.length;
    if (!count) return;
    this.active = (this.active + step + count) % count;
    this.inbox.changed();
  }

  close(): void {
    this.query = null;
    this.active = 0;
    this.#searched = null;
    this.inbox.changed();
  }

  /** The reply's text as it goes into the reply box for the open conversation. */
  expand(reply: CannedReply, conversation: ConversationSummary | null = this.inbox.selected): string {
    if (!conversation || !this.session) return reply.text;
    return expandCanned(reply.text, { conversation, agent: this.session.agent });
  }

  async save(input: CannedReplyInput, editing: CannedReply | null): Promise<void> {
    const api = this.api;
    if (!api) return;
    if (editing) await api.request('PATCH', `/canned/${encodeURIComponent(editing.id)}`, { shortcut: input.shortcut, text: input.text });
    else await api.request('POST', '/canned', input);
    await this.load();
  }

  async remove(reply: CannedReply): Promise<void> {
    await this.api?.request('DELETE', `/canned/${encodeURIComponent(reply.id)}`);
    await this.load();
  }

  composerTools() {
    return html`<support-inbox-canned .canned=${this}></support-inbox-canned>`;
  }

  async #search(query: string): Promise<void> {
    try {
      const page = await this.api?.request<Page<CannedReply>>('GET', `/canned?q=${encodeURIComponent(query)}&limit=${SHOWN}`);
      if (page && this.query === query) {
        this.#searched = page.data;
        this.inbox.changed();
      }
    } catch (error) {
      this.inbox.fail(error);
    }
  }
}
