import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChatMessage } from '../../src/protocol.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { agentToken, seeded, serverBehindProxy, storedMessages, visitor, type ServerProcess, type TcpProxy } from './harness.js';

const VISITORS = 20;
const MESSAGES = 50;

let stack: Awaited<ReturnType<typeof serverBehindProxy>>;
let server: ServerProcess;
let proxy: TcpProxy;
const sessions: ChatClient[] = [];

before(async () => {
  stack = await serverBehindProxy();
  ({ server, proxy } = stack);
});
after(() => stack.release(...sessions));

test(`5. ${VISITORS} visitors × ${MESSAGES} messages with random disconnects: none lost, none doubled, order kept`, async () => {
  const random = seeded(20261121);
  for (let i = 0; i < VISITORS; i++) sessions.push(await visitor(proxy.url));

  // Cut a random connection every 150 ms while the visitors write.
  let cuts = 0;
  const chaos = setInterval(() => {
    proxy.cutOne(random);
    cuts += 1;
  }, 150);
  let results: ChatMessage[][];
  try {
    results = await Promise.all(
      sessions.map(async (session, v) => {
        const sends: Array<Promise<ChatMessage>> = [];
        for (let m = 0; m < MESSAGES; m++) {
          // Writing keeps pace with the cuts (15 over the run), however fast the server is.
          while (cuts < Math.floor((m * 15) / MESSAGES)) await new Promise((resolve) => setTimeout(resolve, 10));
          sends.push(session.send(`visitor ${v} message ${m}`));
          if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, random() * 20));
        }
        return Promise.all(sends);
      }),
    );
  } finally {
    clearInterval(chaos);
  }
  assert.ok(cuts > 10, `the proxy cut connections (${cuts})`);

  const token = await agentToken(server.url);
  for (const [v, acked] of results.entries()) {
    const expected = Array.from({ length: MESSAGES }, (_, m) => [m + 1, `visitor ${v} message ${m}`]);
    assert.deepEqual(acked.map((m) => [m.seq, m.text]), expected, `visitor ${v}: acks`);
    const stored = await storedMessages(server.url, token, acked[0]!.conversationId);
    assert.deepEqual(stored.map((m) => [m.seq, m.text]), expected, `visitor ${v}: the store`);
    assert.deepEqual(sessions[v]!.transcript.map((m) => [m.seq, m.text]), expected, `visitor ${v}: what the visitor shows`);
    assert.deepEqual(sessions[v]!.pending, []);
  }
  const conversations = new Set(results.map((acked) => acked[0]!.conversationId));
  assert.equal(conversations.size, VISITORS, 'one conversation each');
});
