import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readConfig } from '../../server/config.js';

test('readConfig: where files live follows the database unless FILE_STORAGE says otherwise; bad values are refused', (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'support-chat-config-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = (extra: NodeJS.ProcessEnv) => ({ DATA_DIR: dataDir, SESSION_SECRET: 'a-session-secret-of-at-least-32-characters', ...extra });
  assert.equal(readConfig(env({})).fileStorage, 'disk');
  const database = readConfig(env({ DATABASE_URL: 'postgres://db/support_chat', REDIS_URL: 'redis://cache:6379' }));
  assert.deepEqual([database.fileStorage, database.databaseUrl, database.redisUrl], ['database', 'postgres://db/support_chat', 'redis://cache:6379']);
  assert.equal(readConfig(env({ DATABASE_URL: 'postgres://db/x', FILE_STORAGE: 'disk' })).fileStorage, 'disk');
  assert.throws(() => readConfig(env({ FILE_STORAGE: 'database' })), /FILE_STORAGE=database needs DATABASE_URL/);
  assert.throws(() => readConfig(env({ FILE_STORAGE: 's3' })), /FILE_STORAGE must be database or disk/);
});

test('readConfig: WEBHOOKS_ALLOW_PRIVATE=1 is the only way to let webhooks reach private addresses', (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'support-chat-config-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = (extra: NodeJS.ProcessEnv) => ({ DATA_DIR: dataDir, SESSION_SECRET: 'a-session-secret-of-at-least-32-characters', ...extra });
  assert.equal(readConfig(env({})).webhooksAllowPrivate, false);
  assert.equal(readConfig(env({ WEBHOOKS_ALLOW_PRIVATE: '0' })).webhooksAllowPrivate, false);
  assert.equal(readConfig(env({ WEBHOOKS_ALLOW_PRIVATE: '1' })).webhooksAllowPrivate, true);
});
