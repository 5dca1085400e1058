import type { ChannelConfig, ChatMessage, Conversation, MessageSource } from '../protocol.js';
import { apiError } from '../client/errors.js';

/** What the mock's AI agent needs of the fake server. */
export interface MockAiHost {
  /** Stores a message in the conversation (seq, id, time assigned). */
  store(conversationId: string, message: Omit<ChatMessage, 'id' | 'seq' | 'conversationId' | 'createdAt' | 'attachments'>, id?: string): ChatMessage;
  /** Runs later, unless the transport closed meanwhile. */
  later(ms: number, run: () => void): void;
  /** The page's live link: pieces, messages and conversation changes. */
  live(): { delta(piece: { conversationId: string; messageId: string; offset: number; text: string }): void; message(message: ChatMessage): void; conversation(conversation: Conversation): void } | null;
}

const ANSWER =
  'This is the demo AI agent: its answer streams in word by word, as a real model does. Ask for a person and the demo team takes over.';
const SOURCES: MessageSource[] = [
  { title: 'Mock mode', url: 'https://example.com/help/mock-mode' },
  { title: 'Getting started', articleSlug: 'getting-started' },
];
/** Pause between streamed words. */
const WORD_MS = 40;

/**
 * The `agent` option in mock mode: the channel gets that AI agent, the conversations the page
 * opens are handled by it, and its answers stream (`message:delta`, then the stored answer with
 * sources) until the visitor asks for a person. Any other agent id is refused, as the server does.
 */
export function mockAi(agentId: string, host: MockAiHost) {
  let answers = 0;
  const author = { id: agentId, name: 'Demo AI' };
  return {
    config: { agentId, name: author.name, allowed: [agentId], handoff: true } satisfies ChannelConfig['ai'],

    /** The fields of a conversation the page opens with `requested` (its `agentId`). */
    opened(requested: string | undefined): Partial<Conversation> {
      if (requested !== undefined && requested !== agentId) throw apiError(400, { code: 'invalid_request', message: `agentId: ${requested} is not an AI agent of this channel`, param: 'agentId' });
      return { handledBy: 'ai', aiAgentId: agentId };
    },

    /** Streams an answer into `conversation`, a word at a time, then stores it. */
    answer(conversation: Conversation): void {
      const messageId = `m_mockai${++answers}`;
      const words = ANSWER.split(/(?<= )/);
      let offset = 0;
      words.forEach((word, index) => {
        const at = offset;
        offset += word.length;
        host.later(300 + index * WORD_MS, () => host.live()?.delta({ conversationId: conversation.id, messageId, offset: at, text: word }));
      });
      host.later(300 + words.length * WORD_MS, () => {
        const stored = host.store(conversation.id, { clientId: `ai-${messageId}`, from: 'bot', text: ANSWER, author, sources: SOURCES }, messageId);
        host.live()?.message(stored);
      });
    },

    /** The visitor asked for a person: the team takes over, and a system message says so. */
    handoff(conversation: Conversation): Conversation {
      if (conversation.handledBy === 'ai') {
        conversation.handledBy = 'human';
        const notice = host.store(conversation.id, { clientId: `handoff-${conversation.id}`, from: 'system', text: 'A person from the team will answer here.' });
        host.later(0, () => {
          host.live()?.conversation({ ...conversation });
          host.live()?.message(notice);
        });
      }
      return { ...conversation };
    },

    /** Feedback on an answer: `helpful` marks the conversation resolved by AI. */
    feedback(conversation: Conversation, helpful: boolean): void {
      if (helpful) conversation.resolvedByAi = true;
    },
  };
}
