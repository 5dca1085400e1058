import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ChatClient, LoginOptions } from './client/chat-client.js';
import { SupportChatError, ValidationError } from './client/errors.js';
import { appearanceKey, browserStorage, ChannelStorage, writeItem } from './client/storage.js';
import { CDN_HANDOFF, type HandoffHolder } from './config/handoff.js';
import { OPTION_NAMES, OPTIONS, type SupportChatOptions } from './config/options.js';
import { remoteLayer } from './config/resolve.js';
import { resolveServer } from './config/server.js';
import { ClientController } from './controllers/client-controller.js';
import { LocaleController } from './controllers/locale-controller.js';
import { OptionsController, type CdnOptions } from './controllers/options-controller.js';
import {
  SupportChatCloseEvent,
  SupportChatErrorEvent,
  SupportChatIdentifyEvent,
  SupportChatMessageEvent,
  SupportChatOpenEvent,
  SupportChatReadyEvent,
  SupportChatRequestCloseEvent,
  SupportChatShutdownEvent,
  SupportChatStateEvent,
  SupportChatTypingEvent,
  SupportChatUnreadEvent,
  type CloseSource,
} from './events.js';
import { localeDirection, matchLocale } from './i18n/locales.js';
import type { ChatMessage, ConnectionState, VisitorProfile } from './protocol.js';
import { styles } from './support-chat.styles.js';
import { renderLauncher } from './ui/launcher.js';
import { DrawnLauncher } from './ui/launcher-swap.js';
import type { FileNotice, PanelActionEvent, PanelView } from './ui/panel-view.js';
import { VERSION } from './version.js';

export type { LoginOptions } from './client/chat-client.js';
export type { SupportChatOptions } from './config/options.js';
export type { CdnOptions } from './controllers/options-controller.js';
export type SupportChatMode = SupportChatOptions['mode'];

export interface OpenOptions {
  /** Text placed in the composer, ready to send. */
  prefill?: string;
}

const IDLE_TIMEOUT_MS = 3000;

