import { css, html, LitElement, nothing, svg, type PropertyDeclarations } from 'lit';
import { icon } from './icons.js';
import { baseStyles } from './panel.styles.js';
import { format, type Messages } from '../i18n/en.js';
import type { VisitorConversationSummary } from '../protocol.js';

/*
 * The visitor's conversations, a lazy chunk: the panel loads it when the list is first shown
 * (or when the pointer or focus reaches the header's conversations button). A plain open never
 * fetches it. Like the panel, it gets everything it shows as one `view` object and reports what
 * the visitor does as one typed `conversations-action` event; it never touches the client.
 */

/** Everything the list shows. */
export interface ConversationsView {
  strings: Messages;
  locale: string;
  /** The visitor's conversations, newest first. */
  conversations: VisitorConversationSummary[];
  /** The conversation the thread shows (marked as current in the list). */
  currentId: string | null;
}

/** What the visitor does in the list, by action, with what it carries. */
export interface ConversationsActions {
  /** A conversation's id: show its thread. */
  open: string;
  start: null;
}

export type ConversationsAction = {
  [K in keyof ConversationsActions]: {
    action: K;
    value: ConversationsActions[K];
  };
}[keyof ConversationsActions];

/** The list's one event (`conversations-action`). */
export class ConversationsActionEvent extends CustomEvent<ConversationsAction> {
  constructor(detail: ConversationsAction) {
    super('conversations-action', { detail });
  }
}

const plusIcon = icon(svg`<path d="M12 5v14M5 12h14"/>`);

/** The first line of `text`, for a title. */
const firstLine = (text: string) => text.split('\n', 1)[0]!.trim();

export class SupportChatConversations extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        flex: 1;
        min-height: 0;
        background: var(--sc-surface);
        color: var(--sc-text);
      }
      button:focus-visible {
        outline: 3px solid var(--sc-focus);
        outline-offset: -3px;
      }
      .list {
        flex: 1;
        overflow-y: auto;
        overscroll-behavior: contain;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .item {
        display: flex;
        flex-direction: column;
        gap: 4px;
        width: 100%;
        padding: 12px 16px;
        text-align: start;
        border-bottom: 1px solid var(--sc-border);
      }
      .item:hover,
      .item[aria-current='true'] {
        background: var(--sc-bubble);
      }
      .row {
        display: flex;
        align-items: center;
        gap: 8px;
        min-width: 0;
      }
      .title {
        flex: 1;
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .closed .title {
        font-weight: 400;
      }
      time,
      .preview,
      .status {
        font-size: 13px;
        color: var(--sc-muted);
      }
      time {
        flex: none;
      }
      .preview {
        flex: 1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .status {
        flex: none;
        padding: 0 8px;
        line-height: 20px;
        border-radius: 999px;
        border: 1px solid var(--sc-border-strong);
      }
      .badge {
        flex: none;
        min-width: 20px;
        height: 20px;
        padding: 0 6px;
        border-radius: 10px;
        display: grid;
        place-items: center;
        font-size: 12px;
        font-weight: 700;
        background: var(--sc-primary);
        color: var(--sc-on-primary);
      }
      .empty {
        flex: 1;
        margin: 0;
        padding: 24px 16px;
        color: var(--sc-muted);
        text-align: center;
      }
      .footer {
        padding: 10px 12px;
        border-top: 1px solid var(--sc-border);
      }
      .new {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 6px;
        width: 100%;
        padding: 9px 12px;
        border-radius: 10px;
        font-weight: 600;
        background: var(--sc-primary);
        color: var(--sc-on-primary);
      }
      .new:hover {
        background: var(--sc-accent);
      }
      .new svg {
        width: 18px;
        height: 18px;
      }
    `,
  ];
  // Declared here rather than with decorators, as in the panel.
  static override properties: PropertyDeclarations = {
    view: { attribute: false },
  };

  /** Everything the list shows, from the panel. */
  declare view: ConversationsView;

  /** Moves the focus into the list: the current conversation, else the first one, else "New conversation". */
  focusFirst(): void {
    void this.updateComplete.then(() => {
      const root = this.renderRoot;
      (root.querySelector<HTMLElement>('[aria-current="true"]') ?? root.querySelector<HTMLElement>('.item, .new'))?.focus();
    });
  }

  #emit<K extends keyof ConversationsActions>(action: K, value: ConversationsActions[K]): void {
    this.dispatchEvent(new ConversationsActionEvent({ action, value } as ConversationsAction));
  }

  override render() {
    const { strings: t, conversations } = this.view;
    // Today's conversations show the time, older ones the date.
    const today = new Date().toDateString();
    const time = new Intl.DateTimeFormat(this.view.locale, {
      hour: 'numeric',
      minute: '2-digit',
    });
    const date = new Intl.DateTimeFormat(this.view.locale, {
      month: 'short',
      day: 'numeric',
    });
    const when = (iso: string) => {
      const at = new Date(iso);
      return (at.toDateString() === today ? time : date).format(at);
    };
    return html`
      ${
        conversations.length
          ? html`<ul part="conversations" class="list" aria-label=${t.conversations}>
              ${conversations.map((conversation) => html`<li>${this.#renderItem(conversation, when)}</li>`)}
            </ul>`
          : html`<p class="empty">${t.noConversations}</p>`
      }
      <div class="footer">
        <button part="new-conversation" class="new" type="button" @click=${() => this.#emit('start', null)}>${plusIcon}${t.newConversation}</button>
      </div>
    `;
  }

  #renderItem(conversation: VisitorConversationSummary, when: (iso: string) => string) {
    const t = this.view.strings;
    const last = conversation.lastMessage;
    const lastText = last ? firstLine(last.text) : '';
    // The subject names it; without one, the newest message does (and no preview repeats it).
    const title = conversation.subject || lastText || t.untitled;
    const preview = conversation.subject && last ? (last.from === 'visitor' ? format(t.fromYou, { text: lastText }) : lastText) : '';
    const closed = conversation.status === 'closed';
    const at = last?.createdAt ?? conversation.updatedAt;
    return html`<button
      part="conversation"
      class="item ${closed ? 'closed' : ''}"
      type="button"
      aria-current=${conversation.id === this.view.currentId ? 'true' : nothing}
      data-id=${conversation.id}
      @click=${() => this.#emit('open', conversation.id)}
    >
      <span class="row">
        <span class="title">${title}</span>
        <time datetime=${at}>${when(at)}</time>
      </span>
      <span class="row">
        <span class="preview">${preview}</span>
        <span class="status">${closed ? t.conversationClosed : t.conversationOpen}</span>
        ${
          conversation.unread
            ? html`<span class="badge"
                ><span aria-hidden="true">${conversation.unread}</span
                ><span class="visually-hidden">${format(t.unread, { count: conversation.unread })}</span></span
              >`
            : nothing
        }
      </span>
    </button>`;
  }
}

/** Registers the list's element once (when the panel loads this chunk). */
export function defineConversations(): void {
  if (!customElements.get('support-chat-conversations')) customElements.define('support-chat-conversations', SupportChatConversations);
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat-conversations': SupportChatConversations;
  }
}
