import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../server/root.js';

/** Every `.js` file under `dir`, recursively. */
const scripts = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? scripts(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );

test('the npm build imports nothing but lit and declared runtime or peer dependencies', () => {
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
  assert.ok(packages.includes('socket.io-client'), "the scan finds the SDK's realtime import");
});

/** What a built module imports (relative files resolved), and whether only lazily (`import()`). */
function importsOf(file: string): Array<{ specifier: string; lazy: boolean }> {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s[^'"]*?from\s*'([^']+)'|(?:^|[;\n}])\s*import\s*'([^']+)'|import\('([^']+)'\)/g)].map((match) => {
    const specifier = (match[1] ?? match[2] ?? match[3])!;
    return { specifier: specifier.startsWith('.') ? join(dirname(file), specifier) : specifier, lazy: match[3] !== undefined };
  });
}

/** Every package `entry` loads, through its chunks; with `lazy`, also what it may import later. */
function packagesLoadedBy(entry: string, lazy: boolean): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const found of importsOf(file).filter((found) => lazy || !found.lazy)) {
      if (isAbsolute(found.specifier)) visit(found.specifier);
      else packages.add(found.specifier);
    }
  };
  visit(entry);
  return packages;
}

test('support-chat/sdk and support-chat/webhook load neither Lit nor the element; only the SDK, when it listens, loads socket.io-client', () => {
  const dir = join(projectRoot(), 'dist/npm');
  assert.ok(existsSync(join(dir, 'sdk.js')) && existsSync(join(dir, 'webhook.js')), 'dist/npm/sdk.js or webhook.js is missing: run `npm run build` first');
  assert.deepEqual([...packagesLoadedBy(join(dir, 'webhook.js'), true)], [], 'the webhook check imports nothing (Web Crypto only)');
  assert.deepEqual([...packagesLoadedBy(join(dir, 'sdk.js'), false)], [], 'the SDK loads nothing but fetch and Web Crypto up front');
  assert.deepEqual([...packagesLoadedBy(join(dir, 'sdk.js'), true)].sort(), ['nanoid', 'socket.io-client'], 'realtime: socket.io-client and the wire constants');
  for (const entry of ['index.js', 'define.js', 'events.js', 'protocol.js', 'react.js']) {
    assert.ok(!packagesLoadedBy(join(dir, entry), true).has('socket.io-client'), `${entry}: the widget speaks Socket.IO with its own client`);
  }
});
