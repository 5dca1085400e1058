import type { ConversationSummary, OnlineVisitor, Page } from '../protocol.js';
import { DeskFeature } from './desk-feature.js';

/** The most visitors the view lists (the API's page size at most). */
const LISTED = 200;

/** The name an agent sees for a visitor on the site: name, email, or "Visitor" and the end of their id. */
export const onlineLabel = (visitor: OnlineVisitor) => visitor.name || visitor.email || `Visitor ${visitor.visitorId.slice(-4)}`;

/**
 * Live visitors in the inbox (§12): who is on the site now, kept current by the `/agent`
 * socket's `visitor:online`, `visitor:updated` and `visitor:offline`, and an agent starting a
 * conversation with one of them (the small composer the view opens). The `v` key opens the view.
 */
export class LiveVisitors extends DeskFeature {
  /** Visitors online now, by id. */
  visitors = new Map<string, OnlineVisitor>();
  /** The first load is under way. */
  loading = false;
  /** Whom the composer writes to (null: closed). */
  composing: string | null = null;
  sending = false;
  error = '';

  #request = 0;

  /** Newest visit first, as the API lists them. */
  get list(): OnlineVisitor[] {
    return [...this.visitors.values()].sort((a, b) => b.connectedAt.localeCompare(a.connectedAt) || a.visitorId.localeCompare(b.visitorId));
  }

  protected override started(): void {
    const upsert = (visitor: OnlineVisitor) => this.#set(() => this.visitors.set(visitor.visitorId, visitor));
    this.listen('visitor:online', upsert);
    this.listen('visitor:updated', upsert);
    this.listen('visitor:offline', ({ visitorId }) => this.#set(() => this.visitors.delete(visitorId)));
    // Broadcasts may have been missed: the list again.
    this.listen('resync', () => void this.refresh());
    void this.refresh();
  }

  protected override stopped(): void {
    this.visitors = new Map();
    this.composing = null;
    this.error = '';
  }

  /** Loads the list again (the view does when it shows, so nothing missed while away stays). */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const request = ++this.#request;
    this.#set(() => (this.loading = this.visitors.size === 0));
    try {
      const page = await api.request<Page<OnlineVisitor>>('GET', `/visitors/online?limit=${LISTED}`);
      if (request === this.#request) this.#set(() => (this.visitors = new Map(page.data.map((visitor) => [visitor.visitorId, visitor]))));
    } catch (error) {
      if (request === this.#request) this.#set(() => (this.error = (error as Error).message));
    } finally {
      if (request === this.#request) this.#set(() => (this.loading = false));
    }
  }

  compose(visitorId: string | null): void {
    this.#set(() => {
      this.composing = visitorId;
      this.error = '';
    });
  }

  /** Starts the conversation and opens it in the inbox; false (with `error` set) when it was refused. */
  async startConversation(visitorId: string, text: string): Promise<boolean> {
    const api = this.api;
    if (!api || !text.trim() || this.sending) return false;
    this.#set(() => (this.sending = true));
    try {
      const clientId = `invite-${crypto.randomUUID()}`;
      const conversation = await api.request<ConversationSummary>('POST', `/visitors/${encodeURIComponent(visitorId)}/conversations`, { text: text.trim(), clientId });
      this.#set(() => (this.composing = null));
      this.inbox.upsert(conversation);
      await this.inbox.select(conversation.id);
      return true;
    } catch (error) {
      this.#set(() => (this.error = (error as Error).message));
      return false;
    } finally {
      this.#set(() => (this.sending = false));
    }
  }

  shortcut(action: string): boolean {
    if (action !== 'live-visitors') return false;
    this.inbox.show(this.inbox.view === 'visitors' ? 'conversations' : 'visitors');
    return true;
  }

  #set(change: () => void): void {
    change();
    this.inbox.changed();
  }
}
