import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ChatClient, LoginOptions } from './client/chat-client.js';
import { CDN_HANDOFF, type HandoffHolder } from './config/handoff.js';
import { OPTIONS, type SupportChatOptions } from './config/options.js';
import { ClientController, invalid, reported } from './controllers/client-controller.js';
import { ConversationsController, type StartConversationOptions } from './controllers/conversations-controller.js';
import { HelpController } from './controllers/help-controller.js';
import { LocaleController } from './controllers/locale-controller.js';
import { optionProperties, OptionsController, type CdnOptions } from './controllers/options-controller.js';
import { PanelController } from './controllers/panel-controller.js';
import { ProactiveController } from './controllers/proactive-controller.js';
import { InvitationController } from './controllers/invitation-controller.js';
import { SupportChatCloseEvent, SupportChatOpenEvent, SupportChatRequestCloseEvent, SupportChatShutdownEvent, type CloseSource } from './events.js';
import { localeDirection, matchLocale } from './i18n/locales.js';
import type { ChatMessage, ConnectionState, Conversation, VisitorConversationSummary, VisitorProfile } from './protocol.js';
import { styles } from './support-chat.styles.js';
import { renderLauncher } from './ui/launcher.js';
import { DrawnLauncher } from './ui/launcher-swap.js';
import type { PanelActionEvent } from './ui/panel-view.js';
import { VERSION } from './version.js';

export type { LoginOptions } from './client/chat-client.js';
export type { SupportChatOptions } from './config/options.js';
export type { CdnOptions } from './controllers/options-controller.js';
export type { StartConversationOptions } from './controllers/conversations-controller.js';
export type SupportChatMode = SupportChatOptions['mode'];

export interface OpenHelpOptions {
  /** Searches the articles for this text (the top articles without it). */
  query?: string;
}

export interface OpenOptions {
  /** Text placed in the composer, ready to send. */
  prefill?: string;
}

// Every option is also a property of the element (see `optionProperties`); undefined = not set here.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface SupportChat extends Partial<Omit<SupportChatOptions, 'extra'>> {
  extra?: Record<string, unknown> | string;
}