/** Lit reactive properties for every row of the option table: attribute names come from there. */
function optionProperties(): PropertyDeclarations {
  const declarations: Record<string, PropertyDeclarations[string]> = {};
  for (const name of OPTION_NAMES) {
    const spec = OPTIONS[name];
    declarations[name] = spec.kind === 'boolean' ? { attribute: spec.attribute, type: Boolean } : { attribute: spec.attribute };
  }
  return declarations;
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
 * @fires {SupportChatToolCallEvent} support-chat-tool-call - Cancelable: an agent or a bot asks the page to run a tool (`detail.name`, `detail.args`); answer with `detail.respond(result)` or `detail.reject(error)`, or call `preventDefault()` to answer later. Unanswered: `no_handler`.
 *
 * @csspart launcher - The button that opens and closes the panel.
 * @csspart badge - The unread count on the launcher.
 * @csspart panel - The chat window.
 * @csspart header - The panel's title bar.
 * @csspart close-button - The close button in the header.
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
    // Lit gives `state` properties no attribute; `attribute: false` says so to the manifest's analyzer too.
    panelReady: { state: true, attribute: false },
  };
  /** The package version. */
  static readonly version = VERSION;

  readonly #options = new OptionsController(this);
  readonly #locale = new LocaleController(this, () => !this.#config.noStorageUntilOpen || !!this.#clients.client);
  readonly #clients = new ClientController(this, {
    key: () => {
      const { channel, server, wsServer, configUrl, mock, externalUserId, userHash } = this.#config;
      return JSON.stringify([channel, resolveServer(server), wsServer, configUrl, mock, externalUserId, userHash]);
    },
    wanted: () => this.isConnected && !!this.#config.channel,
    create: () => this.#createClient(),
    attach: (client) => this.#attach(client),
  });
  /** Releases what `connectedCallback` set up (listeners, the idle callback). */
  #teardown = new AbortController();
  #panelLoading: Promise<unknown> | null = null;
  #drawn: DrawnLauncher | null = null;
  #prefill: string | null = null;
  #focusOnOpen = false;
  #capturedEmail = '';
  #emailError = false;
  #fileNotice: FileNotice = '';
  #credentials: LoginOptions | null = null;

  private declare panelReady: boolean;

  /** Whether the panel is open (attribute `open`). Setting it never fires an event; the methods do. */
  declare opened: boolean;

  constructor() {
    super();
    this.opened = false;
    this.panelReady = false;
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
    return { ...this.#config };
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

  get #config(): SupportChatOptions {
    return this.#options.config;
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
    this.#teardown = new AbortController();
    const { signal } = this.#teardown;
    this.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Escape' || !this.opened || this.#config.mode !== 'launcher') return;
        event.stopPropagation();
        void this.#requestClose('escape');
      },
      { signal },
    );
    // Safari has no requestIdleCallback: a timer stands in.
    const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, IDLE_TIMEOUT_MS));
    const handle = idle(() => this.#onIdle(), { timeout: IDLE_TIMEOUT_MS });
    signal.addEventListener('abort', () => (globalThis.cancelIdleCallback ?? clearTimeout)(handle));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#teardown.abort();
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
    const locale = this.#config.locale;
    this.#options.refresh(changed);
    const config = this.#config;
    if (config.mode !== 'launcher' || (!this.hasUpdated && config.defaultOpen)) this.opened = true;
    if (config.locale !== locale || !this.hasUpdated) void this.#locale.apply(config.locale);
    if (this.opened) {
      void this.#ensurePanel();
      void this.#connect();
    }
    this.client?.setVisible(this.opened);
  }

  protected override updated(changed: PropertyValues): void {
    if (!this.panelReady || !this.opened) return;
    const panel = this.renderRoot.querySelector('support-chat-panel');
    if (!panel) return;
    if (this.#prefill !== null) {
      void panel.prefill(this.#prefill);
      this.#prefill = null;
      this.#focusOnOpen = false;
    } else if (this.#focusOnOpen && (changed.has('opened') || changed.has('panelReady'))) {
      this.#focusOnOpen = false;
      void panel.updateComplete.then(() => panel.focusInput());
    }
  }

  // ------------------------------------------------------------ the client

  async #createClient(): Promise<ChatClient> {
    const config = this.#config;
    const [{ ChatClient }, backend] = await Promise.all([
      import('./client/chat-client.js'),
      config.mock ? import('./transport/mock.js').then((mock) => mock.createMockBackend(config.channel)) : undefined,
    ]);
    const { externalUserId, userHash, nickname, email, phone, avatar, extra } = config;
    const link = this.link?.s ? { u: this.link.u ?? '', nick: this.link.nick ?? '', t: Number(this.link.t ?? 0), s: this.link.s } : null;
    return new ChatClient({
      channel: config.channel,
      server: resolveServer(config.server),
      wsServer: config.wsServer || undefined,
      configUrl: config.configUrl || undefined,
      storage: config.mock ? null : browserStorage(),
      locale: () => this.#locale.locale,
      profile: () => {
        const profile: VisitorProfile = { name: nickname, email, phone, avatarUrl: avatar, extra };
        return Object.fromEntries(Object.entries(profile).filter(([, value]) => value && (typeof value !== 'object' || Object.keys(value).length))) as VisitorProfile;
      },
      login: this.#credentials ?? (externalUserId ? { externalUserId, ...(userHash ? { userHash } : {}) } : null),
      link,
      fingerprint: config.fingerprint,
      ...(backend ? { backend } : {}),
    });
  }

  /** The element's side of the client: re-render on change, its events as DOM events, its config in the options. */
  #attach(client: ChatClient): Array<() => void> {
    client.setVisible(this.opened);
    const dispatch = (event: Event) => () => this.dispatchEvent(event);
    return [
      client.on('change', () => this.requestUpdate()),
      client.on('config', (config) => {
        // For the launcher the CDN loader draws on the next page; if refused, it draws from its own options.
        if (!this.#config.mock) writeItem(browserStorage(), appearanceKey(this.#config.channel), JSON.stringify(remoteLayer(config)));
        this.#options.remote = config;
      }),
      client.on('ready', () => dispatch(new SupportChatReadyEvent())()),
      client.on('message', (message) => dispatch(new SupportChatMessageEvent(message))()),
      client.on('unread', (count) => dispatch(new SupportChatUnreadEvent(count))()),
      client.on('typing', ({ from, name, typing }) => dispatch(new SupportChatTypingEvent({ from, name, typing }))()),
      client.on('state', ({ state, transport }) => dispatch(new SupportChatStateEvent(state, transport))()),
      client.on('error', (error) => this.#reportError(error)),
      client.on('tool-call', (call) =>
        import('./tool-call.js').then(
          ({ dispatchToolCall }) => dispatchToolCall(this, call),
          // The handler's chunk did not arrive: the agent gets an answer now, not a timeout.
          () => call.reject({ code: 'unavailable', message: 'the page could not load its tool handler' }),
        ),
      ),
      () => (this.#options.remote = null),
    ];
  }

  /** Connects the client (creating it first); failures are reported as `support-chat-error`. */
  async #connect(): Promise<void> {
    await (await this.#clients.ensure())?.connect().catch(() => {});
  }

  /**
   * The page went idle: a visitor who already has a conversation connects (so replies and
   * proactive messages arrive); a new one only gets the channel's appearance, once, and connects
   * on intent. In consent mode nothing happens before the visitor opens the chat.
   */
  #onIdle(): void {
    if (this.#config.noStorageUntilOpen) return;
    void this.#clients
      .ensure()
      .then((client): Promise<unknown> | undefined => {
        if (client?.hasConversation) return client.connect();
        if (!this.#options.hasRemembered) return client?.loadConfig();
      })
      .catch(() => {});
  }

  /** Hover or focus on the launcher: fetch what opening will need. */
  #onIntent(): void {
    void this.#ensurePanel();
    if (!this.#config.noStorageUntilOpen) void this.#connect();
  }

  #ensurePanel(): Promise<unknown> {
    this.#panelLoading ??= import('./ui/panel-define.js').then(({ definePanel }) => {
      definePanel();
      this.panelReady = true;
    });
    return this.#panelLoading;
  }

  /** The client, created if needed; without a channel there is none and the call fails. */
  async #requireClient(): Promise<ChatClient> {
    await this.updateComplete; // options set just before the call (or handed over by the CDN loader) are merged
    return (await this.#clients.ensure()) ?? Promise.reject(this.#fail('invalid_option', 'channel', 'set a channel first'));
  }

  #reportError(error: SupportChatError): void {
    const { code, message, param, retryAfter } = error;
    this.dispatchEvent(new SupportChatErrorEvent({ code, message, ...(param !== undefined && { param }), ...(retryAfter !== undefined && { retryAfter }) }));
  }

  #fail(code: 'invalid_request' | 'invalid_option', param: string, message: string): ValidationError {
    const error = new ValidationError(400, { code, message: `${param}: ${message}`, param });
    this.#reportError(error);
    return error;
  }

  // ------------------------------------------------------------ panel actions

  async #open(options: OpenOptions = {}): Promise<void> {
    if (typeof options.prefill === 'string') this.#prefill = options.prefill;
    if (this.opened) {
      this.requestUpdate(); // a new prefill goes into the open panel
    } else {
      this.opened = true;
      this.dispatchEvent(new SupportChatOpenEvent());
      await this.#ensurePanel();
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
    this.#focusOnOpen = true;
    void this.#open();
  }

  #onPanelAction({ detail }: PanelActionEvent): void {
    const client = this.client;
    switch (detail.action) {
      case 'send': // failures show on the message itself (with a retry) and as `support-chat-error`
        return void this.sendMessage(detail.value).catch(() => {});
      case 'files':
        return this.#sendFiles(detail.value);
      case 'email':
        return void this.#captureEmail(detail.value);
      case 'close':
        return void this.#requestClose('close-button');
      case 'rate':
        return void client?.rate(detail.value.score, detail.value.comment || undefined).catch(() => {});
      case 'retry':
        return client?.retry(detail.value);
      case 'typing':
        return client?.sendTyping(null, detail.value);
      case 'cancel-upload':
        return client?.cancelUpload(detail.value);
      case 'retry-upload':
        return client?.retryUpload(detail.value);
      case 'attachment-broken':
        return void client?.refreshAttachment(detail.value);
    }
  }

  /** The away form: the email joins the visitor's profile so the team can answer later. */
  async #captureEmail(email: string): Promise<void> {
    try {
      await this.identify({ email });
      this.#capturedEmail = email;
      this.#emailError = false;
    } catch {
      this.#emailError = true;
    }
    this.requestUpdate();
  }

  /** Files picked, dropped or pasted in the panel: each is uploaded and sent on its own. */
  #sendFiles(files: File[]): void {
    this.#fileNotice = '';
    this.requestUpdate();
    for (const file of files) {
      this.sendFile(file).catch((error: { code?: string }) => {
        const code = error.code ?? '';
        // Network failures stay on the upload, with a retry; refusals get a notice.
        if (code === 'payload_too_large') this.#fileNotice = 'too-large';
        else if (code === 'unsupported_media_type' || code === 'forbidden') this.#fileNotice = 'refused';
        this.requestUpdate();
      });
    }
  }

  // ------------------------------------------------------------ public methods

  /** Closes the panel and fires `support-chat-close` (no event when it was closed already). */
  async close(): Promise<void> {
    if (!this.opened || this.#config.mode !== 'launcher') return;
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
    if (typeof text !== 'string' || !text.trim()) throw this.#fail('invalid_request', 'text', 'a message needs text');
    return (await this.#requireClient()).send(text);
  }

  /**
   * Uploads `file` and sends it as the visitor (shown with progress, cancelable from the panel).
   * Resolves with the stored message. Files the channel cannot take are refused (`support-chat-error`
   * with `payload_too_large`, `unsupported_media_type` or `forbidden`, `param: 'file'`).
   */
  async sendFile(file: File): Promise<ChatMessage> {
    if (!(file instanceof Blob)) throw this.#fail('invalid_request', 'file', 'pass a File');
    return (await this.#requireClient()).sendFile(file);
  }

  /** Updates the visitor's profile (name, email, phone, avatarUrl, extra) without reconnecting; fires `support-chat-identify`. */
  async identify(profile: VisitorProfile): Promise<VisitorProfile> {
    const client = await this.#requireClient();
    try {
      const stored = await client.identify(profile);
      this.dispatchEvent(new SupportChatIdentifyEvent(stored));
      return stored;
    } catch (error) {
      if (error instanceof SupportChatError) this.#reportError(error);
      throw error;
    }
  }

  /** Switches the language and remembers the visitor's choice. Resolves once its strings are loaded. */
  async setLocale(locale: string): Promise<void> {
    if (!matchLocale(locale)) throw this.#fail('invalid_option', 'locale', `${locale} is not a supported locale`);
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
    await this.#locale.apply(this.#config.locale);
  }

  /**
   * Signs the visitor in as the host's customer and reconnects as them. A verified login
   * (assertion or userHash) takes the conversation written anonymously in this browser along.
   * Prefer `{ getAssertion }`: it is called again whenever a new login is needed.
   */
  async login(credentials: LoginOptions): Promise<void> {
    const given = credentials as { getAssertion?: unknown; assertion?: unknown; externalUserId?: unknown } | undefined;
    const valid = typeof given?.getAssertion === 'function' || typeof given?.assertion === 'string' || (typeof given?.externalUserId === 'string' && given.externalUserId);
    if (!valid) throw this.#fail('invalid_option', 'login', 'pass { getAssertion }, { assertion } or { externalUserId, userHash? }');
    this.#credentials = credentials;
    this.#clients.release();
    await (await this.#requireClient()).connect();
  }

  /** Signs the customer out: forgets this channel's visitor and continues as a new anonymous one. */
  async logout(): Promise<void> {
    this.#credentials = null;
    this.externalUserId = undefined;
    this.userHash = undefined;
    this.#forgetVisitor();
    await this.updateComplete;
    if (this.opened) await this.#connect();
  }

  /** Marks every message as seen (the unread count drops to 0). */
  async markRead(): Promise<void> {
    this.client?.markRead();
  }

  /** Disconnects and forgets the visitor on this channel (sign-out); fires `support-chat-shutdown`. */
  async shutdown(): Promise<void> {
    this.#forgetVisitor();
    this.opened = this.#config.mode !== 'launcher';
    this.dispatchEvent(new SupportChatShutdownEvent());
    await this.updateComplete;
  }

  /** Forgets the channel's stored visitor and releases the client (nothing of it stays reachable). */
  #forgetVisitor(): void {
    if (!this.#config.mock && this.#config.channel) new ChannelStorage(browserStorage(), this.#config.channel).forget();
    this.#clients.release();
    this.requestUpdate();
  }

  // ------------------------------------------------------------ render

  override render() {
    const config = this.#config;
    const { strings: t, locale } = this.#locale;
    const client = this.client;
    const remote = client?.config;
    const launcher = config.mode === 'launcher';
    const classes = `root mode-${config.mode} theme-${config.theme} pos-${config.position} mpos-${config.mobilePosition}`;
    const modal = launcher && globalThis.matchMedia?.('(max-width: 640px)').matches;
    const view: PanelView = {
      strings: t,
      locale,
      heading: config.headerTitle,
      subtitle: config.headerSubtitle,
      greeting: config.greeting,
      closable: launcher,
      state: client?.state ?? 'idle',
      online: remote?.online ?? null,
      typingName: client?.agentTyping?.name ?? null,
      messages: client?.transcript ?? [],
      pending: client?.pending ?? [],
      seenSeq: client?.seenByTeam ?? 0,
      faqs: client?.faqs ?? [],
      ended: client?.conversation?.status === 'closed',
      rating: client?.conversation?.rating ?? null,
      offlineMessage: remote?.offlineMessage ?? '',
      email: this.#capturedEmail || config.email,
      emailError: this.#emailError,
      uploads: client?.uploads ?? [],
      accept: remote?.uploads?.types ?? [],
      maxBytes: remote?.uploads?.maxBytes ?? 0,
      fileNotice: this.#fileNotice,
      fileBase: resolveServer(config.server),
    };
    return html`<div class=${classes} dir=${localeDirection(locale)} lang=${locale}>
      ${launcher && !config.noLauncher
        ? renderLauncher({
            config,
            strings: t,
            opened: this.opened,
            unread: client?.unreadCount ?? 0,
            onClick: () => this.#onLauncherClick(),
            onIntent: () => this.#onIntent(),
            onIconReady: () => this.requestUpdate(),
          })
        : nothing}
      <support-chat-panel
        id="panel"
        part="panel"
        class="panel"
        exportparts="header,close-button,messages,message,faq,away,email,ended,composer,input,send,attach,thumbnail,file"
        role=${launcher ? 'dialog' : 'region'}
        aria-modal=${modal ? 'true' : nothing}
        aria-label=${config.headerTitle || remote?.headerTitle || t.title}
        ?hidden=${!this.opened || !this.panelReady}
        .view=${view}
        @panel-action=${(event: PanelActionEvent) => this.#onPanelAction(event)}
      ></support-chat-panel>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat': SupportChat;
  }
}
