import { threadOrder, type Agent, type AgentThreadItem, type ChatMessage, type ConversationSummary } from '../protocol.js';
import { AgentClient, inFilter, type InboxFilter } from './agent-client.js';
import { handedOff, type HandledFilter } from './ai-outcome.js';
import { Attention } from './attention.js';
import { preview, waiting } from './conversation-list.js';
import { DeskSearch, threadFrom } from './desk-search.js';
import type { InboxFeature } from './inbox-feature.js';
import { Replies } from './inbox-replies.js';
import { LiveVisitors } from './live-visitors.js';
import type { InboxView } from './inbox-screens.js';
import { forgetInvite, inviteInLocation, storedSession, storeSession, type InboxSession } from './inbox-session.js';
import { ThreadAttachments, withAttachment } from './thread-attachments.js';
import { VisitorConversations } from './visitor-conversations.js';
import { Notes } from './notes.js';
import { Reports } from './reports.js';
import { TeamsDesk } from './teams.js';
import { visitorLabel } from './visitor-panel.js';
import { CannedReplies } from './canned.js';
import { Labels } from './labels.js';

export type { InboxSession, InboxView };
export type { FeatureContent, InboxFeature } from './inbox-feature.js';

/**
 * The state of `<support-inbox>` and everything it does, apart from drawing: the agent's session,
 * the conversation lists, the open conversation and its thread, who is typing, the desk's features.
 * The element renders it (through `InboxController`) and forwards the agent's intent to it.
 * The server I/O is `AgentClient`'s; this class decides what the inbox shows.
 */
export class InboxClient {
  session: InboxSession | null = null;
  /** An invite token from the address: the sign-in form asks for a new password instead. */
  invite: string | null = null;
  view: InboxView = 'conversations';
  filter: InboxFilter = 'open';
  handled: HandledFilter = 'all';
  conversations: ConversationSummary[] = [];
  selected: ConversationSummary | null = null;
  thread: AgentThreadItem[] = [];
  team: Agent[] = [];
  connected = false;
  /** Conversation id → whether its visitor is typing now. */
  visitorTyping = new Map<string, boolean>();
  error = '';
  notifications = false;

  readonly #server: () => string;
  readonly #features: InboxFeature[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #api: AgentClient | null = null;
  /** Counts list requests: only the newest one's answer is shown. */
  #listRequest = 0;
  #attention: Attention | null = null;

  readonly replies = new Replies(this);
  readonly visitorConversations = new VisitorConversations(() => this.changed());
  readonly attachments: ThreadAttachments;
  // The desk's features, in the order their tools are drawn (search first, above the list's filters).
  readonly search = this.feature(new DeskSearch(this));
  readonly notes = this.feature(new Notes(this));
  readonly canned = this.feature(new CannedReplies(this));
  readonly labels = this.feature(new Labels(this));
  readonly teams = this.feature(new TeamsDesk(this));
  readonly reports = this.feature(new Reports(this));
  readonly liveVisitors = this.feature(new LiveVisitors(this));

  /** `server`: the support-chat server's origin, read when it is needed (the element's attribute may change). */
  constructor(server: () => string) {
    this.#server = server;
    this.attachments = new ThreadAttachments({
      server,
      fetch: (id) => this.#api?.attachment(id).catch(() => null) ?? Promise.resolve(null),
      refreshed: (fresh) => this.#set(() => (this.thread = withAttachment(this.thread, fresh))),
    });
  }

  /** The desk's features, in the order they were registered (the view draws their tools). */
  get features(): readonly InboxFeature[] {
    return this.#features;
  }

  /** The agent API while signed in. */
  get api(): AgentClient | null {
    return this.#api;
  }

  /** Hears every change of state; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Something the view shows changed. */
  changed(): void {
    for (const listener of this.#listeners) listener();
  }

  /** An action failed: the view shows why. */
  fail(error: unknown): void {
    this.#set(() => (this.error = (error as Error).message));
  }

  /** The inbox is on the page: an invite in the address, or the session this tab holds, is picked up. */
  restore(): void {
    this.#attention = new Attention();
    this.notifications = this.#attention.enabled;
    this.invite = inviteInLocation();
    const session = this.invite ? null : storedSession();
    if (session) this.#begin(session);
    this.changed();
  }

  /** The inbox left the page: the connection and timers go (the session stays for the tab). */
  release(): void {
    this.#end();
    this.#attention?.release();
    this.#attention = null;
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.#signInWith(() => AgentClient.login(this.#server(), email, password));
  }

  /** An invited agent chooses a password and is signed in. */
  async acceptInvite(password: string): Promise<void> {
    const invite = this.invite;
    if (!invite) return;
    await this.#signInWith(async () => {
      const result = await AgentClient.acceptInvite(this.#server(), invite, password);
      forgetInvite();
      this.invite = null;
      return result;
    });
  }

