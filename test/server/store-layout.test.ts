import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The engines' sources: `store/<engine>.ts` and its folder of areas. */
const store = fileURLToPath(new URL('../../server/store/', import.meta.url));
const areas = (engine: string) => readdirSync(join(store, engine)).filter((name) => name.endsWith('.ts')).map((name) => name.slice(0, -3));
const source = (engine: string) => [`${engine}.ts`, ...areas(engine).map((area) => join(engine, `${area}.ts`))]
  .map((file) => readFileSync(join(store, file), 'utf8'))
  .join('\n');

/** What only one engine has: SQLite's checkpoint thread, PostgreSQL's file storage (SQLite's files are on disk). */
const ownAreas: Record<string, string[]> = { sqlite: ['checkpointer'], postgres: ['file-storage'] };

test('both engines are split by the same areas', () => {
  const shared = (engine: string) => areas(engine).filter((area) => !ownAreas[engine]!.includes(area)).sort();
  assert.deepEqual(shared('sqlite'), shared('postgres'));
});

test('each engine writes its message insert once', () => {
  for (const engine of ['sqlite', 'postgres']) {
    assert.equal(source(engine).match(/INSERT INTO messages\b/g)?.length, 1, `${engine}: INSERT INTO messages`);
  }
});
