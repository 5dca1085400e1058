// A webhook receiver: checks each request's signature with support-chat/webhook (Web Crypto only,
// so the same call works in Deno and workers), then logs the event. WEBHOOK_SECRET is the secret
// shown once when the webhook was created.
import { createServer } from 'node:http';
import { verifyWebhook, WebhookSignatureError } from 'support-chat/webhook';

const { WEBHOOK_SECRET, PORT = '4000' } = process.env;

createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    // The raw bytes as received: a body parsed and serialized again would not match.
    const event = await verifyWebhook(Buffer.concat(chunks), req.headers['x-support-chat-signature'], WEBHOOK_SECRET);
    res.writeHead(204).end();
    console.log(`${event.type} ${event.id}`); // `id` stays the same across retries: dedupe on it
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    res.writeHead(401).end(error.reason);
  }
}).listen(Number(PORT), '127.0.0.1', () => console.log(`listening on ${PORT}`));
