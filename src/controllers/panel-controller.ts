import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient, PreChatAnswers } from '../client/chat-client.js';
import { resolveServer } from '../config/server.js';
import type { CloseSource } from '../events.js';
import type { ChatMessage, VisitorProfile } from '../protocol.js';
import type { FileNotice, PanelActionEvent, PanelView } from '../ui/panel-view.js';
import { reported } from './client-controller.js';
import type { LocaleController } from './locale-controller.js';
import type { ConversationsController } from './conversations-controller.js';
import type { HelpController } from './help-controller.js';
import type { OptionsController } from './options-controller.js';

/** What the controller needs of its element (`<support-chat>`): the panel's actions go through its public methods. */
export type PanelHost = ReactiveControllerHost &
  HTMLElement & {
    readonly renderRoot: HTMLElement | DocumentFragment;
    readonly opened: boolean;
    readonly client: ChatClient | null;
    sendMessage(text: string): Promise<ChatMessage>;
    sendFile(file: File): Promise<ChatMessage>;
    identify(profile: VisitorProfile): Promise<VisitorProfile>;
    showConversations(): Promise<void>;
    openConversation(id: string): Promise<void>;
    startConversation(): Promise<unknown>;
    handoff(): Promise<unknown>;
    openHelp(): Promise<void>;
  };

export interface PanelSources {
  options: OptionsController;
  locale: LocaleController;
  conversations: ConversationsController;
  help: HelpController;
  /** The visitor asked to close the panel (a cancelable `support-chat-request-close` first). */
  requestClose(source: CloseSource): void;
}

/**
 * The element's side of `<support-chat-panel>`: loads its chunk (on intent or open), builds the
 * one `PanelView` it shows, handles its `panel-action`s, and keeps what only the panel shows —
 * the away form's outcome, the notice about a refused file, a prefill waiting for the panel, the
 * focus on open — and Escape, which closes it.
 */
export class PanelController implements ReactiveController {
  /** Whether the panel's element is defined (its chunk arrived). */
  ready = false;
  readonly #host: PanelHost;
  readonly #sources: PanelSources;
  #loading: Promise<unknown> | null = null;
  #prefill: string | null = null;
  #focusOnShow = false;
  #shown = false;
  #capturedEmail = '';
  #emailError = false;
  #fileNotice: FileNotice = '';
  #preChatFailed = false;
  #keys = new AbortController();

  constructor(host: PanelHost, sources: PanelSources) {
    this.#host = host;
    this.#sources = sources;
    host.addController(this);
  }

  /** Everything the panel shows, from the options, the locale, the client and the panel's own state. */
  get view(): PanelView {
    const config = this.#sources.options.config;
    const { strings, locale } = this.#sources.locale;
    const client = this.#host.client;
    const remote = client?.config;
    const messages = client?.transcript ?? [];
    const conversation = client?.conversation;
    return {
      strings,
      locale,
      heading: config.headerTitle,
      subtitle: config.headerSubtitle,
      greeting: config.greeting,
      closable: config.mode === 'launcher',
      state: client?.state ?? 'idle',
      online: remote?.online ?? null,
      typingName: client?.agentTyping?.name ?? null,
      messages,
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
      preChat: client?.preChat.fields ?? [],
      preChatFailed: this.#preChatFailed,
      streaming: client?.streaming ?? [],
      aiName: remote?.ai?.name ?? '',
      aiAnswers: new Map(messages.flatMap((message) => (client?.isAiAnswer(message) ? [[message.id, client.feedbackGiven(message.id) ?? null]] : []))),
      aiHandles: conversation ? conversation.handledBy === 'ai' : Boolean(remote?.ai),
      handoff: Boolean(remote?.ai?.handoff && conversation?.handledBy === 'ai' && conversation.status === 'open'),
      ...this.#sources.conversations.view(strings, locale),
      ...this.#sources.help.view(strings, locale),
    };
  }

