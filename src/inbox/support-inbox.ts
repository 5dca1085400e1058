import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ConversationSummary } from '../protocol.js';
import { attachmentStyles } from '../ui/attachments.js';
import type { InboxFilter } from './agent-client.js';
import { aiOutcomeStyles } from './ai-outcome.styles.js';
import { renderConversationList } from './conversation-list.js';
import { renderConversation, renderShortcuts, type ConversationView } from './conversation-view.js';
import { InboxController } from './inbox-controller.js';
import { SCREENS } from './inbox-screens.js';
import { choicesFrom, messageBlocksStyles } from './message-blocks.js';
import { searchListStyles } from './search-panel.styles.js';
import { shortcutFor, type ShortcutAction } from './shortcuts.js';
import { styles } from './support-inbox.styles.js';
import { renderVisitorPanel } from './visitor-panel.js';
import { visitorPanelStyles } from './visitor-panel.styles.js';
import { noteStyles } from './notes.styles.js';
import { deskCannedLabelStyles } from './canned-labels.styles.js';
import { teamsDeskStyles } from './teams.styles.js';

/**
 * The agents' inbox: sign in (or accept an invite), pick a list (open, mine, unassigned,
 * closed; answered by anyone, an AI agent or the team), answer with text and files, see how AI
 * conversations went (answers with sources and feedback, handoffs, resolved by AI), assign, close and reopen, see who the visitor is and
 * where they are. Keyboard shortcuts (`?` lists them), a title badge and opt-in notifications.
 * Admins also get the channel settings with a live preview of the widget.
 *
 * @summary Agent inbox for support-chat.
 * @tagname support-inbox
 */
export class SupportInbox extends LitElement {
  static override styles = [
    styles,
    visitorPanelStyles,
    attachmentStyles,
    aiOutcomeStyles,
    messageBlocksStyles,
    deskCannedLabelStyles,
    teamsDeskStyles,
    noteStyles,
    searchListStyles,
  ];

  /** The inbox's state and everything it does apart from drawing. */
  readonly #inbox = new InboxController(this).client;
  /** The thread last drawn: a new one (or a new message) scrolls to the end. */
  #drawnThread: unknown = null;
  #onKeydown = (event: KeyboardEvent) => this.#shortcut(event);

  @query('.reply textarea') private replyInput!: HTMLTextAreaElement | null;
  @query('.messages') private messageList!: HTMLElement | null;
  @query('dialog.shortcuts') private shortcutsDialog!: HTMLDialogElement | null;

  /** The reply form's "Add choices" is on (quick replies or buttons go with the reply). */
  @state() private choicesOpen = false;

