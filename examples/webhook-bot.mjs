// A support bot in 20 lines: answers from the `message.created` webhook with a bot's API token.
import { createServer } from 'node:http';
import { verifySupportChatSignature } from './verify-webhook.mjs';

const { SUPPORT_CHAT_URL, BOT_TOKEN, WEBHOOK_SECRET, PORT = '4000' } = process.env;
const ANSWERS = [[/price|cost|how much/i, 'Plans start at 10 € a month.'], [/refund/i, 'Refunds take up to 5 business days.']];
const agentApi = (path, body) => fetch(`${SUPPORT_CHAT_URL}/api/v1/agent${path}`, {
  method: 'POST', headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
});

createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  if (!verifySupportChatSignature(body, req.headers['x-support-chat-signature'], WEBHOOK_SECRET)) return res.writeHead(401).end();
  res.writeHead(204).end(); // answer the webhook at once; reply on our own time
  const { type, data } = JSON.parse(body);
  const answer = type === 'message.created' && data.message.from === 'visitor' && ANSWERS.find(([question]) => question.test(data.message.text))?.[1];
  if (!answer) return;
  await agentApi(`/conversations/${data.conversation.id}/typing`, { typing: true });
  await agentApi(`/conversations/${data.conversation.id}/messages`, { clientId: `bot-${data.message.id}`, text: answer });
}).listen(Number(PORT), '127.0.0.1', () => console.log(`bot listening on ${PORT}`));
