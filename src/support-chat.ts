import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { resolveServer } from './config/server.js';
import {
  SupportChatCloseEvent,
  SupportChatErrorEvent,
  SupportChatMessageEvent,
  SupportChatOpenEvent,
  SupportChatReadyEvent,
  SupportChatStateEvent,
} from './events.js';
import { en, format } from './i18n/en.js';
import type { ChatMessage, ConnectionState } from './protocol.js';
import { ChatSession, type PendingMessage, type SessionEvent } from './session/chat-session.js';
import { ApiRequestError } from './transport/api.js';
import { styles } from './support-chat.styles.js';
import { VERSION } from './version.js';

export type SupportChatMode = 'launcher' | 'standalone' | 'inline';

const chatIcon = svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>`;
const closeIcon = svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>`;
const sendIcon = svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"/></svg>`;

function localStorageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // blocked by the browser's privacy settings
  }
}

/**
 * A customer-support chat: a launcher button that opens a panel where the visitor talks to
 * the team behind `channel`. Everything the visitor or an agent writes renders as text.
 *
 * @summary Customer-support chat widget (launcher + panel) in Shadow DOM.
 * @tagname support-chat
 *
 * @fires {SupportChatReadyEvent} support-chat-ready - The session is connected; methods act at once from here on.
 * @fires {SupportChatOpenEvent} support-chat-open - The panel opened through `open()`, `toggle()` or the launcher.
 * @fires {SupportChatCloseEvent} support-chat-close - The panel closed through `close()`, `toggle()`, the close button or Escape.
 * @fires {SupportChatMessageEvent} support-chat-message - A message was stored, in either direction: `detail.message`.
 * @fires {SupportChatStateEvent} support-chat-state - The connection changed: `detail.state`, `detail.transport`.
 * @fires {SupportChatErrorEvent} support-chat-error - Something failed: `detail.code`, `detail.message`, optional `param` and `retryAfter`.
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart panel - The chat window.
 * @csspart header - The panel's title bar.
 * @csspart close-button - The close button in the header.
 * @csspart messages - The scrolling message list (`role="log"`).
 * @csspart message - One message bubble.
 * @csspart composer - The form at the bottom of the panel.
 * @csspart input - The message text area.
 * @csspart send - The send button.
 *
 * @cssproperty [--support-chat-primary=#2f54eb] - Launcher, header and visitor bubbles.
 * @cssproperty [--support-chat-on-primary=#ffffff] - Text and icons on the primary color.
 * @cssproperty [--support-chat-z-index=2147483000] - Stacking order of launcher and panel.
 * @cssproperty [--support-chat-offset-x=24px] - Distance from the viewport's side.
 * @cssproperty [--support-chat-offset-y=24px] - Distance from the viewport's bottom.
 * @cssproperty [--support-chat-button-size=56px] - Launcher diameter.
 * @cssproperty [--support-chat-panel-width=380px] - Panel width on wide screens.
 * @cssproperty [--support-chat-panel-height=580px] - Panel height on wide screens.
 * @cssproperty [--support-chat-panel-radius=16px] - Panel corner radius.
 * @cssproperty [--support-chat-font=system-ui] - Font family.
 */
export class SupportChat extends LitElement {
  static override styles = styles;
  /** The package version. */
  static readonly version = VERSION;

  /** Everything to release when the element leaves the DOM (socket.io-client's `subs` pattern). */
  #subscriptions: Array<() => void> = [];
  #session: ChatSession | null = null;
  #scrollPending = false;

  @query('textarea') private input!: HTMLTextAreaElement | null;
  @query('.messages') private messageList!: HTMLElement | null;

  /** Re-rendered whenever the session changes; the session itself holds the state. */
  @state() private revision = 0;

  /** Public channel key (not a secret). Required: nothing connects without it. */
  @property({ reflect: true }) channel = '';

  /** Origin of the support-chat server; defaults to the CDN script's origin, else the page's. */
  @property() server = '';

  /**
   * Whether the panel is open (attribute `open`). Setting it never fires an event; the
   * methods do. The property is `opened` because `open` is the method that opens the panel.
   */
  @property({ type: Boolean, reflect: true, attribute: 'open' }) opened = false;

