import { adoptStyles, html, LitElement, nothing, supportsAdoptingStyleSheets, svg, type CSSResult, type PropertyDeclarations } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { format } from '../i18n/en.js';
import type { Attachment, ChatMessage } from '../protocol.js';
import type { PendingMessage } from '../client/chat-client.js';
import { attachmentStyles, renderAttachments, type AttachmentView } from './attachments.js';
import type * as Blocks from './blocks.js';
import type * as Ai from './ai.js';
import type { ConversationsActionEvent } from './conversations.js';
import { paperclipIcon } from './icons.js';
import type * as Extras from './panel-extras.js';
import { headerStyles, renderHeader } from './panel-header.js';
import { PanelHelp } from './panel-help.js';
import { baseStyles, panelStyles } from './panel.styles.js';
import type { PreChatSubmitEvent, PreChatView } from './pre-chat-form.js';
import { PanelActionEvent, type PanelAction, type PanelActions, type PanelView } from './panel-view.js';

const sendIcon = svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"/></svg>`;
const TYPING_IDLE_MS = 2500;

/**
 * The chat window inside `<support-chat>`: header, message log and composer. Internal: it is
 * loaded on intent, gets everything it shows as one `view` object and reports what the visitor
 * does as one typed `panel-action` event (`PanelActions`). It never touches the client.
 */
export class SupportChatPanel extends LitElement {
  static override styles = [baseStyles, panelStyles, headerStyles, attachmentStyles];
  // Declared here rather than with decorators: the decorator modules would be one more thing to download.
  static override properties: PropertyDeclarations = {
    view: { attribute: false },
    dragging: { state: true },
    lightbox: { state: true },
  };


  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #typing = false;
  #stickToBottom = true;
  /** dragenter/dragleave fire for every child crossed: count them to know when the drag left. */
  #dragDepth = 0;
  /** The closed conversation's box, the lightbox, the drop target and the upload rows, once loaded (see `#loadExtras`). */
  #extras: typeof Extras | null = null;
  #extrasLoading: Promise<void> | null = null;
  /** What an AI agent adds (streamed answers, handoff, sources, feedback), once loaded: fetched when the channel has an AI agent. */
  #ai: typeof Ai | null = null;
  #aiLoading: Promise<void> | null = null;
  /** The loaded chunks' styles, adopted after the panel's own. */
  #adoptedExtra: CSSResult[] = [];
  /** The pre-chat form's chunk, fetched when the channel has a form to show (see `#loadPreChat`). */
  #preChatLoading: Promise<unknown> | null = null;
  /** A prefill that came while the pre-chat form stood in for the composer: it goes in once the composer is back. */
  #prefillWaiting: string | null = null;
  /** The conversations list's chunk, fetched when the list first shows or on intent (see `#loadList`). */
  #listLoading: Promise<void> | null = null;
  /** Quick replies, buttons, cards and forms, once a message with blocks has shown (see `#loadBlocks`). */
  #blocks: { module: typeof Blocks; state: Blocks.BlocksState } | null = null;
  #blocksLoading: Promise<void> | null = null;
  /** The screen the visitor moved to (the list, a thread or help): the focus follows once it shows. */
  #focusScreen: PanelView['screen'] | 'help' | null = null;
  /** The Help screen and quick help (their chunks load on use). */
  #help = new PanelHelp(this);

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

