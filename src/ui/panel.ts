import { adoptStyles, html, LitElement, nothing, supportsAdoptingStyleSheets, svg, type PropertyDeclarations } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { format, type Messages } from '../i18n/en.js';
import type { Attachment, ChatMessage, ConnectionState } from '../protocol.js';
import type { PendingMessage, UploadItem } from '../session/chat-session.js';
import { attachmentStyles, renderAttachments, type AttachmentView } from './attachments.js';
import { closeIcon, paperclipIcon } from './icons.js';
import type * as Extras from './panel-extras.js';
import { panelStyles } from './panel.styles.js';

const sendIcon = svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"/></svg>`;
const TYPING_IDLE_MS = 2500;
/** Every input comes as a property from <support-chat>; none is an attribute. */
const fromHost = { attribute: false };
const ownState = { state: true };

/**
 * The chat window inside `<support-chat>`: header, message log and composer. Internal: it is
 * loaded on intent, gets everything through properties and reports what the visitor does with
 * events (`panel-send`, `panel-retry`, `panel-close`, `panel-typing`, `panel-files`, …). It never
 * touches the session.
 */
export class SupportChatPanel extends LitElement {
  static override styles = [panelStyles, attachmentStyles];
  // Declared here rather than with decorators: the decorator modules would be one more thing to download.
  static override properties: PropertyDeclarations = {
    strings: fromHost,
    messages: fromHost,
    pending: fromHost,
    state: fromHost,
    online: fromHost,
    typingName: fromHost,
    ended: fromHost,
    rating: fromHost,
    offlineMessage: fromHost,
    email: fromHost,
    emailError: fromHost,
    faqs: fromHost,
    seenSeq: fromHost,
    heading: fromHost,
    subtitle: fromHost,
    greeting: fromHost,
    closable: fromHost,
    uploads: fromHost,
    accept: fromHost,
    fileNotice: fromHost,
    maxBytes: fromHost,
    fileBase: fromHost,
    locale: fromHost,
    dragging: ownState,
    lightbox: ownState,
  };

  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #typing = false;
  #stickToBottom = true;
  /** dragenter/dragleave fire for every child crossed: count them to know when the drag left. */
  #dragDepth = 0;
  /** The closed conversation's box, the lightbox, the drop target and the upload rows, once loaded (see `#loadExtras`). */
  #extras: typeof Extras | null = null;
  #extrasLoading: Promise<void> | null = null;

