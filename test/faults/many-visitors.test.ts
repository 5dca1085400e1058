import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChatMessage } from '../../src/protocol.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { scratchDatabase } from '../server/store-engines.js';
import { faultRow, faultTable, writeFaultTable, type ConversationRun } from './fault-table.js';
import { agentToken, seeded, serverBehindProxy, storedMessages, visitor, type ServerProcess, type TcpProxy } from './harness.js';

const VISITORS = 20;
const MESSAGES = 50;
/** Cuts over the run, one every 150 ms. */
const CUTS = 30;

const databaseUrl = process.env.TEST_DATABASE_URL;
const engines = [
  { name: 'SQLite', database: null, skip: false as const },
  { name: 'PostgreSQL', database: databaseUrl ? scratchDatabase(databaseUrl, 'support_chat_faults') : null, skip: databaseUrl ? false : 'TEST_DATABASE_URL is not set' },
];
/** Each engine's table, all written to one file for a report to paste. */
const tables: string[] = [];

for (const engine of engines) describe(`fault 5 on ${engine.name}`, { skip: engine.skip }, () => {
  let stack: Awaited<ReturnType<typeof serverBehindProxy>> | undefined;
  let server: ServerProcess;
  let proxy: TcpProxy;
  const sessions: ChatClient[] = [];

  before(async () => {
    await engine.database?.create();
    stack = await serverBehindProxy(engine.database ? { DATABASE_URL: engine.database.url } : {});
    ({ server, proxy } = stack);
  });
  after(async () => {
    await stack?.release(...sessions);
    await engine.database?.drop();
  });

  test(`5. ${VISITORS} visitors × 2 conversations × ${MESSAGES} messages, written at once, with random disconnects: none lost, none doubled, each conversation's seq 1…n in order`, async (t) => {
    const random = seeded(20261121);
    const explicit: string[] = [];
    /** Per visitor, every message its client announced, of any conversation, as it came. */
    const announced: ChatMessage[][] = [];
    for (let v = 0; v < VISITORS; v++) {
      const session = await visitor(proxy.url);
      sessions.push(session);
      announced.push([]);
      session.on('message', (message) => announced[v]!.push(message));
      explicit.push((await session.conversations.create({ subject: `visitor ${v}, second question` })).id);
    }

    // Cut a random connection every 150 ms while the visitors write.
    let cuts = 0;
    const chaos = setInterval(() => {
      proxy.cutOne(random);
      cuts += 1;
    }, 150);
    const texts = (v: number, which: string) => Array.from({ length: MESSAGES }, (_, m) => `visitor ${v} ${which} ${m}`);
    let results: Array<{ default: ChatMessage[]; explicit: ChatMessage[] }>;
    try {
      results = await Promise.all(
        sessions.map(async (session, v) => {
          const toDefault: Array<Promise<ChatMessage>> = [];
          const toExplicit: Array<Promise<ChatMessage>> = [];
          for (let m = 0; m < MESSAGES; m++) {
            // Writing keeps pace with the cuts, however fast the server is.
            while (cuts < Math.floor((m * CUTS) / MESSAGES)) await new Promise((resolve) => setTimeout(resolve, 10));
            // Both conversations at once, in a random order each time: the default one (no id) and the explicit one.
            const sends = [() => toDefault.push(session.messages.send(null, texts(v, 'default')[m]!)), () => toExplicit.push(session.messages.send(explicit[v]!, texts(v, 'explicit')[m]!))];
            if (random() < 0.5) sends.reverse();
            for (const send of sends) send();
            if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, random() * 20));
          }
          return { default: await Promise.all(toDefault), explicit: await Promise.all(toExplicit) };
        }),
      );
    } finally {
      clearInterval(chaos);
    }
    assert.ok(cuts > CUTS / 2, `the proxy cut connections (${cuts})`);

    const token = await agentToken(server.url);
    const runs: ConversationRun[] = [];
    const transcripts: ChatMessage[][] = [];
    for (const [v, acked] of results.entries()) {
      const session = sessions[v]!;
      for (const which of ['default', 'explicit'] as const) {
        const conversationId = acked[which][0]!.conversationId;
        assert.ok(acked[which].every((message) => message.conversationId === conversationId), `visitor ${v} ${which}: one conversation`);
        if (which === 'explicit') assert.equal(conversationId, explicit[v], `visitor ${v}: the explicit sends went to the explicit conversation`);
        const shown = announced[v]!.filter((message) => message.conversationId === conversationId);
        runs.push({ label: `visitor ${v} · ${which}`, sent: [texts(v, which)], stored: await storedMessages(server.url, token, conversationId), shown });
        // And what the visitor sees when they look at that conversation.
        await session.conversations.open(conversationId);
        transcripts.push([...session.transcript]);
      }
      assert.deepEqual(session.pending, [], `visitor ${v}: nothing left in the outbox`);
    }

    const rows = runs.map(faultRow);
    const table = faultTable(`${engine.name}: ${VISITORS} visitors × 2 conversations × ${MESSAGES} messages, ${cuts} random connection cuts`, rows);
    tables.push(table);
    t.diagnostic(`fault table: ${writeFaultTable('fault-table.md', tables.join('\n'))}`);
    for (const [index, row] of rows.entries()) {
      assert.deepEqual(row, { label: row.label, sent: MESSAGES, stored: MESSAGES, shown: MESSAGES, lost: 0, duplicated: 0, inOrder: true }, `${row.label}\n${table}`);
      // The rows say it; the lists show where, should one ever differ.
      const expected = runs[index]!.sent[0]!.map((text, m) => [m + 1, text]);
      assert.deepEqual(runs[index]!.stored.map((message) => [message.seq, message.text]), expected, `${row.label}: the store`);
      assert.deepEqual(transcripts[index]!.map((message) => [message.seq, message.text]), expected, `${row.label}: what the visitor sees`);
    }
    const conversations = new Set(results.flatMap((acked) => [acked.default[0]!.conversationId, acked.explicit[0]!.conversationId]));
    assert.equal(conversations.size, VISITORS * 2, 'two conversations each');
  });
});
