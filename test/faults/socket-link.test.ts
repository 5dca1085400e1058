// The widget's WebSocket link (LadderTransport over socket.io-client) against a real Socket.IO
// server on port 0, through the TCP proxy that really holds back and cuts traffic.
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Server } from 'socket.io';
import type { ChatMessage, ConnectionState, SessionJoined, TransportName, WidgetAuth } from '../../src/protocol.js';
import { SupportChatError } from '../../src/client/errors.js';
import { LadderTransport, type LinkTiming } from '../../src/transport/ladder.js';
import { TcpProxy, sleep, until } from './harness.js';

let httpServer: HttpServer;
let io: Server;
let proxy: TcpProxy;
/** The `auth` of every handshake the namespace saw, in order. */
const handshakes: WidgetAuth[] = [];
/** Tokens refused once with `internal` (a passing refusal), then let in. */
const refusedOnce = new Set<string>();
/** Every transport a test made, closed at the end even when its test failed half-way. */
const transports: LadderTransport[] = [];

before(async () => {
  // Whatever is not Socket.IO (the REST fallback, once two attempts failed) is unavailable.
  httpServer = createServer((_request, response) => {
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 'internal', message: 'not here' } }));
  });
  // Short heartbeats, so a silent link is noticed within a test.
  io = new Server(httpServer, { pingInterval: 300, pingTimeout: 200 });
  const namespace = io.of('/widget');
  namespace.use((socket, next) => {
    const auth = socket.handshake.auth as WidgetAuth;
    handshakes.push(auth);
    const refuse = (code: string, message: string) => next(Object.assign(new Error(message), { data: { code, message } }));
    if (auth.token === 'expired') return refuse('unauthorized', 'token expired');
    if (auth.token === 'banned') return refuse('forbidden', 'origin not allowed');
    if (auth.token.startsWith('flaky') && !refusedOnce.has(auth.token)) {
      refusedOnce.add(auth.token);
      return refuse('internal', 'try again');
    }
    next();
  });
  namespace.on('connection', (socket) => {
    const { token } = socket.handshake.auth as WidgetAuth;
    socket.emit('session:joined', { conversation: null, messages: [], config: { token } } as unknown as SessionJoined);
    socket.on('message:send', (request: { clientId: string; text: string }, ack: (answer: unknown) => void) => {
      if (request.text === 'never') return; // never acked
      if (request.text === 'kick') return void socket.disconnect(true); // the server closes the namespace
      ack({ data: { id: `m_${request.clientId}`, seq: 1, text: request.text } });
    });
    socket.on('sync', ({ after }: { after: number }, ack: (answer: unknown) => void) => ack({ error: { code: 'not_found', message: `nothing after ${after}` } }));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = new TcpProxy((httpServer.address() as AddressInfo).port);
  await proxy.listen();
});

after(async () => {
  for (const transport of transports) transport.close();
  await proxy.close();
  await new Promise((resolve) => io.close(resolve));
});

const FAST: Partial<LinkTiming> = { openTimeoutMs: 400, reconnectionDelay: 50, reconnectionDelayMax: 200 };

/** A transport on the proxy whose auth the test changes, with what its handlers were told. */
function link(auth: WidgetAuth, timing: Partial<LinkTiming> = FAST) {
  const seen = { joins: [] as string[], states: [] as Array<[ConnectionState, TransportName]>, unauthorized: 0 };
  const transport = new LadderTransport(
    {
      server: proxy.url,
      wsServer: proxy.url,
      channel: 'demo',
      auth: () => ({ ...auth, shownIsDefault: true }),
      handlers: {
        joined: (payload) => seen.joins.push((payload.config as unknown as { token: string }).token),
        message: () => {},
        delta: () => {},
        typing: () => {},
        read: () => {},
        presence: () => {},
        conversation: () => {},
        conversationCreated: () => {},
        state: (state, transport) => seen.states.push([state, transport]),
        toolCall: () => {},
        resync: () => {},
        unauthorized: () => (seen.unauthorized += 1),
      },
    },
    timing,
  );
  transports.push(transport);
  return { transport, seen };
}

const send = (transport: LadderTransport, text: string): Promise<ChatMessage> => transport.send({ clientId: `c_${text}`, text });

test('joins with the auth of each attempt (newest token and seq), gets acks and refusals in them', async () => {
  const auth: WidgetAuth = { token: 'first', after: 0 };
  const { transport, seen } = link(auth);
  transport.connect();
  await until(() => seen.joins.length === 1, 'the first join');
  assert.deepEqual(seen.states.at(-1), ['online', 'websocket']);
  assert.equal((await send(transport, 'hello "ä"\n')).text, 'hello "ä"\n');
  await assert.rejects(transport.sync(7), (error: unknown) => error instanceof SupportChatError && error.status === 404 && error.code === 'not_found');

  auth.token = 'second';
  auth.after = 7;
  const before = handshakes.length;
  proxy.cutAll();
  await until(() => seen.joins.length === 2, 'a reconnect');
  assert.deepEqual(seen.joins, ['first', 'second']);
  assert.deepEqual(handshakes.slice(before), [{ token: 'second', after: 7 }], 'a reconnect sends the auth as it is now');
  transport.close();
});

