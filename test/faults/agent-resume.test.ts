// The inbox's own AgentClient (socket.io-client on /agent, resuming by seq) in Node, its link
// really cut by the TCP proxy again and again while a visitor writes in two conversations and a
// colleague answers in both.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChatMessage } from '../../src/protocol.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { AgentClient } from '../../src/inbox/agent-client.js';
import { faultRow, faultTable, writeFaultTable, type ConversationRun } from './fault-table.js';
import { agentSocket, agentToken, seeded, serverBehindProxy, storedMessages, until, visitor, type ServerProcess, type TcpProxy } from './harness.js';

const VISITOR_MESSAGES = 40;
const CUTS = 4;

let stack: Awaited<ReturnType<typeof serverBehindProxy>>;
let server: ServerProcess;
let proxy: TcpProxy;
const sessions: ChatClient[] = [];
const sockets: Array<{ disconnect(): unknown }> = [];
const inboxes: AgentClient[] = [];

before(async () => {
  stack = await serverBehindProxy();
  ({ server, proxy } = stack);
});
after(async () => {
  for (const inbox of inboxes) inbox.close();
  await stack.release(...sessions, ...sockets);
});

/** An inbox (its own AgentClient, through the proxy) showing `conversationId`: what it was handed, and whether it is connected. */
async function inboxShowing(token: string, conversationId: string) {
  const inbox = new AgentClient(proxy.url, token);
  inboxes.push(inbox);
  const watch = { shown: [] as ChatMessage[], online: false, connections: 0 };
  inbox.connect({
    connection: (connected) => {
      if (connected && !watch.online) watch.connections += 1;
      watch.online = connected;
    },
    conversation: () => {},
    message: (message) => void (message.conversationId === conversationId && watch.shown.push(message)),
    typing: () => {},
    read: () => {},
    unauthorized: () => assert.fail('the agent was refused'),
  });
  await until(() => watch.online, 'the agent to connect');
  watch.shown.push(...(await inbox.thread(conversationId)).data.filter((item): item is ChatMessage => item.from !== 'note'));
  return watch;
}

test(`agents whose links are cut ${CUTS} times mid-burst see each message of two conversations once, in seq order`, async (t) => {
  const random = seeded(20261206);
  // The visitor and the colleague talk to the server directly; only the agents' links go through the proxy.
  const session = await visitor(server.url);
  sessions.push(session);
  const conversations = {
    default: (await session.messages.send(null, 'default opening')).conversationId,
    explicit: (await session.conversations.create({ subject: 'A second question' })).id,
  };
  await session.messages.send(conversations.explicit, 'explicit opening');
  const token = await agentToken(server.url);
  const watches = { default: await inboxShowing(token, conversations.default), explicit: await inboxShowing(token, conversations.explicit) };
  const colleague = agentSocket(server.url, token);
  sockets.push(colleague);
  await until(() => colleague.connected, 'the colleague to connect');

  // The burst: the visitor's sends to both conversations at once (through its outbox), the
  // colleague's in both every third time. The agents' links, up again, are cut at every fifth of it.
  const sent = {
    default: { visitor: ['default opening'], colleague: [] as string[] },
    explicit: { visitor: ['explicit opening'], colleague: [] as string[] },
  };
  const online = () => watches.default.online && watches.explicit.online;
  let acked = 0;
  let ackedWhileCut = 0;
  let cuts = 0;
  const sends: Array<Promise<unknown>> = [];
  for (let m = 0; m < VISITOR_MESSAGES; m++) {
    const order = random() < 0.5 ? (['default', 'explicit'] as const) : (['explicit', 'default'] as const);
    for (const which of order) {
      const text = `visitor ${which} ${m}`;
      sent[which].visitor.push(text);
      sends.push(session.messages.send(conversations[which], text).then(() => {
        acked += 1;
        if (!online()) ackedWhileCut += 1;
      }));
      if (m % 3 === 0) {
        const answer = `colleague ${which} ${m / 3}`;
        sent[which].colleague.push(answer);
        sends.push(colleague.timeout(10_000).emitWithAck('message:send', { conversationId: conversations[which], clientId: `colleague-${which}-${m}`, text: answer }));
      }
    }
    if (cuts < CUTS && m === Math.floor(((cuts + 1) * VISITOR_MESSAGES) / (CUTS + 1))) {
      await until(() => acked >= 2 * m && online(), 'the visitor’s acks and the agents’ links before a cut');
      proxy.cutAll();
      cuts += 1;
    }
  }
  await Promise.all(sends);
  assert.equal(cuts, CUTS);
  assert.ok(ackedWhileCut > 0, 'some messages were stored while the agents were cut off');

  const runs: ConversationRun[] = [];
  for (const which of ['default', 'explicit'] as const) {
    const stored = await storedMessages(server.url, token, conversations[which]);
    const watch = watches[which];
    await until(() => watch.shown.length >= stored.length, `the ${which} conversation's agent to see all ${stored.length} (has ${watch.shown.length})`, 60_000);
    assert.ok(watch.connections > CUTS, `the ${which} conversation's agent reconnected after each cut (${watch.connections} connections)`);
    // Handed on in seq order as they came, not only complete once sorted.
    assert.deepEqual(watch.shown.map((message) => [message.seq, message.id]), stored.map((message) => [message.seq, message.id]), `${which}: each once, in seq order`);
    runs.push({ label: `agent showing the ${which} conversation`, sent: [sent[which].visitor, sent[which].colleague], stored, shown: watch.shown });
  }
  const rows = runs.map(faultRow);
  const table = faultTable(`Agents' links cut ${CUTS} times during a burst in two conversations (${ackedWhileCut} visitor messages stored while cut off)`, rows);
  t.diagnostic(`fault table: ${writeFaultTable('fault-table-agents.md', table)}`);
  for (const row of rows) assert.deepEqual(row, { ...row, stored: row.sent, shown: row.sent, lost: 0, duplicated: 0, inOrder: true }, `${row.label}\n${table}`);
});
