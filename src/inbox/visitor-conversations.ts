import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatMessage, ConversationSummary } from '../protocol.js';
import { preview } from './conversation-list.js';
import { when } from './visitor-panel.js';

/**
 * The selected visitor's conversations, side by side with their status (open or closed, the
 * default one marked, the subject when it has one), newest first. Loaded once per visitor
 * (`GET /visitors/:id/conversations`), then kept current from the live events the inbox gets:
 * a conversation the visitor opens in another tab shows up without a reload. Each change is
 * reported to `changed`.
 */
export class VisitorConversations {
  readonly #changed: () => void;
  #visitorId: string | null = null;
  #list: ConversationSummary[] = [];

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** Shows `visitorId`'s conversations, as `load` answers them; a newer call wins. */
  async show(visitorId: string, load: (visitorId: string) => Promise<{ data: ConversationSummary[] }>): Promise<void> {
    if (visitorId !== this.#visitorId) this.#set(visitorId, []);
    const page = await load(visitorId);
    if (this.#visitorId !== visitorId) return;
    // What the live events brought while the page was loading stays, in its newer form.
    const fetched = page.data.filter((item) => !this.#list.some((live) => live.id === item.id));
    this.#set(visitorId, this.#sorted([...this.#list, ...fetched]));
  }

  /** A conversation created or changed: kept (newest first) when it is the shown visitor's. */
  upsert(conversation: ConversationSummary): void {
    if (conversation.visitorId !== this.#visitorId) return;
    this.#set(this.#visitorId, this.#sorted([conversation, ...this.#list.filter((item) => item.id !== conversation.id)]));
  }

  /** A message moves its conversation's preview (when listed). */
  message(message: ChatMessage): void {
    const listed = this.#list.find((item) => item.id === message.conversationId);
    if (listed && message.seq > listed.lastSeq) this.upsert({ ...listed, lastMessage: message, lastSeq: message.seq, updatedAt: message.createdAt });
  }

  clear(): void {
    this.#set(null, []);
  }

  /** The list; `currentId` is the conversation on screen, `onOpen` opens another. */
  render(currentId: string, onOpen: (conversationId: string) => void): TemplateResult {
    const locale = navigator.language;
    return html`<h3 id="visitor-conversations-heading">Conversations</h3>
      <ul class="history" aria-labelledby="visitor-conversations-heading">
        ${repeat(
          this.#list,
          (item) => item.id,
          (item) => html`<li>
            <button type="button" data-id=${item.id} aria-current=${item.id === currentId ? 'true' : 'false'} @click=${() => onOpen(item.id)}>
              <span class="conversation-status">
                <span class="status ${item.status}">${item.status === 'open' ? 'Open' : 'Closed'}</span>
                ${item.isDefault ? html`<span class="default">Default</span>` : nothing}
                <span class="time">${when(item.updatedAt, locale)}</span>
              </span>
              ${item.subject ? html`<span class="subject">${item.subject}</span>` : nothing}
              <span class="preview">${preview(item.lastMessage)}</span>
            </button>
          </li>`,
        )}
      </ul>`;
  }

  #set(visitorId: string | null, list: ConversationSummary[]): void {
    this.#visitorId = visitorId;
    this.#list = list;
    this.#changed();
  }

  #sorted(list: ConversationSummary[]): ConversationSummary[] {
    return list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }
}