test('unauthorized: the session is told once, nothing retries until it calls connect() with a new token', async () => {
  const auth: WidgetAuth = { token: 'expired' };
  const { transport, seen } = link(auth);
  const before = handshakes.length;
  transport.connect();
  await until(() => seen.unauthorized === 1, 'the refusal');
  await sleep(500);
  assert.equal(handshakes.length - before, 1, 'no further attempt');
  assert.equal(transport.connected, false);

  auth.token = 'renewed';
  transport.connect();
  await until(() => seen.joins.length === 1, 'the join with the new token');
  assert.deepEqual(seen.joins, ['renewed']);
  assert.equal(seen.unauthorized, 1);
  transport.close();
});

test('forbidden: offline, and no further attempt', async () => {
  const { transport, seen } = link({ token: 'banned' });
  const before = handshakes.length;
  transport.connect();
  await until(() => seen.states.some(([state]) => state === 'offline'), 'offline');
  await sleep(500);
  assert.equal(handshakes.length - before, 1, 'no further attempt');
  transport.close();
});

test('a passing refusal and the server closing the namespace are retried (socket.io-client would not)', async () => {
  const { transport, seen } = link({ token: 'flaky-1' });
  transport.connect();
  await until(() => seen.joins.length === 1, 'a join after the refusal');
  assert.ok(refusedOnce.has('flaky-1'));

  await assert.rejects(send(transport, 'kick'), (error: unknown) => error instanceof SupportChatError && error.code === 'network');
  await until(() => seen.joins.length === 2, 'a join after the server closed the namespace');
  transport.close();
});

test('no ack in time is a network error', async () => {
  const { transport, seen } = link({ token: 'acks' }, { ...FAST, ackTimeoutMs: 150 });
  transport.connect();
  await until(() => seen.joins.length === 1, 'joined');
  await assert.rejects(send(transport, 'never'), (error: unknown) => error instanceof SupportChatError && error.code === 'network' && error.status === 0);
  transport.close();
});

test('a cut fails the waiting request at once; nothing is sent or buffered while the link is down', async () => {
  const { transport, seen } = link({ token: 'cut' }, { ...FAST, ackTimeoutMs: 10_000, reconnectionDelay: 1000, reconnectionDelayMax: 1000 });
  transport.connect();
  await until(() => seen.joins.length === 1, 'joined');
  const waiting = send(transport, 'never');
  const started = Date.now();
  proxy.cutAll();
  await assert.rejects(waiting, (error: unknown) => error instanceof SupportChatError && error.code === 'network');
  assert.ok(Date.now() - started < 2000, 'failed when the link dropped, not at the timeout');
  assert.equal(transport.connected, false);
  await assert.rejects(send(transport, 'while down'), (error: unknown) => error instanceof SupportChatError && error.code === 'network');
  await until(() => seen.joins.length === 2, 'back');
  assert.equal((await send(transport, 'after')).text, 'after', 'the link carries again');
  transport.close();
});

test('a silent link (no pings) is given up after pingInterval + pingTimeout and reconnected', async () => {
  const { transport, seen } = link({ token: 'silent' });
  transport.connect();
  await until(() => seen.joins.length === 1, 'joined');
  proxy.holdDownstream();
  await until(() => !transport.connected && seen.states.at(-1)?.[0] === 'connecting', 'the heartbeat to notice', 3000);
  proxy.release();
  proxy.cutAll(); // what was held back is gone: the server's side of the old link too
  await until(() => seen.joins.length >= 2, 'reconnected once the link carries again', 5000);
  transport.close();
});

test('an attempt the network swallows (no answer to the upgrade) is given up after the open timeout and tried again', async () => {
  proxy.holdDownstream();
  const { transport, seen } = link({ token: 'swallowed' });
  const started = Date.now();
  transport.connect();
  await until(() => seen.states.filter(([state]) => state === 'connecting').length >= 2, 'the attempt to be given up', 3000);
  assert.ok(Date.now() - started >= 350, 'given up at the open timeout, not before');
  proxy.release();
  proxy.cutAll();
  await until(() => seen.joins.length === 1, 'joined once the network answers', 5000);
  transport.close();
});

test('connect() brings a waiting retry forward', async () => {
  proxy.refuse('everything');
  const { transport, seen } = link({ token: 'forward' }, { ...FAST, reconnectionDelay: 60_000, reconnectionDelayMax: 60_000 });
  transport.connect();
  await until(() => seen.states.filter(([state]) => state === 'connecting').length >= 2, 'the first attempt to fail');
  proxy.refuse('nothing');
  const started = Date.now();
  transport.connect(); // the page came back online
  await until(() => seen.joins.length === 1, 'joined without waiting out the backoff', 5000);
  assert.ok(Date.now() - started < 5000);
  transport.close();
});