  /** `launcher` (floating button), `standalone` (full viewport, no launcher) or `inline`. */
  @property({ reflect: true }) mode: SupportChatMode = 'launcher';

  /**
   * `open()` is a method; frameworks that pass an `open` prop as a property (React 19, Vue)
   * assign a boolean here, which sets `opened` instead of replacing the method.
   */
  get open(): () => Promise<void> {
    return () => this.#openPanel();
  }
  set open(value: unknown) {
    if (typeof value !== 'function') this.opened = Boolean(value);
  }

  /** The package version. */
  get version(): string {
    return VERSION;
  }

  /** Connection state: `idle`, `connecting`, `online`, `fallback` or `offline`. */
  get state(): ConnectionState {
    return this.#session?.state ?? 'idle';
  }

  /** Stored messages of the current conversation, in `seq` order. */
  get messages(): ChatMessage[] {
    return this.#session?.messages ?? [];
  }

  /** The current conversation's id, once there is one. */
  get conversationId(): string | null {
    return this.#session?.conversationId ?? null;
  }

  /** The visitor's id on this channel, once the session has one. */
  get visitorId(): string | null {
    return this.#session?.visitorId ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const onKeydown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && this.opened && this.mode === 'launcher') {
        event.stopPropagation();
        this.close();
        this.renderRoot.querySelector<HTMLButtonElement>('.launcher')?.focus();
      }
    };
    this.addEventListener('keydown', onKeydown);
    this.#subscriptions.push(() => this.removeEventListener('keydown', onKeydown));
    if (this.hasUpdated) this.#startSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopSession();
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.mode === 'standalone' || this.mode === 'inline') this.opened = true;
    if ((changed.has('channel') || changed.has('server')) && this.isConnected) this.#startSession();
  }

  protected override updated(): void {
    if (this.#scrollPending && this.messageList) {
      this.#scrollPending = false;
      this.messageList.scrollTop = this.messageList.scrollHeight;
    }
  }

  #startSession(): void {
    this.#stopSession();
    if (!this.channel) return;
    const session = new ChatSession({
      channel: this.channel,
      server: resolveServer(this.server),
      storage: localStorageOrNull(),
    });
    this.#session = session;
    const unsubscribe = session.subscribe((event) => this.#onSessionEvent(event));
    this.#subscriptions.push(unsubscribe);
    session.start();
  }

  #stopSession(): void {
    this.#session?.stop();
    this.#session = null;
  }

  #onSessionEvent(event: SessionEvent): void {
    switch (event.type) {
      case 'change':
        this.#scrollPending = true;
        this.revision += 1;
        break;
      case 'ready':
        this.dispatchEvent(new SupportChatReadyEvent());
        break;
      case 'message':
        this.dispatchEvent(new SupportChatMessageEvent(event.message));
        break;
      case 'state':
        this.dispatchEvent(new SupportChatStateEvent(event.state, event.transport));
        break;
      case 'error':
        this.dispatchEvent(new SupportChatErrorEvent(event.error));
        break;
    }
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.input;
    if (!input || !input.value.trim()) return;
    const text = input.value;
    input.value = '';
    // Failures show on the message itself (with a retry) and as `support-chat-error`.
    this.sendMessage(text).catch(() => {});
  }

  #onInputKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.renderRoot.querySelector('form')?.requestSubmit();
    }
  }

  // ------------------------------------------------------------ public methods

  /** Opens the panel and fires `support-chat-open` (no event when it was open already). Called as `open()`. */
  async #openPanel(): Promise<void> {
    if (this.opened) return;
    this.opened = true;
    this.dispatchEvent(new SupportChatOpenEvent());
    await this.updateComplete;
  }

  /** Closes the panel and fires `support-chat-close` (no event when it was closed already). */
  async close(): Promise<void> {
    if (!this.opened || this.mode !== 'launcher') return;
    this.opened = false;
    this.dispatchEvent(new SupportChatCloseEvent());
    await this.updateComplete;
  }

  /** Opens the panel when closed, closes it when open. */
  async toggle(): Promise<void> {
    return this.opened ? this.close() : this.#openPanel();
  }

  /**
   * Sends `text` as the visitor. Shows at once as pending; resolves with the stored message
   * once the server acknowledges it. Callable before `support-chat-ready`: it waits in the outbox.
   */
  async sendMessage(text: string): Promise<ChatMessage> {
    if (typeof text !== 'string' || !text.trim()) {
      const error = new ApiRequestError(400, { code: 'invalid_request', message: 'text: a message needs text', param: 'text' });
      this.dispatchEvent(new SupportChatErrorEvent({ code: error.code, message: error.message, param: 'text' }));
      throw error;
    }
    if (!this.#session) {
      const error = new ApiRequestError(400, { code: 'invalid_option', message: 'channel: set a channel before sending', param: 'channel' });
      this.dispatchEvent(new SupportChatErrorEvent({ code: error.code, message: error.message, param: 'channel' }));
      throw error;
    }
    return this.#session.send(text);
  }

  override render() {
    const session = this.#session;
    const title = session?.config?.headerTitle || en.title;
    const launcher = this.mode === 'launcher';
    return html`<div class="root mode-${this.mode}">
      ${launcher
        ? html`<button
            part="launcher"
            class="launcher"
            type="button"
            aria-label=${this.opened ? en.closeChat : en.openChat}
            aria-expanded=${this.opened ? 'true' : 'false'}
            aria-controls="panel"
            @click=${() => void this.toggle()}
          >
            ${this.opened ? closeIcon : chatIcon}
          </button>`
        : nothing}
      <section id="panel" part="panel" class="panel" role=${launcher ? 'dialog' : 'region'} aria-label=${title} ?hidden=${!this.opened}>
        <header part="header" class="header">
          <div class="titles">
            <h2>${title}</h2>
            <p>${this.#statusLine()}</p>
          </div>
          ${launcher
            ? html`<button part="close-button" class="icon-button" type="button" aria-label=${en.closeChat} @click=${() => void this.close()}>
                ${closeIcon}
              </button>`
            : nothing}
        </header>
        <div part="messages" class="messages" role="log" aria-live="polite" aria-label=${en.messages} tabindex="0">
          ${session?.config?.greeting && !this.messages.length
            ? html`<p class="greeting">${session.config.greeting}</p>`
            : nothing}
          ${repeat(this.messages, (message) => message.id, (message) => this.#renderMessage(message))}
          ${repeat(session?.pending ?? [], (pending) => pending.clientId, (pending) => this.#renderPending(pending))}
        </div>
        ${session?.agentTyping
          ? html`<div class="notice" aria-live="polite">
              ${session.agentTyping.name ? format(en.typing, { name: session.agentTyping.name }) : en.someoneTyping}
            </div>`
          : nothing}
        <form part="composer" class="composer" @submit=${this.#onSubmit}>
          <textarea
            part="input"
            rows="1"
            aria-label=${en.messageInput}
            placeholder=${en.placeholder}
            maxlength="8000"
            @keydown=${this.#onInputKeydown}
          ></textarea>
          <button part="send" class="send" type="submit" aria-label=${en.send}>${sendIcon}</button>
        </form>
      </section>
    </div>`;
  }

  #statusLine(): string {
    const session = this.#session;
    if (!session || session.state === 'connecting' || session.state === 'idle') return en.connecting;
    if (session.state === 'offline') return en.offline;
    return session.config?.headerSubtitle || en.online;
  }

  #renderMessage(message: ChatMessage) {
    const mine = message.from === 'visitor';
    return html`<div part="message" class="message ${message.from}" data-seq=${message.seq}>
      ${mine ? nothing : html`<span class="author">${message.author?.name ?? en.team}</span>`}
      <span class="text">${message.text}</span>
    </div>`;
  }

  #renderPending(pending: PendingMessage) {
    return html`<div part="message" class="message visitor pending" data-client-id=${pending.clientId}>
      <span class="text">${pending.text}</span>
      <span class="status">
        ${pending.status === 'failed'
          ? html`${en.notSent} <button type="button" @click=${() => this.#session?.retry(pending.clientId)}>${en.retry}</button>`
          : en.sending}
      </span>
    </div>`;
  }
}
