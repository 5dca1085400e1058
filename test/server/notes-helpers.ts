import type { Agent, ChatMessage, Note } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, startVisitor } from './helpers.js';

/** What the notes suites share: agents, a visitor who asked something, notes and replies over REST. */

/** Another agent of the team, signed in: its id and token. */
export async function colleague(url: string, name: string, email: string): Promise<{ agent: Agent; token: string }> {
  const password = 'another long enough password';
  const created = await json<{ agent: Agent }>(`${url}/api/v1/admin/agents`, { token: ADMIN_TOKEN, body: { name, email, password, role: 'agent' } });
  if (created.status !== 201) throw new Error(`agent: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await json<{ token: string }>(`${url}/api/v1/agent/login`, { body: { email, password } });
  return { agent: created.body.agent, token: login.body.token };
}

/** A visitor whose conversation holds one message of theirs (seq 1). */
export async function visitorSaying(url: string, text = 'Where is my parcel?', channel = 'test') {
  const session = await startVisitor(url, {}, channel);
  const sent = await json<ChatMessage>(`${url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: `v-${Math.random().toString(36).slice(2)}`, text } });
  if (sent.status !== 201) throw new Error(`send: ${sent.status} ${JSON.stringify(sent.body)}`);
  return { token: session.token, conversationId: sent.body.conversationId, message: sent.body };
}

/** An agent writes a note over REST; `status` 201 when new. */
export function writeNote(url: string, token: string, conversationId: string, text: string, clientId = `n-${Math.random().toString(36).slice(2)}`) {
  return json<Note>(`${url}/api/v1/agent/conversations/${conversationId}/notes`, { token, body: { clientId, text } });
}

/** An agent replies over REST. */
export function agentReply(url: string, token: string, conversationId: string, text: string) {
  return json<ChatMessage>(`${url}/api/v1/agent/conversations/${conversationId}/messages`, { token, body: { clientId: `a-${Math.random().toString(36).slice(2)}`, text } });
}
