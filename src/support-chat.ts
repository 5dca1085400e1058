import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { appearanceVariables } from './config/appearance.js';
import { OPTION_NAMES, OPTIONS, type SupportChatOptions } from './config/options.js';
import { remoteLayer, resolveOptions, type InvalidOption, type OptionLayer } from './config/resolve.js';
import { resolveServer } from './config/server.js';
import {
  SupportChatCloseEvent,
  SupportChatConfigEvent,
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
import { en, type Messages } from './i18n/en.js';
import { effectiveLocale, localeDirection, LOCALE_KEY, matchLocale } from './i18n/locales.js';
import type { ChatMessage, ConnectionState, VisitorProfile } from './protocol.js';
import type { ChatSession, LoginCredentials, SessionEvent } from './session/chat-session.js';
import { styles } from './support-chat.styles.js';
import { renderLauncher } from './ui/launcher.js';
import { CDN_HANDOFF, rememberedKey, type HandoffHolder } from './loader/handoff.js';
import { VERSION } from './version.js';

export type { SupportChatOptions } from './config/options.js';
export type SupportChatMode = SupportChatOptions['mode'];

/** How `login()` signs the visitor in (DESIGN.md §5). */
export type LoginOptions =
  /** Called for every handshake (first login, reconnect after expiry): the recommended way. */
  | { getAssertion: () => Promise<string> }
  /** An HS256 assertion from the host's backend; usable once. */
  | { assertion: string }
  /** The host's id for the customer, with `userHash` on `hmac` channels (bare only in `direct` mode). */
  | { externalUserId: string; userHash?: string };

export interface OpenOptions {
  /** Text placed in the composer, ready to send. */
  prefill?: string;
}

/** Option layers the CDN loader hands to the element (below anything set on the element). */
export interface CdnOptions {
  data: OptionLayer;
  query: OptionLayer;
}

const IDLE_TIMEOUT_MS = 3000;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // blocked by the browser's privacy settings
  }
}