  /** Origin of the support-chat server; defaults to the page's. */
  @property() server = '';

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onKeydown);
  }

  protected override updated(): void {
    if (this.#inbox.thread !== this.#drawnThread && this.messageList) this.messageList.scrollTop = this.messageList.scrollHeight;
    this.#drawnThread = this.#inbox.thread;
  }

  async #signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const password = String(form.get('password'));
    await (this.#inbox.invite ? this.#inbox.acceptInvite(password) : this.#inbox.signIn(String(form.get('email')), password));
  }

  async #reply(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.replyInput;
    const blocks = choicesFrom(event.target as HTMLFormElement);
    if (!input) return;
    if (await this.#inbox.replies.send(input.value.trim(), blocks)) {
      input.value = '';
      this.choicesOpen = false;
    }
  }

  #onReplyKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
    if (event.key === 'Escape') (event.target as HTMLTextAreaElement).blur();
  }

  #attach(event: Event): void {
    const picker = event.target as HTMLInputElement;
    const files = [...(picker.files ?? [])];
    picker.value = '';
    void this.#inbox.replies.attach(files);
  }

  #conversationView(conversation: ConversationSummary): ConversationView {
    const inbox = this.#inbox;
    return {
      conversation,
      thread: inbox.thread,
      team: inbox.team,
      visitorTyping: Boolean(inbox.visitorTyping.get(conversation.id)),
      error: inbox.error,
      uploads: inbox.replies.uploads,
      replyNotice: inbox.replies.notice,
      attachments: inbox.attachments.view(),
      onAssign: (agentId) => void inbox.assign(agentId),
      onStatus: (action) => void inbox.setStatus(action),
      onReply: (event) => void this.#reply(event),
      choicesOpen: this.choicesOpen,
      onToggleChoices: (open) => (this.choicesOpen = open),
      onReplyKeydown: (event) => this.#onReplyKeydown(event),
      onReplyInput: () => inbox.replies.input(this.replyInput?.value ?? ''),
      onAttach: (event) => this.#attach(event),
      onDismissNotice: () => inbox.replies.dismissNotice(),
      tools: inbox.features.map((feature) => feature.conversationTools?.(conversation)),
      composerTools: inbox.features.map((feature) => feature.composerTools?.(conversation, this.replyInput)),
    };
  }

  // ------------------------------------------------------------ keyboard

  #shortcut(event: KeyboardEvent): void {
    if (!this.#inbox.session) return;
    const action = shortcutFor(event);
    if (action) {
      event.preventDefault();
      this.#run(action);
    }
  }

  #run(action: ShortcutAction): void {
    const inbox = this.#inbox;
    if (inbox.features.some((feature) => feature.shortcut?.(action, this.renderRoot as ShadowRoot))) return;
    const index = inbox.conversations.findIndex((item) => item.id === inbox.selected?.id);
    const move = (step: number) => {
      const next = inbox.conversations[Math.min(inbox.conversations.length - 1, Math.max(0, index + step))];
      if (next) void inbox.select(next.id).then(() => this.renderRoot.querySelector<HTMLButtonElement>(`[data-id="${next.id}"]`)?.focus());
    };
    switch (action) {
      case 'next':
        return move(1);
      case 'previous':
        return move(index < 0 ? 1 : -1);
      case 'reply':
        return this.replyInput?.focus();
      case 'assign-me':
        return void inbox.assign(inbox.session!.agent.id);
      case 'close-reopen':
        if (inbox.selected) void inbox.setStatus(inbox.selected.status === 'closed' ? 'reopen' : 'close');
        return;
      case 'help':
        return this.shortcutsDialog?.open ? this.shortcutsDialog.close() : this.shortcutsDialog?.showModal();
      case 'filter-open':
      case 'filter-mine':
      case 'filter-unassigned':
      case 'filter-closed':
        return inbox.setFilter(action.replace('filter-', '') as InboxFilter);
      default:
        // A desk feature's key while that feature has nothing to do with it (no conversation open).
        return;
    }
  }

  // ------------------------------------------------------------ render

  override render() {
    const inbox = this.#inbox;
    if (!inbox.session) return this.#renderSignIn();
    const agent = inbox.session.agent;
    const screen = SCREENS.find((entry) => entry.view === inbox.view);
    return html`<div class="layout">
      <header class="topbar">
        <h1>Inbox</h1>
        <span class="who-am-i">${agent.name} · ${inbox.connected ? 'online' : 'connecting…'}</span>
        <span class="tools">
          <button class="link-button" type="button" aria-pressed=${inbox.notifications ? 'true' : 'false'} @click=${() => void inbox.toggleNotifications()}>Notifications</button>
          <button class="link-button" type="button" @click=${() => this.shortcutsDialog?.showModal()}>Shortcuts</button>
          ${SCREENS.filter((screen) => !screen.admin || agent.role === 'admin').map(
            (screen) => html`<button class="link-button" type="button" aria-pressed=${inbox.view === screen.view ? 'true' : 'false'}
              @click=${() => inbox.show(inbox.view === screen.view ? 'conversations' : screen.view)}>${screen.label}</button>`,
          )}
          <button class="link-button" type="button" @click=${() => inbox.logout()}>Sign out</button>
        </span>
      </header>
      ${renderConversationList({
        filter: inbox.filter, handled: inbox.handled, conversations: inbox.conversations, selectedId: inbox.selected?.id, team: inbox.team,
        onFilter: (filter) => inbox.setFilter(filter), onHandled: (handled) => inbox.setFilter(inbox.filter, handled), onSelect: (id) => void inbox.select(id),
        tools: inbox.features.map((feature) => feature.listTools?.()),
        rowTools: (item) => inbox.features.map((feature) => feature.rowTools?.(item)),
      })}
      ${screen
        ? html`<main class="screen ${screen.view}">${screen.render(inbox, this.server)}</main>`
        : html`<main class="conversation">${inbox.selected ? renderConversation(this.#conversationView(inbox.selected)) : html`<p class="empty">Pick a conversation.</p>`}</main>
            ${inbox.selected
              ? renderVisitorPanel(inbox.selected, inbox.visitorConversations.render(inbox.selected.id, (id) => void inbox.select(id)))
              : nothing}`}
      ${renderShortcuts()}
    </div>`;
  }

  #renderSignIn() {
    const { invite, error } = this.#inbox;
    return html`<form class="login" @submit=${this.#signIn}>
      <h1>${invite ? 'Choose your password' : 'Sign in to the inbox'}</h1>
      ${invite ? nothing : html`<label>Email <input name="email" type="email" autocomplete="username" required /></label>`}
      <label>Password <input name="password" type="password" autocomplete=${invite ? 'new-password' : 'current-password'} minlength=${invite ? 12 : 1} required /></label>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      <button class="primary" type="submit">${invite ? 'Set password and sign in' : 'Sign in'}</button>
    </form>`;
  }
}
