import { SupportChatToolCallEvent } from './events.js';
import type { ToolExecute, ToolOutcome } from './protocol.js';
import type { ChatSession } from './session/chat-session.js';

/**
 * Hands an agent's tool call to the page (a lazy chunk: only channels with tools ever get one).
 * The first `respond()`/`reject()` answers; a call no listener answered or claimed
 * (`preventDefault()`) during dispatch is `no_handler`.
 */
export function dispatchToolCall(host: EventTarget, session: ChatSession, call: ToolExecute): void {
  let answered = false;
  const answer = (outcome: ToolOutcome) => {
    if (answered) return;
    answered = true;
    session.answerTool(call.callId, outcome).catch(() => {}); // the caller times out if it is lost
  };
  const event = new SupportChatToolCallEvent({
    callId: call.callId,
    name: call.name,
    args: call.args,
    respond: (result) => answer({ ok: true, result: result === undefined ? null : result }),
    reject: (error) => {
      const { code = 'rejected', message } = typeof error === 'string' ? { message: error } : error ?? { message: 'rejected' };
      answer({ ok: false, error: { code: String(code).slice(0, 64), message: String(message).slice(0, 1000) } });
    },
  });
  host.dispatchEvent(event);
  if (!answered && !event.defaultPrevented) answer({ ok: false, error: { code: 'no_handler', message: `no handler for ${call.name}` } });
}