/**
 * A customer-support chat: a launcher button that opens a panel where the visitor talks to
 * the team behind `channel`. Everything the visitor or an agent writes renders as text.
 * The launcher is all that loads first; the panel, the connection and other languages load
 * on intent (hover, focus, open) or when the browser is idle. A thin view over `ChatClient`
 * (`support-chat/client`), available as `client`.
 *
 * @summary Customer-support chat widget (launcher + panel) in Shadow DOM.
 * @tagname support-chat
 *
 * @fires {SupportChatReadyEvent} support-chat-ready - The client is connected; methods act at once from here on.
 * @fires {SupportChatOpenEvent} support-chat-open - The panel opened through `open()`, `toggle()` or the launcher.
 * @fires {SupportChatCloseEvent} support-chat-close - The panel closed through `close()`, `toggle()`, the launcher, the close button or Escape.
 * @fires {SupportChatRequestCloseEvent} support-chat-request-close - Cancelable: the visitor is about to close the panel (`detail.source`: `launcher`, `close-button` or `escape`).
 * @fires {SupportChatMessageEvent} support-chat-message - A message was stored, in either direction: `detail.message`.
 * @fires {SupportChatUnreadEvent} support-chat-unread - The unread count changed while the panel was closed or the page hidden: `detail.count`.
 * @fires {SupportChatTypingEvent} support-chat-typing - Someone on the team started or stopped typing: `detail.from`, `detail.name`, `detail.typing`.
 * @fires {SupportChatStateEvent} support-chat-state - The connection changed: `detail.state`, `detail.transport`.
 * @fires {SupportChatIdentifyEvent} support-chat-identify - `identify()` updated the visitor's profile: `detail.profile`.
 * @fires {SupportChatConfigEvent} support-chat-config - The channel's remote config arrived: `detail.config` is the effective config.
 * @fires {SupportChatErrorEvent} support-chat-error - Something failed: `detail.code`, `detail.message`, optional `param` and `retryAfter`.
 * @fires {SupportChatShutdownEvent} support-chat-shutdown - `shutdown()` disconnected and forgot the visitor on this channel.
 * @fires {SupportChatConversationEvent} support-chat-conversation - The conversation shown changed (picked in the list, started, opened by a method, or the next one after a close): `detail.conversationId`.
 * @fires {SupportChatArticleEvent} support-chat-article - An article shows in the panel (picked on the Help screen or in quick help, or opened by `openArticle()`): `detail.slug`.
 * @fires {SupportChatProactiveEvent} support-chat-proactive - Cancelable: a proactive trigger of the channel fired (`detail.triggerId`, `detail.message`); `preventDefault()` shows nothing.
 * @fires {SupportChatToolCallEvent} support-chat-tool-call - Cancelable: an agent or a bot asks the page to run a tool (`detail.name`, `detail.args`); answer with `detail.respond(result)` or `detail.reject(error)`, or call `preventDefault()` to answer later. Unanswered: `no_handler`.
 *
 * @csspart launcher - The button that opens and closes the panel.
 * @csspart badge - The unread count on the launcher.
 * @csspart panel - The chat window.
 * @csspart header - The panel's title bar.
 * @csspart close-button - The close button in the header.
 * @csspart conversations-button - The header button that shows the visitor's conversations (with the unread count of the others).
 * @csspart back-button - The header button that goes from the list back to the conversation.
 * @csspart conversations - The list of the visitor's conversations.
 * @csspart conversation - One conversation in the list (subject or newest message, time, status, unread count).
 * @csspart new-conversation - The button that starts a new conversation (in the list, and under a closed conversation).
 * @csspart messages - The scrolling message list (`role="log"`).
 * @csspart message - One message bubble.
 * @csspart faq - A suggested question chip (shown in an empty conversation).
 * @csspart away - The away notice and email capture (while the team is offline).
 * @csspart ended - The closed-conversation notice and the rating form.
 * @csspart email - The email field of the away form.
 * @csspart composer - The form at the bottom of the panel.
 * @csspart input - The message text area.
 * @csspart send - The send button.
 * @csspart attach - The paperclip button that picks files (shown when the channel takes files).
 * @csspart thumbnail - An image attachment's thumbnail button (opens the image full size).
 * @csspart file - A non-image attachment's card (name and size; downloads the file).
 * @csspart handoff - The "Talk to a person" button under the messages (while an AI agent answers and the channel lets the visitor ask).
 * @csspart sources - What an AI answer was based on, under it (links open in a new tab).
 * @csspart feedback - "Was this helpful? Yes / No" under an AI answer (thanks once answered).
 * @csspart pre-chat - The pre-chat form, in place of the composer before a new conversation's first message (when the channel has one).
 * @csspart help-button - The header button that shows the Help screen (when the channel has published articles).
 * @csspart help-search - The Help screen's search box.
 * @csspart help-articles - The list of top or matching articles on the Help screen.
 * @csspart help-article - One article in that list (title and snippet).
 * @csspart article - An article, rendered from its tree (headings, lists, code, links, images).
 * @csspart help-chat - "Chat with us" under the Help screen and articles.
 * @csspart quick-help - Matching articles and FAQs above the composer while the visitor types (three words or more).
 * @csspart quick-help-item - One of them: an article opens, an FAQ shows its answer.
 * @csspart block-quick-reply - A quick reply an agent, a bot or an AI agent offered (gone once answered).
 * @csspart block-button - A button of a `buttons` block or of a card that answers (the chosen one is `aria-pressed`).
 * @csspart block-link - A button that opens a page in a new tab.
 * @csspart block-card - A card (image, title, text, buttons).
 * @csspart block-form - A form an agent, a bot or an AI agent asked the visitor to fill in.
 * @csspart block-submit - A form's submit button.
 * @csspart invitation - A conversation an agent started (from the inbox's live visitors): its first message by the launcher while the panel is closed; a click opens that conversation.
 *
 * @cssproperty [--support-chat-primary=#2f54eb] - Launcher, header and visitor bubbles (the `primary-color` option wins).
 * @cssproperty [--support-chat-on-primary=#ffffff] - Text and icons on the primary color.
 * @cssproperty [--support-chat-primary-accent=#5a7af0] - Hover color of the launcher and send button.
 * @cssproperty [--support-chat-z-index=2147483000] - Stacking order of launcher and panel.
 * @cssproperty [--support-chat-offset-x=24px] - Distance from the viewport's side.
 * @cssproperty [--support-chat-offset-y=24px] - Distance from the viewport's top or bottom.
 * @cssproperty [--support-chat-button-size=56px] - Launcher height.
 * @cssproperty [--support-chat-panel-width=380px] - Panel width on wide screens.
 * @cssproperty [--support-chat-panel-height=580px] - Panel height on wide screens.
 * @cssproperty [--support-chat-panel-radius=16px] - Panel corner radius.
 * @cssproperty [--support-chat-font=system-ui] - Font family.
 */
