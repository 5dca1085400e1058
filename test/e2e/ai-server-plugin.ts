import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../server/app.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { LocalDiskStorage } from '../../server/uploads/storage.js';
import { createAiAgentSchema } from '../../server/validation-ai.js';
import { fakeModel, type FakeModel, type ModelReply, type ModelRequest } from '../server/fake-model.js';

type Command = { command: string; payload?: Record<string, unknown> };

/** The model's answer, one piece per streamed delta. */
const AI_PIECES = ['Returns ', 'are ', 'free ', 'within ', '30 ', 'days.'];

/** The page tool of the channel `e2e-ai-tools`'s AI agent. */
const ORDER_STATUS = {
  name: 'order_status',
  description: 'The status of one of the visitor’s orders, read in their page',
  parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
};

/**
 * The model of `e2e-ai-tools`: asked a question, it calls `order_status`; given the tool's
 * result, it answers from that result (so the visitor sees what the page answered).
 */
const toolScript = (request: ModelRequest): ModelReply => {
  const last = request.messages.at(-1);
  if (last?.role !== 'tool') return { toolCalls: [{ name: ORDER_STATUS.name, arguments: { orderId: 'A-1042' } }] };
  const answer = JSON.parse(String(last.content)) as { ok: boolean; result?: { orderId?: string; status?: string } };
  return { text: answer.ok ? [`Order ${answer.result?.orderId} `, `is ${answer.result?.status}.`] : ['The page could not tell.'] };
};

/**
 * A web-test-runner plugin for the AI agent's browser tests: its own support-chat server (a
 * temporary SQLite file) whose channel `e2e-ai` has an AI agent on a local fake model (real HTTP,
 * server-sent events), a second allowed agent and one that is not allowed, and an FAQ the answer
 * is based on. The model sends each piece only when the test releases it (`ai-release`), so the
 * test sees the answer grow without timing anything. The channel `e2e-ai-tools` has an AI agent
 * with a page tool on a second fake model (`toolScript`), whose requests `ai-tool-requests` reads.
 */
export function aiServerPlugin() {
  let app: App | undefined;
  let store: SqliteStore | undefined;
  let model: FakeModel | undefined;
  let toolModel: FakeModel | undefined;
  let dir = '';
  let url = '';
  const agents: Record<string, string> = {};
  /** Each piece the model sends takes one permit; the test gives them (`ai-release`). */
  let permits = 0;
  const waiting: Array<() => void> = [];
  const permit = () => new Promise<void>((resolve) => (permits > 0 ? (permits--, resolve()) : waiting.push(resolve)));

  return {
    name: 'support-chat-ai-server',

    async serverStart() {
      dir = mkdtempSync(join(tmpdir(), 'support-chat-wtr-ai-'));
      // Every answer is gated piece by piece, in the order the pieces are asked for.
      model = await fakeModel(() => ({ text: AI_PIECES, beforeChunk: permit }));
      store = new SqliteStore(join(dir, 'support-chat.sqlite'));
      app = createApp(
        { store, files: new LocalDiskStorage(join(dir, 'uploads')) },
        { sessionSecret: 'browser-tests-ai-secret-0123456789abcdef', rateLimits: false, ai: { baseUrl: model.baseUrl, apiKey: undefined, model: 'fake', allowPrivate: true } },
      );
      const make = async (name: string) => (await app!.services.aiAgents.create(createAiAgentSchema.parse({ name, instructions: 'Answer from the FAQs.' }))).id;
      agents.main = await make('Shop assistant');
      agents.other = await make('Returns assistant');
      agents.stranger = await make('Not on this channel');
      await app.services.channels.create({
        key: 'e2e-ai',
        name: 'E2E AI',
        allowedOrigins: [],
        settings: { ...DEFAULT_SETTINGS, ai: { agentId: agents.main!, allowed: [agents.other!] } },
      });
      toolModel = await fakeModel(toolScript);
      const orders = await app.services.aiAgents.create(createAiAgentSchema.parse({ name: 'Order assistant', baseUrl: toolModel.baseUrl, tools: [ORDER_STATUS] }));
      await app.services.channels.create({ key: 'e2e-ai-tools', name: 'E2E AI tools', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS, ai: { agentId: orders.id, allowed: [] } } });
      await app.services.channels.createFaq('e2e-ai', { question: 'What is the return policy?', answer: 'Returns are free within 30 days.', position: 0 });
      await new Promise<void>((resolve) => app!.httpServer.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    },

    async serverStop() {
      await model?.close();
      await toolModel?.close();
      await app?.close();
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    },

    async executeCommand({ command, payload = {} }: Command) {
      switch (command) {
        case 'ai-server':
          return { url, agents, pieces: AI_PIECES };
        // Lets the model send its next piece (or `count` of them).
        case 'ai-release':
          for (let given = 0; given < Number(payload.count ?? 1); given++) {
            const next = waiting.shift();
            if (next) next();
            else permits += 1;
          }
          return true; // a command answering null or undefined counts as not handled
        // The conversation as the team sees it (handledBy, aiAgentId, resolvedByAi).
        case 'ai-conversation':
          return store!.getConversation(String(payload.id));
        // What the model of `e2e-ai-tools` was asked, in order.
        case 'ai-tool-requests':
          return toolModel!.requests.map((request) => request.body);
        default:
          return undefined;
      }
    },
  };
}
