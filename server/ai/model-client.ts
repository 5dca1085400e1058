import { createParser } from 'eventsource-parser';
import { OutboundRefused, requestOutbound } from '../outbound.js';

/** A message of the OpenAI-compatible `chat/completions` conversation. */
export type ModelMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ModelToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ModelToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ModelTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** Where the model is and how it may be reached. */
export interface ModelEndpoint {
  /** An OpenAI-compatible `/v1` URL. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** True for an endpoint from the server's environment or when AI_ALLOW_PRIVATE=1 (DESIGN.md §5). */
  allowPrivate: boolean;
}

export interface CompletionRequest {
  messages: ModelMessage[];
  tools: ModelTool[];
  maxTokens: number;
  signal: AbortSignal;
  /** Silence this long (no headers, no event) fails the answer with `timeout`. */
  timeoutMs: number;
  /** Each piece of text as it arrives. */
  onText(text: string): void;
}

export interface Completion {
  text: string;
  toolCalls: ModelToolCall[];
  finishReason: string | null;
}

/** Why the model gave no usable answer: unreachable (refused, down), an HTTP error, silent too long, or a stream that is not what the API describes. */
export type ModelFailureKind = 'unreachable' | 'status' | 'timeout' | 'malformed';

export class ModelFailure extends Error {
  constructor(
    readonly kind: ModelFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFailure';
  }
}

interface StreamChunk {
  choices?: Array<{
    delta?: { content?: string | null; tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> };
    finish_reason?: string | null;
  }>;
}

/**
 * `POST {baseUrl}/chat/completions` with `stream: true`, read as server-sent events
 * (eventsource-parser): text is handed on as it arrives, tool-call deltas are assembled by
 * their index. Rejects with `ModelFailure` (or the signal's reason when aborted).
 */
export async function streamCompletion(endpoint: ModelEndpoint, request: CompletionRequest): Promise<Completion> {
  const silence = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const quiet = () => {
    clearTimeout(timer);
    timer = setTimeout(() => silence.abort(new ModelFailure('timeout', `the model said nothing for ${request.timeoutMs} ms`)), request.timeoutMs);
  };
  const signal = AbortSignal.any([request.signal, silence.signal]);
  quiet();
  try {
    const body = JSON.stringify({
      model: endpoint.model,
      stream: true,
      max_tokens: request.maxTokens,
      messages: request.messages,
      ...(request.tools.length ? { tools: request.tools } : {}),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
    if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
    const url = `${endpoint.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const response = await requestOutbound(url, { headers, body, signal, allowPrivate: endpoint.allowPrivate }).catch((error: unknown) => {
      if (signal.aborted) throw signal.reason;
      throw new ModelFailure('unreachable', error instanceof OutboundRefused ? error.message : `the model could not be reached (${(error as Error).message})`);
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      response.resume();
      throw new ModelFailure('status', `the model answered HTTP ${status}`);
    }
    return await readStream(response, request, quiet, signal);
  } finally {
    clearTimeout(timer);
  }
}

async function readStream(response: AsyncIterable<Buffer>, request: CompletionRequest, quiet: () => void, signal: AbortSignal): Promise<Completion> {
  const completion: Completion = { text: '', toolCalls: [], finishReason: null };
  let done = false;
  let failure: ModelFailure | null = null;
  const parser = createParser({
    onEvent(event) {
      if (done || failure) return;
      if (event.data.trim() === '[DONE]') return void (done = true);
      let parsed: StreamChunk;
      try {
        parsed = JSON.parse(event.data) as StreamChunk;
      } catch {
        failure = new ModelFailure('malformed', 'the model sent an event that is not JSON');
        return;
      }
      const choice = parsed.choices?.[0];
      if (!choice) return;
      const { content, tool_calls: toolDeltas } = choice.delta ?? {};
      if (typeof content === 'string' && content) {
        completion.text += content;
        request.onText(content);
      }
      for (const delta of toolDeltas ?? []) {
        const call = (completion.toolCalls[delta.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.function.name += delta.function.name;
        if (delta.function?.arguments) call.function.arguments += delta.function.arguments;
      }
      if (choice.finish_reason) completion.finishReason = choice.finish_reason;
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const piece of response) {
      quiet();
      parser.feed(decoder.decode(piece, { stream: true }));
      if (failure) throw failure;
      if (done) break;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof ModelFailure) throw error;
    throw new ModelFailure('unreachable', `the model's stream broke off (${(error as Error).message})`);
  }
  if (signal.aborted) throw signal.reason;
  if (!done && completion.finishReason === null) throw new ModelFailure('malformed', 'the model’s stream ended before it finished');
  completion.toolCalls = completion.toolCalls.filter(Boolean);
  return completion;
}
