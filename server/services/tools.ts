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

/** How calls and answers travel between this service and the visitors' widgets (the realtime layer). */
export interface ToolRelay {
  /** Sends the call to the visitor's open widgets on any node; false when none is connected. */
  reach(call: ToolExecute, visitorId: string): Promise<boolean>;
  /** Hands an answer to the node that holds the call; false when no other node does. */
  forward(visitorId: string, callId: string, outcome: ToolOutcome): Promise<boolean>;
}

const unconnected: ToolRelay = { reach: async () => false, forward: async () => false };

/**
 * Page tools: an agent or a bot asks the visitor's page to run a named tool (the host handles
 * `support-chat-tool-call`) and waits for its answer. Calls wait in memory on the node that
 * received them; the answer comes back on the visitor's socket or over REST, to whichever node
 * the visitor is on, and the relay carries it to the node that waits.
 */
export class ToolService {
  readonly #store: Store;
  readonly #events: ChatEventBus;
  readonly #pending = new Map<string, PendingCall>();
  #relay: ToolRelay = unconnected;

  constructor(store: Store, events: ChatEventBus) {
    this.#store = store;
    this.#events = events;
  }

  /** The realtime layer says how to reach a visitor's widgets and the other nodes (none: disconnected). */
  connect(relay: ToolRelay | null): void {
    this.#relay = relay ?? unconnected;
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
      const offline = () => settle({ ok: false, error: { code: 'offline', message: 'the visitor has no chat open right now' } });
      this.#relay.reach(call, conversation.visitorId).then((reached) => reached || offline(), offline);
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
  async answer(visitor: VisitorClaims, callId: string, outcome: ToolOutcome): Promise<void> {
    if (this.settle(visitor.visitorId, callId, outcome)) return;
    if (!(await this.#relay.forward(visitor.visitorId, callId, outcome))) throw notFound('tool call');
  }

  /** Whether the call still waits for an answer (not yet answered, timed out or refused). */
  isPending(callId: string): boolean {
    return this.#pending.has(callId);
  }

  /** Settles a call that waits on this node; false when none here has that id and visitor. */
  settle(visitorId: string, callId: string, outcome: ToolOutcome): boolean {
    const pending = this.#pending.get(callId);
    if (!pending || pending.visitorId !== visitorId) return false;
    pending.settle(outcome);
    return true;
  }
}
