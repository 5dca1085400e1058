import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a webhook receiver got, as the browser tests read it. */
export interface ReceivedWebhook {
  event: string;
  deliveryId: string;
  signature: string;
  /** The raw body, as signed. */
  body: string;
  /** What the receiver answered. */
  answered: number;
}

/**
 * A real HTTP endpoint for webhooks (node:http on port 0): it records every request and answers
 * the status it is told to, so a test can make deliveries fail and then succeed.
 */
export class WebhookReceiver {
  #server: Server | undefined;
  #url = '';
  #status = 204;
  readonly requests: ReceivedWebhook[] = [];

  /** Starts on first use; later calls return the same URL. */
  async start(): Promise<string> {
    if (this.#server) return this.#url;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const header = (name: string) => String(request.headers[name] ?? '');
        const answered = this.#status;
        this.requests.push({ event: header('x-support-chat-event'), deliveryId: header('x-support-chat-delivery'), signature: header('x-support-chat-signature'), body: Buffer.concat(chunks).toString('utf8'), answered });
        response.writeHead(answered).end();
      });
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Never what keeps the test run alive, should a test end without closing it.
    server.unref();
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    return this.#url;
  }

  /** The status every next request gets. */
  answer(status: number): void {
    this.#status = status;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#status = 204;
    this.requests.length = 0;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
