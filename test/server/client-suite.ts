/** What the `ChatClient` suites share: a server per suite, a maker of clients, and waiting with a limit. */
import { after, before } from 'node:test';
import { ChatClient } from '../../src/client/index.js';
import { memoryStorage } from '../faults/harness.js';
import { startServer, type TestServer } from './helpers.js';

/** The next payload of `type` on `client`, or a rejection after `ms`. */
export function next<T>(subscribe: (listener: (payload: T) => void) => () => void, what: string, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${what} within ${ms} ms`));
    }, ms);
    const off = subscribe((payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export type ClientOptions = ConstructorParameters<typeof ChatClient>[0];

/**
 * A real server for the suite (started before its tests, stopped after them) and a maker of
 * clients of its `test` channel, each with storage of its own unless given; all of them are
 * disconnected at the end.
 */
export function suiteServer(options: Parameters<typeof startServer>[0] = {}): { server: TestServer; clients: ChatClient[]; client(options?: Partial<ClientOptions>): ChatClient } {
  const suite = {
    server: undefined as unknown as TestServer,
    clients: [] as ChatClient[],
    client: (clientOptions: Partial<ClientOptions> = {}) => {
      const client = new ChatClient({ channel: 'test', server: suite.server.url, storage: memoryStorage(), ...clientOptions });
      suite.clients.push(client);
      return client;
    },
  };
  before(async () => (suite.server = await startServer(options)));
  after(async () => {
    for (const client of suite.clients.splice(0)) client.disconnect();
    await suite.server.cleanup();
  });
  return suite;
}

/** `promise`, or a rejection when it has not settled within `ms` (a hang fails the test, not the run). */
export function within<T>(promise: Promise<T>, ms = 3000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
