import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChatMessage, ConnectionState, TransportName } from '../../src/protocol.js';
import type { ChatClient } from '../../src/client/chat-client.js';
import { agentSocket, agentToken, serverBehindProxy, storedMessages, until, visitor, type ServerProcess, type TcpProxy } from './harness.js';

let stack: Awaited<ReturnType<typeof serverBehindProxy>>;
let server: ServerProcess;
let proxy: TcpProxy;
let session: ChatClient | undefined;
let agent: ReturnType<typeof agentSocket> | undefined;

before(async () => {
  stack = await serverBehindProxy();
  ({ server, proxy } = stack);
});
after(() => stack.release(session, agent));

test('3. WebSocket refused: the chat goes on over REST, both ways, and back on a WebSocket once it is allowed', async () => {
  session = await visitor(proxy.url);
  const states: Array<[ConnectionState, TransportName]> = [];
  session.on('state', ({ state, transport }) => states.push([state, transport]));
  const token = await agentToken(server.url);
  agent = agentSocket(server.url, token); // the agent's own network is fine
  const agentHeard: ChatMessage[] = [];
  agent.on('message:created', (message) => agentHeard.push(message));
  await until(() => Boolean(agent?.connected), 'the agent');
  assert.equal(session.transportName, 'websocket');

  const exchange = async (label: string) => {
    const sent = await session!.send(`visitor over ${label}`);
    await until(() => agentHeard.some((m) => m.id === sent.id), `the agent to hear the visitor over ${label}`);
    const ack = await agent!.timeout(5000).emitWithAck('message:send', { conversationId: sent.conversationId, clientId: `agent-${label.replace(' ', '-')}`, text: `agent over ${label}` });
    assert.ok('data' in ack);
    const started = Date.now();
    await until(() => session!.transcript.some((m) => m.text === `agent over ${label}`), `the visitor to get the reply over ${label}`, 10_000);
    return { conversationId: sent.conversationId, replyMs: Date.now() - started };
  };

  const { conversationId } = await exchange('websocket');

  proxy.refuse('websocket');
  proxy.cutAll();
  await until(() => session!.transportName === 'rest' && session!.state === 'fallback', 'the REST fallback', 30_000);
  const rest = await exchange('rest');
  assert.ok(rest.replyMs < 3000, `an agent reply reached the visitor over REST in ${rest.replyMs} ms (< 3 s)`);

  proxy.refuse('nothing');
  proxy.cutAll();
  await until(() => session!.transportName === 'websocket' && session!.state === 'online', 'WebSocket again once the network allows it', 30_000);
  await exchange('websocket again');

  const expected = ['websocket', 'rest', 'websocket again'].flatMap((label, i) => [
    [2 * i + 1, `visitor over ${label}`],
    [2 * i + 2, `agent over ${label}`],
  ]);
  assert.deepEqual((await storedMessages(server.url, token, conversationId)).map((m) => [m.seq, m.text]), expected, 'the store');
  assert.deepEqual(session.transcript.map((m) => [m.seq, m.text]), expected, 'the visitor');
  assert.ok(states.some(([state, transport]) => state === 'fallback' && transport === 'rest'), 'state and transport were announced');
});