  /** Loads and defines the panel's element (once); resolves when it is ready. */
  load(): Promise<unknown> {
    this.#loading ??= import('../ui/panel-define.js').then(({ definePanel }) => {
      definePanel();
      this.ready = true;
      this.#host.requestUpdate();
    });
    return this.#loading;
  }

  /** Text for the composer, put there once the panel shows (`open({prefill})`). */
  prefill(text: string): void {
    this.#prefill = text;
  }

  /** The launcher opened the panel: its input takes the focus once the panel shows. */
  focusOnShow(): void {
    this.#focusOnShow = true;
  }

  /** What the visitor did in the panel. */
  act({ detail }: PanelActionEvent): void {
    const client = this.#host.client;
    switch (detail.action) {
      case 'send': // failures show on the message itself (with a retry) and as `support-chat-error`
        return void this.#host.sendMessage(detail.value).catch(() => {});
      case 'files':
        return this.#sendFiles(detail.value);
      case 'email':
        return void this.#captureEmail(detail.value);
      case 'close':
        return this.#sources.requestClose('close-button');
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
      case 'pre-chat':
        return void this.#answerPreChat(client, detail.value);
      // Failures of these are reported as `support-chat-error` by the methods.
      case 'show-conversations':
        return void this.#host.showConversations().catch(() => {});
      case 'open-conversation':
        return void this.#host.openConversation(detail.value).catch(() => {});
      case 'start-conversation':
        return void this.#host.startConversation().catch(() => {});
      case 'back':
        return this.#sources.help.shown ? this.#sources.help.back() : this.#sources.conversations.back();
      case 'show-help':
        return void this.#host.openHelp().catch(() => {});
      case 'open-article':
        return void this.#sources.help.article(detail.value, true).catch(() => {});
      case 'chat-from-help':
        this.#sources.help.close();
        return void this.#host.renderRoot.querySelector('support-chat-panel')?.focusInput();
      case 'handoff':
        return void this.#host.handoff().catch(() => {});
      case 'feedback': // a refusal is reported as `support-chat-error`; the buttons come back
        return void (client && reported(this.#host, client.feedback(detail.value.messageId, detail.value.helpful)).catch(() => {}));
      case 'more-conversations':
        return this.#sources.conversations.more();
      case 'answer': // like a send: a failure shows on the message, with a retry
        return void client?.messages.send(null, detail.value.text, { replyTo: detail.value.replyTo }).catch(() => {});
    }
  }

  hostConnected(): void {
    this.#keys = new AbortController();
    this.#host.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Escape' || !this.#host.opened || this.#sources.options.config.mode !== 'launcher') return;
        event.stopPropagation();
        this.#sources.requestClose('escape');
      },
      { signal: this.#keys.signal },
    );
  }

  /** An open panel needs its element. */
  hostUpdate(): void {
    if (this.#host.opened) void this.load();
  }

  /** Once the panel shows: the prefill goes into the composer, or the input takes the focus. */
  hostUpdated(): void {
    const shown = this.ready && this.#host.opened;
    const appeared = shown && !this.#shown;
    this.#shown = shown;
    const panel = shown ? this.#host.renderRoot.querySelector('support-chat-panel') : null;
    if (!panel) return;
    if (this.#prefill !== null) {
      void panel.prefill(this.#prefill);
      this.#prefill = null;
      this.#focusOnShow = false;
    } else if (this.#focusOnShow && appeared) {
      this.#focusOnShow = false;
      void panel.updateComplete.then(() => panel.focusInput());
    }
  }

  hostDisconnected(): void {
    this.#keys.abort();
  }

  /** The away form: the email joins the visitor's profile so the team can answer later. */
  async #captureEmail(email: string): Promise<void> {
    try {
      await this.#host.identify({ email });
      this.#capturedEmail = email;
      this.#emailError = false;
    } catch {
      this.#emailError = true;
    }
    this.#host.requestUpdate();
  }

  /** The pre-chat answers: on to the client (profile now, the rest with the first message), then the composer takes the focus. */
  async #answerPreChat(client: ChatClient | null, answers: PreChatAnswers): Promise<void> {
    try {
      await client?.preChat.submit(answers);
      this.#preChatFailed = false;
    } catch {
      this.#preChatFailed = true;
    }
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    if (!this.#preChatFailed) void this.#host.renderRoot.querySelector('support-chat-panel')?.focusInput();
  }

  /** Files picked, dropped or pasted in the panel: each is uploaded and sent on its own. */
  #sendFiles(files: File[]): void {
    this.#fileNotice = '';
    this.#host.requestUpdate();
    for (const file of files) {
      this.#host.sendFile(file).catch((error: { code?: string }) => {
        const code = error.code ?? '';
        // Network failures stay on the upload, with a retry; refusals get a notice.
        if (code === 'payload_too_large') this.#fileNotice = 'too-large';
        else if (code === 'unsupported_media_type' || code === 'forbidden') this.#fileNotice = 'refused';
        this.#host.requestUpdate();
      });
    }
  }
}
