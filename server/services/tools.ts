import type { ToolCallRequest, ToolCallResult, ToolExecute, ToolOutcome } from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import { newId } from '../ids.js';
import type { Store } from '../store/store.js';
import type { ChatEventBus } from './events.js';

export const DEFAULT_TOOL_TIMEOUT_MS = 15_000;

interface PendingCall {
  visitorId: string;
  settle(outcome: ToolOutcome): void;
}

/** Reaches the visitor's open widgets; false when none is connected. */
export type ToolReach = (call: ToolExecute, visitorId: string) => boolean;

/**
 * Page tools: an agent or a bot asks the visitor's page to run a named tool (the host handles
 * `support-chat-tool-call`) and waits for its answer. Calls wait in memory on the node that
 * received them; the answer comes back on the visitor's socket or over REST.
 */
export class ToolService {
  readonly #store: Store;
  readonly #events: ChatEventBus;
  readonly #pending = new Map<string, PendingCall>();
  #reach: ToolReach = () => false;

  constructor(store: Store, events: ChatEventBus) {
    this.#store = store;
    this.#events = events;
  }

  /** The realtime layer says how to reach a visitor's widgets. */
  connect(reach: ToolReach): void {
    this.#reach = reach;
  }

  /**
   * Runs `request.name` in the conversation's visitor page. Resolves with what the page
   * answered (`ok` true or false); throws `conflict` when no widget of the visitor is
   * connected, `no_handler` when the page handles no such tool, `timeout` when it is silent.
   */
  async call(conversationId: string, request: ToolCallRequest): Promise<ToolCallResult> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) throw notFound('conversation');
    const started = Date.now();
    const timeoutMs = request.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
    const call: ToolExecute = { callId: newId('tc'), name: request.name, args: request.args ?? null };
    const outcome = await new Promise<ToolOutcome>((resolve) => {
      const timer = setTimeout(() => settle({ ok: false, error: { code: 'timeout', message: `the page did not answer within ${timeoutMs} ms` } }), timeoutMs);
      const settle = (result: ToolOutcome) => {
        clearTimeout(timer);
        this.#pending.delete(call.callId);
        resolve(result);
      };
      this.#pending.set(call.callId, { visitorId: conversation.visitorId, settle });
      if (!this.#reach(call, conversation.visitorId)) {
        settle({ ok: false, error: { code: 'offline', message: 'the visitor has no chat open right now' } });
      }
    });
    const result: ToolCallResult = {
      id: call.callId,
      conversationId,
      channelKey: conversation.channelKey,
      name: call.name,
      args: call.args,
      ok: outcome.ok,
      ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
      durationMs: Date.now() - started,
    };
    this.#events.emit('tool:result', result);
    if (outcome.ok) return result;
    const { code, message } = outcome.error;
    if (code === 'offline') throw new ServiceError('conflict', message, { param: 'conversationId' });
    if (code === 'no_handler') throw new ServiceError('no_handler', `the page handles no tool named "${call.name}"`, { param: 'name' });
    if (code === 'timeout') throw new ServiceError('timeout', message, { param: 'timeoutMs' });
    return result; // the page's handler said no: a result like any other
  }

  /** The visitor's page answered a call; only the visitor it was sent to can. */
  answer(visitor: VisitorClaims, callId: string, outcome: ToolOutcome): void {
    const pending = this.#pending.get(callId);
    if (!pending || pending.visitorId !== visitor.visitorId) throw notFound('tool call');
    pending.settle(outcome);
  }
}
