import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { nanoid } from 'nanoid';
import { resolveServer } from '../config/server.js';
import { newClientId, type Agent, type ChatMessage, type ConversationSummary } from '../protocol.js';
import { attachmentStyles } from '../ui/attachments.js';
import { AgentClient, inFilter, type InboxFilter } from './agent-client.js';
import { handedOff, type HandledFilter } from './ai-outcome.js';
import { aiOutcomeStyles } from './ai-outcome.styles.js';
import { Attention } from './attention.js';
import { preview, renderConversationList, waiting } from './conversation-list.js';
import { renderConversation, renderShortcuts, type ConversationView, type ReplyUpload } from './conversation-view.js';
import { choicesFrom, messageBlocksStyles } from './message-blocks.js';
import { shortcutFor, type ShortcutAction } from './shortcuts.js';
import { ThreadAttachments, withAttachment } from './thread-attachments.js';
import { styles } from './support-inbox.styles.js';
import { VisitorConversations } from './visitor-conversations.js';
import { renderVisitorPanel, visitorLabel } from './visitor-panel.js';
import { visitorPanelStyles } from './visitor-panel.styles.js';

const TOKEN_KEY = 'support-inbox:session';

interface StoredSession {
  token: string;
  expiresAt: string;
  agent: Agent;
}

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
  static override styles = [styles, visitorPanelStyles, attachmentStyles, aiOutcomeStyles, messageBlocksStyles];

  #client: AgentClient | null = null;
  #attention: Attention | null = null;
  #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #replyTyping: ReturnType<typeof setTimeout> | undefined;
  readonly #attachments = new ThreadAttachments({
    server: () => resolveServer(this.server),
    fetch: (id) => this.#client?.attachment(id).catch(() => null) ?? Promise.resolve(null),
    refreshed: (fresh) => (this.thread = withAttachment(this.thread, fresh)),
  });
  readonly #visitorConversations = new VisitorConversations(this);
  #onKeydown = (event: KeyboardEvent) => this.#shortcut(event);

  @query('.reply textarea') private replyInput!: HTMLTextAreaElement | null;
  @query('.messages') private messageList!: HTMLElement | null;
  @query('dialog.shortcuts') private shortcutsDialog!: HTMLDialogElement | null;

  @state() private session: StoredSession | null = null;
  @state() private invite: string | null = null;
  @state() private filter: InboxFilter = 'open';
  @state() private handled: HandledFilter = 'all';
  @state() private conversations: ConversationSummary[] = [];
  @state() private selected: ConversationSummary | null = null;
  @state() private thread: ChatMessage[] = [];
  @state() private team: Agent[] = [];
  @state() private connected = false;
  /** Conversation id → whether its visitor is typing now. */
  @state() private visitorTyping = new Map<string, boolean>();
  @state() private error = '';
  @state() private replyUploads: ReplyUpload[] = [];
  /** Someone else answered in the open conversation while this agent was writing a reply. */
  @state() private replyNotice = '';
  /** The reply form's "Add choices" is on (quick replies or buttons go with the reply). */
  @state() private choicesOpen = false;
  @state() private notifications = false;
  @state() private view: 'conversations' | 'settings' = 'conversations';

  /** Origin of the support-chat server; defaults to the page's. */
  @property() server = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.#attention = new Attention();
    this.notifications = this.#attention.enabled;
    window.addEventListener('keydown', this.#onKeydown);
    // An invite link: /inbox#invite=TOKEN (a fragment never reaches a server log).
    const invite = /^#invite=([\w-]+)$/.exec(location.hash)?.[1];
    if (invite) {
      this.invite = invite;
      return;
    }
    const stored = sessionStorage.getItem(TOKEN_KEY);
    const session = stored ? (JSON.parse(stored) as StoredSession) : null;
    if (session && Date.parse(session.expiresAt) > Date.now()) this.#begin(session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onKeydown);
    this.#client?.close();
    this.#client = null;
    this.#attention?.release();
    for (const timer of this.#typingTimers.values()) clearTimeout(timer);
    clearTimeout(this.#replyTyping);
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('thread') && this.messageList) this.messageList.scrollTop = this.messageList.scrollHeight;
    if (changed.has('conversations')) this.#attention?.badge(this.conversations.filter(waiting).length);
  }

  // ------------------------------------------------------------ session

  async #signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.error = '';
    try {
      const server = resolveServer(this.server);
      const result = this.invite
        ? await AgentClient.acceptInvite(server, this.invite, String(form.get('password')))
        : await AgentClient.login(server, String(form.get('email')), String(form.get('password')));
      if (this.invite) {
        history.replaceState(null, '', location.pathname + location.search);
        this.invite = null;
      }
      const session = { token: result.token, expiresAt: result.expiresAt, agent: result.agent };
      sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
      this.#begin(session);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  #begin(session: StoredSession): void {
    this.session = session;
    const client = new AgentClient(resolveServer(this.server), session.token);
    this.#client = client;
    client.connect({
      connection: (connected) => {
        this.connected = connected;
        if (connected) void this.#refresh();
      },
      conversation: (conversation) => this.#upsert(conversation),
      message: (message) => this.#onMessage(message),
      typing: (event) => this.#onVisitorTyping(event.conversationId, event.typing),
      read: (event) => {
        if (event.by === 'visitor' && this.selected?.id === event.conversationId) this.selected = { ...this.selected, visitorReadSeq: event.seq };
      },
      unauthorized: () => this.#logout(),
    });
    void client.team().then((page) => (this.team = page.data), () => {});
  }

  #logout(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    this.#client?.close();
    this.#client = null;
    this.session = null;
    this.conversations = [];
    this.selected = null;
    this.thread = [];
    this.#visitorConversations.clear();
    this.#attention?.badge(0);
  }

  // ------------------------------------------------------------ conversations

  async #refresh(): Promise<void> {
    const { filter, handled } = this;
    try {
      const fetched = (await this.#client!.conversations(filter, handled)).data;
      if (filter !== this.filter || handled !== this.handled) return;
      // Live events may have arrived while the list was loading: keep what the fetch lacks.
      const known = new Set(fetched.map((item) => item.id));
      const live = this.conversations.filter((item) => !known.has(item.id) && inFilter(item, filter, this.session!.agent.id, handled));
      this.conversations = [...live, ...fetched].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      // The open thread itself is resumed by the client from its last seq; only its bar may be stale.
      const selected = this.selected;
      if (selected) {
        const summary = fetched.find((item) => item.id === selected.id) ?? (await this.#client!.conversation(selected.id));
        if (this.selected?.id === summary.id) this.selected = summary;
      }
      this.#markThreadRead(); // what came while the page was hidden is seen now that it is back
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  #setFilter(filter: InboxFilter, handled = this.handled): void {
    if (filter === this.filter && handled === this.handled) return;
    this.filter = filter;
    this.handled = handled;
    this.conversations = [];
    void this.#refresh();
  }

  /** A changed conversation: moved to the top on activity, kept only if the list shows it. */
  #upsert(conversation: ConversationSummary, activity = true): void {
    const before = this.conversations.find((item) => item.id === conversation.id) ?? (this.selected?.id === conversation.id ? this.selected : null);
    // An AI agent handed over: the team is told as of a new conversation.
    if (before?.handledBy === 'ai' && handedOff(conversation)) void this.#notify(conversation.id, 'Handed off to the team', conversation);
    if (this.selected?.id === conversation.id) this.selected = conversation;
    this.#visitorConversations.upsert(conversation);
    const others = this.conversations.filter((item) => item.id !== conversation.id);
    if (!this.session || !inFilter(conversation, this.filter, this.session.agent.id, this.handled)) {
      this.conversations = others;
      return;
    }
    const index = this.conversations.findIndex((item) => item.id === conversation.id);
    if (activity || index < 0) this.conversations = [conversation, ...others];
    else this.conversations = this.conversations.map((item) => (item.id === conversation.id ? conversation : item));
  }

  #onMessage(message: ChatMessage): void {
    const existing = this.conversations.find((item) => item.id === message.conversationId) ?? (this.selected?.id === message.conversationId ? this.selected : null);
    const open = message.conversationId === this.selected?.id && document.visibilityState === 'visible';
    this.#visitorConversations.message(message);
    if (existing) {
      const seen = open ? message.seq : existing.agentReadSeq;
      this.#upsert({ ...existing, lastMessage: message, lastSeq: message.seq, updatedAt: message.createdAt, agentReadSeq: seen });
    }
    if (message.conversationId === this.selected?.id && !this.thread.some((item) => item.id === message.id)) {
      this.thread = [...this.thread, message].sort((a, b) => a.seq - b.seq);
      if (this.#answeredByOther(message) && this.replyInput?.value.trim()) this.replyNotice = `${message.author?.name ?? 'A bot'} answered while you were writing.`;
      if (message.from === 'visitor') {
        this.#onVisitorTyping(message.conversationId, false);
        this.#markThreadRead();
      }
    }
    if (message.from === 'visitor' && !open) void this.#notify(message.conversationId, preview(message), existing);
  }

  /** A colleague's or a bot's message: not this agent's own (from another tab) nor the visitor's. */
  #answeredByOther(message: ChatMessage): boolean {
    return message.from === 'bot' || (message.from === 'agent' && message.author?.id !== this.session?.agent.id);
  }

  /** A system notification (when the agent opted in) for a visitor message or a handoff they are not looking at; none while an AI agent answers. */
  async #notify(conversationId: string, body: string, known: ConversationSummary | null): Promise<void> {
    if (!this.#attention?.enabled) return;
    // The first message of a new conversation arrives before the conversation itself.
    const conversation = known ?? (await this.#client?.conversation(conversationId).catch(() => null));
    if (conversation?.handledBy === 'ai') return;
    const who = conversation ? visitorLabel(conversation.visitor) : 'A visitor';
    this.#attention.notify(who, body, conversationId, () => void this.#select(conversationId));
  }

  async #select(conversationId: string): Promise<void> {
    const client = this.#client!;
    this.view = 'conversations';
    if (conversationId !== this.selected?.id) this.replyNotice = '';
    try {
      const [summary, page] = await Promise.all([client.conversation(conversationId), client.thread(conversationId)]);
      this.selected = summary;
      this.thread = page.data;
      this.#markThreadRead();
      await this.#visitorConversations.show(summary.visitor.id, (visitorId) => client.visitorHistory(visitorId));
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** The agent sees the open thread: tell the visitor ("Seen") and clear the unread mark. */
  #markThreadRead(): void {
    const last = this.thread.at(-1);
    const selected = this.selected;
    if (!selected || !last || document.visibilityState !== 'visible') return;
    this.#client?.read(selected.id, last.seq);
    this.conversations = this.conversations.map((item) => (item.id === selected.id ? { ...item, agentReadSeq: Math.max(item.agentReadSeq, last.seq) } : item));
  }

  async #assign(agentId: string | null): Promise<void> {
    const selected = this.selected;
    if (!selected) return;
    try {
      const updated = await this.#client!.assign(selected.id, agentId);
      this.#upsert({ ...selected, ...updated }, false);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async #setStatus(action: 'close' | 'reopen'): Promise<void> {
    const selected = this.selected;
    if (!selected) return;
    try {
      const updated = await this.#client!.setStatus(selected.id, action);
      this.#upsert({ ...selected, ...updated }, false);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  // ------------------------------------------------------------ replying

  /** A lost "stopped typing" must not leave the indicator on: it expires after 6 s. */
  #onVisitorTyping(conversationId: string, typing: boolean): void {
    clearTimeout(this.#typingTimers.get(conversationId));
    const next = new Map(this.visitorTyping);
    next.set(conversationId, typing);
    this.visitorTyping = next;
    if (typing) this.#typingTimers.set(conversationId, setTimeout(() => this.#onVisitorTyping(conversationId, false), 6000));
  }

  #onReplyInput(): void {
    if (!this.selected) return;
    const conversationId = this.selected.id;
    if (this.#replyTyping === undefined) this.#client?.typing(conversationId, true);
    clearTimeout(this.#replyTyping);
    this.#replyTyping = setTimeout(() => {
      this.#client?.typing(conversationId, false);
      this.#replyTyping = undefined;
    }, 2500);
  }

  async #reply(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.replyInput;
    const text = input?.value.trim();
    const blocks = choicesFrom(event.target as HTMLFormElement);
    if (!input || (!text && !blocks) || !this.selected) return;
    try {
      // The client hands the stored message to #onMessage, as it does every message.
      const message = await this.#client!.send(this.selected.id, newClientId(), text ?? '', [], blocks);
      input.value = '';
      this.choicesOpen = false;
      this.replyNotice = '';
      clearTimeout(this.#replyTyping);
      this.#replyTyping = undefined;
      this.#client?.typing(message.conversationId, false);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  #onReplyKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
    if (event.key === 'Escape') (event.target as HTMLTextAreaElement).blur();
  }

  /** Each picked file is uploaded (with progress, cancelable) and sent as its own reply. */
  async #attach(event: Event): Promise<void> {
    const picker = event.target as HTMLInputElement;
    const files = [...(picker.files ?? [])];
    picker.value = '';
    const conversationId = this.selected?.id;
    if (!conversationId || !this.#client) return;
    await Promise.all(files.map((file) => this.#sendFile(conversationId, file)));
  }

  async #sendFile(conversationId: string, file: File): Promise<void> {
    const upload: ReplyUpload = { id: nanoid(), conversationId, fileName: file.name, progress: 0, abort: new AbortController() };
    const update = (patch: Partial<ReplyUpload>) => {
      this.replyUploads = this.replyUploads.map((item) => (item.id === upload.id ? { ...item, ...patch } : item));
    };
    this.replyUploads = [...this.replyUploads, upload];
    try {
      const attachment = await this.#client!.upload(file, (progress) => update({ progress }), upload.abort.signal);
      await this.#client!.send(conversationId, newClientId(), '', [attachment.id]);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.error = `${file.name}: ${(error as Error).message}`;
    } finally {
      this.replyUploads = this.replyUploads.filter((item) => item.id !== upload.id);
    }
  }

  #conversationView(conversation: ConversationSummary): ConversationView {
    return {
      conversation,
      thread: this.thread,
      team: this.team,
      visitorTyping: Boolean(this.visitorTyping.get(conversation.id)),
      error: this.error,
      uploads: this.replyUploads,
      replyNotice: this.replyNotice,
      attachments: this.#attachments.view(),
      onAssign: (agentId) => void this.#assign(agentId),
      onStatus: (action) => void this.#setStatus(action),
      onReply: (event) => void this.#reply(event),
      choicesOpen: this.choicesOpen,
      onToggleChoices: (open) => (this.choicesOpen = open),
      onReplyKeydown: (event) => this.#onReplyKeydown(event),
      onReplyInput: () => this.#onReplyInput(),
      onAttach: (event) => void this.#attach(event),
      onDismissNotice: () => (this.replyNotice = ''),
    };
  }

  // ------------------------------------------------------------ keyboard and notifications

  #shortcut(event: KeyboardEvent): void {
    if (!this.session) return;
    const action = shortcutFor(event);
    if (action) {
      event.preventDefault();
      this.#run(action);
    }
  }

  #run(action: ShortcutAction): void {
    const index = this.conversations.findIndex((item) => item.id === this.selected?.id);
    const move = (step: number) => {
      const next = this.conversations[Math.min(this.conversations.length - 1, Math.max(0, index + step))];
      if (next) void this.#select(next.id).then(() => this.renderRoot.querySelector<HTMLButtonElement>(`[data-id="${next.id}"]`)?.focus());
    };
    switch (action) {
      case 'next':
        return move(1);
      case 'previous':
        return move(index < 0 ? 1 : -1);
      case 'reply':
        return this.replyInput?.focus();
      case 'assign-me':
        return void this.#assign(this.session!.agent.id);
      case 'close-reopen':
        if (this.selected) void this.#setStatus(this.selected.status === 'closed' ? 'reopen' : 'close');
        return;
      case 'help':
        return this.shortcutsDialog?.open ? this.shortcutsDialog.close() : this.shortcutsDialog?.showModal();
      default:
        return this.#setFilter(action.replace('filter-', '') as InboxFilter);
    }
  }

  async #toggleNotifications(): Promise<void> {
    if (this.notifications) {
      this.#attention?.disable();
      this.notifications = false;
    } else {
      this.notifications = (await this.#attention?.enable()) ?? false;
      if (!this.notifications) this.error = 'Notifications are blocked in this browser’s site settings.';
    }
  }

  // ------------------------------------------------------------ render

  override render() {
    if (!this.session) return this.#renderSignIn();
    const agent = this.session.agent;
    return html`<div class="layout">
      <header class="topbar">
        <h1>Inbox</h1>
        <span class="who-am-i">${agent.name} · ${this.connected ? 'online' : 'connecting…'}</span>
        <span class="tools">
          <button class="link-button" type="button" aria-pressed=${this.notifications ? 'true' : 'false'} @click=${() => void this.#toggleNotifications()}>Notifications</button>
          <button class="link-button" type="button" @click=${() => this.shortcutsDialog?.showModal()}>Shortcuts</button>
          ${agent.role === 'admin'
            ? html`<button class="link-button" type="button" aria-pressed=${this.view === 'settings' ? 'true' : 'false'}
                @click=${() => (this.view = this.view === 'settings' ? 'conversations' : 'settings')}>Settings</button>`
            : nothing}
          <button class="link-button" type="button" @click=${() => this.#logout()}>Sign out</button>
        </span>
      </header>
      ${renderConversationList({
        filter: this.filter, handled: this.handled, conversations: this.conversations, selectedId: this.selected?.id, team: this.team,
        onFilter: (filter) => this.#setFilter(filter), onHandled: (handled) => this.#setFilter(this.filter, handled), onSelect: (id) => void this.#select(id),
      })}
      ${this.view === 'settings'
        ? html`<main class="settings"><support-inbox-settings .server=${this.server} .token=${this.session.token}></support-inbox-settings></main>`
        : html`<main class="conversation">${this.selected ? renderConversation(this.#conversationView(this.selected)) : html`<p class="empty">Pick a conversation.</p>`}</main>
            ${this.selected
              ? renderVisitorPanel(this.selected, this.#visitorConversations.render(this.selected.id, (id) => void this.#select(id)))
              : nothing}`}
      ${renderShortcuts()}
    </div>`;
  }

  #renderSignIn() {
    return html`<form class="login" @submit=${this.#signIn}>
      <h1>${this.invite ? 'Choose your password' : 'Sign in to the inbox'}</h1>
      ${this.invite ? nothing : html`<label>Email <input name="email" type="email" autocomplete="username" required /></label>`}
      <label>Password <input name="password" type="password" autocomplete=${this.invite ? 'new-password' : 'current-password'} minlength=${this.invite ? 12 : 1} required /></label>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <button class="primary" type="submit">${this.invite ? 'Set password and sign in' : 'Sign in'}</button>
    </form>`;
  }
}