  /** Everything the panel shows, from <support-chat> (its render builds a new one each time). */
  declare view: PanelView;

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
    if (this.view.ended || this.view.uploads.length || this.view.fileNotice) void this.#loadExtras();
    if (this.view.aiName || this.view.streaming.length || this.view.aiAnswers.size) void this.#loadAi();
    if (this.view.preChat.length) void this.#loadPreChat();
    if (this.view.screen === 'list') void this.#loadList();
    if (this.view.help) void this.#help.loadHelp();
    if (!this.#blocks && this.view.messages.some((message) => message.blocks?.length)) void this.#loadBlocks();
    const log = this.#log;
    this.#stickToBottom = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  protected override updated(): void {
    if (this.#prefillWaiting !== null && this.#input) {
      this.#input.value = this.#prefillWaiting;
      this.#prefillWaiting = null;
    }
    // Follow new messages unless the visitor scrolled up to read older ones.
    if (this.#stickToBottom && this.#log) this.#log.scrollTop = this.#log.scrollHeight;
    // Into the list once its element is defined (its chunk may still be on the way), else to the composer.
    const list = this.view.screen === 'list';
    const help = this.renderRoot.querySelector('support-chat-help');
    if (this.#focusScreen === 'help' && help && customElements.get('support-chat-help')) {
      this.#focusScreen = null;
      help.focusFirst();
    } else if (this.#focusScreen === this.view.screen && !this.view.help && (!list || customElements.get('support-chat-conversations'))) {
      this.#focusScreen = null;
      if (list) this.renderRoot.querySelector('support-chat-conversations')?.focusFirst();
      else if (this.view.preChat.length) void this.focusInput(); // a new conversation starts with its pre-chat form
      else (this.#input?.closest('[hidden]') ? this.renderRoot.querySelector<HTMLElement>('[part="conversations-button"]') : this.#input)?.focus();
    }
  }

  /** Puts text in the composer (`open({prefill})`) and focuses it. */
  async prefill(text: string): Promise<void> {
    await this.updateComplete;
    if (this.#input) this.#input.value = text;
    else this.#prefillWaiting = text;
    this.focusInput();
  }

  /** Focuses the composer, or the pre-chat form's first question while the form stands in for it. */
  async focusInput(): Promise<void> {
    await this.updateComplete;
    if (!this.view.preChat.length) return this.#input?.focus();
    await this.#loadPreChat();
    await this.updateComplete;
    await this.renderRoot.querySelector('support-chat-pre-chat')?.focusFirst();
  }

  #emit = <K extends keyof PanelActions>(action: K, value: PanelActions[K]): void => {
    if (action === 'show-conversations') this.#focusScreen = 'list';
    else if (action === 'show-help' || action === 'open-article' || (action === 'back' && this.view.help?.slug)) this.#focusScreen = 'help';
    else if (action === 'open-conversation' || action === 'start-conversation' || action === 'back' || action === 'chat-from-help') this.#focusScreen = 'thread';
    this.dispatchEvent(new PanelActionEvent({ action, value } as PanelAction));
  };

  #setTyping(typing: boolean): void {
    if (typing !== this.#typing) {
      this.#typing = typing;
      this.#emit('typing', typing);
    }
  }

  #onInput(): void {
    this.#help.composed(this.view, this.#input?.value ?? '');
    this.#setTyping(Boolean(this.#input?.value.trim()));
    clearTimeout(this.#typingTimer);
    this.#typingTimer = setTimeout(() => this.#setTyping(false), TYPING_IDLE_MS);
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.#input;
    if (!input || !input.value.trim()) return;
    this.#emit('send', input.value);
    input.value = '';
    this.#help.composed(this.view, '');
    this.#stickToBottom = true;
    clearTimeout(this.#typingTimer);
    this.#setTyping(false);
  }

  #sendFiles(files: Iterable<File>): void {
    const list = [...files];
    if (!list.length) return;
    void this.#loadExtras(); // the upload rows, while the session fetches its upload code
    this.#emit('files', list);
  }

  /** The drag's data when it carries files and the channel takes files, else null. */
  #fileTransfer(event: DragEvent): DataTransfer | null {
    const transfer = event.dataTransfer;
    return this.view.accept.length && transfer?.types.includes('Files') ? transfer : null;
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
    if (!files?.length || !this.view.accept.length) return;
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
        this.#adopt(extras.extrasStyles);
      },
      () => {
        this.#extrasLoading = null;
      },
    ));
  }

  /** What an AI agent adds (same rules as `#loadExtras`). */
  #loadAi(): Promise<void> {
    return (this.#aiLoading ??= import('./ai.js').then(
      (ai) => {
        this.#ai = ai;
        this.#adopt(ai.aiStyles);
      },
      () => {
        this.#aiLoading = null;
      },
    ));
  }

  /** Adds a loaded chunk's styles to this shadow root, after what it has already. */
  #adopt(sheet: CSSResult): void {
    const adopted = supportsAdoptingStyleSheets ? [...SupportChatPanel.elementStyles, ...this.#adoptedExtra] : [];
    this.#adoptedExtra.push(sheet);
    adoptStyles(this.renderRoot as ShadowRoot, [...adopted, sheet]);
    this.requestUpdate();
  }

  /** Defines the pre-chat form's element; a chunk that does not arrive is asked for again on the next update. */
  #loadPreChat(): Promise<unknown> {
    return (this.#preChatLoading ??= import('./pre-chat-form.js').then(
      ({ definePreChatForm }) => definePreChatForm(),
      () => (this.#preChatLoading = null),
    ));
  }

  /** Fetches and defines the conversations list's element (its chunk); a failed fetch is tried again next time. */
  #loadList = (): Promise<void> =>
    (this.#listLoading ??= import('./conversations.js').then(
      ({ defineConversations }) => {
        defineConversations();
        this.requestUpdate();
      },
      () => {
        this.#listLoading = null;
      },
    ));

  /** Fetches the blocks' chunk and adds its styles (as `#loadExtras` does); a failed fetch is tried again next time. */
  #loadBlocks(): Promise<void> {
    return (this.#blocksLoading ??= import('./blocks.js').then(
      (module) => {
        this.#blocks = { module, state: new module.BlocksState() };
        this.#adopt(module.blocksStyles);
        this.requestUpdate();
      },
      () => {
        this.#blocksLoading = null;
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
    const t = this.view.strings;
    const extras = this.#extras;
    const seen = this.#seenMarker();
    const empty = !this.view.messages.length && !this.view.pending.length;
    const { list, readOnly } = this.view;
    // The pre-chat form, which asks for the email itself, comes first; the away form after it, once no AI agent answers.
    const away = this.view.online === false && !readOnly && !this.view.preChat.length && !this.view.aiHandles;
    // Built once for all the messages of a render.
    const attachmentView: AttachmentView = {
      base: this.view.fileBase,
      locale: this.view.locale,
      openLabel: (name) => format(t.openImage, { name }),
      onOpen: (attachment) => void this.#openImage(attachment),
      onBroken: (attachment) => this.#emit('attachment-broken', attachment.id),
    };
    const blocksView = this.#blocks?.module.blocksView(this.view, this.#blocks.state, (answer) => this.#emit('answer', answer), () => this.requestUpdate()) ?? null;
    const uploadView: Extras.UploadView = {
      t,
      locale: this.view.locale,
      onRetry: (id) => this.#emit('retry-upload', id),
      onCancel: (id) => this.#emit('cancel-upload', id),
    };
    // Messages (in seq order) nearly always grow at the end, so plain `map` keeps their nodes. Pending and upload rows
    // leave from anywhere: `keyed` lets a row that goes (sent, cancelled) take its buttons and
    // their focus with it instead of handing them to the next row.
    return html`
      ${renderHeader(this.view, this.#emit, this.#loadList, this.#help.loadHelp)}
      ${this.#help.renderScreen(this.view, this.#emit)}
      ${list && !this.view.help
        ? html`<support-chat-conversations
            class="conversations"
            exportparts="conversations,conversation,new-conversation"
            .view=${list}
            @conversations-action=${({ detail }: ConversationsActionEvent) => this.#emit(detail.action, detail.value)}
          ></support-chat-conversations>`
        : nothing}
      <div class="thread" ?hidden=${!!list || !!this.view.help}>
        <div
          part="messages"
          class="messages"
          role="log"
          aria-label=${t.messages}
          aria-busy=${this.view.streaming.length ? 'true' : 'false'}
          tabindex="0"
          @pointerover=${this.#onThumbIntent}
          @focusin=${this.#onThumbIntent}
        >
          ${this.view.greeting && empty ? html`<p class="greeting" dir="auto">${this.view.greeting}</p>` : nothing}
          ${this.view.faqs.length && empty && !this.view.preChat.length
            ? html`<div class="faqs" role="group" aria-label=${t.suggested}>
                ${this.view.faqs.map((faq) => html`<button part="faq" class="faq" type="button" @click=${() => this.#emit('send', faq.question)}>${faq.question}</button>`)}
              </div>`
            : nothing}
          ${this.view.messages.map((message) => this.#renderMessage(message, message.seq === seen, attachmentView, blocksView))}
          ${this.#ai ? this.view.streaming.map((stream) => keyed(stream.messageId, this.#ai!.renderStreaming(stream, this.view.aiName || t.team))) : nothing}
          ${this.view.pending.map((pending) => keyed(pending.clientId, this.#renderPending(pending, attachmentView)))}
          ${extras ? this.view.uploads.map((upload) => keyed(upload.id, extras.renderUpload(upload, uploadView))) : nothing}
        </div>
        ${this.view.fileNotice ? (extras?.renderFileNotice(this.view.fileNotice, this.view.maxBytes, t, this.view.locale) ?? nothing) : nothing}
        ${this.view.handoff && !readOnly && !list ? (this.#ai?.renderHandoff(t, () => this.#emit('handoff', null)) ?? nothing) : nothing}
        ${this.view.typingName !== null && !this.view.streaming.length
          ? html`<p class="notice">${this.view.typingName ? format(t.typing, { name: this.view.typingName }) : t.someoneTyping}</p>`
          : nothing}
        ${this.view.ended ? (extras?.renderEnded(this.view, (rating) => this.#emit('rate', rating), () => this.#emit('start-conversation', null)) ?? nothing) : nothing}
        ${away ? this.#renderAway() : nothing}
        ${this.view.preChat.length || readOnly ? nothing : this.#help.renderQuickHelp(this.view, this.#emit)}
        ${this.view.preChat.length ? this.#renderPreChat() : html`<form part="composer" class="composer" ?hidden=${readOnly} @submit=${this.#onSubmit}>
          ${this.view.accept.length
            ? html`<button part="attach" class="attach" type="button" aria-label=${t.attach} title=${t.attach} @click=${() => this.#picker?.click()}>
                  ${paperclipIcon}
                </button>
                <input type="file" multiple hidden tabindex="-1" accept=${this.view.accept.join(',')} @change=${this.#onPicked} />`
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
        </form>`}
      </div>
      ${this.dragging ? (extras?.renderDropTarget(t) ?? nothing) : nothing}
      ${extras?.renderLightbox(this.lightbox, this.view.fileBase, t, () => (this.lightbox = null)) ?? nothing}
    `;
  }

  /** The pre-chat form in place of the composer (drawn once its chunk has defined the element). */
  #renderPreChat() {
    const view: PreChatView = { strings: this.view.strings, fields: this.view.preChat, failed: this.view.preChatFailed };
    return html`<support-chat-pre-chat part="pre-chat" .view=${view} @pre-chat-submit=${(event: PreChatSubmitEvent) => this.#emit('pre-chat', event.answers)}></support-chat-pre-chat>`;
  }

  #renderAway() {
    const t = this.view.strings;
    return html`<div part="away" class="away">
      ${this.view.offlineMessage ? html`<p dir="auto">${this.view.offlineMessage}</p>` : nothing}
      ${this.view.email
        ? html`<p role="status">${format(t.emailSaved, { email: this.view.email })}</p>`
        : html`<form class="email" @submit=${this.#onEmail} novalidate>
            <input part="email" type="email" name="email" autocomplete="email" aria-label=${t.emailLabel} placeholder=${t.emailLabel} required />
            <button type="submit">${t.emailSubmit}</button>
            ${this.view.emailError ? html`<p class="error" role="alert">${t.emailInvalid}</p>` : nothing}
          </form>`}
    </div>`;
  }

  #onEmail(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('email') as HTMLInputElement;
    this.#emit('email', input.value.trim());
  }

  /** The seq of the newest visitor message the team has seen, if any. */
  #seenMarker(): number {
    let marker = 0;
    for (const message of this.view.messages) if (message.from === 'visitor' && message.seq <= this.view.seenSeq) marker = message.seq;
    return marker;
  }

  #renderMessage(message: ChatMessage, seen: boolean, attachmentView: AttachmentView, blocksView: Blocks.BlocksView | null) {
    const mine = message.from === 'visitor';
    const given = this.view.aiAnswers.get(message.id);
    const answer = this.#ai;
    const media = !message.text && message.attachments.length > 0 && message.attachments.every((attachment) => attachment.width);
    return html`<div part="message" class="message ${message.from} ${media ? 'media' : ''}" data-seq=${message.seq}>
      ${mine || message.from === 'system'
        ? nothing
        : html`<span class="author">
            ${message.author?.avatarUrl ? html`<img src=${message.author.avatarUrl} alt="" width="18" height="18" />` : nothing}
            ${message.author?.name ?? this.view.strings.team}
          </span>`}
      ${message.text ? html`<span class="text" dir="auto">${message.text}</span>` : nothing}
      ${renderAttachments(message.attachments, attachmentView)}
      ${blocksView && message.blocks?.length && !mine ? this.#blocks!.module.renderBlocks(message, blocksView) : nothing}
      ${given !== undefined && answer
        ? answer.renderAnswerFooter({
            t: this.view.strings,
            sources: message.sources ?? [],
            given: given ?? undefined,
            onFeedback: (helpful) => this.#emit('feedback', { messageId: message.id, helpful }),
          })
        : nothing}
      ${seen ? html`<span class="status seen">${this.view.strings.seen}</span>` : nothing}
    </div>`;
  }

  #renderPending(pending: PendingMessage, attachmentView: AttachmentView) {
    const t = this.view.strings;
    return html`<div part="message" class="message visitor pending" data-client-id=${pending.clientId}>
      ${pending.text ? html`<span class="text">${pending.text}</span>` : nothing}
      ${renderAttachments(pending.attachments ?? [], attachmentView)}
      <span class="status">
        ${pending.status === 'failed'
          ? html`${t.notSent} <button type="button" @click=${() => this.#emit('retry', pending.clientId)}>${t.retry}</button>`
          : t.sending}
      </span>
    </div>`;
  }
}
