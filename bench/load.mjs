// Load from this process against a server child (product or relay): closed-loop throughput,
// open-loop latency, and memory per idle connection.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { io } from 'socket.io-client';
import { newClientId } from '../server/build/src/protocol.js';

export async function startChild(kind, args = [], env = {}) {
  // BENCH_PROFILE=dir writes a CPU profile of each server child there (open it in DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = fork(new URL('./server-child.mjs', import.meta.url), [kind, ...args], { env: { ...process.env, ...env }, execArgv: ['--expose-gc', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ port }] = await once(child, 'message');
  const ask = async (question) => {
    child.send(question);
    const [answer] = await once(child, 'message');
    return answer;
  };
  return {
    kind: kind === 'relay' ? 'relay' : 'product',
    url: `http://127.0.0.1:${port}`,
    memory: async () => (await ask('memory')).memory,
    /** CPU time (user + system, µs) the child has used so far. */
    cpu: async () => {
      const { user, system } = (await ask('cpu')).cpu;
      return user + system;
    },
    stop: async () => {
      child.send('stop');
      await once(child, 'exit');
    },
  };
}

async function post(url, body, token) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

const connect = (url, namespace, auth) =>
  new Promise((resolve, reject) => {
    const socket = io(`${url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    // The product greets a visitor with session:joined; the relay has no handshake of its own.
    const ready = namespace === '/widget' && auth.token ? 'session:joined' : 'connect';
    socket.once(ready, () => resolve(socket));
    socket.once('connect_error', reject);
  });

/** `count` connected visitors of `channel` (and their tokens, for the product). */
export async function visitors(server, count, batch = 200, channel = 'bench') {
  const sockets = [];
  for (let start = 0; start < count; start += batch) {
    const group = await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async () => {
        if (server.kind === 'relay') return connect(server.url, '/widget', {});
        const { token } = await post(`${server.url}/api/v1/widget/channels/${channel}/session`, {});
        return connect(server.url, '/widget', { token });
      }),
    );
    sockets.push(...group);
  }
  return sockets;
}

export async function agent(server) {
  if (server.kind === 'relay') return connect(server.url, '/agent', {});
  const { token } = await post(`${server.url}/api/v1/agent/login`, { email: 'bench@bench.example', password: 'bench agent password' });
  return connect(server.url, '/agent', { token });
}

const closeAll = (sockets) => sockets.forEach((socket) => socket.disconnect());

/**
 * Persisted and acked visitor messages per second: each of `count` visitors sends, waits for the
 * ack, sends again, for `seconds`; one agent receives everything. `server` may be a list of
 * nodes of one cluster: the visitors are spread over them and the agent is on the last one.
 */
export async function throughput(server, { count = 50, seconds = 5 } = {}) {
  const nodes = [server].flat();
  const crowd = (await Promise.all(nodes.map((node, index) => visitors(node, Math.floor(count / nodes.length) + (index < count % nodes.length ? 1 : 0))))).flat();
  const listener = await agent(nodes.at(-1));
  let received = 0;
  listener.on('message:created', () => (received += 1));
  let acked = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    crowd.map(async (socket, index) => {
      for (let n = 0; performance.now() < end; n++) {
        // Keys made as the widget makes them (time-ordered), since the server's dedupe index is built for those.
        const result = await socket.emitWithAck('message:send', { clientId: newClientId(), text: `message ${n} from ${index}` });
        if (result.data) acked += 1;
      }
    }),
  );
  const perSecond = acked / seconds;
  // The agent's count shows the fan-out kept up (across nodes too); it settles after the loop.
  await new Promise((resolve) => setTimeout(resolve, 500));
  closeAll([...crowd, listener]);
  return { nodes: nodes.length, visitors: count, seconds, acked, perSecond: Math.round(perSecond), agentReceived: received };
}

/** Visitor → agent latency while `rate` messages a second are sent (open loop) for `seconds`. */
export async function latency(server, { rate = 1000, seconds = 10, count = 100 } = {}) {
  const crowd = await visitors(server, count);
  const listener = await agent(server);
  const sentAt = new Map();
  const samples = [];
  listener.on('message:created', (message) => {
    const started = sentAt.get(message.clientId);
    if (started !== undefined) samples.push(performance.now() - started);
  });
  const tickMs = 10;
  const perTick = rate / (1000 / tickMs);
  let n = 0;
  const started = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      for (; n < due; n++) {
        const clientId = newClientId();
        sentAt.set(clientId, performance.now());
        crowd[n % crowd.length].emit('message:send', { clientId, text: `latency ${n}` }, () => {});
      }
      if (performance.now() - started >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the last ones arrive
  closeAll([...crowd, listener]);
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return { rate, seconds, sent: n, received: samples.length, perTick, p50: at(0.5), p99: at(0.99), max: samples.at(-1) ?? NaN };
}

/** Heap and RSS per idle visitor connection, at each of `steps` connections. */
export async function memoryPerConnection(server, steps = [1000, 5000, 15000]) {
  const base = await server.memory();
  const crowd = [];
  const rows = [];
  for (const step of steps) {
    crowd.push(...(await visitors(server, step - crowd.length)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const memory = await server.memory();
    rows.push({
      connections: step,
      heapPerConnection: Math.round((memory.heapUsed - base.heapUsed) / step),
      rssPerConnection: Math.round((memory.rss - base.rss) / step),
      heapUsedMB: +(memory.heapUsed / 2 ** 20).toFixed(1),
      rssMB: +(memory.rss / 2 ** 20).toFixed(1),
    });
  }
  closeAll(crowd);
  return rows;
}
