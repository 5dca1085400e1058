import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelFailure, streamCompletion, type CompletionRequest, type ModelEndpoint } from '../../server/ai/model-client.js';
import { fakeModel, type ModelReply } from './fake-model.js';

/** The streaming client against the fake OpenAI-compatible model (real HTTP, real server-sent events). */

const endpoint = (baseUrl: string, allowPrivate = true): ModelEndpoint => ({ baseUrl, apiKey: 'sk-test', model: 'fake-1', allowPrivate });
const request = (pieces: string[] = [], overrides: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  maxTokens: 100,
  signal: new AbortController().signal,
  timeoutMs: 5000,
  onText: (text) => pieces.push(text),
  ...overrides,
});

async function withModel(reply: ModelReply, run: (baseUrl: string) => Promise<void>) {
  const model = await fakeModel(() => reply);
  try {
    await run(model.baseUrl);
  } finally {
    await model.close();
  }
}

test('text arrives piece by piece, and the request says what the API asks for', async () => {
  const model = await fakeModel(() => ({ text: ['Hel', 'lo ', 'there'] }));
  try {
    const pieces: string[] = [];
    const completion = await streamCompletion(endpoint(model.baseUrl), request(pieces, { maxTokens: 42 }));
    assert.deepEqual(pieces, ['Hel', 'lo ', 'there']);
    assert.equal(completion.text, 'Hello there');
    assert.equal(completion.finishReason, 'stop');
    const [sent] = model.requests;
    assert.equal(sent?.headers.authorization, 'Bearer sk-test');
    assert.deepEqual([sent?.body.model, sent?.body.stream, sent?.body.max_tokens], ['fake-1', true, 42]);
  } finally {
    await model.close();
  }
});

test('tool-call deltas are assembled into whole calls', async () => {
  await withModel({ toolCalls: [{ name: 'cart_get', arguments: { currency: 'EUR' }, id: 'c1' }, { name: 'search_knowledge', arguments: { query: 'ship' } }] }, async (baseUrl) => {
    const completion = await streamCompletion(endpoint(baseUrl), request());
    assert.equal(completion.finishReason, 'tool_calls');
    assert.deepEqual(
      completion.toolCalls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)]),
      [
        ['c1', 'cart_get', { currency: 'EUR' }],
        ['call_0_1', 'search_knowledge', { query: 'ship' }],
      ],
    );
  });
});

const failure = async (promise: Promise<unknown>): Promise<ModelFailure> => {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ModelFailure, String(error));
    return error;
  }
  assert.fail('no failure');
};

test('an HTTP error, a malformed event, silence and a closed port are failures of their kind', async () => {
  await withModel({ status: 500 }, async (baseUrl) => assert.equal((await failure(streamCompletion(endpoint(baseUrl), request()))).kind, 'status'));
  await withModel({ malformed: true }, async (baseUrl) => assert.equal((await failure(streamCompletion(endpoint(baseUrl), request()))).kind, 'malformed'));
  await withModel({ hang: true }, async (baseUrl) => assert.equal((await failure(streamCompletion(endpoint(baseUrl), request([], { timeoutMs: 200 })))).kind, 'timeout'));
  const closed = await fakeModel();
  await closed.close();
  assert.equal((await failure(streamCompletion(endpoint(closed.baseUrl), request()))).kind, 'unreachable');
});

test('a private address is refused unless allowed, before any request is made', async () => {
  await withModel({ text: ['never'] }, async (baseUrl) => {
    const refused = await failure(streamCompletion(endpoint(baseUrl, false), request()));
    assert.equal(refused.kind, 'unreachable');
    assert.match(refused.message, /not a public address/);
  });
});

test('the caller’s abort ends the stream with the caller’s reason', async () => {
  const controller = new AbortController();
  await withModel({ hang: true }, async (baseUrl) => {
    const answer = streamCompletion(endpoint(baseUrl), request([], { signal: controller.signal }));
    controller.abort(new Error('visitor left'));
    await assert.rejects(answer, /visitor left/);
  });
});
