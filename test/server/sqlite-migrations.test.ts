import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { sqliteMigrations } from '../../server/store/migrations/sqlite.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { tempDataFile } from './helpers.js';

/**
 * Migrations that rebuild a table run on a file that already holds data: the data a release
 * stored stays, and what refers to it still does.
 */

/** A file migrated as far as `version`, as an older release left it, with one conversation in it. */
function olderFile(version: number) {
  const data = tempDataFile();
  const db = new Database(data.file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const migration of sqliteMigrations.filter((step) => step.version <= version)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.version, migration.name, '2026-01-01T00:00:00.000Z');
  }
  const at = '2026-01-02T00:00:00.000Z';
  db.exec(`
    INSERT INTO channels (id, key, name, created_at) VALUES ('ch_1', 'shop', 'Shop', '${at}');
    INSERT INTO visitors (id, channel_id, created_at) VALUES ('v_1', 'ch_1', '${at}');
    INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at)
      VALUES ('cv_1', 'ch_1', 'v_1', 'open', 2, '${at}', '${at}');
    INSERT INTO messages (id, conversation_id, seq, client_id, sender, text, attachments, created_at)
      VALUES ('m_1', 'cv_1', 1, 'old-client-1', 'visitor', 'hello', '[{"id":"up_1","fileName":"a.png","fileSize":3,"contentType":"image/png"}]', '${at}'),
             ('m_2', 'cv_1', 2, 'old-client-2', 'visitor', 'again', '[]', '${at}');
    INSERT INTO uploads (id, channel_id, visitor_id, conversation_id, message_id, storage_key, file_name, file_size, content_type, created_at)
      VALUES ('up_1', 'ch_1', 'v_1', 'cv_1', 'm_1', 'key-1', 'a.png', 3, 'image/png', '${at}');
  `);
  return { db, ...data };
}

test('13 (retried sends found by client id first) keeps every message, its upload and its retries', async (t) => {
  const { db, file, remove } = olderFile(12);
  db.close();

  const store = new SqliteStore(file);
  const check = new Database(file, { readonly: true });
  t.after(async () => {
    check.close();
    await store.close();
    remove();
  });
  const { data } = await store.listMessages('cv_1', { limit: 10 });
  assert.deepEqual(data.map(({ id, seq, clientId, text }) => ({ id, seq, clientId, text })), [
    { id: 'm_1', seq: 1, clientId: 'old-client-1', text: 'hello' },
    { id: 'm_2', seq: 2, clientId: 'old-client-2', text: 'again' },
  ]);
  assert.equal((await store.getUpload('up_1'))?.messageId, 'm_1', 'the upload still belongs to its message');

  const retry = await store.appendVisitorMessage({ channelId: 'ch_1', visitorId: 'v_1', clientId: 'old-client-2', text: 'again' });
  assert.deepEqual([retry.created, retry.message.id], [false, 'm_2'], 'a send stored before the migration is still found on retry');
  const next = await store.appendVisitorMessage({ channelId: 'ch_1', visitorId: 'v_1', clientId: 'new-client', text: 'new' });
  assert.deepEqual([next.created, next.message.seq], [true, 3]);

  const indexes = check.prepare("SELECT name FROM pragma_index_list('messages') WHERE \"unique\" = 1").all().map((row) => (row as { name: string }).name);
  const columns = (index: string) => check.prepare(`SELECT name FROM pragma_index_info('${index}') ORDER BY seqno`).all().map((row) => (row as { name: string }).name);
  assert.deepEqual(indexes.map(columns).sort(), [['client_id', 'conversation_id'], ['conversation_id', 'seq'], ['id']]);
  assert.deepEqual(check.pragma('foreign_key_check'), []);
  assert.equal((check.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number }).version, sqliteMigrations.at(-1)!.version);
});

test('15 (several conversations per visitor) keeps every conversation as the default one, still one open default per visitor', async (t) => {
  const { db, file, remove } = olderFile(14);
  db.exec(`INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at)
             VALUES ('cv_0', 'ch_1', 'v_1', 'closed', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
  db.close();

  const store = new SqliteStore(file);
  t.after(async () => {
    await store.close();
    remove();
  });
  const kept = await store.getConversation('cv_1');
  assert.deepEqual([kept?.status, kept?.lastSeq, kept?.isDefault, kept?.subject, kept?.attributes], ['open', 2, true, null, {}]);
  assert.equal((await store.getConversation('cv_0'))?.isDefault, true);
  assert.equal((await store.findOpenConversation('v_1'))?.id, 'cv_1', 'the open conversation is the default one');
  await assert.rejects(store.setStatus('cv_0', 'open'), 'still one open default conversation per visitor');
  const retry = await store.appendVisitorMessage({ channelId: 'ch_1', visitorId: 'v_1', clientId: 'old-client-2', text: 'again' });
  assert.deepEqual([retry.created, retry.message.id], [false, 'm_2']);
  const explicit = await store.createConversation({ channelId: 'ch_1', visitorId: 'v_1', clientId: 'new', subject: 'New', attributes: { topic: 'x' } });
  assert.deepEqual([explicit.created, explicit.conversation.isDefault, explicit.conversation.status], [true, false, 'open'], 'beside the open default one');
  assert.deepEqual((await store.listVisitorSummaries('v_1', { limit: 10 })).data.map((summary) => [summary.id, summary.lastMessage?.text ?? null]), [
    [explicit.conversation.id, null],
    ['cv_1', 'again'],
    ['cv_0', null],
  ]);
});

test('a reference broken before a step (written with foreign keys off) does not stop it', async (t) => {
  const { db, file, remove } = olderFile(12);
  db.pragma('foreign_keys = OFF');
  db.exec("INSERT INTO uploads (id, channel_id, visitor_id, message_id, storage_key, file_name, file_size, content_type, created_at) VALUES ('up_2', 'ch_1', 'v_1', 'm_gone', 'key-2', 'b.png', 3, 'image/png', '2026-01-02T00:00:00.000Z')");
  db.close();

  const store = new SqliteStore(file);
  t.after(async () => {
    await store.close();
    remove();
  });
  assert.equal((await store.listMessages('cv_1', { limit: 10 })).data.length, 2);
  assert.equal((await store.getUpload('up_2'))?.messageId, 'm_gone', 'left as it was');
});

test('a step that would leave rows referring to nothing is rolled back and the store does not open', (t) => {
  const { db, file, remove } = olderFile(sqliteMigrations.at(-1)!.version);
  db.close();
  // A faulty next step: it deletes a message an upload still belongs to.
  const faulty = { version: sqliteMigrations.at(-1)!.version + 1, name: 'faulty', sql: "DELETE FROM messages WHERE id = 'm_1'" };
  sqliteMigrations.push(faulty);
  t.after(() => void sqliteMigrations.splice(sqliteMigrations.indexOf(faulty), 1));

  assert.throws(() => new SqliteStore(file), new RegExp(`migration ${faulty.version} would leave rows referring to rows that no longer exist`));
  const check = new Database(file, { readonly: true });
  t.after(() => {
    check.close();
    remove();
  });
  assert.equal((check.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number }).version, faulty.version - 1);
  assert.equal((check.prepare("SELECT COUNT(*) AS count FROM messages WHERE id = 'm_1'").get() as { count: number }).count, 1, 'the step was rolled back');
});
