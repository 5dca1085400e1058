import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage, Page } from '../../src/protocol.js';
import { connectVisitor, json, startServer, startVisitor } from './helpers.js';

test('a server restarted on the same SQLite file still serves the history', async () => {
  const first = await startServer();
  const session = await startVisitor(first.url);
  const { socket } = await connectVisitor(first.url, session.token);
  for (let i = 1; i <= 3; i++) await socket.timeout(5000).emitWithAck('message:send', { clientId: `r${i}`, text: `before restart ${i}` });
  socket.disconnect();
  await first.stop();

  const second = await startServer({ file: first.file });
  try {
    // The token was signed with the same secret, so it still works after the restart.
    const page = await json<Page<ChatMessage>>(`${second.url}/api/v1/widget/conversation/messages`, { token: session.token });
    assert.deepEqual(page.body.data.map((m) => m.text), ['before restart 1', 'before restart 2', 'before restart 3']);

    const resumed = await startVisitor(second.url, { visitorId: session.visitorId });
    assert.equal(resumed.visitorId, session.visitorId);
    assert.equal(resumed.conversation?.lastSeq, 3);
    const { socket: again, joined } = await connectVisitor(second.url, resumed.token, 1);
    assert.deepEqual(joined.messages.map((m) => m.seq), [2, 3]);
    const ack = await again.timeout(5000).emitWithAck('message:send', { clientId: 'r4', text: 'after restart' });
    assert.ok('data' in ack && ack.data.seq === 4);
    const retry = await again.timeout(5000).emitWithAck('message:send', { clientId: 'r1', text: 'before restart 1' });
    assert.ok('data' in retry && retry.data.seq === 1, 'a retry across the restart is still the same message');
    again.disconnect();
  } finally {
    await second.cleanup();
  }
});
