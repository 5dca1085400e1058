import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { nanoid } from 'nanoid';
import { resolveServer } from '../config/server.js';
import type { Agent, ChatMessage, ConversationSummary } from '../protocol.js';
import { attachmentStyles, fileUrl, renderAttachments, type AttachmentView } from '../ui/attachments.js';
import { AgentClient } from './agent-client.js';
import { styles } from './support-inbox.styles.js';

/** A file the agent is sending, until its message is stored. */
interface ReplyUpload {
  id: string;
  conversationId: string;
  fileName: string;
  progress: number;
  abort: AbortController;
}

const TOKEN_KEY = 'support-inbox:session';

interface StoredSession {
  token: string;
  expiresAt: string;
  agent: Agent;
}

function preview(message: ChatMessage | null): string {
  if (!message) return 'No messages yet';
  return message.text || message.attachments.map((attachment) => `📎 ${attachment.fileName}`).join(', ');
}

function visitorLabel(conversation: ConversationSummary): string {
  const { visitor } = conversation;
  return visitor.profile.name || visitor.profile.email || `Visitor ${visitor.id.slice(-6)}`;
}

/**
 * The agents' inbox: sign in, see conversations arrive live, read one and reply.
 *
 * @summary Agent inbox for support-chat.
 * @tagname support-inbox
 */
export class SupportInbox extends LitElement {
  static override styles = [styles, attachmentStyles];

  #client: AgentClient | null = null;

  @query('.reply textarea') private replyInput!: HTMLTextAreaElement | null;
  @query('.messages') private messageList!: HTMLElement | null;

  @state() private session: StoredSession | null = null;
  @state() private conversations: ConversationSummary[] = [];
  @state() private selectedId: string | null = null;
  @state() private thread: ChatMessage[] = [];
  @state() private unread = new Set<string>();
  @state() private connected = false;
  /** Conversation id → whether its visitor is typing now. */
  @state() private visitorTyping = new Map<string, boolean>();
  #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #replyTyping: ReturnType<typeof setTimeout> | undefined;
  @state() private error = '';
  @state() private replyUploads: ReplyUpload[] = [];

  /** Origin of the support-chat server; defaults to the page's. */
  @property() server = '';

