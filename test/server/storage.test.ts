import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { test } from 'node:test';
import { FallbackStorage, LocalDiskStorage } from '../../server/uploads/storage.js';

test('FallbackStorage: new files go to the primary; files only the older storage has are still served; delete clears both', async (t) => {
  const dirs = [mkdtempSync(join(tmpdir(), 'support-chat-primary-')), mkdtempSync(join(tmpdir(), 'support-chat-older-'))];
  t.after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const [primary, older] = dirs.map((dir) => new LocalDiskStorage(dir)) as [LocalDiskStorage, LocalDiskStorage];
  const storage = new FallbackStorage(primary, older);
  const before = 'up_' + 'a'.repeat(21);
  const after = 'up_' + 'b'.repeat(21);
  await older.put(before, Buffer.from('stored before the move'));
  await storage.put(after, Buffer.from('stored after the move'));

  const read = async (key: string) => {
    const file = await storage.get(key);
    return file ? await text(file.stream) : null;
  };
  assert.equal(await read(before), 'stored before the move');
  assert.equal(await read(after), 'stored after the move');
  assert.equal(await older.get(after), null, 'new files are not written to the older storage');
  assert.equal(await read('up_' + 'c'.repeat(21)), null);

  await storage.delete(before);
  assert.equal(await read(before), null);
});
