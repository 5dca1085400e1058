import { html, nothing, type LitElement } from 'lit';
import { LIMITS, threadOrder, type AgentThreadItem, type Page, type SearchHit, type SearchPage } from '../protocol.js';
import type { AgentClient } from './agent-client.js';
import { DeskFeature } from './desk-feature.js';
import type { SearchPanelEvents, SearchPanelView } from './search-panel.js';

/** Typing pauses this long before the inbox asks (a search per key press would be wasted). */
const DEBOUNCE_MS = 250;
const PAGE = 20;
/** Older pages fetched to reach a found message from the newest page; past that a gap is left. */
const MAX_PAGES = 10;
/** Messages shown before the found one. */
const CONTEXT = 10;
/** How long an opened message stays marked. */
const FLASH_MS = 2000;

/**
 * The search above the conversation list (issue 22 item 4): what the agent typed, the hits of
 * `GET /search` (they replace the list while a query is active), "Load more", and opening a hit
 * at its message. `/` focuses the field; Esc clears it.
 */
export class DeskSearch extends DeskFeature {
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts requests: only the newest one's answer is shown. */
  #request = 0;

  query = '';
  hits: SearchHit[] = [];
  nextCursor: string | undefined;
  loading = false;
  error = '';
  /** The hit opened last (drawn as current). */
  openedKey = '';

  protected override stopped(): void {
    this.clear();
  }

  /** Whether results replace the conversation list. */
  get active(): boolean {
    return this.query.trim().length > 0;
  }

  /** The agent typed: ask after a pause; an empty field is the list again. */
  type(query: string): void {
    this.query = query.slice(0, 200);
    clearTimeout(this.#timer);
    if (!this.active) return this.clear();
    this.#timer = setTimeout(() => void this.#fetch(false), DEBOUNCE_MS);
    this.inbox.changed();
  }

  /** Asks now (Enter in the field). */
  submit(): void {
    clearTimeout(this.#timer);
    if (this.active) void this.#fetch(false);
  }

  loadMore(): void {
    if (this.nextCursor && !this.loading) void this.#fetch(true);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#request++;
    Object.assign(this, { query: '', hits: [], nextCursor: undefined, loading: false, error: '', openedKey: '' });
    this.inbox.changed();
  }

  /** Opens the hit's conversation at its message (when it is one), then the caller scrolls to it. */
  async open(hit: SearchHit): Promise<void> {
    this.openedKey = keyOf(hit);
    await this.inbox.select(hit.conversationId, hit.seq === undefined ? undefined : { seq: hit.seq });
  }

  shortcut(action: string, root: ShadowRoot): boolean {
    if (action !== 'search') return false;
    root.querySelector('support-inbox-search')?.focusField();
    return true;
  }

  listTools() {
    if (!this.api) return nothing;
    const view: SearchPanelView = {
      query: this.query, hits: this.hits, hasMore: this.nextCursor !== undefined, loading: this.loading, error: this.error, active: this.active, openedKey: this.openedKey,
    };
    return html`<support-inbox-search ?active=${this.active} .view=${view}
      @search-input=${(event: SearchPanelEvents['search-input']) => this.type(event.detail.query)}
      @search-submit=${() => this.submit()} @search-more=${() => this.loadMore()} @search-clear=${() => this.clear()}
      @search-open=${(event: SearchPanelEvents['search-open']) => void this.#show(event.detail.hit, (event.target as Element).getRootNode() as ShadowRoot)}></support-inbox-search>`;
  }

  /** Opens the hit, then brings its message into view and marks it for a moment. */
  async #show(hit: SearchHit, root: ShadowRoot): Promise<void> {
    await this.open(hit);
    if (!hit.messageId) return;
    await (root.host as LitElement).updateComplete;
    const message = root.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(hit.messageId)}"]`);
    if (!message) return;
    message.scrollIntoView({ block: 'center' });
    message.dataset.found = '';
    // A ring, not a background: agent messages are light text on the brand color.
    const flash = message.animate([{ boxShadow: '0 0 0 4px #f59e0b' }, { boxShadow: '0 0 0 4px #f59e0b', offset: 0.6 }, { boxShadow: '0 0 0 4px transparent' }], { duration: FLASH_MS, easing: 'ease-out' });
    void flash.finished.then(() => delete message.dataset.found, () => delete message.dataset.found);
  }

  async #fetch(more: boolean): Promise<void> {
    const api = this.api;
    if (!api) return;
    const request = ++this.#request;
    const params = new URLSearchParams({ q: this.query, limit: String(PAGE) });
    if (more && this.nextCursor) params.set('cursor', this.nextCursor);
    this.loading = true;
    this.inbox.changed();
    try {
      const page = await api.request<SearchPage>('GET', `/search?${params}`);
      if (request !== this.#request) return;
      Object.assign(this, { hits: more ? [...this.hits, ...page.data] : page.data, nextCursor: page.nextCursor, error: '' });
    } catch (error) {
      if (request !== this.#request) return;
      this.error = (error as Error).message;
    }
    this.loading = false;
    this.inbox.changed();
  }
}

/** A hit's identity in the list. */
export const keyOf = (hit: SearchHit) => `${hit.kind}:${hit.messageId ?? hit.conversationId}:${hit.visitor.id}`;

/**
 * The thread to show when a search opens a conversation at message `seq`: the newest page,
 * with the older pages before it down to a few messages before `seq` (at most `MAX_PAGES`), so
 * the thread stays one unbroken run of `seq`s that live messages extend. Notes come with the
 * messages they follow (`seq`), in the thread's own order.
 */
export async function threadFrom(api: AgentClient, conversationId: string, seq: number, newest: AgentThreadItem[]): Promise<AgentThreadItem[]> {
  const first = newest[0]?.seq;
  if (first === undefined || seq >= first) return newest;
  const older: AgentThreadItem[] = [];
  let after = Math.max(0, seq - CONTEXT - 1);
  for (let pages = 0; pages < MAX_PAGES && after + 1 < first; pages++) {
    const page = await api.request<Page<AgentThreadItem>>('GET', `/conversations/${encodeURIComponent(conversationId)}/messages?after=${after}&limit=${LIMITS.pageSize}`);
    const fresh = page.data.filter((item) => item.seq < first);
    older.push(...fresh);
    if (!page.hasMore || !fresh.length) break;
    after = Math.max(...fresh.map((item) => item.seq));
  }
  const known = new Set<string>();
  return [...older, ...newest].filter((item) => !known.has(item.id) && Boolean(known.add(item.id))).sort(threadOrder);
}
