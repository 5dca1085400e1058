// A support bot in 20 lines: answers from the `message.created` webhook with a bot's API token.
import { createServer } from 'node:http';
import { SupportChatAdmin } from 'support-chat/sdk';
import { verifyWebhook } from 'support-chat/webhook';

const { SUPPORT_CHAT_URL, BOT_TOKEN, WEBHOOK_SECRET, PORT = '4000' } = process.env;
const ANSWERS = [[/price|cost|how much/i, 'Plans start at 10 € a month.'], [/refund/i, 'Refunds take up to 5 business days.']];
const sc = new SupportChatAdmin({ server: SUPPORT_CHAT_URL, token: BOT_TOKEN });

createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const event = await verifyWebhook(Buffer.concat(chunks), req.headers['x-support-chat-signature'], WEBHOOK_SECRET).catch(() => null);
  if (!event) return res.writeHead(401).end();
  res.writeHead(204).end(); // answer the webhook at once; reply on our own time
  const message = event.type === 'message.created' && event.data.message.from === 'visitor' && event.data.message;
  const answer = message && ANSWERS.find(([question]) => question.test(message.text))?.[1];
  if (!answer) return;
  await sc.conversations.typing(message.conversationId, true);
  // Keyed by the visitor's message: a redelivered webhook never makes a second answer.
  await sc.messages.send(message.conversationId, { text: answer }, { idempotencyKey: `bot-${message.id}` });
}).listen(Number(PORT), '127.0.0.1', () => console.log(`bot listening on ${PORT}`));
