import { threadOrder, type AgentThreadItem, type ChatMessage, type Conversation, type CreateNoteRequest, type Note, type Page } from '../../src/protocol.js';
import type { AgentClaims } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import type { NoteResult } from '../store/note-store.js';
import type { Store } from '../store/store.js';
import type { ConversationService } from './conversations.js';
import type { ChatEventBus } from './events.js';
import { mentionedAgents } from './mentions.js';
import type { MessagePage } from './publisher.js';

// The bus's event for notes, declared beside the service that emits it: the realtime layer sends
// it to the `/agent` namespace only; webhooks and the visitor's side never listen to it.
declare module './events.js' {
  interface ChatEvents {
    'note:created': [note: Note, conversation: Conversation];
  }
}

/** Notes one page of a thread carries at most (a page holds at most `LIMITS.pageSize` messages). */
export const NOTES_PER_PAGE = 500;

/**
 * Private notes (DESIGN.md §12): written by agents over REST or the `/agent` socket, read in the
 * agent's thread. They live in their own table and travel on their own event, so the visitor's
 * side (messages, joins, syncs, webhooks, the AI's context) has no way to meet one.
 */
export class NoteService {
  readonly #store: Store;
  readonly #events: ChatEventBus;
  readonly #conversations: ConversationService;

  constructor(store: Store, events: ChatEventBus, conversations: ConversationService) {
    this.#store = store;
    this.#events = events;
    this.#conversations = conversations;
  }

  /**
   * Writes a note in any conversation, open or closed; a retry with the same `clientId` gets the
   * note back (`created` false). Every agent hears of a new one; the agents it names are told.
   */
  async create(agent: AgentClaims, conversationId: string, request: CreateNoteRequest): Promise<NoteResult> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) throw notFound('conversation');
    const mentions = mentionedAgents(request.text, await this.#store.listAgents());
    const result = await this.#store.createNote({ conversationId, clientId: request.clientId, authorId: agent.agentId, text: request.text, mentions });
    if (!result) throw notFound('conversation');
    if (result.created) this.#events.emit('note:created', result.note, conversation);
    // The same key from another agent is a collision, not a retry: never hand one agent's note to another.
    else if (result.note.author.id !== agent.agentId) throw new ServiceError('conflict', 'clientId already used in this conversation', { param: 'clientId' });
    return result;
  }

  /** The conversation's notes in the order written, a page after the note `after`. */
  async list(conversationId: string, query: { after?: string | undefined; limit: number }): Promise<Page<Note>> {
    await this.#conversations.getForAgent(conversationId);
    return this.#store.listNotes(conversationId, { afterId: query.after, limit: query.limit });
  }

  /**
   * A page of the agent's thread: the messages `page` names (as `GET …/messages` pages them) and
   * the notes placed among them. Reading forward from `after`, the notes placed after `after`
   * itself come too (written since the agent held it): a note may come on two pages, the inbox
   * keeps it once by id. `hasMore` is the messages'.
   */
  async thread(conversationId: string, page: MessagePage): Promise<Page<AgentThreadItem>> {
    const messages = await this.#conversations.agentMessages(conversationId, page);
    const notes = await this.#store.listNotes(conversationId, { ...notesAround(page, messages), limit: NOTES_PER_PAGE });
    return { data: [...messages.data, ...notes.data].sort(threadOrder), hasMore: messages.hasMore };
  }
}

/** Where the notes of a page of messages sit: from its first `seq` to its last, open-ended where the messages are. */
function notesAround(page: MessagePage, messages: Page<ChatMessage>): { fromSeq: number; toSeq: number | undefined } {
  const first = messages.data[0]?.seq;
  const last = messages.data.at(-1)?.seq;
  const upTo = page.before === undefined ? undefined : page.before - 1;
  if (page.after !== undefined) return { fromSeq: page.after, toSeq: messages.hasMore ? last : upTo };
  return { fromSeq: messages.hasMore ? (first ?? 0) : 0, toSeq: upTo };
}