export class SupportChat extends LitElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    ...optionProperties(),
    opened: { type: Boolean, reflect: true, attribute: 'open' },
  };
  /** The package version. */
  static readonly version = VERSION;

  readonly #options = new OptionsController(this);
  /** Consent mode keeps storage untouched until the visitor opens the chat (a client exists from then on). */
  readonly #mayStore = (): boolean => !this.#options.config.noStorageUntilOpen || !!this.#clients.client;
  readonly #locale = new LocaleController(this, this.#mayStore);
  readonly #clients: ClientController = new ClientController(this, this.#options, () => this.opened && this.#conversations.showsThread);
  readonly #conversations = new ConversationsController(this, this.#clients);
  readonly #help = new HelpController(this, this.#options);
  readonly #panel = new PanelController(this, {
    options: this.#options,
    locale: this.#locale,
    conversations: this.#conversations,
    help: this.#help,
    requestClose: (source) => void this.#requestClose(source),
  });
  readonly #proactive = new ProactiveController(this, this.#options, this.#mayStore);
  readonly #invitation = new InvitationController(this);
  #drawn: DrawnLauncher | null = null;

  /** Whether the panel is open (attribute `open`). Setting it never fires an event; the methods do. */
  declare opened: boolean;

  constructor() {
    super();
    this.opened = false;
  }

  /**
   * `open()` is a method; frameworks that pass an `open` prop as a property (React 19, Vue)
   * assign a boolean here, which sets `opened` instead of replacing the method.
   */
  get open(): (options?: OpenOptions) => Promise<void> {
    return (options) => this.#open(options);
  }
  set open(value: unknown) {
    if (typeof value !== 'function') this.opened = Boolean(value);
  }

  /** The package version. */
  get version(): string {
    return VERSION;
  }
  /** The effective options after the precedence merge (element > CDN data-* > CDN query > channel config > defaults). */
  get config(): SupportChatOptions {
    return { ...this.#options.config };
  }
  /** The underlying headless client, once the chat has started (null before and after a shutdown). */
  get client(): ChatClient | null {
    return this.#clients.client;
  }
  /** Connection state: `idle`, `connecting`, `online`, `fallback` or `offline`. */
  get state(): ConnectionState {
    return this.client?.state ?? 'idle';
  }
  /** Team messages the visitor has not seen. */
  get unreadCount(): number {
    return this.client?.unreadCount ?? 0;
  }
  /** Stored messages of the current conversation, in `seq` order. */
  get messages(): ChatMessage[] {
    return [...(this.client?.transcript ?? [])];
  }
  /** The current conversation's id, once there is one. */
  get conversationId(): string | null {
    return this.client?.conversationId ?? null;
  }
  /** The visitor's conversations, newest first: subject, newest message, status, unread count. */
  get conversations(): VisitorConversationSummary[] {
    return this.#conversations.summaries;
  }
  /** The visitor's id on this channel, once known. */
  get visitorId(): string | null {
    return this.client?.visitorId ?? null;
  }
  /** Whether the server verified who the visitor is (a login with an assertion or a userHash). */
  get verified(): boolean {
    return this.client?.verified ?? false;
  }
  /** The locale in use (a supported one, after fallback). */
  get activeLocale(): string {
    return this.#locale.locale;
  }

  /** @internal A signed standalone link's `u`, `nick`, `t` and `s`, from the `/c` page. */
  link: Record<string, string> | null = null;

  /** @internal The CDN loader's `data-*` and query layers. */
  set cdnOptions(options: CdnOptions) {
    this.#options.cdn = options;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    // Options the CDN loader gave this element before its class had loaded (config/handoff.ts).
    const handoff = (this as HandoffHolder)[CDN_HANDOFF];
    if (handoff) {
      delete (this as HandoffHolder)[CDN_HANDOFF];
      this.cdnOptions = handoff.cdnOptions;
      this.link = handoff.link;
    }
    super.connectedCallback();
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    this.#drawn = DrawnLauncher.in(this.shadowRoot);
    const root = super.createRenderRoot();
    // LitElement would render before the first node it finds (server-rendered markup); the drawn launcher goes instead.
    if (this.#drawn) this.renderOptions.renderBefore = null;
    return root;
  }

  protected override async scheduleUpdate(): Promise<unknown> {
    if (this.#drawn && !this.hasUpdated) await this.#drawn.settled();
    return super.scheduleUpdate();
  }

  protected override update(changed: PropertyValues): void {
    const focused = this.#drawn?.remove();
    this.#drawn = null;
    super.update(changed);
    if (focused) this.#focusLauncher();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const locale = this.#options.config.locale;
    this.#options.refresh(changed);
    const config = this.#options.config;
    if (config.mode !== 'launcher' || (!this.hasUpdated && config.defaultOpen)) this.opened = true;
    if (config.locale !== locale || !this.hasUpdated) void this.#locale.apply(config.locale);
  }

  // ------------------------------------------------------------ opening and closing

  async #open(options: OpenOptions = {}): Promise<void> {
    if (typeof options.prefill === 'string') this.#panel.prefill(options.prefill);
    if (this.opened) {
      this.requestUpdate(); // a new prefill goes into the open panel
    } else {
      this.opened = true;
      this.dispatchEvent(new SupportChatOpenEvent());
      await this.#panel.load();
    }
    await this.updateComplete;
  }

  async #requestClose(source: CloseSource): Promise<void> {
    const request = new SupportChatRequestCloseEvent(source);
    this.dispatchEvent(request);
    if (request.defaultPrevented) return;
    const closing = this.close();
    // Focus goes back to the launcher that opened the panel (it is rendered in launcher mode).
    this.#focusLauncher();
    await closing;
  }

  #focusLauncher(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('.launcher')?.focus();
  }

  #onLauncherClick(): void {
    if (this.opened) return void this.#requestClose('launcher');
    this.#panel.focusOnShow();
    void this.#open();
  }

  // ------------------------------------------------------------ public methods

  /** Closes the panel and fires `support-chat-close` (no event when it was closed already). */
  async close(): Promise<void> {
    if (!this.opened || this.#options.config.mode !== 'launcher') return;
    this.opened = false;
    this.dispatchEvent(new SupportChatCloseEvent());
    await this.updateComplete;
  }

  /** Opens the panel when closed, closes it when open. */
  async toggle(): Promise<void> {
    return this.opened ? this.close() : this.#open();
  }

  /**
   * Sends `text` as the visitor. Shows at once as pending; resolves with the stored message
   * once the server acknowledges it. Callable before `support-chat-ready`: it waits in the outbox.
   */
  async sendMessage(text: string): Promise<ChatMessage> {
    if (typeof text !== 'string' || !text.trim()) throw invalid(this, 'invalid_request', 'text', 'a message needs text');
    return (await this.#clients.require()).send(text);
  }

  /**
   * Uploads `file` and sends it as the visitor (shown with progress, cancelable from the panel).
   * Resolves with the stored message. Files the channel cannot take are refused (`support-chat-error`
   * with `payload_too_large`, `unsupported_media_type` or `forbidden`, `param: 'file'`).
   */
  async sendFile(file: File): Promise<ChatMessage> {
    if (!(file instanceof Blob)) throw invalid(this, 'invalid_request', 'file', 'pass a File');
    return (await this.#clients.require()).sendFile(file);
  }

  /** Updates the visitor's profile (name, email, phone, avatarUrl, extra) without reconnecting; fires `support-chat-identify`. */
  async identify(profile: VisitorProfile): Promise<VisitorProfile> {
    return this.#clients.identify(profile);
  }

  /** Switches the language and remembers the visitor's choice. Resolves once its strings are loaded. */
  async setLocale(locale: string): Promise<void> {
    if (!matchLocale(locale)) throw invalid(this, 'invalid_option', 'locale', `${locale} is not a supported locale`);
    this.#locale.remember(locale);
    return this.configure({ locale });
  }

  /**
   * Sets several options at once, as the host (same rank as attributes). The latest call wins:
   * a language still loading from an earlier call never overrides a later one.
   */
  async configure(overrides: Partial<SupportChatOptions> & { open?: boolean }): Promise<void> {
    for (const [name, value] of Object.entries(overrides ?? {})) {
      if (name === 'open') this.opened = Boolean(value);
      else if (name in OPTIONS) (this as Record<string, unknown>)[name] = value;
      else this.#options.report({ attribute: name, value });
    }
    await this.updateComplete;
    await this.#locale.apply(this.#options.config.locale);
  }

  /**
   * Signs the visitor in as the host's customer and reconnects as them. A verified login
   * (assertion or userHash) takes the conversation written anonymously in this browser along.
   * Prefer `{ getAssertion }`: it is called again whenever a new login is needed.
   */
  async login(credentials: LoginOptions): Promise<void> {
    const given = credentials as { getAssertion?: unknown; assertion?: unknown; externalUserId?: unknown } | undefined;
    const valid = typeof given?.getAssertion === 'function' || typeof given?.assertion === 'string' || (typeof given?.externalUserId === 'string' && given.externalUserId);
    if (!valid) throw invalid(this, 'invalid_option', 'login', 'pass { getAssertion }, { assertion } or { externalUserId, userHash? }');
    this.#clients.signIn(credentials);
    await (await this.#clients.require()).connect();
  }

  /** Signs the customer out: forgets this channel's visitor and continues as a new anonymous one. */
  async logout(): Promise<void> {
    this.#clients.signIn(null);
    this.externalUserId = undefined;
    this.userHash = undefined;
    this.#clients.forget();
    await this.updateComplete;
    if (this.opened) await this.#clients.connect();
  }

  /** Opens the panel on the list of the visitor's conversations. */
  async showConversations(): Promise<void> {
    this.#help.close();
    return this.#conversations.show();
  }

  /** Opens the panel on conversation `id` (one of `conversations`); a closed one shows read-only, with its rating. */
  async openConversation(id: string): Promise<void> {
    this.#help.close();
    return this.#conversations.open(id);
  }

  /** Starts a new conversation (`subject` names it in the list) and opens the panel on it, `prefill` in the composer. */
  async startConversation(options?: StartConversationOptions): Promise<Conversation> {
    this.#help.close();
    return this.#conversations.start(options);
  }

  /** Opens the panel on the Help screen: the channel's top articles, or those matching `query`. */
  async openHelp(options: OpenHelpOptions = {}): Promise<void> {
    return this.#help.open(options?.query);
  }

  /** Opens the panel on the published article `slug` (in the visitor's language when there is one); fires `support-chat-article`. */
  async openArticle(slug: string): Promise<void> {
    return this.#help.article(slug);
  }

  /**
   * Asks for a person in the shown conversation while an AI agent answers it ("Talk to a person"):
   * the AI stops, the team takes over and a message from the server says so. Resolves with the
   * conversation (`handledBy: 'human'`). Callable before `support-chat-ready`: it waits for the connection.
   */
  async handoff(): Promise<Conversation> {
    const client = await this.#clients.require();
    await reported(this, client.connect());
    return reported(this, client.handoff());
  }

  /**
   * Raises the page's own signal `name` for the channel's proactive triggers (`when.signal`), e.g.
   * after a failed payment. `data` is the page's and stays in the page. Callable before `support-chat-ready`.
   */
  async signal(name: string, data?: unknown): Promise<void> {
    void data;
    if (typeof name !== 'string' || !name) throw invalid(this, 'invalid_request', 'name', 'a signal needs a name');
    this.#proactive.signal(name);
  }

  /** Marks every message as seen (the unread count drops to 0). */
  async markRead(): Promise<void> {
    this.client?.markRead();
  }

  /** Disconnects and forgets the visitor on this channel (sign-out); fires `support-chat-shutdown`. */
  async shutdown(): Promise<void> {
    this.#clients.signIn(null); // a sign-out: the next client is not the customer an earlier login() named
    this.#clients.forget();
    this.opened = this.#options.config.mode !== 'launcher';
    this.dispatchEvent(new SupportChatShutdownEvent());
    await this.updateComplete;
  }

  // ------------------------------------------------------------ render

  override render() {
    const config = this.#options.config;
    const { strings: t, locale } = this.#locale;
    const client = this.client;
    const launcher = config.mode === 'launcher';
    const classes = `root mode-${config.mode} theme-${config.theme} pos-${config.position} mpos-${config.mobilePosition}`;
    const modal = launcher && globalThis.matchMedia?.('(max-width: 640px)').matches;
    return html`<div class=${classes} dir=${localeDirection(locale)} lang=${locale}>
      ${launcher && !config.noLauncher
        ? renderLauncher({
            config,
            strings: t,
            opened: this.opened,
            unread: client?.unreadCount ?? 0,
            onClick: () => this.#onLauncherClick(),
            onIntent: () => {
              void this.#panel.load();
              this.#clients.intent();
            },
            onIconReady: () => this.requestUpdate(),
          })
        : nothing}
      ${launcher ? (this.#invitation.render(t) ?? this.#proactive.render(t)) : nothing}
      <support-chat-panel
        id="panel"
        part="panel"
        class="panel"
        exportparts="header,close-button,conversations-button,back-button,conversations,conversation,new-conversation,messages,message,faq,away,email,ended,composer,input,send,attach,thumbnail,file,pre-chat,block-quick-reply,block-button,block-link,block-card,block-form,block-submit,handoff,sources,feedback,help-button,help-search,help-articles,help-article,article,help-chat,quick-help,quick-help-item"
        role=${launcher ? 'dialog' : 'region'}
        aria-modal=${modal ? 'true' : nothing}
        aria-label=${config.headerTitle || client?.config?.headerTitle || t.title}
        ?hidden=${!this.opened || !this.#panel.ready}
        .view=${this.#panel.view}
        @panel-action=${(event: PanelActionEvent) => this.#panel.act(event)}
      ></support-chat-panel>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat': SupportChat;
  }
}