  logout(): void {
    storeSession(null);
    this.#end();
    this.#set(() => {
      this.session = null;
      this.conversations = [];
      this.selected = null;
      this.thread = [];
      this.visitorConversations.clear();
      this.#attention?.badge(0);
    });
  }

  /**
   * Registers a desk feature: started with every sign-in, stopped with every sign-out. A feature
   * is a field of this class: `readonly notes = this.feature(new Notes(this));`.
   */
  feature<T extends InboxFeature>(feature: T): T {
    this.#features.push(feature);
    if (this.#api && this.session) feature.start(this.#api, this.session);
    return feature;
  }

  show(view: InboxView): void {
    this.#set(() => (this.view = view));
  }

  setFilter(filter: InboxFilter, handled = this.handled): void {
    if (filter === this.filter && handled === this.handled) return;
    this.#set(() => {
      this.filter = filter;
      this.handled = handled;
      this.#setConversations([]);
    });
    void this.#refresh();
  }

  /**
   * Opens a conversation: its newest page (reaching back to message `at.seq` when a search
   * opened it there), the visitor's other conversations beside it.
   */
  async select(conversationId: string, at?: { seq: number }): Promise<void> {
    const api = this.#api;
    if (!api) return;
    this.view = 'conversations';
    if (conversationId !== this.selected?.id) this.replies.switched();
    try {
      const [summary, page] = await Promise.all([api.conversation(conversationId), api.thread(conversationId)]);
      const thread = at ? await threadFrom(api, conversationId, at.seq, page.data) : page.data;
      this.#set(() => {
        this.selected = summary;
        this.thread = thread;
      });
      for (const feature of this.#features) feature.selected?.(summary);
      this.markThreadRead();
      await this.visitorConversations.show(summary.visitor.id, (visitorId) => api.visitorHistory(visitorId));
    } catch (error) {
      this.fail(error);
    }
  }

  /** The agent sees the open thread: tell the visitor ("Seen") and clear the unread mark. */
  markThreadRead(): void {
    const last = this.thread.at(-1);
    const selected = this.selected;
    if (!selected || !last || document.visibilityState !== 'visible') return;
    this.#api?.read(selected.id, last.seq);
    this.#setConversations(this.conversations.map((item) => (item.id === selected.id ? { ...item, agentReadSeq: Math.max(item.agentReadSeq, last.seq) } : item)));
    this.changed();
  }

  async assign(agentId: string | null): Promise<void> {
    const selected = this.selected;
    if (!selected || !this.#api) return;
    try {
      this.upsert({ ...selected, ...(await this.#api.assign(selected.id, agentId)) }, false);
    } catch (error) {
      this.fail(error);
    }
  }

  async setStatus(action: 'close' | 'reopen'): Promise<void> {
    const selected = this.selected;
    if (!selected || !this.#api) return;
    try {
      this.upsert({ ...selected, ...(await this.#api.setStatus(selected.id, action)) }, false);
    } catch (error) {
      this.fail(error);
    }
  }

  async toggleNotifications(): Promise<void> {
    if (this.notifications) {
      this.#attention?.disable();
      this.notifications = false;
    } else {
      this.notifications = (await this.#attention?.enable()) ?? false;
      if (!this.notifications) this.error = 'Notifications are blocked in this browser’s site settings.';
    }
    this.changed();
  }

  /** A system notification (when the agent opted in) for something they are not looking at; none while an AI agent answers. */
  async notify(conversationId: string, body: string, known: ConversationSummary | null = null): Promise<void> {
    if (!this.#attention?.enabled) return;
    // The first message of a new conversation arrives before the conversation itself.
    const conversation = known ?? this.#known(conversationId) ?? (await this.#api?.conversation(conversationId).catch(() => null));
    if (conversation?.handledBy === 'ai') return;
    const who = conversation ? visitorLabel(conversation.visitor) : 'A visitor';
    this.#attention.notify(who, body, conversationId, () => void this.select(conversationId));
  }

  /** A changed conversation: moved to the top on activity, kept only if the list shows it. */
  upsert(conversation: ConversationSummary, activity = true): void {
    const before = this.#known(conversation.id);
    // An AI agent handed over: the team is told as of a new conversation.
    if (before?.handledBy === 'ai' && handedOff(conversation)) void this.notify(conversation.id, 'Handed off to the team', conversation);
    if (this.selected?.id === conversation.id) this.selected = conversation;
    this.visitorConversations.upsert(conversation);
    const others = this.conversations.filter((item) => item.id !== conversation.id);
    if (!this.#listed(conversation)) this.#setConversations(others);
    else if (activity || others.length === this.conversations.length) this.#setConversations([conversation, ...others]);
    else this.#setConversations(this.conversations.map((item) => (item.id === conversation.id ? conversation : item)));
    this.changed();
  }

  async #signInWith(login: () => Promise<{ token: string; expiresAt: string; agent: Agent }>): Promise<void> {
    this.error = '';
    try {
      const result = await login();
      const session = { token: result.token, expiresAt: result.expiresAt, agent: result.agent };
      storeSession(session);
      this.#begin(session);
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.changed();
  }

  #begin(session: InboxSession): void {
    this.session = session;
    const api = new AgentClient(this.#server(), session.token);
    this.#api = api;
    api.connect({
      connection: (connected) => {
        this.#set(() => (this.connected = connected));
        if (connected) void this.#refresh();
      },
      conversation: (conversation) => this.upsert(conversation),
      message: (message) => this.#onMessage(message),
      typing: (event) => this.#onVisitorTyping(event.conversationId, event.typing),
      read: (event) => {
        if (event.by === 'visitor' && this.selected?.id === event.conversationId) this.#set(() => (this.selected = { ...this.selected!, visitorReadSeq: event.seq }));
      },
      unauthorized: () => this.logout(),
    });
    void api.team().then((page) => this.#set(() => (this.team = page.data)), () => {});
    for (const feature of this.#features) feature.start(api, session);
  }

  /** Signed out or gone: the connection, the features' listeners and every timer go. */
  #end(): void {
    for (const feature of this.#features) feature.stop();
    this.#api?.close();
    this.#api = null;
    this.connected = false;
    this.replies.release();
    for (const timer of this.#typingTimers.values()) clearTimeout(timer);
    this.#typingTimers.clear();
  }

  async #refresh(): Promise<void> {
    const { filter, handled } = this;
    const request = ++this.#listRequest;
    const api = this.#api;
    if (!api) return;
    try {
      const fetched = (await api.conversations(filter, handled, this.#listQuery())).data;
      if (request !== this.#listRequest || filter !== this.filter || handled !== this.handled) return;
      // Live events may have arrived while the list was loading: keep what the fetch lacks.
      const known = new Set(fetched.map((item) => item.id));
      const live = this.conversations.filter((item) => !known.has(item.id) && this.#listed(item));
      this.#setConversations([...live, ...fetched].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
      // The open thread itself is resumed by the client from its last seq; only its bar may be stale.
      const selected = this.selected;
      if (selected) {
        const summary = fetched.find((item) => item.id === selected.id) ?? (await api.conversation(selected.id));
        if (this.selected?.id === summary.id) this.selected = summary;
      }
      this.changed();
      this.markThreadRead(); // what came while the page was hidden is seen now that it is back
    } catch (error) {
      this.fail(error);
    }
  }

  #onMessage(message: ChatMessage): void {
    const existing = this.#known(message.conversationId);
    const open = message.conversationId === this.selected?.id && document.visibilityState === 'visible';
    this.visitorConversations.message(message);
    if (existing) {
      const seen = open ? message.seq : existing.agentReadSeq;
      this.upsert({ ...existing, lastMessage: message, lastSeq: message.seq, updatedAt: message.createdAt, agentReadSeq: seen });
    }
    if (message.conversationId === this.selected?.id && !this.thread.some((item) => item.id === message.id)) {
      this.thread = [...this.thread, message].sort(threadOrder);
      this.replies.arrived(message, this.session!.agent.id);
      if (message.from === 'visitor') {
        this.#onVisitorTyping(message.conversationId, false);
        this.markThreadRead();
      }
      this.changed();
    }
    if (message.from === 'visitor' && !open) void this.notify(message.conversationId, preview(message), existing);
  }

  /** A lost "stopped typing" must not leave the indicator on: it expires after 6 s. */
  #onVisitorTyping(conversationId: string, typing: boolean): void {
    clearTimeout(this.#typingTimers.get(conversationId));
    const next = new Map(this.visitorTyping);
    next.set(conversationId, typing);
    this.#set(() => (this.visitorTyping = next));
    if (typing) this.#typingTimers.set(conversationId, setTimeout(() => this.#onVisitorTyping(conversationId, false), 6000));
  }

  /** Whether the list on screen (its filters and the features' narrowing) takes `conversation`. */
  #listed(conversation: ConversationSummary): boolean {
    if (!this.session || !inFilter(conversation, this.filter, this.session.agent.id, this.handled)) return false;
    return this.#features.every((feature) => feature.listed?.(conversation) ?? true);
  }

  #listQuery(): Record<string, string> {
    return Object.assign({}, ...this.#features.map((feature) => feature.listQuery?.() ?? {}));
  }

  /**
   * A feature narrowed or widened the list (a label picked, a team): fetch it again. The list
   * empties first, so rows of the old narrowing never show under the new one.
   */
  refreshList(): void {
    this.#set(() => this.#setConversations([]));
    void this.#refresh();
  }

  /** The conversation as the inbox knows it: listed, or open. */
  #known(conversationId: string): ConversationSummary | null {
    return this.conversations.find((item) => item.id === conversationId) ?? (this.selected?.id === conversationId ? this.selected : null);
  }

  /** The list changed: the tab title counts those waiting for an answer. */
  #setConversations(list: ConversationSummary[]): void {
    this.conversations = list;
    this.#attention?.badge(list.filter(waiting).length);
  }

  #set(change: () => void): void {
    change();
    this.changed();
  }
}
