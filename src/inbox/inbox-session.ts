import type { Agent } from '../protocol.js';

const TOKEN_KEY = 'support-inbox:session';

/** A signed-in agent, as the tab keeps it (sessionStorage: gone with the tab, never shared). */
export interface InboxSession {
  token: string;
  expiresAt: string;
  agent: Agent;
}

/** The session this tab holds, when it has not expired. */
export function storedSession(): InboxSession | null {
  const stored = sessionStorage.getItem(TOKEN_KEY);
  const session = stored ? (JSON.parse(stored) as InboxSession) : null;
  return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
}

export function storeSession(session: InboxSession | null): void {
  if (session) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** An invite link: `/inbox#invite=TOKEN` (a fragment never reaches a server log). */
export function inviteInLocation(): string | null {
  return /^#invite=([\w-]+)$/.exec(location.hash)?.[1] ?? null;
}

/** The invite was used: the token leaves the address bar and the history entry. */
export function forgetInvite(): void {
  history.replaceState(null, '', location.pathname + location.search);
}
