import type { Logger } from 'pino';
import type { AiAgent, Block, ChatMessage, Conversation, MessageSource, Visitor } from '../../src/protocol.js';
import { newSortableId } from '../ids.js';
import type { KnowledgeKind, KnowledgeSearch, Passage } from '../search/knowledge.js';
import type { ChatEventBus } from '../services/events.js';
import type { HandoffReason } from '../services/handoff.js';
import type { ToolService } from '../services/tools.js';
import { ConversationClosed, type Store } from '../store/store.js';
import { buildContext, HISTORY_LIMIT, historyFor } from './context.js';
import { ModelFailure, streamCompletion, type ModelEndpoint, type ModelMessage } from './model-client.js';
import { ConversationQueue } from './queue.js';
import { runTool, toolsFor, UnknownTool, type ToolScope } from './tools.js';

/** Why the AI gives a conversation to the team: the model asked, it found no answer, or it failed. */
type AiHandoffReason = Extract<HandoffReason, 'model' | 'no_answer' | 'failure'>;

/** An AI agent ready to answer: its settings and where its model is. */
export interface AnsweringAgent {
  agent: AiAgent;
  endpoint: ModelEndpoint;
}

export interface AnsweringOptions {
  /** Silence from the model this long fails the answer (DESIGN.md §10: 30 s). */
  timeoutMs: number;
  /** Passages retrieved for each question. */
  passages: number;
}

export const ANSWERING_DEFAULTS: AnsweringOptions = { timeoutMs: 30_000, passages: 3 };

export interface AnsweringDeps {
  store: Store;
  events: ChatEventBus;
  tools: ToolService;
  knowledge: KnowledgeSearch;
  logger: Logger;
  /** The AI agent with its model endpoint (its key decrypted, the server's defaults filled in); null when it is gone or has no model. */
  agent(id: string): Promise<AnsweringAgent | null>;
  /** Hands the conversation to the team: the one handoff of `services.handoff` (system message, events, webhook). */
  handoff(conversationId: string, reason: AiHandoffReason): Promise<void>;
}

/** The answer a run put together, stored once at its end. */
interface Draft {
  id: string;
  text: string;
  sources: MessageSource[];
  blocks: Block[];
}

/**
 * The AI answering service, one for every transport: it hears each visitor message stored in a
 * conversation an AI agent handles and answers it — retrieval, the model streamed over
 * server-sent events (`message:delta` to the visitor while it writes, typing meanwhile), tools,
 * then one stored answer under the id the deltas used. Answers in one conversation queue up and
 * never interleave. A failing model hands the conversation to the team; the visitor's message
 * is already stored, so nothing is lost, and no caller ever sees the failure.
 */
export class AnsweringService {
  readonly #deps: AnsweringDeps;
  readonly #options: AnsweringOptions;
  readonly #queue = new ConversationQueue();
  /** The answer being written in each conversation (one at a time, by the queue). */
  readonly #running = new Map<string, AbortController>();
  #stopped = false;

  constructor(deps: AnsweringDeps, options: Partial<AnsweringOptions> = {}) {
    this.#deps = deps;
    this.#options = { ...ANSWERING_DEFAULTS, ...options };
  }

