import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import type { Ack, ChatMessage, Page } from '../../src/protocol.js';
import { connectVisitor, json, startServer, startVisitor, type TestServer, type WidgetSocket } from './helpers.js';

function send(socket: WidgetSocket, clientId: string, text: unknown): Promise<Ack<ChatMessage>> {
  return socket.timeout(5000).emitWithAck('message:send', { clientId, text } as { clientId: string; text: string });
}

function data<T>(ack: Ack<T>): T {
  if ('error' in ack) throw new Error(`ack error: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

describe('/widget namespace', () => {
  let server: TestServer;
  const sockets: WidgetSocket[] = [];
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await server.cleanup();
  });
  const visitor = async (after?: number, token?: string) => {
    const session = token ? { token } : await startVisitor(server.url);
    const connection = await connectVisitor(server.url, session.token, after);
    sockets.push(connection.socket);
    return { ...connection, token: session.token };
  };

  test('session:joined carries the config and an empty history for a new visitor', async () => {
    const { joined } = await visitor();
    assert.equal(joined.conversation, null);
    assert.deepEqual(joined.messages, []);
    assert.equal(joined.config.channel, 'test');
  });

  test('message:send is acked with the stored message and broadcast as message:created to the visitor’s other tabs, not echoed', async () => {
    const { socket, token } = await visitor();
    const { socket: otherTab } = await connectVisitor(server.url, token);
    try {
      let echoed = false;
      socket.on('message:created', () => (echoed = true));
      const created = new Promise<ChatMessage>((resolve) => otherTab.once('message:created', resolve));
      const message = data(await send(socket, 'k1', 'Hello <script>alert(1)</script>'));
      assert.equal(message.seq, 1);
      assert.equal(message.clientId, 'k1');
      assert.equal(message.text, 'Hello <script>alert(1)</script>', 'stored verbatim');
      assert.match(message.id, /^m_/);
      assert.deepEqual(await created, message);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(echoed, false, 'the sender has its ack; no second copy');
    } finally {
      otherTab.disconnect();
    }
  });

  test('a send over REST reaches the visitor’s only tab, which did not send it', async () => {
    const { socket, token } = await visitor();
    const created = new Promise<ChatMessage>((resolve) => socket.once('message:created', resolve));
    const viaRest = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { body: { clientId: 'rest-only-tab', text: 'from the fallback' }, token });
    assert.equal(viaRest.status, 201);
    assert.deepEqual(await created, viaRest.body);
  });

  test('the same clientId twice stores one message', async () => {
    const { socket, token } = await visitor();
    const first = data(await send(socket, 'dup', 'once'));
    const second = data(await send(socket, 'dup', 'once'));
    assert.deepEqual(second, first);
    const page = await json<Page<ChatMessage>>(`${server.url}/api/v1/widget/conversation/messages`, { token });
    assert.equal(page.body.data.length, 1);
  });

  test('a reconnect with after=seq gets only what came later', async () => {
    const { socket, token } = await visitor();
    for (let i = 1; i <= 4; i++) data(await send(socket, `h${i}`, `message ${i}`));
    socket.disconnect();
    const resumed = await visitor(2, token);
    assert.deepEqual(resumed.joined.messages.map((m) => m.seq), [3, 4]);
    const synced = data<ChatMessage[]>(await resumed.socket.timeout(5000).emitWithAck('sync', { after: 1 }));
    assert.deepEqual(synced.map((m) => m.text), ['message 2', 'message 3', 'message 4']);
  });

  test('REST and socket sends land in one conversation, in order', async () => {
    const { socket, token } = await visitor();
    const viaRest = (clientId: string, text: string) =>
      json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { body: { clientId, text }, token });
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const text = `${i % 2 ? 'rest' : 'socket'} ${i}`;
      const message = i % 2 ? (await viaRest(`mix${i}`, text)).body : data(await send(socket, `mix${i}`, text));
      order.push(`${message.seq}:${message.text}`);
    }
    assert.deepEqual(order, ['1:socket 0', '2:rest 1', '3:socket 2', '4:rest 3', '5:socket 4', '6:rest 5']);
    // The retry of a REST send over the socket is the same message.
    const retried = data(await send(socket, 'mix1', 'rest 1'));
    assert.equal(retried.seq, 2);
  });

  test('concurrent sends get gap-free seqs', async () => {
    const { socket } = await visitor();
    const acks = await Promise.all(Array.from({ length: 40 }, (_, i) => send(socket, `c${i}`, `n${i}`)));
    const seqs = acks.map((ack) => data(ack).seq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 40 }, (_, i) => i + 1));
  });

  test('a bad payload is acked with an error naming the field', async () => {
    const { socket } = await visitor();
    const ack = await send(socket, 'bad', { $gt: '' });
    assert.ok('error' in ack);
    assert.equal(ack.error.code, 'invalid_request');
    assert.equal(ack.error.param, 'text');
    const unknown = await socket.timeout(5000).emitWithAck('message:send', { clientId: 'x', text: 'hi', extra: 1 } as never);
    assert.ok('error' in unknown && unknown.error.param === 'extra');
    assert.ok(socket.connected, 'the socket stays up');
  });

  test('a bad or missing token is refused at the handshake', async () => {
    for (const auth of [{}, { token: 'nope' }]) {
      const socket = io(`${server.url}/widget`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      const error = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
      socket.disconnect();
      assert.equal(error.data?.code, 'unauthorized');
    }
  });
});
