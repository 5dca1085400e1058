import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AgentClient } from '../../src/inbox/agent-client.js';
import type { ChatMessage } from '../../src/protocol.js';
import { loginAgent, startServer, until, type TestServer } from './helpers.js';
import { visitorSaying, writeNote } from './notes-helpers.js';

/**
 * The inbox's `AgentClient` resumes by `seq` while the agent's sync carries the team's notes too:
 * notes never count as messages it still lacks (120 notes after the last message once made it
 * ask again and again), and never reach its message handler.
 */

let server: TestServer;
before(async () => (server = await startServer()));
after(() => server.cleanup());

test('a resync with more than a page of notes after the last message asks once, and hands on messages only', async (t) => {
  const token = await loginAgent(server.url);
  const visitor = await visitorSaying(server.url, 'one question');
  for (let index = 0; index < 120; index++) assert.equal((await writeNote(server.url, token, visitor.conversationId, `note ${index}`)).status, 201);
  let syncs = 0;
  const thread = server.app.services.notes.thread.bind(server.app.services.notes);
  server.app.services.notes.thread = (...args) => (syncs++, thread(...args));

  const client = new AgentClient(server.url, token);
  t.after(() => client.close());
  const handed: ChatMessage[] = [];
  let online = false;
  client.connect({ connection: (connected) => (online = connected), conversation: () => {}, message: (message) => handed.push(message), typing: () => {}, read: () => {}, unauthorized: () => assert.fail('refused') });
  await until(() => online, 'the agent to connect');
  const page = await client.thread(visitor.conversationId);
  assert.equal(page.data.filter((item) => item.from === 'note').length, 120);
  syncs = 0;

  server.app.io.of('/agent').emit('resync');
  await until(() => syncs >= 1, 'the resync');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(syncs, 1, 'one sync: nothing was missing');
  assert.deepEqual(handed, []);
});
