import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root (the `support-chat` package, whose `dist/` and `demo/` the server
 * serves), from the source tree or from `server/build/`. The server's own package.json in
 * `server/` is passed over.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!isRoot(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the support-chat package.json was not found above the server code');
    dir = parent;
  }
  return dir;
}

function isRoot(dir: string): boolean {
  const file = join(dir, 'package.json');
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'support-chat';
}
