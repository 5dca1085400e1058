import type {
  Attachment,
  ChannelConfig,
  ChatMessage,
  ConnectionState,
  RatingRequest,
  Conversation,
  SendMessageRequest,
  SessionRequest,
  SessionResponse,
  TransportName,
  VisitorProfile,
} from '../protocol.js';
import { DEFAULT_UPLOAD_POLICY } from '../upload-policy.js';
import type { SessionApi } from './api.js';
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
 * ones implement, with a canned agent that types and replies. No network, no storage of its own.
 */
export function createMockBackend(channel: string): { api: SessionApi; transport: TransportFactory } {
  const now = () => new Date().toISOString();
  const conversation: Conversation = {
    id: 'cv_mock',
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
    isDefault: true,
    subject: null,
    attributes: {},
  };
  const messages: ChatMessage[] = [];
  const byClientId = new Map<string, ChatMessage>();
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
  };
  let replies = 0;

  const uploads = new Map<string, Attachment>();

  const store = (message: Omit<ChatMessage, 'id' | 'seq' | 'conversationId' | 'createdAt' | 'attachments'>, attachments: Attachment[] = []): ChatMessage => {
    conversation.lastSeq += 1;
    const stored: ChatMessage = {
      ...message,
      id: `m_mock${conversation.lastSeq}`,
      seq: conversation.lastSeq,
      conversationId: conversation.id,
      attachments,
      createdAt: now(),
    };
    messages.push(stored);
    return stored;
  };

  const api: SessionApi = {
    config: async () => ({ ...config }),
    startSession: async (_channel: string, _body: SessionRequest): Promise<SessionResponse> => ({
      token: 'mock',
      expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      visitorId: conversation.visitorId,
      verified: false,
      conversation: messages.length ? { ...conversation } : null,
    }),
    identify: async (_token: string, profile: VisitorProfile) => profile,
    rate: async (_token: string, rating: RatingRequest) => {
      conversation.rating = rating.comment ? { score: rating.score, comment: rating.comment } : { score: rating.score };
      return { ...conversation };
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
    renew: async (): Promise<SessionResponse> => ({
      token: 'mock',
      expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      visitorId: conversation.visitorId,
      verified: false,
      conversation: messages.length ? { ...conversation } : null,
    }),
  };

  class MockTransport implements Transport {
    readonly #options: TransportOptions;
    readonly #timers = new Set<ReturnType<typeof setTimeout>>();
    connected = false;

    constructor(options: TransportOptions) {
      this.#options = options;
    }

    connect(): void {
      this.#state('connecting', 'none');
      this.#later(50, () => {
        this.connected = true;
        this.#state('online', 'websocket');
        const after = this.#options.auth().after ?? 0;
        this.#options.handlers.joined({
          conversation: messages.length ? { ...conversation } : null,
          messages: messages.filter((message) => message.seq > after),
          conversations: [],
          config: { ...config },
        });
      });
    }

    async send(request: SendMessageRequest): Promise<ChatMessage> {
      const existing = byClientId.get(request.clientId);
      if (existing) return existing;
      const attachments = (request.attachmentIds ?? []).flatMap((id) => uploads.get(id) ?? []);
      const message = store({ clientId: request.clientId, from: 'visitor', text: request.text }, attachments);
      byClientId.set(request.clientId, message);
      this.#later(0, () => this.#options.handlers.message(message));
      const faq = FAQS.find((item) => item.question === request.text.trim());
      if (faq) {
        const answer = store({ clientId: `faq-${message.id}`, from: 'bot', text: faq.answer, author: AGENT });
        this.#later(0, () => this.#options.handlers.message(answer));
      } else {
        this.#reply();
      }
      return message;
    }

    async sync(after: number): Promise<ChatMessage[]> {
      return messages.filter((message) => message.seq > after);
    }

    typing(): void {}

    // The mock team never calls page tools.
    async toolResult(): Promise<void> {}

    read(seq: number): void {
      conversation.visitorReadSeq = Math.max(conversation.visitorReadSeq, seq);
    }

    close(): void {
      this.connected = false;
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
    }

    #reply(): void {
      const typing = { conversationId: conversation.id, from: 'agent' as const, name: AGENT.name };
      this.#later(500, () => this.#options.handlers.typing({ ...typing, typing: true }));
      this.#later(1400, () => {
        const reply = store({ clientId: `mock-${replies}`, from: 'agent', text: REPLIES[replies % REPLIES.length]!, author: AGENT });
        replies += 1;
        conversation.agentReadSeq = reply.seq;
        this.#options.handlers.read({ conversationId: conversation.id, by: 'agent', seq: reply.seq });
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
