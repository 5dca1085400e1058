// The AI overhead (DESIGN.md §6): from the moment the fake model writes an answer's first token
// to the moment that token reaches the visitor's socket as `message:delta`, p50/p99. The fake
// model (the tests' own, test/server/fake-model.ts, loaded through tsx) runs in this process,
// so both ends read one clock; the product runs in a child process (`ai` in server-child.mjs)
// with the fake model as its AI_BASE_URL. What is measured is the product alone: the server
// reading the model's server-sent events and fanning the piece out over Socket.IO.
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { newClientId } from '../server/build/src/protocol.js';
import { startChild, visitors } from './load.mjs';

const ADMIN = { authorization: 'Bearer bench-admin-token-0123456789abcdef', 'content-type': 'application/json' };

async function admin(url, path, body, method = 'POST') {
  const response = await fetch(`${url}/api/v1/admin${path}`, { method, headers: ADMIN, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * `count` visitors each ask `questions` questions one after the other (the next once the answer
 * is stored); every answer streams three pieces, the first one timed. The first `warmup`
 * answers of each visitor are not counted (the server's code is not yet compiled then).
 */
export async function aiOverhead({ count = 1, questions = 200, warmup = 5 } = {}) {
  const { fakeModel } = await tsImport('../test/server/fake-model.ts', import.meta.url);
  const model = await fakeModel((_request, index) => ({ text: [`#${index} `, 'streamed ', 'answer.'] }));
  const server = await startChild('ai', [], { AI_BASE_URL: model.baseUrl, AI_MODEL: 'fake-1' });
  try {
    const agent = await admin(server.url, '/ai-agents', { name: 'Bench AI', instructions: 'Answer briefly.', knowledge: { faqs: false } });
    await admin(server.url, '/channels', { key: 'benchai', name: 'Bench AI' });
    await admin(server.url, '/channels/benchai', { settings: { ai: { agentId: agent.id, allowed: [] } } }, 'PATCH');
    const crowd = await visitors(server, count, 200, 'benchai');
    const samples = [];
    await Promise.all(
      crowd.map(async (socket) => {
        let asked = 0;
        socket.on('message:delta', (delta) => {
          if (delta.offset !== 0 || asked <= warmup) return;
          const index = Number(/^#(\d+) /.exec(delta.text)?.[1]);
          samples.push(performance.now() - model.firstTokenAt[index]);
        });
        for (let n = 0; n < warmup + questions; n++) {
          asked = n + 1;
          const stored = new Promise((resolve) => socket.on('message:created', function done(message) {
            if (message.from !== 'bot') return;
            socket.off('message:created', done);
            resolve();
          }));
          await socket.emitWithAck('message:send', { clientId: newClientId(), text: `question ${n}` });
          await stored;
        }
      }),
    );
    crowd.forEach((socket) => socket.disconnect());
    samples.sort((a, b) => a - b);
    const at = (q) => +(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN).toFixed(2);
    return { answers: samples.length, asked: count * questions, visitors: count, p50: at(0.5), p99: at(0.99), max: +(samples.at(-1) ?? NaN).toFixed(2) };
  } finally {
    await server.stop();
    await model.close();
  }
}

// `node bench/ai.mjs [visitors] [questions]` (after `npm run build:server`): this measurement alone.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await aiOverhead({ count: Number(process.argv[2] ?? 1), questions: Number(process.argv[3] ?? 200) }));
}
