import type { AiAgent, AiAgentInput, ChatMessage, Conversation, MessageDelta, SessionRequest, TypingEvent } from '../../src/protocol.js';
import type { FakeModel } from './fake-model.js';
import { ADMIN_TOKEN, connectVisitor, json, startVisitor, until, type TestServer, type WidgetSocket } from './helpers.js';

let channels = 0;

/** A channel answered by an AI agent on `model`, with the given FAQs; returns its key and the agent. */
export async function aiChannel(server: TestServer, model: FakeModel, agent: Partial<AiAgentInput> = {}, faqs: Array<{ question: string; answer: string }> = []) {
  const key = `ai${++channels}`;
  const created = await json<AiAgent>(`${server.url}/api/v1/admin/ai-agents`, {
    token: ADMIN_TOKEN,
    body: { name: 'Ava', baseUrl: model.baseUrl, model: 'fake-1', apiKey: 'sk-test', instructions: 'You help the customers of Parcel & Co.', knowledge: { faqs: true }, ...agent },
  });
  if (created.status !== 201) throw new Error(`AI agent: ${created.status} ${JSON.stringify(created.body)}`);
  const channel = await json(`${server.url}/api/v1/admin/channels`, { token: ADMIN_TOKEN, body: { key, name: key } });
  if (channel.status !== 201) throw new Error(`channel: ${channel.status} ${JSON.stringify(channel.body)}`);
  const patched = await json(`${server.url}/api/v1/admin/channels/${key}`, { token: ADMIN_TOKEN, method: 'PATCH', body: { settings: { ai: { agentId: created.body.id, allowed: [] } } } });
  if (patched.status !== 200) throw new Error(`channel ai: ${patched.status} ${JSON.stringify(patched.body)}`);
  for (const faq of faqs) await json(`${server.url}/api/v1/admin/channels/${key}/faqs`, { token: ADMIN_TOKEN, body: faq });
  return { key, agent: created.body };
}

/** What a visitor's socket heard, in order. */
export type Heard =
  | { event: 'message:delta'; delta: MessageDelta }
  | { event: 'message:created'; message: ChatMessage }
  | { event: 'typing'; typing: TypingEvent }
  | { event: 'conversation:updated'; conversation: Conversation };

/** A visitor of `key` (`session`: the handshake's profile, context…) with a connected widget socket that records what it hears. */
export async function aiVisitor(server: TestServer, key: string, session: SessionRequest = {}) {
  const { token } = await startVisitor(server.url, session, key);
  const { socket } = await connectVisitor(server.url, token);
  const heard: Heard[] = [];
  socket.on('message:delta', (delta) => heard.push({ event: 'message:delta', delta }));
  socket.on('message:created', (message) => heard.push({ event: 'message:created', message }));
  socket.on('typing', (typing) => heard.push({ event: 'typing', typing }));
  socket.on('conversation:updated', (conversation) => heard.push({ event: 'conversation:updated', conversation }));
  const send = async (text: string, clientId = `c${Math.random().toString(36).slice(2)}`): Promise<ChatMessage> => {
    const ack = await socket.emitWithAck('message:send', { clientId, text });
    if (!('data' in ack)) throw new Error(`send refused: ${JSON.stringify(ack)}`);
    return ack.data;
  };
  const answers = () => heard.flatMap((entry) => (entry.event === 'message:created' && entry.message.from === 'bot' ? [entry.message] : []));
  /** The first `count` answers, once they arrived. */
  const answered = async (count = 1) => (await until(() => answers().length >= count && answers(), `${count} answer(s)`)).slice(0, count);
  return { token, socket: socket as WidgetSocket, heard, send, answers, answered, close: () => socket.disconnect() };
}

/** The stored messages of the conversation, oldest first (REST, as the fallback reads them). */
export async function storedMessages(server: TestServer, token: string, conversationId: string): Promise<ChatMessage[]> {
  const { body } = await json<{ data: ChatMessage[] }>(`${server.url}/api/v1/widget/conversations/${conversationId}/messages?after=0&limit=100`, { token });
  return body.data;
}

/** Waits until the visitor heard the conversation go to the team. */
export const handedOver = (heard: Heard[]) =>
  until(() => heard.some((entry) => entry.event === 'conversation:updated' && entry.conversation.handledBy === 'human'), 'the handoff');
