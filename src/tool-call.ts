import type { ToolCall } from './client/events.js';
import { SupportChatToolCallEvent } from './events.js';

/**
 * Hands an agent's tool call to the page (a lazy chunk: only channels with tools ever get one).
 * The first `respond()`/`reject()` answers; a call no listener answered or claimed
 * (`preventDefault()`) during dispatch is `no_handler`.
 */
export function dispatchToolCall(host: EventTarget, call: ToolCall): void {
  let answered = false;
  const once = <T>(answer: (value: T) => void) => (value: T) => {
    answered = true;
    answer(value);
  };
  const event = new SupportChatToolCallEvent({ callId: call.callId, name: call.name, args: call.args, respond: once(call.respond), reject: once(call.reject) });
  host.dispatchEvent(event);
  if (!answered && !event.defaultPrevented) call.reject({ code: 'no_handler', message: `no handler for ${call.name}` });
}
