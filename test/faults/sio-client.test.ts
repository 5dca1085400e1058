// The widget's own Socket.IO client (src/transport/sio.ts) against a real Socket.IO server on
// port 0, through the TCP proxy that really holds back and cuts traffic.
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Server } from 'socket.io';
import { ConnectError, SioClient } from '../../src/transport/sio.js';
import { TcpProxy, until } from './harness.js';

interface ServerEvents {
  hello: (payload: { to: string }) => void;
}

let httpServer: HttpServer;
let io: Server;
let proxy: TcpProxy;
const handshakes: unknown[] = [];

before(async () => {
  httpServer = createServer();
  // Short heartbeats, so a silent link is noticed within a test.
  io = new Server(httpServer, { pingInterval: 300, pingTimeout: 200 });
  const namespace = io.of('/widget');
  namespace.use((socket, next) => {
    handshakes.push(socket.handshake.auth);
    const { token } = socket.handshake.auth as { token?: string };
    if (token === 'expired') return next(Object.assign(new Error('token expired'), { data: { code: 'unauthorized', message: 'token expired' } }));
    next();
  });
  namespace.on('connection', (socket) => {
    socket.emit('hello', { to: String((socket.handshake.auth as { token?: string }).token) });
    socket.on('echo', (payload: unknown, ack: (answer: unknown) => void) => ack({ data: payload }));
    socket.on('never', () => {}); // never acked
    socket.on('kick', () => socket.disconnect(true));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = new TcpProxy((httpServer.address() as AddressInfo).port);
  await proxy.listen();
});

after(async () => {
  await proxy.close();
  await new Promise((resolve) => io.close(resolve));
});

function client(token: () => string) {
  const socket = new SioClient<ServerEvents>({ server: proxy.url, namespace: '/widget', auth: () => ({ token: token() }), reconnectionDelay: 50, reconnectionDelayMax: 200, openTimeoutMs: 400 });
  const seen = { connects: 0, disconnects: 0, errors: [] as ConnectError[], hellos: [] as string[] };
  socket.on('connect', () => (seen.connects += 1));
  socket.on('disconnect', () => (seen.disconnects += 1));
  socket.on('connect_error', (error) => seen.errors.push(error));
  socket.on('hello', ({ to }) => seen.hellos.push(to));
  return { socket, seen };
}

test('connects to its namespace with the auth of each attempt, hears events, gets acks', async () => {
  let token = 'first';
  const { socket, seen } = client(() => token);
  socket.connect();
  await until(() => seen.hellos.length === 1, 'the first hello');
  assert.deepEqual(await socket.emitWithAck('echo', { n: 1, text: 'ä\n"quoted"' }, 2000), { data: { n: 1, text: 'ä\n"quoted"' } });

  token = 'second';
  proxy.cutAll();
  await until(() => seen.hellos.length === 2, 'a reconnect');
  assert.deepEqual(seen.hellos, ['first', 'second'], 'a reconnect sends the auth as it is now');
  assert.equal(seen.disconnects, 1);
  socket.disconnect();
});

test('a refusal carries the middleware data; disconnect() in the listener stops the retries', async () => {
  const { socket, seen } = client(() => 'expired');
  socket.on('connect_error', (error) => {
    seen.errors.push(error);
    socket.disconnect();
  });
  const before = handshakes.length;
  socket.connect();
  await until(() => seen.errors.length === 1, 'the refusal');
  assert.equal(seen.errors[0]!.data?.code, 'unauthorized');
  assert.equal(seen.errors[0]!.message, 'token expired');
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(handshakes.length - before, 1, 'no further attempt');
  assert.equal(socket.connected, false);
});

test('an ack that never comes times out; a dropped link fails the waiting acks at once', async () => {
  const { socket, seen } = client(() => 'acks');
  socket.connect();
  await until(() => socket.connected, 'connected');
  await assert.rejects(socket.emitWithAck('never', {}, 150), /ack timeout/);

  const waiting = socket.emitWithAck('never', {}, 10_000);
  const started = Date.now();
  proxy.cutAll();
  await assert.rejects(waiting, /disconnected/);
  assert.ok(Date.now() - started < 2000, 'failed when the link dropped, not at the timeout');
  await assert.rejects(socket.emitWithAck('echo', {}, 1000), /not connected/, 'nothing is buffered while the link is down');
  await until(() => seen.connects === 2, 'back');
  socket.disconnect();
});

test('a silent link (no pings) is given up after pingInterval + pingTimeout and reconnected', async () => {
  const { socket, seen } = client(() => 'silent');
  socket.connect();
  await until(() => socket.connected, 'connected');
  proxy.holdDownstream();
  await until(() => seen.disconnects === 1, 'the heartbeat to notice', 3000);
  proxy.release();
  await until(() => socket.connected && seen.connects >= 2, 'reconnected once the link carries again', 5000);
  socket.disconnect();
});

test('the server closing the namespace is a lost link: the client comes back', async () => {
  const { socket, seen } = client(() => 'kicked');
  socket.connect();
  await until(() => socket.connected, 'connected');
  socket.emit('kick', {});
  await until(() => seen.disconnects === 1, 'the server’s disconnect');
  await until(() => seen.connects === 2, 'a new connection');
  socket.disconnect();
});

test('an attempt the network swallows (no answer to the upgrade) is given up and tried again', async () => {
  proxy.holdDownstream();
  const { socket, seen } = client(() => 'swallowed');
  socket.connect();
  await until(() => seen.errors.length >= 1, 'the attempt to be given up', 3000);
  assert.equal(seen.errors[0]!.message, 'unreachable');
  proxy.release();
  await until(() => socket.connected, 'connected once the network answers', 5000);
  socket.disconnect();
});