  get #input(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }
  get #log(): HTMLElement | null {
    return this.renderRoot.querySelector('.messages');
  }
  get #picker(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input[type=file]');
  }

  private dragging = false;
  private lightbox: Attachment | null = null;

  // The inputs have no defaults: <support-chat> binds every one of them in the template that
  // creates the panel (support-chat.ts, render), so the panel never renders without them.
  declare strings: Messages;
  declare messages: ChatMessage[];
  declare pending: PendingMessage[];
  declare state: ConnectionState;
  /** Whether the team is online; null until the channel config is known. */
  declare online: boolean | null;
  declare typingName: string | null;
  /** The conversation was closed: the panel offers a rating until one is given. */
  declare ended: boolean;
  declare rating: { score: number } | null;
  /** Shown while the team is away, above the email capture. */
  declare offlineMessage: string;
  /** The email the visitor left (or the host set): the capture form then thanks instead of asking. */
  declare email: string;
  declare emailError: boolean;
  /** Suggested questions, shown as chips while the conversation is empty. */
  declare faqs: Array<{ id: string; question: string }>;
  /** The highest `seq` the team has seen: "Seen" goes under the newest visitor message up to it. */
  declare seenSeq: number;
  declare heading: string;
  declare subtitle: string;
  declare greeting: string;
  declare closable: boolean;
  /** Files on their way up. */
  declare uploads: UploadItem[];
  /** The accepted types for the file picker; empty when the channel takes no files. */
  declare accept: string[];
  /** What went wrong with the last file the visitor picked, if anything. */
  declare fileNotice: '' | 'too-large' | 'refused';
  /** The channel's largest file, for the "too large" notice. */
  declare maxBytes: number;
  /** The server origin that root-relative file URLs are resolved against. */
  declare fileBase: string;
  declare locale: string;

  constructor() {
    super();
    // Dropping files anywhere on the panel attaches them.
    this.addEventListener('dragenter', (event) => this.#onDrag(event, 1));
    this.addEventListener('dragleave', (event) => this.#onDrag(event, -1));
    this.addEventListener('dragover', (event) => this.#onDrag(event, 0));
    this.addEventListener('drop', (event) => this.#onDrop(event));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#typingTimer);
  }

  protected override willUpdate(): void {
    if (this.ended || this.uploads.length || this.fileNotice) void this.#loadExtras();
    const log = this.#log;
    this.#stickToBottom = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  protected override updated(): void {
    // Follow new messages unless the visitor scrolled up to read older ones.
    if (this.#stickToBottom && this.#log) this.#log.scrollTop = this.#log.scrollHeight;
  }

  /** Puts text in the composer (`open({prefill})`) and focuses it. */
  async prefill(text: string): Promise<void> {
    await this.updateComplete;
    if (this.#input) this.#input.value = text;
    this.focusInput();
  }

  focusInput(): void {
    this.#input?.focus();
  }

  #emit(name: string, detail: unknown = null): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  #setTyping(typing: boolean): void {
    if (typing !== this.#typing) {
      this.#typing = typing;
      this.#emit('panel-typing', typing);
    }
  }

  #onInput(): void {
    this.#setTyping(Boolean(this.#input?.value.trim()));
    clearTimeout(this.#typingTimer);
    this.#typingTimer = setTimeout(() => this.#setTyping(false), TYPING_IDLE_MS);
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.#input;
    if (!input || !input.value.trim()) return;
    this.#emit('panel-send', input.value);
    input.value = '';
    this.#stickToBottom = true;
    clearTimeout(this.#typingTimer);
    this.#setTyping(false);
  }

  #sendFiles(files: Iterable<File>): void {
    const list = [...files];
    if (!list.length) return;
    void this.#loadExtras(); // the upload rows, while the session fetches its upload code
    this.#emit('panel-files', list);
  }

  /** The drag's data when it carries files and the channel takes files, else null. */
  #fileTransfer(event: DragEvent): DataTransfer | null {
    const transfer = event.dataTransfer;
    return this.accept.length && transfer?.types.includes('Files') ? transfer : null;
  }

  #onDrag(event: DragEvent, step: number): void {
    const transfer = this.#fileTransfer(event);
    if (!transfer) return;
    event.preventDefault(); // lets the drop happen here instead of the browser opening the file
    void this.#loadExtras(); // the drop target
    transfer.dropEffect = 'copy';
    this.#dragDepth = Math.max(0, this.#dragDepth + step);
    this.dragging = this.#dragDepth > 0;
  }

  #onDrop(event: DragEvent): void {
    const transfer = this.#fileTransfer(event);
    if (!transfer) return;
    event.preventDefault();
    this.#dragDepth = 0;
    this.dragging = false;
    this.#sendFiles(transfer.files);
  }

  /** Pasted images (screenshots) are sent as files; pasted text stays text. */
  #onPaste(event: ClipboardEvent): void {
    const files = event.clipboardData?.files;
    if (!files?.length || !this.accept.length) return;
    event.preventDefault();
    this.#sendFiles(files);
  }

  #onPicked(event: Event): void {
    const picker = event.target as HTMLInputElement;
    this.#sendFiles(picker.files ?? []);
    picker.value = ''; // picking the same file again is a new send
  }

  /**
   * Fetches the occasional parts and adds their styles to this shadow root. Adopted sheets are
   * replaced as a whole list; the `<style>` fallback (CSP nonce path) appends, so it gets only
   * the new sheet. A chunk that does not arrive (network) is asked for again the next time a
   * part is needed; meanwhile those parts are simply not drawn.
   */
  #loadExtras(): Promise<void> {
    return (this.#extrasLoading ??= import('./panel-extras.js').then(
      (extras) => {
        this.#extras = extras;
        const own = supportsAdoptingStyleSheets ? SupportChatPanel.elementStyles : [];
        adoptStyles(this.renderRoot as ShadowRoot, [...own, extras.extrasStyles]);
        this.requestUpdate();
      },
      () => {
        this.#extrasLoading = null;
      },
    ));
  }

  /** A pointer or focus on a thumbnail is the intent to open it: fetch the lightbox then. */
  #onThumbIntent(event: Event): void {
    if ((event.target as Element).closest?.('.thumb')) void this.#loadExtras();
  }

  async #openImage(attachment: Attachment): Promise<void> {
    await this.#loadExtras();
    this.lightbox = attachment;
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  override render() {
    const t = this.strings;
    const extras = this.#extras;
    const seen = this.#seenMarker();
    const empty = !this.messages.length && !this.pending.length;
    // Built once for all the messages of a render.
    const attachmentView: AttachmentView = {
      base: this.fileBase,
      locale: this.locale,
      openLabel: (name) => format(t.openImage, { name }),
      onOpen: (attachment) => void this.#openImage(attachment),
      onBroken: (attachment) => this.#emit('panel-attachment-broken', attachment.id),
    };
    const uploadView: Extras.UploadView = {
      t,
      locale: this.locale,
      onRetry: (id) => this.#emit('panel-retry-upload', id),
      onCancel: (id) => this.#emit('panel-cancel-upload', id),
    };
    // Messages (in seq order) nearly always grow at the end, so plain `map` keeps their nodes. Pending and upload rows
    // leave from anywhere: `keyed` lets a row that goes (sent, cancelled) take its buttons and
    // their focus with it instead of handing them to the next row.
    return html`
      <div part="header" class="header">
        <div class="titles">
          <h2 id="title">${this.heading || t.title}</h2>
          <p class="subtitle">
            ${this.online === null ? nothing : html`<span class="dot ${this.online ? 'online' : ''}"></span>`}
            <span>${this.#statusLine()}</span>
          </p>
        </div>
        ${this.closable
          ? html`<button part="close-button" class="close" type="button" aria-label=${t.closeChat} @click=${() => this.#emit('panel-close')}>
              ${closeIcon}
            </button>`
          : nothing}
      </div>
      <div
        part="messages"
        class="messages"
        role="log"
        aria-label=${t.messages}
        tabindex="0"
        @pointerover=${this.#onThumbIntent}
        @focusin=${this.#onThumbIntent}
      >
        ${this.greeting && empty ? html`<p class="greeting">${this.greeting}</p>` : nothing}
        ${this.faqs.length && empty
          ? html`<div class="faqs" role="group" aria-label=${t.suggested}>
              ${this.faqs.map((faq) => html`<button part="faq" class="faq" type="button" @click=${() => this.#emit('panel-send', faq.question)}>${faq.question}</button>`)}
            </div>`
          : nothing}
        ${this.messages.map((message) => this.#renderMessage(message, message.seq === seen, attachmentView))}
        ${this.pending.map((pending) => keyed(pending.clientId, this.#renderPending(pending, attachmentView)))}
        ${extras ? this.uploads.map((upload) => keyed(upload.id, extras.renderUpload(upload, uploadView))) : nothing}
      </div>
      ${this.fileNotice ? (extras?.renderFileNotice(this.fileNotice, this.maxBytes, t, this.locale) ?? nothing) : nothing}
      ${this.typingName !== null
        ? html`<p class="notice">${this.typingName ? format(t.typing, { name: this.typingName }) : t.someoneTyping}</p>`
        : nothing}
      ${this.ended ? (extras?.renderEnded(this.rating, t, (rating) => this.#emit('panel-rate', rating)) ?? nothing) : nothing}
      ${this.online === false ? this.#renderAway() : nothing}
      <form part="composer" class="composer" @submit=${this.#onSubmit}>
        ${this.accept.length
          ? html`<button part="attach" class="attach" type="button" aria-label=${t.attach} title=${t.attach} @click=${() => this.#picker?.click()}>
                ${paperclipIcon}
              </button>
              <input type="file" multiple hidden tabindex="-1" accept=${this.accept.join(',')} @change=${this.#onPicked} />`
          : nothing}
        <textarea
          part="input"
          rows="1"
          aria-label=${t.messageInput}
          placeholder=${t.placeholder}
          maxlength="8000"
          @keydown=${this.#onKeydown}
          @input=${this.#onInput}
          @paste=${this.#onPaste}
        ></textarea>
        <button part="send" class="send" type="submit" aria-label=${t.send}>${sendIcon}</button>
      </form>
      ${this.dragging ? (extras?.renderDropTarget(t) ?? nothing) : nothing}
      ${extras?.renderLightbox(this.lightbox, this.fileBase, t, () => (this.lightbox = null)) ?? nothing}
    `;
  }

  #renderAway() {
    const t = this.strings;
    return html`<div part="away" class="away">
      ${this.offlineMessage ? html`<p>${this.offlineMessage}</p>` : nothing}
      ${this.email
        ? html`<p role="status">${format(t.emailSaved, { email: this.email })}</p>`
        : html`<form class="email" @submit=${this.#onEmail} novalidate>
            <input part="email" type="email" name="email" autocomplete="email" aria-label=${t.emailLabel} placeholder=${t.emailLabel} required />
            <button type="submit">${t.emailSubmit}</button>
            ${this.emailError ? html`<p class="error" role="alert">${t.emailInvalid}</p>` : nothing}
          </form>`}
    </div>`;
  }

  #onEmail(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('email') as HTMLInputElement;
    this.#emit('panel-email', input.value.trim());
  }

  #statusLine(): string {
    const t = this.strings;
    if (this.state === 'idle' || this.state === 'connecting') return t.connecting;
    if (this.state === 'offline') return t.reconnecting;
    return this.subtitle || (this.online === false ? t.away : t.online);
  }

  /** The seq of the newest visitor message the team has seen, if any. */
  #seenMarker(): number {
    let marker = 0;
    for (const message of this.messages) if (message.from === 'visitor' && message.seq <= this.seenSeq) marker = message.seq;
    return marker;
  }

  #renderMessage(message: ChatMessage, seen: boolean, attachmentView: AttachmentView) {
    const mine = message.from === 'visitor';
    const media = !message.text && message.attachments.length > 0 && message.attachments.every((attachment) => attachment.width);
    return html`<div part="message" class="message ${message.from} ${media ? 'media' : ''}" data-seq=${message.seq}>
      ${mine
        ? nothing
        : html`<span class="author">
            ${message.author?.avatarUrl ? html`<img src=${message.author.avatarUrl} alt="" width="18" height="18" />` : nothing}
            ${message.author?.name ?? this.strings.team}
          </span>`}
      ${message.text ? html`<span class="text">${message.text}</span>` : nothing}
      ${renderAttachments(message.attachments, attachmentView)}
      ${seen ? html`<span class="status seen">${this.strings.seen}</span>` : nothing}
    </div>`;
  }

  #renderPending(pending: PendingMessage, attachmentView: AttachmentView) {
    const t = this.strings;
    return html`<div part="message" class="message visitor pending" data-client-id=${pending.clientId}>
      ${pending.text ? html`<span class="text">${pending.text}</span>` : nothing}
      ${renderAttachments(pending.attachments ?? [], attachmentView)}
      <span class="status">
        ${pending.status === 'failed'
          ? html`${t.notSent} <button type="button" @click=${() => this.#emit('panel-retry', pending.clientId)}>${t.retry}</button>`
          : t.sending}
      </span>
    </div>`;
  }
}
