// Where the heap of an idle visitor connection goes: heap snapshots of a server before and after
// N connections (made from a child process, so the clients are not in the snapshot), their
// nodes' self sizes summed by type and constructor, the difference divided by N.
//
//   npm run build:server && node --expose-gc bench/heap-snapshot.mjs product|relay [N=2000]
//
// `relay` is a bare Socket.IO server (no auth, no store), `product` the real app on SQLite.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { io } from 'socket.io-client';
import { Server } from 'socket.io';

const [kind = 'product', count = '2000', port, server] = process.argv.slice(2);

if (kind === 'clients') {
  // The child: `count` visitors against the `server` kind at `port`, idle until killed.
  const url = `http://127.0.0.1:${port}`;
  const sockets = [];
  for (let start = 0; start < Number(count); start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, Number(count) - start) }, async () => {
        let auth = {};
        if (server === 'product') {
          const response = await fetch(`${url}/api/v1/widget/channels/bench/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
          auth = { token: (await response.json()).token };
        }
        const socket = io(`${url}/widget`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        await new Promise((resolve, reject) => {
          socket.once(server === 'product' ? 'session:joined' : 'connect', resolve);
          socket.once('connect_error', reject);
        });
      }),
    );
  }
  process.send('ready');
  setInterval(() => {}, 2 ** 30);
} else {
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc');
  const dir = mkdtempSync(join(tmpdir(), 'support-chat-heap-'));
  let httpServer;
  if (kind === 'relay') {
    httpServer = createServer();
    new Server(httpServer, { perMessageDeflate: false, serveClient: false }).of('/widget').on('connection', () => {});
  } else {
    const { createApp } = await import('../server/build/server/app.js');
    const { LocalDiskStorage } = await import('../server/build/server/uploads/storage.js');
    const { DEFAULT_SETTINGS } = await import('../server/build/server/services/channels.js');
    const { SqliteStore } = await import('../server/build/server/store/sqlite.js');
    const store = new SqliteStore(join(dir, 'bench.sqlite'));
    const app = createApp({ store, files: new LocalDiskStorage(join(dir, 'uploads')) }, { sessionSecret: 'bench-secret-0123456789abcdefghijklmnop', rateLimits: false });
    await store.createChannel({ key: 'bench', name: 'Bench', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
    httpServer = app.httpServer;
  }
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const clients = (n) => {
    const child = fork(new URL(import.meta.url), ['clients', String(n), String(httpServer.address().port), kind]);
    return once(child, 'message').then(() => child);
  };
  const snapshot = (name) => {
    for (let i = 0; i < 4; i++) gc();
    return writeHeapSnapshot(join(dir, `${name}.heapsnapshot`));
  };
  /** Self size and count per "type constructor" of a snapshot's nodes. */
  const sortsOf = (file) => {
    const { snapshot: meta, nodes, strings } = JSON.parse(readFileSync(file, 'utf8'));
    const fields = meta.meta.node_fields;
    const types = meta.meta.node_types[0];
    const [type, name, self] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
    const sorts = new Map();
    for (let i = 0; i < nodes.length; i += fields.length) {
      const nodeType = types[nodes[i + type]];
      const label = /string/.test(nodeType) || nodeType === 'code' ? nodeType : `${nodeType} ${strings[nodes[i + name]].slice(0, 60)}`;
      const sort = sorts.get(label) ?? { bytes: 0, count: 0 };
      sort.bytes += nodes[i + self];
      sort.count += 1;
      sorts.set(label, sort);
    }
    return sorts;
  };
  // A few connections first, so code compiled for the first ones is in both snapshots.
  const warm = await clients(50);
  const before = sortsOf(snapshot('before'));
  const crowd = await clients(Number(count));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const after = sortsOf(snapshot('after'));
  const rows = [...after].map(([label, { bytes, count: n }]) => ({ label, bytes: (bytes - (before.get(label)?.bytes ?? 0)) / Number(count), count: (n - (before.get(label)?.count ?? 0)) / Number(count) }));
  rows.sort((a, b) => b.bytes - a.bytes);
  console.log(`${kind}: ${Math.round(rows.reduce((sum, row) => sum + Math.max(0, row.bytes), 0))} bytes of heap per idle connection (${count} connections)`);
  console.log('bytes/conn  objects/conn  type and constructor');
  for (const row of rows.filter((row) => row.bytes >= 16)) console.log(`${row.bytes.toFixed(0).padStart(10)}  ${row.count.toFixed(2).padStart(12)}  ${row.label}`);
  crowd.kill();
  warm.kill();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
