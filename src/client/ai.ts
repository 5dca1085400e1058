import type { ChannelConfig, ChatMessage, Conversation } from '../protocol.js';
import type { SessionApi } from '../transport/api.js';
import type { Conversations } from './conversations.js';
import type { CurrentConversation } from './current-conversation.js';
import type { ReadPolicy } from './read-policy.js';

export interface AiHost {
  api: SessionApi;
  conversations: Conversations;
  current: CurrentConversation;
  read: ReadPolicy;
  config(): ChannelConfig | null;
  token(): Promise<string>;
  changed(): void;
}

/**
 * The visitor's side of an AI agent: which messages are its answers, asking for a person
 * (handoff) and saying whether an answer helped (feedback; what was said is kept for this page).
 */
export class AiActions {
  readonly #host: AiHost;
  /** Feedback given on this page, by message id. */
  readonly #given = new Map<string, boolean>();

  constructor(host: AiHost) {
    this.#host = host;
  }

  /** An answer of an AI agent: a bot message whose author is the conversation's AI agent or one the channel names. */
  isAnswer(message: ChatMessage): boolean {
    const author = message.author?.id;
    if (message.from !== 'bot' || !author) return false;
    const ai = this.#host.config()?.ai;
    const conversation = this.#host.conversations.summary(message.conversationId);
    return author === conversation?.aiAgentId || author === ai?.agentId || Boolean(ai?.allowed.includes(author));
  }

  /** Whether the visitor said `messageId` helped (true), did not (false), or has not said (undefined). */
  given(messageId: string): boolean | undefined {
    return this.#given.get(messageId);
  }

  /** Asks for a person in `conversationId` (null: the shown one; none: the default one). */
  async handoff(conversationId: string | null): Promise<Conversation> {
    const { api, conversations, current, read } = this.#host;
    const handed = await api.handoff(await this.#host.token(), conversationId ?? undefined);
    read.announcing(() => conversations.described(handed));
    current.described(handed);
    this.#host.changed();
    return handed;
  }

  /** Says whether AI answer `messageId` (in `conversationId`, else the shown one) helped; shown as given at once, forgotten again if refused. */
  async feedback(messageId: string, helpful: boolean, conversationId: string | null): Promise<void> {
    const before = this.#given.get(messageId);
    this.#given.set(messageId, helpful);
    this.#host.changed();
    try {
      await this.#host.api.feedback(await this.#host.token(), { messageId, helpful }, conversationId ?? undefined);
    } catch (error) {
      if (before === undefined) this.#given.delete(messageId);
      else this.#given.set(messageId, before);
      this.#host.changed();
      throw error;
    }
  }
}
