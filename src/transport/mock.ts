import type {
  Attachment,
  ChannelConfig,
  ChatMessage,
  ConnectionState,
  RatingRequest,
  Conversation,
  SendMessageRequest,
  SessionResponse,
  TransportName,
  VisitorConversationSummary,
  VisitorProfile,
} from '../protocol.js';
import { apiError } from '../client/errors.js';
import { DEFAULT_UPLOAD_POLICY } from '../upload-policy.js';
import type { SessionApi } from './api.js';
import { mockAi } from './mock-ai.js';
import type { Transport, TransportFactory, TransportOptions } from './transport.js';

const REPLIES = [
  'Thanks for reaching out! This is the demo (mock) mode: no server is involved.',
  'Everything you see runs in your browser — the element, its session and this fake agent.',
  'In a real install, an agent answers from the inbox at /inbox.',
  'Anything else I can help with?',
];
const AGENT = { id: 'ag_mock', name: 'Demo bot' };
const FAQS = [
  { id: 'faq_mock1', question: 'What is support-chat?', answer: 'A self-hostable support chat: this widget, an agent inbox and a small server.' },
  { id: 'faq_mock2', question: 'Is my message stored?', answer: 'In mock mode nothing leaves your browser; on a real server every message is stored exactly once.' },
];

/**
 * An in-browser fake server for `mock` mode: the same `SessionApi` and `Transport` the real
 * ones implement — several conversations per visitor, a default one opened by a send, explicit
 * ones opened by `create` — with a canned agent that types and replies in the conversation
 * written in. No network, no storage of its own. With `agent` (the page's `agent` option), that
 * AI agent answers the conversations the page opens, streaming, until the visitor asks for a person.
 */
