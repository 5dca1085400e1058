import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../server/root.js';

/** Every `.js` file under `dir`, recursively. */
const scripts = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? scripts(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );

test('the npm build imports nothing but declared runtime or peer dependencies, socket.io-client among them', () => {
  const root = projectRoot();
  const dir = join(root, 'dist/npm');
  assert.ok(existsSync(dir), 'dist/npm is missing: run `npm run build` first');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const bare = new Set<string>();
  for (const file of scripts(dir)) {
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s[^'"]*?from\s*'([^'.][^']*)'|import\('([^'.][^']*)'\)/g)) {
      bare.add(match[1] ?? match[2]!);
    }
  }
  const packages = [...bare].map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
  assert.ok(packages.includes('lit'), 'the scan finds the lit imports');
  // Peers (React and @lit/react) are imported by `support-chat/react` alone.
  const declared = { ...pkg.dependencies, ...pkg.peerDependencies };
  for (const name of new Set(packages)) assert.ok(declared[name], `${name} is imported by dist/npm but is not a dependency`);
  for (const file of scripts(dir).filter((file) => !file.endsWith('react.js'))) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /from\s*'(react|@lit\/react)'/, `${file} imports an optional peer`);
  }
  assert.ok(packages.includes('socket.io-client'), 'the widget speaks Socket.IO with socket.io-client, left to the bundler');
});