  /** Starts answering: every visitor message stored in an AI conversation from now on. Returns the stop. */
  start(): () => void {
    const onMessage = (message: ChatMessage, conversation: Conversation) => {
      if (message.from !== 'visitor' || conversation.handledBy !== 'ai' || !conversation.aiAgentId) return;
      void this.#queue.enqueue(conversation.id, () => this.#answer(message));
    };
    // Handed to the team while an answer is being written (the visitor's button, an agent): the AI stops there.
    const onHandoff = (conversation: { id: string }) => this.#running.get(conversation.id)?.abort(new Error('handed to the team'));
    this.#deps.events.on('message:created', onMessage);
    this.#deps.events.on('conversation:handoff', onHandoff);
    return () => {
      this.#stopped = true;
      this.#deps.events.off('message:created', onMessage);
      this.#deps.events.off('conversation:handoff', onHandoff);
      for (const controller of this.#running.values()) controller.abort(new Error('the server is stopping'));
    };
  }

  /** Resolves once every answer begun so far is stored (or given up). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async #answer(question: ChatMessage): Promise<void> {
    const { store } = this.#deps;
    // Read again when its turn comes: an earlier answer may have handed it over meanwhile.
    const conversation = await store.getConversation(question.conversationId);
    if (this.#stopped || !conversation || conversation.status !== 'open' || conversation.handledBy !== 'ai' || !conversation.aiAgentId) return;
    const [answering, visitor, channel] = await Promise.all([this.#deps.agent(conversation.aiAgentId), store.getVisitor(conversation.visitorId), store.getChannel(conversation.channelKey)]);
    if (!visitor || !channel) return;
    if (!answering) return this.#handoff(conversation, 'failure', new Error(`AI agent ${conversation.aiAgentId} cannot answer (gone, or no model set)`));
    const controller = new AbortController();
    this.#running.set(conversation.id, controller);
    const typing = (on: boolean) =>
      this.#deps.events.emit('typing', { conversationId: conversation.id, from: 'bot', name: answering.agent.name, typing: on }, conversation.visitorId);
    typing(true);
    try {
      const draft = await this.#run(answering, conversation, channel.id, visitor, question, controller.signal);
      if (draft.handoff) {
        if (draft.text.trim()) await this.#store(conversation, answering.agent, question, draft);
        return await this.#handoff(conversation, 'model');
      }
      if (!draft.text.trim() && !draft.blocks.length) {
        return await this.#handoff(conversation, answering.agent.handoff.onNoAnswer ? 'no_answer' : 'failure', new Error('the model gave an empty answer'));
      }
      await this.#store(conversation, answering.agent, question, draft);
    } catch (error) {
      if (controller.signal.aborted) return; // handed over, or the server is stopping: the visitor's message stays, unanswered
      if (error instanceof ConversationClosed) return; // closed meanwhile: no one is there to answer
      await this.#handoff(conversation, 'failure', error);
    } finally {
      this.#running.delete(conversation.id);
      typing(false);
    }
  }

  /** Asks the model, runs its tools (at most `maxToolRounds` rounds), streams its text to the visitor. */
  async #run(answering: AnsweringAgent, conversation: Conversation, channelId: string, visitor: Visitor, question: ChatMessage, signal: AbortSignal): Promise<Draft & { handoff: boolean }> {
    const { agent, endpoint } = answering;
    const kinds: KnowledgeKind[] = [...(agent.knowledge.faqs ? ['faq' as const] : []), ...(agent.knowledge.articles ? ['article' as const] : [])];
    const search = (text: string) => this.#deps.knowledge.search(channelId, text, { locale: visitor.context.locale, limit: this.#options.passages, kinds });
    const [passages, history] = await Promise.all([
      search(question.text),
      this.#deps.store.listMessages(conversation.id, { limit: HISTORY_LIMIT }),
    ]);
    const draft: Draft = { id: newSortableId('m'), text: '', sources: [], blocks: [] };
    const cite = (found: Passage[]) => {
      const cited = (source: Passage['source']) => draft.sources.some((other) => other.faqId === source.faqId && other.articleSlug === source.articleSlug);
      for (const passage of found) if (!cited(passage.source)) draft.sources.push(passage.source);
    };
    cite(passages);
    const messages: ModelMessage[] = buildContext(agent, visitor, passages, historyFor(question, history.data));
    const scope: ToolScope = { conversationId: conversation.id, agent, messageId: draft.id, search, pageTools: this.#deps.tools };
    const tools = toolsFor(agent);
    for (let round = 0; ; round++) {
      // The last round offers no tools: the model must answer in words.
      const offered = round < agent.maxToolRounds ? tools : [];
      const completion = await streamCompletion(endpoint, {
        messages,
        tools: offered,
        maxTokens: agent.maxTokens,
        signal,
        timeoutMs: this.#options.timeoutMs,
        onText: (text) => {
          this.#deps.events.emit('message:delta', { conversationId: conversation.id, messageId: draft.id, offset: draft.text.length, text }, conversation.visitorId);
          draft.text += text;
        },
      });
      if (!completion.toolCalls.length) return { ...draft, handoff: false };
      if (!offered.length) throw new UnknownTool(completion.toolCalls[0]!.function.name);
      messages.push({ role: 'assistant', content: completion.text || null, tool_calls: completion.toolCalls });
      for (const call of completion.toolCalls) {
        const outcome = await runTool(call, scope);
        if (outcome.handoff) return { ...draft, handoff: true };
        if (outcome.passages) cite(outcome.passages);
        if (outcome.blocks) draft.blocks = outcome.blocks;
        messages.push({ role: 'tool', tool_call_id: call.id, content: outcome.content });
      }
    }
  }

  /** The one stored answer: from the bot, the AI agent as author, under the id its deltas used. */
  async #store(conversation: Conversation, agent: AiAgent, question: ChatMessage, draft: Draft): Promise<void> {
    // Handed over meanwhile (on another node too): the team answers now.
    if ((await this.#deps.store.getConversation(conversation.id))?.handledBy !== 'ai') return;
    const { message, created } = await this.#deps.store.appendMessage({
      id: draft.id,
      conversationId: conversation.id,
      clientId: `ai-${question.id}`,
      from: 'bot',
      authorId: agent.id,
      text: draft.text.trim(),
      ...(draft.sources.length ? { sources: draft.sources } : {}),
      ...(draft.blocks.length ? { blocks: draft.blocks } : {}),
    });
    if (created) this.#deps.events.emit('message:created', message, { ...conversation, lastSeq: message.seq });
  }

  async #handoff(conversation: Conversation, reason: AiHandoffReason, error?: unknown): Promise<void> {
    if (error) {
      const kind = error instanceof ModelFailure ? error.kind : error instanceof UnknownTool ? 'unknown_tool' : 'error';
      this.#deps.logger.warn({ conversationId: conversation.id, kind, err: error }, 'AI answer failed: the conversation goes to the team');
    }
    try {
      await this.#deps.handoff(conversation.id, reason);
    } catch (failure) {
      this.#deps.logger.error({ conversationId: conversation.id, err: failure }, 'AI handoff failed');
    }
  }
}
