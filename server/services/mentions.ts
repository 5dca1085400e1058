import type { Agent } from '../../src/protocol.js';

/** A character that continues a handle (`@ada.lovelace` is one handle, not `@ada` and text). */
const HANDLE_CHAR = /[\p{L}\p{N}_-]/u;

/** Whether `lowerText` names `handle` after an `@` that starts a word and with nothing of a longer handle after it. */
function names(lowerText: string, handle: string): boolean {
  for (let at = lowerText.indexOf(`@${handle}`); at !== -1; at = lowerText.indexOf(`@${handle}`, at + 1)) {
    const before = lowerText[at - 1];
    const next = at + 1 + handle.length;
    const after = lowerText[next];
    const startsWord = before === undefined || !(HANDLE_CHAR.test(before) || before === '.' || before === '@');
    const endsHandle = after === undefined || !(HANDLE_CHAR.test(after) || (after === '.' && HANDLE_CHAR.test(lowerText[next + 1] ?? '')));
    if (startsWord && endsHandle) return true;
  }
  return false;
}

/**
 * The agents a note names: `@` and the agent's name as it is written (`@Ada Lovelace`, any
 * case) or the local part of their email (`@ada.l`). People only: bots and disabled agents are
 * never notified. An address in the text (`x@ada.example`) names no one.
 */
export function mentionedAgents(text: string, team: Agent[]): string[] {
  const lower = text.toLowerCase();
  return team
    .filter((agent) => agent.kind === 'human' && !agent.disabled)
    .filter((agent) => {
      const handles = [agent.name.trim().toLowerCase(), agent.email.split('@')[0]!.toLowerCase()].filter(Boolean);
      return handles.some((handle) => names(lower, handle));
    })
    .map((agent) => agent.id);
}