export function createMockBackend(channel: string, { agent }: { agent?: string } = {}): { api: SessionApi; transport: TransportFactory } {
  const now = () => new Date().toISOString();
  const conversations = new Map<string, { conversation: Conversation; messages: ChatMessage[] }>();
  const byClientId = new Map<string, ChatMessage | Conversation>();
  const config: ChannelConfig = {
    channel,
    name: 'Demo',
    greeting: 'Hi! This chat runs in mock mode — try writing something.',
    headerTitle: 'Support (demo)',
    headerSubtitle: '',
    primaryColor: '#2f54eb',
    online: true,
    anonymous: true,
    offlineMessage: '',
    uploads: DEFAULT_UPLOAD_POLICY,
    preChat: null,
    ai: null,
    proactive: null,
  };
  let replies = 0;
  let storedCount = 0;
  /** Told of each conversation a send opens (the transport of the page). */
  let created: (conversation: Conversation) => void = () => {};
  /** The page's live link, while its transport is connected. */
  let live: TransportOptions['handlers'] | null = null;

  const uploads = new Map<string, Attachment>();
  const refuse = (status: number, code: 'not_found' | 'conflict', message: string) => apiError(status, { code, message, param: 'conversationId' });

  const open = (isDefault: boolean, fields: Partial<Conversation> = {}): Conversation => {
    const conversation: Conversation = {
      id: conversations.size ? `cv_mock${conversations.size + 1}` : 'cv_mock',
      channelKey: channel,
      visitorId: 'v_mock',
      status: 'open',
      lastSeq: 0,
      visitorReadSeq: 0,
      agentReadSeq: 0,
      assignedAgentId: null,
      createdAt: now(),
      updatedAt: now(),
      closedAt: null,
      rating: null,
      isDefault,
      subject: null,
      attributes: {},
      handledBy: 'human',
      aiAgentId: null,
      resolvedByAi: false,
      ...fields,
    };
    conversations.set(conversation.id, { conversation, messages: [] });
    return conversation;
  };
  const openDefault = () => [...conversations.values()].find(({ conversation }) => conversation.isDefault && conversation.status === 'open');
  const held = (id: string) => {
    const found = conversations.get(id);
    if (!found) throw refuse(404, 'not_found', `conversationId: ${id} is not this visitor's conversation`);
    return found;
  };
  /** Where a send goes: the one it names (a closed default one rolls over to the next), else the open default one. */
  /** Who answers a conversation the page opens with `agentId`: the AI agent, the team, or a refusal. */
  const answeredBy = (agentId: string | undefined): Partial<Conversation> => {
    if (ai) return ai.opened(agentId);
    if (agentId) throw apiError(400, { code: 'invalid_request', message: 'agentId: this channel has no AI agent', param: 'agentId' });
    return {};
  };
  const target = (conversationId: string | undefined, agentId: string | undefined) => {
    const named = conversationId ? held(conversationId) : undefined;
    if (named?.conversation.status === 'open') return named;
    if (named && !named.conversation.isDefault) throw refuse(409, 'conflict', `conversationId: ${conversationId} is closed`);
    return openDefault() ?? (created(open(true, answeredBy(agentId))), openDefault()!);
  };
  const summary = ({ conversation, messages }: { conversation: Conversation; messages: ChatMessage[] }): VisitorConversationSummary => {
    const last = messages.at(-1);
    return {
      ...conversation,
      lastMessage: last ? { from: last.from, text: last.text.slice(0, 200), createdAt: last.createdAt } : null,
      unread: messages.filter((message) => message.from !== 'visitor' && message.seq > conversation.visitorReadSeq).length,
    };
  };
  const summaries = () => [...conversations.values()].map(summary).reverse();

  const store = (
    into: { conversation: Conversation; messages: ChatMessage[] },
    message: Omit<ChatMessage, 'id' | 'seq' | 'conversationId' | 'createdAt' | 'attachments'>,
    attachments: Attachment[] = [],
    id?: string,
  ): ChatMessage => {
    const { conversation } = into;
    conversation.lastSeq += 1;
    conversation.updatedAt = now();
    const stored: ChatMessage = { ...message, id: id ?? `m_mock${++storedCount}`, seq: conversation.lastSeq, conversationId: conversation.id, attachments, createdAt: conversation.updatedAt };
    into.messages.push(stored);
    return stored;
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const ai = agent
    ? mockAi(agent, {
        store: (conversationId, message, id) => store(held(conversationId), message, [], id),
        later: (ms, run) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            run();
          }, ms);
          timers.add(timer);
        },
        live: () => live && { delta: live.delta, message: live.message, conversation: live.conversation },
      })
    : null;
  config.ai = ai?.config ?? null;
  const session = async (): Promise<SessionResponse> => ({
    token: 'mock',
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    visitorId: 'v_mock',
    verified: false,
    conversation: openDefault()?.conversation ?? null,
  });

  const api: SessionApi = {
    config: async () => ({ ...config }),
    startSession: session,
    renew: session,
    identify: async (_token: string, profile: VisitorProfile) => profile,
    rate: async (_token: string, rating: RatingRequest, conversationId?: string) => {
      const { conversation } = conversationId ? held(conversationId) : (openDefault() ?? held('cv_mock'));
      conversation.rating = rating.comment ? { score: rating.score, comment: rating.comment } : { score: rating.score };
      return { ...conversation };
    },
    handoff: async (_token, id) => {
      const { conversation } = id ? held(id) : (openDefault() ?? held('cv_mock'));
      return ai?.handoff(conversation) ?? { ...conversation };
    },
    feedback: async (_token, { messageId, helpful }, id) => {
      const found = id ? held(id) : (openDefault() ?? held('cv_mock'));
      if (!found.messages.some((message) => message.id === messageId && message.from === 'bot')) throw apiError(404, { code: 'not_found', message: `messageId: ${messageId} is not an AI answer here`, param: 'messageId' });
      ai?.feedback(found.conversation, helpful);
      return {};
    },
    close: async (_token, id) => {
      const { conversation } = held(id);
      Object.assign(conversation, { status: 'closed', closedAt: now() });
      return { ...conversation };
    },
    conversations: async (_token, { status }) => ({ data: summaries().filter((listed) => !status || listed.status === status), hasMore: false }),
    createConversation: async (_token, { clientId, subject, attributes, agentId }) => {
      const made = byClientId.get(clientId) ?? open(false, { subject: subject ?? null, attributes: attributes ?? {}, ...answeredBy(agentId) });
      byClientId.set(clientId, made);
      return { ...(made as Conversation) };
    },
    conversation: async (_token, id) => summary(held(id)),
    messages: async (_token, id, { after = 0, before = Infinity, limit = 100 }) => {
      const data = held(id).messages.filter((message) => message.seq > after && message.seq < before);
      return { data: before === Infinity ? data.slice(0, limit) : data.slice(-limit), hasMore: data.length > limit };
    },
    // The file stays in the page: its URL is a blob: URL, its size measured by the browser.
    upload: async (_token: string, file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<Attachment> => {
      for (const fraction of [0.25, 0.5, 0.75]) {
        await new Promise((resolve) => setTimeout(resolve, 60));
        if (signal.aborted) throw new DOMException('the upload was cancelled', 'AbortError');
        onProgress(fraction);
      }
      const id = `up_mock${uploads.size + 1}`;
      const attachment: Attachment = { id, url: URL.createObjectURL(file), fileName: file.name || 'file', fileSize: file.size, contentType: file.type || 'application/octet-stream' };
      if (file.type.startsWith('image/')) {
        const bitmap = await createImageBitmap(file).catch(() => null);
        if (bitmap) Object.assign(attachment, { width: bitmap.width, height: bitmap.height });
        bitmap?.close();
      }
      uploads.set(id, attachment);
      return attachment;
    },
    attachment: async (_token: string, id: string) => {
      const attachment = uploads.get(id);
      if (!attachment) throw new Error(`no upload ${id}`);
      return attachment;
    },
    faqs: async () => ({ data: FAQS.map(({ id, question }) => ({ id, question })), hasMore: false }),
  };

  class MockTransport implements Transport {
    readonly #options: TransportOptions;
    readonly #timers = new Set<ReturnType<typeof setTimeout>>();
    connected = false;

    constructor(options: TransportOptions) {
      this.#options = options;
      // Before the send's answer, as the server tells it.
      created = (conversation) => this.#options.handlers.conversationCreated({ ...conversation });
      live = options.handlers;
    }

    connect(): void {
      this.#state('connecting', 'none');
      this.#later(50, () => {
        this.connected = true;
        this.#state('online', 'websocket');
        const { conversationId, after = 0 } = this.#options.auth();
        const joined = (conversationId && conversations.get(conversationId)) || openDefault();
        this.#options.handlers.joined({
          conversation: joined ? { ...joined.conversation } : null,
          messages: joined?.messages.filter((message) => message.seq > after) ?? [],
          conversations: summaries(),
          config: { ...config },
        });
      });
    }

    async send(request: SendMessageRequest): Promise<ChatMessage> {
      const existing = byClientId.get(request.clientId);
      if (existing) return existing as ChatMessage;
      const into = target(request.conversationId, request.agentId);
      const attachments = (request.attachmentIds ?? []).flatMap((id) => uploads.get(id) ?? []);
      const message = store(into, { clientId: request.clientId, from: 'visitor', text: request.text }, attachments);
      byClientId.set(request.clientId, message);
      this.#later(0, () => this.#options.handlers.message(message));
      const faq = FAQS.find((item) => item.question === request.text.trim());
      if (faq) {
        const answer = store(into, { clientId: `faq-${message.id}`, from: 'bot', text: faq.answer, author: AGENT });
        this.#later(0, () => this.#options.handlers.message(answer));
      } else if (ai && into.conversation.handledBy === 'ai') {
        ai.answer(into.conversation);
      } else {
        this.#reply(into);
      }
      return message;
    }

    async sync(after: number, conversationId?: string): Promise<ChatMessage[]> {
      const from = conversationId ? held(conversationId) : openDefault();
      return from?.messages.filter((message) => message.seq > after) ?? [];
    }

    typing(): void {}

    // The mock team never calls page tools.
    async toolResult(): Promise<void> {}

    read(seq: number, conversationId?: string): void {
      const conversation = (conversationId ? conversations.get(conversationId) : openDefault())?.conversation;
      if (conversation) conversation.visitorReadSeq = Math.max(conversation.visitorReadSeq, seq);
    }

    // Every conversation's messages reach the page, as on the real socket.
    shownChanged(): void {}

    close(): void {
      this.connected = false;
      if (live === this.#options.handlers) live = null;
      for (const timer of [...this.#timers, ...timers]) clearTimeout(timer);
      this.#timers.clear();
      timers.clear();
    }

    #reply(into: { conversation: Conversation; messages: ChatMessage[] }): void {
      const typing = { conversationId: into.conversation.id, from: 'agent' as const, name: AGENT.name };
      this.#later(500, () => this.#options.handlers.typing({ ...typing, typing: true }));
      this.#later(1400, () => {
        const reply = store(into, { clientId: `mock-${replies}`, from: 'agent', text: REPLIES[replies % REPLIES.length]!, author: AGENT });
        replies += 1;
        into.conversation.agentReadSeq = reply.seq;
        this.#options.handlers.read({ conversationId: into.conversation.id, by: 'agent', seq: reply.seq });
        this.#options.handlers.typing({ ...typing, typing: false });
        this.#options.handlers.message(reply);
      });
    }

    #state(state: ConnectionState, name: TransportName): void {
      this.#options.handlers.state(state, name);
    }

    #later(ms: number, run: () => void): void {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        run();
      }, ms);
      this.#timers.add(timer);
    }
  }

  return { api, transport: async (options) => new MockTransport(options) };
}
