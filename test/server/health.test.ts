import assert from 'node:assert/strict';
import { test } from 'node:test';
import { json, startServer } from './helpers.js';

test('GET /api/v1/health: 200 while the database answers, 503 unavailable once it does not', async (t) => {
  const server = await startServer();
  t.after(() => server.cleanup());
  const healthy = await json<{ status: string }>(`${server.url}/api/v1/health`);
  assert.equal(healthy.status, 200);
  assert.deepEqual(healthy.body, { status: 'ok' });
  assert.equal(healthy.headers.get('cache-control'), 'no-store');

  await server.store.close(); // the database goes away under a running node
  const down = await json<{ error: { code: string } }>(`${server.url}/api/v1/health`);
  assert.equal(down.status, 503);
  assert.equal(down.body.error.code, 'unavailable');
});
