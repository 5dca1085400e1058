import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What the fake model was asked (the parsed body of `POST /v1/chat/completions`). */
export interface ModelRequest {
  model: string;
  stream: boolean;
  max_tokens?: number;
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: unknown } }>;
  [key: string]: unknown;
}

/**
 * One scripted answer. `text`: content deltas, one per piece; `toolCalls`: the model calls tools
 * (each call's arguments are sent in two deltas, as real endpoints split them); `status`: an HTTP
 * error instead of a stream; `malformed`: a data line that is not JSON; `hang`: headers, then
 * silence until the server closes. `beforeChunk(index)` may hold a piece back (a test releases
 * it once it saw the previous one arrive), so streaming is shown without timing anything.
 */
export interface ModelReply {
  text?: string[];
  toolCalls?: Array<{ name: string; arguments: unknown; id?: string }>;
  status?: number;
  malformed?: boolean;
  hang?: boolean;
  beforeChunk?: (index: number) => Promise<void>;
}

export interface FakeModel {
  /** The `/v1` base URL to configure an AI agent with. */
  baseUrl: string;
  /** Every request, in order, with its headers. */
  requests: Array<{ body: ModelRequest; headers: IncomingHttpHeaders }>;
  /** `performance.now()` when the answer to each request (by index) wrote its first content piece (the bench's reference). */
  firstTokenAt: number[];
  close(): Promise<void>;
}

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/**
 * A real local HTTP server speaking the OpenAI-compatible streamed `chat/completions`
 * (server-sent events). `script(request, index)` picks the answer to the index-th request;
 * when it returns nothing, the model says "OK".
 */
export async function fakeModel(script: (request: ModelRequest, index: number) => ModelReply | undefined = () => undefined): Promise<FakeModel> {
  const requests: FakeModel['requests'] = [];
  const firstTokenAt: number[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const piece of req) raw += piece;
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
    const body = JSON.parse(raw) as ModelRequest;
    const index = requests.push({ body, headers: req.headers }) - 1;
    const reply = script(body, index) ?? { text: ['OK'] };
    if (reply.status) {
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'scripted failure' } }));
      return;
    }
    open.add(res);
    res.once('close', () => open.delete(res));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    if (reply.hang) return;
    res.write(chunk({ role: 'assistant', content: '' }));
    if (reply.malformed) {
      res.end('data: {"choices": [{"delta": {"content": "Hel\n\n');
      return;
    }
    for (const [position, piece] of (reply.text ?? []).entries()) {
      await reply.beforeChunk?.(position);
      if (res.destroyed) return;
      if (position === 0) firstTokenAt[index] = performance.now();
      res.write(chunk({ content: piece }));
    }
    for (const [position, call] of (reply.toolCalls ?? []).entries()) {
      const args = JSON.stringify(call.arguments);
      const half = Math.ceil(args.length / 2);
      res.write(chunk({ tool_calls: [{ index: position, id: call.id ?? `call_${index}_${position}`, type: 'function', function: { name: call.name, arguments: args.slice(0, half) } }] }));
      res.write(chunk({ tool_calls: [{ index: position, function: { arguments: args.slice(half) } }] }));
    }
    res.write(chunk({}, reply.toolCalls?.length ? 'tool_calls' : 'stop'));
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    firstTokenAt,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A model that takes every request and never answers (until it is closed): AI conversations stay
 * with their AI agent, its answer pending, for tests about something else (a handoff, feedback).
 * `defaults` are the server's AI defaults (AI_BASE_URL, AI_MODEL) pointing at it.
 */
export async function silentModel(): Promise<FakeModel & { defaults: { baseUrl: string; apiKey: undefined; model: string; allowPrivate: false } }> {
  const model = await fakeModel(() => ({ hang: true }));
  return { ...model, defaults: { baseUrl: model.baseUrl, apiKey: undefined, model: 'fake-1', allowPrivate: false } };
}