function remember(key: string, value: string): void {
  try {
    storage()?.setItem(key, value);
  } catch {
    // Storage full or refused: not remembered, the caller goes on without it.
  }
}

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
 * on intent (hover, focus, open) or when the browser is idle.
 *
 * @summary Customer-support chat widget (launcher + panel) in Shadow DOM.
 * @tagname support-chat
 *
 * @fires {SupportChatReadyEvent} support-chat-ready - The session is connected; methods act at once from here on.
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
    // Lit gives `state` properties no attribute; `attribute: false` says so to the manifest's
    // analyzer too, which would otherwise list them as attributes.
    panelReady: { state: true, attribute: false },
    strings: { state: true, attribute: false },
    revision: { state: true, attribute: false },
  };
  /** The package version. */
  static readonly version = VERSION;

  /** Everything to release when the element leaves the DOM (the `subs` pattern of socket.io-client). */
  #subscriptions: Array<() => void> = [];
  #session: ChatSession | null = null;
  #sessionKey = '';
  #sessionLoading: Promise<ChatSession | null> | null = null;
  #panelLoading: Promise<unknown> | null = null;
  #cdn: CdnOptions = { data: {}, query: {} };
  /** What the CDN loader drew in the shadow root before this class loaded, until replaced. */
  #drawnByLoader: ChildNode[] | null = null;
  #config: SupportChatOptions = resolveOptions([], () => {});
  #reported = new Set<string>();
  #localeRequest = 0;
  #locale = 'en';
  #prefill: string | null = null;
  #focusOnOpen = false;
  #announcedUnread = 0;
  #capturedEmail = '';
  #emailError = false;
  /** Why the last picked file was refused (`too-large`, `refused`), shown under the log. */
  #fileNotice: '' | 'too-large' | 'refused' = '';
  #credentials: LoginOptions | null = null;
  #variables: string[] = [];
  #configStale = true;
  /** The channel config the options were last merged with. */
  #remoteSeen: object | null = null;

  // Internal reactive state (declared in `properties`; `declare` keeps class fields from shadowing Lit's accessors).
  private declare panelReady: boolean;
  private declare strings: Messages;
  /** Re-rendered whenever the session changes; the session itself holds the state. */
  private declare revision: number;

  /** Whether the panel is open (attribute `open`). Setting it never fires an event; the methods do. */
  declare opened: boolean;

  constructor() {
    super();
    this.opened = false;
    this.panelReady = false;
    this.strings = en;
    this.revision = 0;
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

  /** Connection state: `idle`, `connecting`, `online`, `fallback` or `offline`. */
  get state(): ConnectionState {
    return this.#session?.state ?? 'idle';
  }

  /** Team messages the visitor has not seen. */
  get unreadCount(): number {
    return this.#session?.unreadCount ?? 0;
  }

  /** Stored messages of the current conversation, in `seq` order. */
  get messages(): ChatMessage[] {
    return [...(this.#session?.messages ?? [])];
  }

  /** The current conversation's id, once there is one. */
  get conversationId(): string | null {
    return this.#session?.conversationId ?? null;
  }

  /** The visitor's id on this channel, once the session has one. */
  get visitorId(): string | null {
    return this.#session?.visitorId ?? null;
  }

  /** The locale in use (a supported one, after fallback). */
  get activeLocale(): string {
    return this.#locale;
  }

  /** @internal A signed standalone link's `u`, `nick`, `t` and `s`, from the `/c` page. */
  link: Record<string, string> | null = null;

  /** @internal The CDN loader's `data-*` and query layers. */
  set cdnOptions(options: CdnOptions) {
    this.#cdn = options;
    this.#configStale = true;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    // Options the CDN loader gave this element before its class had loaded (loader/handoff.ts).
    const handoff = (this as HandoffHolder)[CDN_HANDOFF];
    if (handoff) {
      delete (this as HandoffHolder)[CDN_HANDOFF];
      this.cdnOptions = handoff.cdnOptions;
      this.link = handoff.link;
    }
    super.connectedCallback();
    const onKeydown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && this.opened && this.#config.mode === 'launcher') {
        event.stopPropagation();
        void this.#requestClose('escape');
      }
    };
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      this.#markReadIfSeen();
      void this.#session?.resync();
    };
    const onOnline = () => void this.#session?.resync();
    // Other tabs of the same browser share the visitor: their read position clears the badge here.
    const onStorage = (event: StorageEvent) => this.#session?.storageChanged(event.key);
    // One signal removes them all.
    const listeners = new AbortController();
    const options = { signal: listeners.signal };
    this.addEventListener('keydown', onKeydown, options);
    document.addEventListener('visibilitychange', onVisible, options);
    window.addEventListener('online', onOnline, options);
    window.addEventListener('storage', onStorage, options);
    this.#subscriptions.push(() => listeners.abort());
    this.#whenIdle(() => {
      if (!this.#config.noStorageUntilOpen) void this.#ensureSession();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopSession();
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
  }

  /**
   * The CDN loader may have drawn the launcher before this class loaded (loader/skeleton.ts),
   * in this shadow root: it stays until this element's first render replaces it in the same
   * frame, and that render waits for a task of its own, so the page never meets loading this
   * class and rendering it as one long task.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    if (this.shadowRoot) this.#drawnByLoader = [...this.shadowRoot.childNodes];
    const root = super.createRenderRoot();
    // LitElement would render before the first node it finds (for server-rendered markup); the
    // drawn launcher is removed instead, so render at the end.
    if (this.#drawnByLoader) this.renderOptions.renderBefore = null;
    return root;
  }

  protected override async scheduleUpdate(): Promise<unknown> {
    if (this.#drawnByLoader && !this.hasUpdated) {
      await new Promise((resolve) => setTimeout(resolve));
      // A press on the drawn launcher must end on it, or its click would be lost in the swap.
      if (this.shadowRoot?.querySelector('[part="launcher"]:active')) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, 2000);
          window.addEventListener('pointerup', () => setTimeout(() => resolve(clearTimeout(timer))), { once: true, capture: true });
        });
      }
    }
    return super.scheduleUpdate();
  }

  protected override update(changed: PropertyValues): void {
    const drawn = this.#drawnByLoader;
    this.#drawnByLoader = null;
    const focused = drawn && this.shadowRoot?.activeElement?.getAttribute('part') === 'launcher';
    drawn?.forEach((node) => node.remove());
    super.update(changed);
    if (focused) this.#focusLauncher();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = this.#config;
    // Most updates are new messages: the options are merged again only when an input moved.
    if (this.#configStale || [...changed.keys()].some((key) => key in OPTIONS)) {
      this.#config = this.#resolve();
      this.#configStale = false;
    }
    const config = this.#config;
    if (config.mode !== 'launcher' || (!this.hasUpdated && config.defaultOpen)) this.opened = true;
    if (config.locale !== before.locale || !this.hasUpdated) void this.#applyLocale();
    const key = this.#connectionKey();
    if (key !== this.#sessionKey && (this.#session || this.#sessionLoading)) {
      this.#stopSession();
      void this.#ensureSession();
    }
    if (this.opened) {
      void this.#ensurePanel();
      void this.#ensureSession();
    }
    if (changed.has('opened') && this.opened) this.#markReadIfSeen();
  }

  protected override updated(changed: PropertyValues): void {
    this.#applyVariables();
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

  // ------------------------------------------------------------ options

  /**
   * Sets the appearance variables through CSSOM, never a `style` attribute: a host page with
   * `style-src 'self'` refuses inline style attributes (Lit's styleMap writes one on first render).
   */
  #applyVariables(): void {
    const root = this.renderRoot.querySelector<HTMLElement>('.root');
    if (!root) return;
    const next = appearanceVariables(this.#config);
    for (const name of this.#variables) if (!(name in next)) root.style.removeProperty(name);
    for (const [name, value] of Object.entries(next)) root.style.setProperty(name, value);
    this.#variables = Object.keys(next);
  }

  #resolve(): SupportChatOptions {
    const host: OptionLayer = {};
    for (const name of OPTION_NAMES) host[name] = (this as Record<string, unknown>)[name];
    const layers = [host, { ...this.#cdn.data }, { ...this.#cdn.query }, remoteLayer(this.#session?.config)];
    // Inline SVG is accepted only from the JS property, never from markup, data-* or a URL.
    for (const layer of layers) {
      const icon = layer.buttonIcon;
      const fromProperty = layer === host && this.getAttribute('button-icon') !== icon;
      if (typeof icon === 'string' && icon.trimStart().startsWith('<') && !fromProperty) {
        this.#reportInvalid({ name: 'buttonIcon', attribute: 'button-icon', value: icon.slice(0, 40) });
        delete layer.buttonIcon;
      }
    }
    return resolveOptions(layers, (invalid) => this.#reportInvalid(invalid));
  }

  #reportInvalid({ attribute, value }: InvalidOption): void {
    const message = `${attribute}: ${JSON.stringify(value)} is not a valid value`;
    if (this.#reported.has(message)) return;
    this.#reported.add(message);
    this.dispatchEvent(new SupportChatErrorEvent({ code: 'invalid_option', message, param: attribute }));
  }

  #connectionKey(): string {
    const { channel, server, mock } = this.#config;
    return `${channel}|${resolveServer(server)}|${mock}`;
  }

  // ------------------------------------------------------------ locale

  /** Loads the effective locale; a later request wins over one still loading. */
  async #applyLocale(): Promise<void> {
    const request = ++this.#localeRequest;
    const stored = this.#storageAllowed() ? storage()?.getItem(LOCALE_KEY) : null;
    const locale = effectiveLocale(this.#config.locale, stored);
    // English is in this chunk: only another locale fetches the loader and its strings.
    const messages = locale === 'en' ? en : await (await import('./i18n/index.js')).loadMessages(locale);
    if (request !== this.#localeRequest) return; // a newer choice was made meanwhile
    this.#locale = locale;
    this.strings = messages;
  }

  // ------------------------------------------------------------ lazy parts

  /** `no-storage-until-open`: nothing is read from or written to storage before the session starts. */
  #storageAllowed(): boolean {
    return !this.#config.noStorageUntilOpen || !!this.#session;
  }

  #whenIdle(run: () => void): void {
    // Safari has no requestIdleCallback: a timer stands in.
    const idle = globalThis.requestIdleCallback as typeof requestIdleCallback | undefined;
    const handle = idle ? idle(run, { timeout: IDLE_TIMEOUT_MS }) : window.setTimeout(run, IDLE_TIMEOUT_MS);
    this.#subscriptions.push(() => (idle ? cancelIdleCallback : clearTimeout)(handle));
  }

  /** Hover or focus on the launcher: fetch what opening will need. */
  #onIntent(): void {
    void this.#ensurePanel();
    if (!this.#config.noStorageUntilOpen) void this.#ensureSession();
  }

  #ensurePanel(): Promise<unknown> {
    this.#panelLoading ??= import('./ui/panel-define.js').then(({ definePanel }) => {
      definePanel();
      this.panelReady = true;
    });
    return this.#panelLoading;
  }

  /** Creates and starts the session (once per channel/server); resolves null without a channel. */
  #ensureSession(): Promise<ChatSession | null> {
    const config = this.#config;
    // Started or starting already, or nothing to start: the session, the one loading, or null.
    if (this.#session || this.#sessionLoading || !config.channel || !this.isConnected) return this.#sessionLoading ?? Promise.resolve(this.#session);
    this.#sessionKey = this.#connectionKey();
    // Compared with `#sessionLoading` once the chunks arrived: a stop or a restart meanwhile replaced it.
    let loading!: Promise<ChatSession | null>;
    loading = (async () => {
      const { ChatSession } = await import('./session/chat-session.js');
      const backend = config.mock ? (await import('./transport/mock.js')).createMockBackend(config.channel) : null;
      if (this.#sessionLoading !== loading) return null; // replaced or released meanwhile
      const session = new ChatSession({
        channel: config.channel,
        server: resolveServer(config.server),
        storage: config.mock ? null : storage(),
        locale: () => this.#locale,
        profile: () => this.#profile(),
        login: () => this.#loginCredentials(),
        fingerprint: config.fingerprint,
        context: () => ({ pageUrl: location.href, referrer: document.referrer, locale: this.#locale }),
        ...(backend ? { api: backend.api, transport: backend.transport } : {}),
      });
      this.#session = session;
      this.#sessionLoading = null;
      const unsubscribe = session.subscribe((event) => this.#onSessionEvent(event));
      this.#subscriptions.push(unsubscribe);
      session.start();
      this.revision += 1;
      return session;
    })();
    this.#sessionLoading = loading;
    return loading;
  }

  #stopSession(): void {
    // Without a session the channel's remote layer is gone: merge again on the next update.
    this.#configStale = true;
    this.#remoteSeen = null;
    this.#session?.stop();
    this.#session = null;
    this.#sessionLoading = null;
  }

  /** Credentials for one handshake: what `login()` gave, else the external-user-id/user-hash options. */
  async #loginCredentials(): Promise<LoginCredentials> {
    const credentials = this.#credentials;
    if (!credentials && this.link?.s) {
      const { u = '', nick = '', t = '0', s } = this.link;
      return { entry: 'link', u, nick, t: Number(t), s };
    }
    if (credentials && 'getAssertion' in credentials) return { assertion: await credentials.getAssertion() };
    if (credentials && 'assertion' in credentials) {
      this.#credentials = null; // single use: a later handshake renews the token instead
      return { assertion: credentials.assertion };
    }
    const { externalUserId, userHash } = credentials ?? this.#config;
    return externalUserId ? { externalUserId, ...(userHash ? { userHash } : {}) } : {};
  }

  /** Resolves when `session` is connected, rejects with its first error. */
  #whenReady(session: ChatSession): Promise<void> {
    return new Promise((resolve, reject) => {
      const unsubscribe = session.subscribe((event) => {
        if (event.type === 'ready') {
          unsubscribe();
          resolve();
        } else if (event.type === 'error') {
          unsubscribe();
          reject(Object.assign(new Error(event.error.message), event.error));
        }
      });
    });
  }

  #profile(): VisitorProfile {
    const { nickname, email, phone, avatar, extra } = this.#config;
    const profile: VisitorProfile = {};
    if (nickname) profile.name = nickname;
    if (email) profile.email = email;
    if (phone) profile.phone = phone;
    if (avatar) profile.avatarUrl = avatar;
    if (Object.keys(extra).length) profile.extra = extra;
    return profile;
  }

  #onSessionEvent(event: SessionEvent): void {
    switch (event.type) {
      case 'change': {
        this.revision += 1;
        // Only a new channel config (remote layer) can change the options from here.
        const remote = this.#session?.config ?? null;
        if (remote !== this.#remoteSeen) {
          this.#remoteSeen = remote;
          // For the launcher the CDN loader draws on the next page (loader/handoff.ts).
          // If refused, the next page draws the launcher from its own options only.
          if (remote && !this.#config.mock) remember(rememberedKey(this.#config.channel), JSON.stringify(remoteLayer(remote)));
          const before = this.#config;
          this.#config = this.#resolve();
          if (OPTION_NAMES.some((name) => JSON.stringify(before[name]) !== JSON.stringify(this.#config[name]))) {
            this.dispatchEvent(new SupportChatConfigEvent(this.config));
          }
        }
        break;
      }
      case 'ready':
        this.#markReadIfSeen();
        this.dispatchEvent(new SupportChatReadyEvent());
        break;
      case 'message':
        this.dispatchEvent(new SupportChatMessageEvent(event.message));
        break;
      case 'unread':
        // Seen at once (panel open, page visible): read, no badge. Otherwise announce changes.
        if (event.count > 0 && this.#seen()) this.#session?.markRead();
        else if (event.count !== this.#announcedUnread) {
          this.#announcedUnread = event.count;
          this.dispatchEvent(new SupportChatUnreadEvent(event.count));
        }
        break;
      case 'typing':
        this.dispatchEvent(new SupportChatTypingEvent({ from: event.from, name: event.name, typing: event.typing }));
        break;
      case 'state':
        this.dispatchEvent(new SupportChatStateEvent(event.state, event.transport));
        break;
      case 'error':
        this.dispatchEvent(new SupportChatErrorEvent(event.error));
        break;
      case 'tool-call': {
        const session = this.#session;
        if (!session) break;
        import('./tool-call.js').then(
          ({ dispatchToolCall }) => dispatchToolCall(this, session, event.call),
          // The handler's chunk did not arrive: the agent gets an answer now, not a timeout.
          () => session.answerTool(event.call.callId, { ok: false, error: { code: 'unavailable', message: 'the page could not load its tool handler' } }).catch(() => {}),
        );
        break;
      }
    }
  }

  /** The visitor can see the messages: the panel is open and the page visible. */
  #seen(): boolean {
    return this.opened && globalThis.document?.visibilityState !== 'hidden';
  }

  #markReadIfSeen(): void {
    if (this.#seen()) this.#session?.markRead();
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
    if (this.opened) {
      void this.#requestClose('launcher');
    } else {
      this.#focusOnOpen = true;
      void this.#open();
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
    this.revision += 1;
  }

  #send(text: string): void {
    // Failures show on the message itself (with a retry) and as `support-chat-error`.
    this.sendMessage(text).catch(() => {});
  }

  /** Files picked, dropped or pasted in the panel: each is uploaded and sent on its own. */
  #sendFiles(files: File[]): void {
    this.#fileNotice = '';
    this.revision += 1;
    for (const file of files) {
      this.sendFile(file).catch((error: { code?: string }) => {
        const notice = error.code === 'payload_too_large' ? 'too-large' : error.code === 'unsupported_media_type' || error.code === 'forbidden' ? 'refused' : '';
        if (!notice) return; // network failures stay on the upload, with a retry
        this.#fileNotice = notice;
        this.revision += 1;
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
    return (await this.#requireSession()).send(text);
  }

  /**
   * Uploads `file` and sends it as the visitor (shown with progress, cancelable from the panel).
   * Resolves with the stored message. Files the channel cannot take are refused (`support-chat-error`
   * with `payload_too_large`, `unsupported_media_type` or `forbidden`, `param: 'file'`).
   */
  async sendFile(file: File): Promise<ChatMessage> {
    if (!(file instanceof Blob)) throw this.#fail('invalid_request', 'file', 'pass a File');
    return (await this.#requireSession()).sendFile(file);
  }

  /** Updates the visitor's profile (name, email, phone, avatarUrl, extra) without reconnecting; fires `support-chat-identify`. */
  async identify(profile: VisitorProfile): Promise<VisitorProfile> {
    const session = await this.#requireSession();
    try {
      const stored = await session.identify(profile);
      this.dispatchEvent(new SupportChatIdentifyEvent(stored));
      return stored;
    } catch (error) {
      const { code, message, param } = error as { code?: string; message: string; param?: string };
      this.dispatchEvent(new SupportChatErrorEvent({ code: (code ?? 'internal') as 'internal', message, ...(param ? { param } : {}) }));
      throw error;
    }
  }

  /** Switches the language and remembers the visitor's choice. Resolves once its strings are loaded. */
  async setLocale(locale: string): Promise<void> {
    if (!matchLocale(locale)) throw this.#fail('invalid_option', 'locale', `${locale} is not a supported locale`);
    if (this.#storageAllowed()) remember(LOCALE_KEY, locale); // if refused, still applied
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
      else this.#reportInvalid({ name: name as never, attribute: name, value });
    }
    await this.updateComplete;
    await this.#applyLocale();
  }

  /**
   * Signs the visitor in as the host's customer and reconnects as them. A verified login
   * (assertion or userHash) takes the conversation written anonymously in this browser along.
   * Prefer `{ getAssertion }`: it is called again whenever a new login is needed.
   */
  async login(credentials: LoginOptions): Promise<void> {
    const given = credentials as { getAssertion?: unknown; assertion?: unknown; externalUserId?: unknown } | undefined;
    const valid =
      typeof given?.getAssertion === 'function' ||
      typeof given?.assertion === 'string' ||
      (typeof given?.externalUserId === 'string' && given.externalUserId);
    if (!valid) throw this.#fail('invalid_option', 'login', 'pass { getAssertion }, { assertion } or { externalUserId, userHash? }');
    this.#credentials = credentials;
    this.#stopSession();
    const session = await this.#requireSession();
    this.revision += 1;
    await this.#whenReady(session);
  }

  /** Signs the customer out: forgets this channel's session and continues as a new anonymous visitor. */
  async logout(): Promise<void> {
    this.#credentials = null;
    this.externalUserId = undefined;
    this.userHash = undefined;
    this.#session?.forget();
    this.#stopSession();
    this.revision += 1;
    await this.updateComplete;
    if (this.opened) await this.#ensureSession();
  }

  /** Whether the server verified who the visitor is (a login with an assertion or a userHash). */
  get verified(): boolean {
    return this.#session?.verified ?? false;
  }

  /** Marks every message as seen (the unread count drops to 0). */
  async markRead(): Promise<void> {
    this.#session?.markRead();
  }

  /** Disconnects and forgets the visitor on this channel (sign-out); fires `support-chat-shutdown`. */
  async shutdown(): Promise<void> {
    this.#session?.forget();
    this.#stopSession();
    this.opened = this.#config.mode !== 'launcher';
    this.revision += 1;
    this.dispatchEvent(new SupportChatShutdownEvent());
    await this.updateComplete;
  }

  /** The session, created if needed; without a channel there is none and the call fails. */
  async #requireSession(): Promise<ChatSession> {
    return (await this.#ensureSession()) ?? Promise.reject(this.#fail('invalid_option', 'channel', 'set a channel first'));
  }

  #fail(code: 'invalid_request' | 'invalid_option', param: string, message: string): Error {
    message = `${param}: ${message}`;
    this.dispatchEvent(new SupportChatErrorEvent({ code, message, param }));
    return Object.assign(new Error(message), { code, param });
  }

  // ------------------------------------------------------------ render

  override render() {
    const config = this.#config;
    const t = this.strings;
    const session = this.#session;
    const remote = session?.config;
    const launcher = config.mode === 'launcher';
    const unread = session?.unreadCount ?? 0;
    const classes = `root mode-${config.mode} theme-${config.theme} pos-${config.position} mpos-${config.mobilePosition}`;
    const modal = launcher && globalThis.matchMedia?.('(max-width: 640px)').matches;
    return html`<div class=${classes} dir=${localeDirection(this.#locale)} lang=${this.#locale}>
      ${launcher
        ? renderLauncher({
            config,
            strings: t,
            opened: this.opened,
            unread,
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
        .strings=${t}
        .messages=${session?.messages ?? []}
        .pending=${session?.pending ?? []}
        .state=${session?.state ?? 'idle'}
        .online=${remote?.online ?? null}
        .typingName=${session?.agentTyping?.name ?? null}
        .seenSeq=${session?.seenByTeam ?? 0}
        .faqs=${session?.faqs ?? []}
        .offlineMessage=${remote?.offlineMessage ?? ''}
        .ended=${session?.conversation?.status === 'closed'}
        .rating=${session?.conversation?.rating ?? null}
        @panel-rate=${(event: CustomEvent<{ score: number; comment: string }>) => void session?.rate(event.detail.score, event.detail.comment || undefined).catch(() => {})}
        .email=${this.#capturedEmail || config.email}
        .emailError=${this.#emailError}
        @panel-email=${(event: CustomEvent<string>) => void this.#captureEmail(event.detail)}
        .heading=${config.headerTitle}
        .subtitle=${config.headerSubtitle}
        .greeting=${config.greeting}
        .closable=${launcher}
        @panel-send=${(event: CustomEvent<string>) => this.#send(event.detail)}
        @panel-retry=${(event: CustomEvent<string>) => session?.retry(event.detail)}
        .uploads=${session?.uploads ?? []}
        .accept=${remote?.uploads?.types ?? []}
        .maxBytes=${remote?.uploads?.maxBytes ?? 0}
        .fileNotice=${this.#fileNotice}
        .fileBase=${resolveServer(config.server)}
        .locale=${this.#locale}
        @panel-files=${(event: CustomEvent<File[]>) => this.#sendFiles(event.detail)}
        @panel-cancel-upload=${(event: CustomEvent<string>) => session?.cancelUpload(event.detail)}
        @panel-retry-upload=${(event: CustomEvent<string>) => session?.retryUpload(event.detail)}
        @panel-attachment-broken=${(event: CustomEvent<string>) => void session?.refreshAttachment(event.detail)}
        @panel-typing=${(event: CustomEvent<boolean>) => session?.typing(event.detail)}
        @panel-close=${() => void this.#requestClose('close-button')}
      ></support-chat-panel>
    </div>`;
  }
}
