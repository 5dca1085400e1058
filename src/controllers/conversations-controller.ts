import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../client/chat-client.js';
import { SupportChatError } from '../client/errors.js';
import type { Messages } from '../i18n/en.js';
import type { Conversation, VisitorConversationSummary } from '../protocol.js';
import type { PanelView } from '../ui/panel-view.js';
import { invalid, reported, reportError, type ClientController } from './client-controller.js';

export interface StartConversationOptions {
  /** Names the conversation in the visitor's list (up to 200 characters). */
  subject?: string;
  /** Text placed in the composer, ready to send. */
  prefill?: string;
}

/** What the controller needs of its element (`<support-chat>`). */
export interface ConversationsHost extends ReactiveControllerHost, EventTarget {
  readonly client: ChatClient | null;
  /** Opens the panel (`support-chat-open` when it was closed), with `prefill` in the composer. */
  readonly open: (options?: { prefill?: string }) => Promise<void>;
}

/**
 * The element's side of the visitor's several conversations: which screen the panel shows
 * (a thread or the list), which closed conversation the visitor went back to (shown read-only),
 * and the element's methods that move between them. Which conversation is shown, the summaries
 * and the unread counts are the client's; this only asks it to switch or create.
 */
export class ConversationsController implements ReactiveController {
  readonly #host: ConversationsHost;
  readonly #clients: ClientController;
  #screen: PanelView['screen'] = 'thread';
  /** A conversation the visitor opened from the list or by `openConversation`: read-only once closed. */
  #browsing: string | null = null;
  /** Whether the server has older conversations than the client holds (known once a page was asked for). */
  #hasMore = false;
  #paging: Promise<void> | null = null;

  constructor(host: ConversationsHost, clients: ClientController) {
    this.#host = host;
    this.#clients = clients;
    host.addController(this);
  }

  /** Whether the panel shows a thread (not the list): what arrives in it is seen when the panel is open. */
  get showsThread(): boolean {
    return this.#screen === 'thread';
  }

  /** The visitor's conversations as the client holds them, newest first. */
  get summaries(): VisitorConversationSummary[] {
    return [...(this.#host.client?.conversations.summaries ?? [])];
  }

  /** The panel's part of the conversations: the screen, the header's badge, read-only, the list. */
  view(strings: Messages, locale: string): Pick<PanelView, 'screen' | 'listable' | 'unreadElsewhere' | 'readOnly' | 'list'> {
    const client = this.#host.client;
    const currentId = client?.conversationId ?? null;
    const conversations = client?.conversations.summaries ?? [];
    const conversation = client?.conversation;
    const list = this.#screen === 'list';
    return {
      screen: this.#screen,
      listable: !!client,
      unreadElsewhere: conversations.reduce((sum, summary) => (summary.id === currentId ? sum : sum + summary.unread), 0),
      // An explicit conversation takes no message once closed; the default one does (it opens the next).
      readOnly: !list && conversation?.status === 'closed' && (conversation.isDefault === false || this.#browsing === currentId),
      list: list ? { strings, locale, conversations, currentId, hasMore: this.#hasMore } : null,
    };
  }

  /** Opens the panel on the list. */
  async show(): Promise<void> {
    const client = await this.#clients.require();
    this.#screen = 'list';
    // The client holds the newest few from the join: the first page says whether there are older ones.
    void this.#page(client);
    await this.#host.open();
  }

  /** The next page of older conversations (the list's "Show older conversations"). */
  more(): void {
    const client = this.#host.client;
    const oldest = client?.conversations.summaries.at(-1);
    if (client && oldest) void this.#page(client, oldest.id);
  }

  /** Back from the list to the thread shown before. */
  back(): void {
    this.#screen = 'thread';
    this.#host.requestUpdate();
  }

  /** Shows conversation `id`'s thread (opening the panel); an unknown id fails with `not_found`. */
  async open(id: string): Promise<void> {
    if (typeof id !== 'string' || !id) throw invalid(this.#host, 'invalid_request', 'conversationId', 'pass the id of one of the visitor’s conversations');
    const client = await this.#clients.require();
    await reported(this.#host, client.conversations.open(id));
    this.#browsing = id;
    this.#screen = 'thread';
    await this.#host.open();
  }

  /** Opens a new conversation (named `subject`) and shows it, with `prefill` in the composer. */
  async start({ subject, prefill }: StartConversationOptions = {}): Promise<Conversation> {
    // Its length is the server's to check (400 naming `subject`): the element does not load the wire's limits.
    if (subject !== undefined && typeof subject !== 'string') throw invalid(this.#host, 'invalid_request', 'subject', 'a subject is text');
    const client = await this.#clients.require();
    const conversation = await reported(this.#host, client.conversations.create(subject?.trim() ? { subject: subject.trim() } : {}));
    await reported(this.#host, client.conversations.open(conversation.id));
    this.#browsing = null;
    this.#screen = 'thread';
    await this.#host.open(typeof prefill === 'string' ? { prefill } : {});
    return conversation;
  }

  /** A new client (a login, a logout, a shutdown) starts on its own thread. */
  hostUpdate(): void {
    if (this.#host.client) return;
    this.#screen = 'thread';
    this.#browsing = null;
    this.#hasMore = false;
  }

  /** A page of the visitor's conversations (older than `before`, a conversation id): it joins the client's summaries. */
  #page(client: ChatClient, before?: string): Promise<void> {
    this.#paging ??= client.conversations
      .list(before ? { before } : {})
      .then(
        (page) => void (this.#hasMore = page.hasMore),
        (error: unknown) => void (error instanceof SupportChatError && reportError(this.#host, error)),
      )
      .finally(() => {
        this.#paging = null;
        this.#host.requestUpdate();
      });
    return this.#paging;
  }
}