  override connectedCallback(): void {
    super.connectedCallback();
    const stored = sessionStorage.getItem(TOKEN_KEY);
    const session = stored ? (JSON.parse(stored) as StoredSession) : null;
    if (session && Date.parse(session.expiresAt) > Date.now()) this.#begin(session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#client?.close();
    this.#client = null;
    for (const timer of this.#typingTimers.values()) clearTimeout(timer);
    clearTimeout(this.#replyTyping);
  }

  /** A lost "stopped typing" must not leave the indicator on: it expires after 6 s. */
  #onVisitorTyping(conversationId: string, typing: boolean): void {
    clearTimeout(this.#typingTimers.get(conversationId));
    const next = new Map(this.visitorTyping);
    next.set(conversationId, typing);
    this.visitorTyping = next;
    if (typing) this.#typingTimers.set(conversationId, setTimeout(() => this.#onVisitorTyping(conversationId, false), 6000));
  }

  #onReplyInput(): void {
    if (!this.selectedId) return;
    const conversationId = this.selectedId;
    if (this.#replyTyping === undefined) this.#client?.typing(conversationId, true);
    clearTimeout(this.#replyTyping);
    this.#replyTyping = setTimeout(() => {
      this.#client?.typing(conversationId, false);
      this.#replyTyping = undefined;
    }, 2500);
  }

  /** The agent sees the open thread: tell the visitor ("Seen"). */
  #markThreadRead(): void {
    const last = this.thread.at(-1);
    if (this.selectedId && last && document.visibilityState === 'visible') this.#client?.read(this.selectedId, last.seq);
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('thread') && this.messageList) this.messageList.scrollTop = this.messageList.scrollHeight;
  }

  async #login(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.error = '';
    try {
      const result = await AgentClient.login(resolveServer(this.server), String(form.get('email')), String(form.get('password')));
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
        const conversation = this.conversations.find((item) => item.id === event.conversationId);
        if (event.by === 'visitor' && conversation) this.#upsert({ ...conversation, visitorReadSeq: event.seq }, false);
      },
      unauthorized: () => this.#logout(),
    });
  }

  #logout(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    this.#client?.close();
    this.#client = null;
    this.session = null;
    this.conversations = [];
    this.selectedId = null;
    this.thread = [];
  }

  async #refresh(): Promise<void> {
    try {
      const fetched = (await this.#client!.conversations()).data;
      // Live events may have arrived while the list was loading: keep what the fetch lacks.
      const known = new Set(fetched.map((item) => item.id));
      const live = this.conversations.filter((item) => !known.has(item.id));
      this.conversations = [...live, ...fetched].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      if (this.selectedId) await this.#select(this.selectedId);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  #upsert(conversation: ConversationSummary, activity = true): void {
    if (!activity) {
      this.conversations = this.conversations.map((item) => (item.id === conversation.id ? conversation : item));
      return;
    }
    const others = this.conversations.filter((item) => item.id !== conversation.id);
    this.conversations = [conversation, ...others];
    if (conversation.id !== this.selectedId && conversation.lastMessage) this.unread = new Set(this.unread).add(conversation.id);
  }

  #onMessage(message: ChatMessage): void {
    const existing = this.conversations.find((item) => item.id === message.conversationId);
    if (existing) this.#upsert({ ...existing, lastMessage: message, lastSeq: message.seq, updatedAt: message.createdAt });
    if (message.conversationId === this.selectedId && !this.thread.some((item) => item.id === message.id)) {
      this.thread = [...this.thread, message].sort((a, b) => a.seq - b.seq);
      if (message.from === 'visitor') {
        this.#onVisitorTyping(message.conversationId, false);
        this.#markThreadRead();
      }
    }
  }

  async #select(conversationId: string): Promise<void> {
    this.selectedId = conversationId;
    const unread = new Set(this.unread);
    unread.delete(conversationId);
    this.unread = unread;
    const page = await this.#client!.messages(conversationId);
    if (this.selectedId === conversationId) {
      this.thread = page.data;
      this.#markThreadRead();
    }
  }

  async #reply(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.replyInput;
    const text = input?.value.trim();
    if (!input || !text || !this.selectedId) return;
    try {
      const message = await this.#client!.send(this.selectedId, nanoid(), text);
      input.value = '';
      this.#onMessage(message);
      clearTimeout(this.#replyTyping);
      this.#replyTyping = undefined;
      this.#client?.typing(message.conversationId, false);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** Each picked file is uploaded (with progress, cancelable) and sent as its own reply. */
  async #attach(event: Event): Promise<void> {
    const picker = event.target as HTMLInputElement;
    const files = [...(picker.files ?? [])];
    picker.value = '';
    const conversationId = this.selectedId;
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
      this.#onMessage(await this.#client!.send(conversationId, nanoid(), '', [attachment.id]));
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.error = `${file.name}: ${(error as Error).message}`;
    } finally {
      this.replyUploads = this.replyUploads.filter((item) => item.id !== upload.id);
    }
  }

  #attachmentView(): AttachmentView {
    const base = resolveServer(this.server);
    return {
      base,
      locale: navigator.language,
      openLabel: (name) => `Open image ${name}`,
      onOpen: (attachment) => window.open(fileUrl(attachment.url, base), '_blank', 'noopener'),
      // An expired URL: the thread is fetched again, with fresh ones.
      onBroken: () => {
        if (this.selectedId) void this.#select(this.selectedId);
      },
    };
  }

  #onReplyKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  async #setStatus(conversation: ConversationSummary, action: 'close' | 'reopen'): Promise<void> {
    try {
      const updated = await this.#client!.setStatus(conversation.id, action);
      this.#upsert({ ...conversation, ...updated }, false);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** The seq of the newest agent message the visitor has seen (0 when none). */
  #seenByVisitor(conversation: ConversationSummary): number {
    let marker = 0;
    for (const message of this.thread) if (message.from !== 'visitor' && message.seq <= conversation.visitorReadSeq) marker = message.seq;
    return marker;
  }

  override render() {
    if (!this.session) {
      return html`<form class="login" @submit=${this.#login}>
        <h1>Sign in to the inbox</h1>
        <label>Email <input name="email" type="email" autocomplete="username" required /></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <button class="primary" type="submit">Sign in</button>
      </form>`;
    }
    const selected = this.conversations.find((item) => item.id === this.selectedId);
    return html`<div class="layout">
      <header class="topbar">
        <h1>Inbox</h1>
        <span>${this.session.agent.name} · ${this.connected ? 'online' : 'connecting…'}
          <button class="link-button" type="button" @click=${() => this.#logout()}>Sign out</button></span>
      </header>
      <nav aria-label="Conversations">
        <ul class="list">
          ${repeat(this.conversations, (item) => item.id, (item) => html`<li>
            <button type="button" aria-current=${item.id === this.selectedId ? 'true' : 'false'} @click=${() => void this.#select(item.id)}>
              <span class="who">${visitorLabel(item)}</span>
              <span class="preview">${preview(item.lastMessage)}</span>
              ${this.unread.has(item.id) ? html`<span class="unread">new</span>` : nothing}
            </button>
          </li>`)}
        </ul>
        ${this.conversations.length ? nothing : html`<p class="empty">No open conversations yet.</p>`}
      </nav>
      <main class="conversation">
        ${selected
          ? html`<div class="thread-bar">
                <span>${selected.status === 'closed' ? 'Closed' : 'Open'}${selected.rating
                  ? html` · rated ${selected.rating.score}/5${selected.rating.comment ? html` — “${selected.rating.comment}”` : nothing}`
                  : nothing}</span>
                <button class="link-button" type="button" @click=${() => void this.#setStatus(selected, selected.status === 'closed' ? 'reopen' : 'close')}>
                  ${selected.status === 'closed' ? 'Reopen' : 'Close conversation'}
                </button>
              </div>
              <div class="messages" role="log" aria-label="Messages with ${visitorLabel(selected)}">
                ${repeat(this.thread, (message) => message.id, (message) => html`<div class="message ${message.from}">
                  <span class="meta">${message.from === 'visitor' ? visitorLabel(selected) : message.author?.name ?? message.from}</span>
                  ${message.text ? html`<span class="text">${message.text}</span>` : nothing}
                  ${renderAttachments(message.attachments, this.#attachmentView())}
                  ${message.seq === this.#seenByVisitor(selected) ? html`<span class="meta seen">Seen by the visitor</span>` : nothing}
                </div>`)}
              </div>
              ${this.visitorTyping.get(selected.id) ? html`<p class="typing">${visitorLabel(selected)} is typing…</p>` : nothing}
              ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
              ${this.replyUploads
                .filter((upload) => upload.conversationId === selected.id)
                .map(
                  (upload) => html`<p class="uploading">
                    <progress max="1" .value=${upload.progress} aria-label="Uploading ${upload.fileName}"></progress>
                    <span>${upload.fileName}</span>
                    <button class="link-button" type="button" @click=${() => upload.abort.abort()}>Cancel upload</button>
                  </p>`,
                )}
              <form class="reply" @submit=${this.#reply}>
                <textarea aria-label="Reply" rows="2" placeholder="Reply…" maxlength="8000" @keydown=${this.#onReplyKeydown} @input=${this.#onReplyInput}></textarea>
                <label class="attach-file">Attach<input type="file" multiple @change=${this.#attach} /></label>
                <button class="primary" type="submit">Send</button>
              </form>`
          : html`<p class="empty">Pick a conversation.</p>`}
      </main>
    </div>`;
  }
}
