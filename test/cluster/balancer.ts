import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP load balancer in front of the nodes, as a real one is set up for support-chat: no
 * sticky sessions, each new connection to the first node that accepts it (the order is the
 * preference), and a node that refuses is skipped, as a health check would skip it. It counts
 * the connections each node took, so a test can say where a client landed.
 */
export class Balancer {
  readonly #server: Server;
  readonly #ports: number[];
  readonly #open = new Set<Socket>();
  /** Connections accepted, per node port. */
  readonly accepted = new Map<number, number>();
  port = 0;

  constructor(ports: number[]) {
    this.#ports = ports;
    this.#server = createServer({ pauseOnConnect: true }, (client) => {
      this.#open.add(client);
      client.on('close', () => this.#open.delete(client));
      client.on('error', () => client.destroy());
      this.#route(client, 0);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  #route(client: Socket, index: number): void {
    const port = this.#ports[index];
    if (port === undefined || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = connect(port, '127.0.0.1');
    let connected = false;
    upstream.on('error', () => {
      upstream.destroy();
      // Refused: the next node gets the connection. Once connected, a failure ends it.
      if (!connected) this.#route(client, index + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      this.accepted.set(port, (this.accepted.get(port) ?? 0) + 1);
      this.#open.add(upstream);
      upstream.on('close', () => {
        this.#open.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.#open) socket.destroy();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}
