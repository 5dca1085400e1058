import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { createApp, type AppOptions } from '../../server/app.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { Store } from '../../server/store/store.js';
import { LocalDiskStorage } from '../../server/uploads/storage.js';
import { ADMIN_TOKEN, AGENT, loginAgent, SECRET, tempDataFile } from './helpers.js';

/**
 * A real server on port 0 over one engine's store (`open` from `engine.data(t)`), with a `test`
 * channel and the test agent signed in (`token`); closed when the test ends.
 */
export async function serveEngine(t: TestContext, open: () => Promise<Store>, options: Pick<AppOptions, 'ai' | 'webhooks'> = {}) {
  const store = await open();
  const data = tempDataFile();
  const app = createApp({ store, files: new LocalDiskStorage(data.file) }, { sessionSecret: SECRET, adminToken: ADMIN_TOKEN, rateLimits: false, ...options });
  await store.createChannel({ key: 'test', name: 'Test', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  await app.services.agents.create({ ...AGENT, role: 'agent' });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    await app.close();
    data.remove();
  });
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  return { url, app, store, token: await loginAgent(url) };
}
