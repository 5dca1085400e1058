import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { ChatMessage, SearchPage } from '../../src/protocol.js';
import { sqliteMigrations } from '../../server/store/migrations/sqlite.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { SearchService } from '../../server/services/search.js';
import { json, startVisitor, suiteServer, tempDataFile } from './helpers.js';

/** `GET /api/v1/agent/search` over HTTP on a real server, and migration 22 on a file with history. */

const server = suiteServer();

const search = (query: string, auth: string | undefined = server.token) => json<SearchPage & { error?: { code: string; param?: string } }>(`${server.url}/api/v1/agent/search?${query}`, auth ? { token: auth } : {});

describe('GET /api/v1/agent/search', () => {
  test('finds what a visitor wrote, with its visitor, snippet and highlight ranges', async () => {
    const session = await startVisitor(server.url, { profile: { name: 'Quinn Vale', email: 'quinn@vale.test' } });
    const sent = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: 'api-search-1', text: 'My xylophone arrived broken' } });
    const { status, body } = await search('q=XYLOPHONE%20broken');
    assert.equal(status, 200);
    assert.deepEqual(body, {
      data: [{
        kind: 'message', conversationId: sent.body.conversationId, messageId: sent.body.id, seq: 1, from: 'visitor',
        snippet: 'My xylophone arrived broken', highlights: [[3, 12], [21, 27]],
        visitor: { id: session.visitorId, name: 'Quinn Vale', email: 'quinn@vale.test' }, createdAt: sent.body.createdAt,
      }],
      hasMore: false,
    });
    const people = await search('q=quinn');
    assert.deepEqual(people.body.data.map((hit) => [hit.kind, hit.conversationId]), [['visitor', sent.body.conversationId]]);
  });

  test('query syntax typed by an agent is never a 5xx', async () => {
    for (const q of ['"foo', '-', '*', 'AND', 'OR (', ')', 'foo NEAR/2 bar', '^', '"', "'; DROP TABLE messages; --", '\u{1F600}', 'a'.repeat(200)]) {
      const { status, body } = await search(`q=${encodeURIComponent(q)}`);
      assert.equal(status, 200, `${q}: ${JSON.stringify(body)}`);
    }
  });

  test('bad input is a 400 naming the field; no token is a 401', async () => {
    const refusals: Array<[string, string]> = [
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20', 'q'],
      [`q=${'a'.repeat(201)}`, 'q'],
      ['q=a&q=b', 'q'],
      ['q=a&limit=0', 'limit'],
      ['q=a&limit=51', 'limit'],
      ['q=a&limit=ten', 'limit'],
      ['q=a&cursor=%22%3C', 'cursor'],
      [`q=a&cursor=${Buffer.from('["m",-5]').toString('base64url')}`, 'cursor'],
      ['q=a&sort=new', 'sort'],
    ];
    for (const [query, param] of refusals) {
      const { status, body } = await search(query);
      assert.deepEqual([status, body.error?.code, body.error?.param], [400, 'invalid_request', param], query);
    }
    assert.equal((await search('q=a', '')).status, 401);
  });
});

test('migration 22 indexes the messages, notes and visitors a file already holds, and VACUUM keeps the index true', async (t) => {
  const data = tempDataFile();
  const db = new Database(data.file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const migration of sqliteMigrations.filter((step) => step.version < 22)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.version, migration.name, '2026-01-01T00:00:00.000Z');
  }
  const at = '2026-01-02T00:00:00.000Z';
  db.exec(`
    INSERT INTO channels (id, key, name, created_at) VALUES ('ch_1', 'shop', 'Shop', '${at}');
    INSERT INTO visitors (id, channel_id, profile, created_at) VALUES ('v_gone', 'ch_1', '{}', '${at}'), ('v_1', 'ch_1', '{"name":"Old Timer"}', '${at}');
    INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at) VALUES ('cv_1', 'ch_1', 'v_1', 'open', 3, '${at}', '${at}');
    INSERT INTO messages (id, conversation_id, seq, client_id, sender, text, attachments, created_at) VALUES
      ('m_1', 'cv_1', 1, 'c1', 'visitor', 'an archived teapot question', '[]', '${at}'),
      ('m_2', 'cv_1', 2, 'c2', 'system', 'teapot system note', '[]', '${at}'),
      ('m_3', 'cv_1', 3, 'c3', 'agent', 'the teapot ships Monday', '[]', '${at}');
    DELETE FROM visitors WHERE id = 'v_gone';
    INSERT INTO agents (id, email, name, role, password_hash, created_at) VALUES ('ag_1', 'a@shop.test', 'Ann', 'agent', '', '${at}');
    INSERT INTO notes (id, conversation_id, client_id, author_id, text, after_seq, created_at) VALUES ('nt_1', 'cv_1', 'n1', 'ag_1', 'teapot buyer, be kind', 3, '${at}');
  `);
  db.close();
  const store = new SqliteStore(data.file);
  t.after(async () => {
    await store.close();
    data.remove();
  });
  const service = new SearchService(store);
  const ids = async (q: string) => (await service.search(q, { limit: 10 })).data.map((hit) => hit.messageId ?? hit.visitor.id).sort();
  assert.deepEqual(await ids('teapot'), ['m_1', 'm_3', 'nt_1']);
  assert.deepEqual(await ids('timer'), ['v_1']);

  // VACUUM rebuilds the file: the index (which names rows by rowid) must still find the right ones.
  const raw = new Database(data.file);
  raw.exec(`DELETE FROM messages WHERE id = 'm_1'`);
  raw.exec('VACUUM');
  raw.close();
  assert.deepEqual(await ids('teapot'), ['m_3', 'nt_1']);
  assert.deepEqual(await ids('archived'), []);
});
