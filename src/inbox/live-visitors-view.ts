import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { OnlineVisitor } from '../protocol.js';
import type { InboxClient } from './inbox-client.js';
import { onlineLabel } from './live-visitors.js';
import { liveVisitorsStyles } from './live-visitors.styles.js';

/** "45 s", "3 min", "1 h 05 min": how long since `iso`, at `now`. */
export function elapsed(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const DEVICES: Record<OnlineVisitor['device'], string> = { desktop: 'Desktop', mobile: 'Phone', tablet: 'Tablet' };

/**
 * The inbox's live visitors screen (`v`): who is on the site now, with their page (title and URL,
 * as text), time on that page (ticking), new or returning, device and conversations; "Start
 * conversation" opens a small composer under the row. A view over the inbox's `liveVisitors`.
 *
 * @summary Live visitors in the support-chat inbox.
 * @tagname support-inbox-visitors
 */
export class SupportInboxVisitors extends LitElement {
  static override styles = liveVisitorsStyles;

  /** The inbox whose `liveVisitors` this draws. */
  @property({ attribute: false }) inbox: InboxClient | null = null;

  #stop: (() => void) | null = null;
  #ticker: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stop = this.inbox?.subscribe(() => this.requestUpdate()) ?? null;
    // Time on page moves on by itself.
    this.#ticker = setInterval(() => this.requestUpdate(), 1000);
    void this.inbox?.liveVisitors.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.();
    this.#stop = null;
    clearInterval(this.#ticker);
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('inbox') && this.isConnected && !this.#stop && this.inbox) this.#stop = this.inbox.subscribe(() => this.requestUpdate());
  }

  async #send(event: SubmitEvent, visitorId: string): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = String(new FormData(form).get('text') ?? '');
    if (await this.inbox!.liveVisitors.startConversation(visitorId, text)) form.reset();
  }

  #open(visitorId: string): void {
    this.inbox!.liveVisitors.compose(visitorId);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('.composer-row textarea')?.focus());
  }

  #row(visitor: OnlineVisitor, now: number) {
    const live = this.inbox!.liveVisitors;
    const label = onlineLabel(visitor);
    const chosen = live.composing === visitor.visitorId;
    const { open, total } = visitor.conversations;
    return html`<tr class=${chosen ? 'chosen' : ''} data-visitor=${visitor.visitorId}>
        <td class="visitor">
          <div class="name">${label}</div>
          ${visitor.name && visitor.email ? html`<div class="sub">${visitor.email}</div>` : nothing}
        </td>
        <td class="page">
          <span class="title">${visitor.page.title || 'Untitled page'}</span>
          <span class="url" title=${visitor.page.url ?? nothing}>${visitor.page.url ?? 'Page not known'}</span>
        </td>
        <td class="time">${elapsed(visitor.onPageSince, now)}<div class="sub">on site ${elapsed(visitor.connectedAt, now)}</div></td>
        <td>
          <span class="pill ${visitor.returning ? 'returning' : 'new'}">${visitor.returning ? 'Returning' : 'New'}</span>
          <div class="sub">${DEVICES[visitor.device]}${visitor.tabs > 1 ? ` · ${visitor.tabs} tabs` : ''}</div>
        </td>
        <td>${open ? `${open} open` : 'None open'}<div class="sub">${total} in all</div></td>
        <td>
          <button class="secondary" type="button" aria-expanded=${chosen ? 'true' : 'false'} aria-label=${`Start conversation with ${label}`}
            @click=${() => (chosen ? live.compose(null) : this.#open(visitor.visitorId))}>Start conversation</button>
        </td>
      </tr>
      ${chosen
        ? html`<tr class="composer-row">
            <td colspan="6">
              <form @submit=${(event: SubmitEvent) => void this.#send(event, visitor.visitorId)}>
                <label for="invite-text">Message to ${label}</label>
                <textarea id="invite-text" name="text" required maxlength="8000" placeholder="Hi! Can I help you with anything?"
                  @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && live.compose(null)}></textarea>
                ${live.error ? html`<p class="error" role="alert">${live.error}</p>` : nothing}
                <div class="actions">
                  <button class="primary" type="submit" ?disabled=${live.sending}>${live.sending ? 'Sending…' : 'Send'}</button>
                  <button class="secondary" type="button" @click=${() => live.compose(null)}>Cancel</button>
                </div>
              </form>
            </td>
          </tr>`
        : nothing}`;
  }

  override render() {
    const live = this.inbox?.liveVisitors;
    if (!live) return nothing;
    const visitors = live.list;
    const now = Date.now();
    return html`<header>
        <h2 id="visitors-heading">Visitors on the site</h2>
        <span class="count" role="status">${live.loading ? 'Loading…' : `${visitors.length} online now`}</span>
        <button class="secondary refresh" type="button" @click=${() => void live.refresh()}>Refresh</button>
      </header>
      ${visitors.length
        ? html`<table aria-labelledby="visitors-heading">
            <thead>
              <tr><th scope="col">Visitor</th><th scope="col">Page</th><th scope="col">On page</th><th scope="col">Visit</th><th scope="col">Conversations</th><th scope="col"><span class="sub">Action</span></th></tr>
            </thead>
            <tbody>${visitors.map((visitor) => this.#row(visitor, now))}</tbody>
          </table>`
        : html`<p class="empty">${live.loading ? '' : 'No one is on the site with the chat connected right now.'}</p>`}
      ${!live.composing && live.error ? html`<p class="error" role="alert">${live.error}</p>` : nothing}`;
  }
}
