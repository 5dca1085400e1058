import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { createApp, type AppOptions } from '../../server/app.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { Store } from '../../server/store/store.js';
import { LocalDiskStorage } from '../../server/uploads/storage.js';
import type { Agent, ChatMessage, Note } from '../../src/protocol.js';
import { ADMIN_TOKEN, AGENT, json, loginAgent, SECRET, startVisitor, tempDataFile } from './helpers.js';

/** A real server on port 0 over one engine's store (`open` from `engine.data(t)`), closed when the test ends. */
export async function serveEngine(t: TestContext, open: () => Promise<Store>, options: Pick<AppOptions, 'ai' | 'webhooks'> = {}) {
  const store = await open();
  const data = tempDataFile();
  const app = createApp({ store, files: new LocalDiskStorage(data.file) }, { sessionSecret: SECRET, adminToken: ADMIN_TOKEN, rateLimits: false, ...options });
  await store.createChannel({ key: 'test', name: 'Test', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  await app.services.agents.create({ ...AGENT, role: 'agent' });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    await app.close();
    data.remove();
  });
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  return { url, app, store, token: await loginAgent(url) };
}

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
