// The inbox's own AgentClient (socket.io-client on /agent, resuming by seq) in Node, its link
// really cut by the TCP proxy again and again while a visitor and a colleague write.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChatMessage } from '../../src/protocol.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { AgentClient } from '../../src/inbox/agent-client.js';
import { agentSocket, agentToken, serverBehindProxy, storedMessages, until, visitor, type ServerProcess, type TcpProxy } from './harness.js';

const VISITOR_MESSAGES = 60;
const COLLEAGUE_MESSAGES = 20;
const CUTS = 4;

let stack: Awaited<ReturnType<typeof serverBehindProxy>>;
let server: ServerProcess;
let proxy: TcpProxy;
const sessions: ChatClient[] = [];
const sockets: Array<{ disconnect(): unknown }> = [];
let inbox: AgentClient | undefined;

before(async () => {
  stack = await serverBehindProxy();
  ({ server, proxy } = stack);
});
after(async () => {
  inbox?.close();
  await stack.release(...sessions, ...sockets);
});

test(`an agent whose link is cut ${CUTS} times mid-burst sees each of ${VISITOR_MESSAGES + COLLEAGUE_MESSAGES + 1} messages once, in seq order`, async () => {
  // The visitor and the colleague talk to the server directly; only the agent's link goes through the proxy.
  const session = await visitor(server.url);
  sessions.push(session);
  const opening = await session.send('opening');
  const token = await agentToken(server.url);

  inbox = new AgentClient(proxy.url, token);
  const shown: ChatMessage[] = [];
  let connections = 0;
  let online = false;
  inbox.connect({
    connection: (connected) => {
      if (connected && !online) connections += 1;
      online = connected;
    },
    conversation: () => {},
    message: (message) => void (message.conversationId === opening.conversationId && shown.push(message)),
    typing: () => {},
    read: () => {},
    unauthorized: () => assert.fail('the agent was refused'),
  });
  await until(() => connections === 1, 'the agent to connect');
  shown.push(...(await inbox.thread(opening.conversationId)).data);
  assert.deepEqual(shown.map((message) => message.seq), [1]);

  const colleague = agentSocket(server.url, token);
  sockets.push(colleague);
  await until(() => colleague.connected, 'the colleague to connect');

  // The burst: the visitor's sends through its outbox, the colleague's every third of them.
  // The agent's link, up again, is cut at every fifth of the visitor's acks.
  let acked = 0;
  let ackedWhileCut = 0;
  let cuts = 0;
  const sends: Array<Promise<unknown>> = [];
  for (let m = 0; m < VISITOR_MESSAGES; m++) {
    sends.push(session.send(`visitor ${m}`).then(() => {
      acked += 1;
      if (!online) ackedWhileCut += 1;
    }));
    if (m % 3 === 0) {
      const clientId = `colleague-${m}`;
      sends.push(colleague.timeout(10_000).emitWithAck('message:send', { conversationId: opening.conversationId, clientId, text: `colleague ${m / 3}` }));
    }
    if (cuts < CUTS && m === Math.floor(((cuts + 1) * VISITOR_MESSAGES) / (CUTS + 1))) {
      await until(() => acked >= m && online, 'the visitor’s acks and the agent’s link before a cut');
      proxy.cutAll();
      cuts += 1;
    }
  }
  await Promise.all(sends);
  assert.equal(cuts, CUTS);
  assert.ok(ackedWhileCut > 0, 'some messages were stored while the agent was cut off');

  const stored = await storedMessages(server.url, token, opening.conversationId);
  assert.equal(stored.length, 1 + VISITOR_MESSAGES + COLLEAGUE_MESSAGES, 'stored');
  await until(() => shown.length >= stored.length, `the agent to see all ${stored.length} (has ${shown.length})`, 60_000);
  assert.ok(connections > CUTS, `the agent reconnected after each cut (${connections} connections)`);
  assert.deepEqual(shown.map((message) => [message.seq, message.id]), stored.map((message) => [message.seq, message.id]), 'each once, in seq order');
});
