import type { Server, Socket } from 'socket.io';

/** The Engine.IO connection under a namespace socket (`socket.conn`), shared by its namespaces. */
type Connection = Socket['conn'];

const origins = new WeakMap<Connection, string>();

/**
 * Socket.IO keeps each connection's first HTTP request (the WebSocket upgrade, or the first poll)
 * for as long as the connection lives, and copies its headers into every namespace socket's
 * `handshake`: close to 1 KB of heap per idle connection before a browser's cookies and user
 * agent. The realtime layer reads one header of it, Origin (the /widget allowlist, checked on every
 * connect), so each connection keeps that and the request goes, as Socket.IO's "Memory usage" guide
 * shows. From here on `socket.request` is null and `socket.handshake.headers` is empty: read the
 * origin with `originOf`. The address stays in `socket.handshake.address` (Engine.IO caches it).
 */
export function keepOriginOnly(io: Server): void {
  // Registered after Socket.IO's own listener, which has made the connection's client by then;
  // namespace sockets are made later, when the client asks for one.
  io.engine.on('connection', (connection: Connection) => {
    const origin = connection.request.headers.origin;
    if (origin !== undefined) origins.set(connection, origin);
    (connection as { request: Connection['request'] | null }).request = null;
  });
}

/** The Origin header of the request that opened `socket`'s connection, if it sent one. */
export const originOf = (socket: { conn: Connection }): string | undefined => origins.get(socket.conn);
