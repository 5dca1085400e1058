import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
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

/** Bytes and package count of an installed `node_modules`, from npm's own record of it. */
function installed(dir: string): { names: string[]; packages: { name: string; dir: string }[]; bytes: number } {
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const packages = Object.keys(lock.packages)
    .filter((path) => path.startsWith('node_modules/'))
    .map((path) => ({ name: path.replace(/^.*node_modules\//, ''), dir: join(dir, path) }));
  const size = (path: string): number =>
    readdirSync(path, { withFileTypes: true }).reduce(
      (sum, entry) => sum + (entry.isDirectory() ? size(join(path, entry.name)) : entry.isFile() ? statSync(join(path, entry.name)).size : 0),
      0,
    );
  return { names: packages.map((entry) => entry.name), packages, bytes: size(join(dir, 'node_modules')) };
}

test('the packed support-chat installs browser code only: no native module, nothing of the server', (t) => {
  const root = projectRoot();
  assert.ok(existsSync(join(root, 'dist/npm')), 'dist/npm is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'support-chat-pack-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const npm = (args: string[], cwd: string) => {
    const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8' });
    assert.equal(result.status, 0, `npm ${args.join(' ')} failed:\n${result.stderr}`);
    return result.stdout;
  };
  const tarball = npm(['pack', '--silent', '--pack-destination', dir], root).trim().split('\n').at(-1)!;
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  // Scripts are not run: a native module is recognised by what it ships, not by building it.
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(dir, tarball)], app);

  const { names, packages, bytes } = installed(app);
  t.diagnostic(`npm install support-chat: ${names.length} packages, ${(bytes / 1e6).toFixed(1)} MB`);
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const serverPkg = JSON.parse(readFileSync(join(root, 'server/package.json'), 'utf8'));
  const serverOnly = Object.keys(serverPkg.dependencies).filter((name) => !rootPkg.dependencies[name]);
  assert.ok(serverOnly.includes('express') && serverOnly.includes('better-sqlite3'), 'the server package lists the server dependencies');
  for (const name of [...serverOnly, 'socket.io', 'engine.io', 'node-gyp', 'prebuild-install']) {
    assert.ok(!names.includes(name), `${name} is installed with support-chat`);
  }
  for (const { name, dir: packageDir } of packages) {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const native = existsSync(join(packageDir, 'binding.gyp')) || manifest.gypfile === true || Boolean(manifest.scripts?.install || manifest.scripts?.postinstall || manifest.scripts?.preinstall);
    assert.ok(!native, `${name} is a native module or runs an install script`);
  }
  assert.ok(names.length <= 20 && bytes <= 15e6, `${names.length} packages, ${bytes} bytes: more than a browser package needs`);

  // `require()` of the ESM entry is what the engines field promises (Node ≥ 20.19 or ≥ 22.12).
  const loaded = spawnSync(process.execPath, ['-e', "const m = require('support-chat'); if (typeof m.SupportChat !== 'function') process.exit(1)"], { cwd: app, encoding: 'utf8' });
  assert.equal(loaded.status, 0, `require('support-chat') failed:\n${loaded.stderr}`);
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
  // The widget loads socket.io-client when its client connects, never up front; the event classes and the wire types never.
  for (const entry of ['index.js', 'define.js', 'client.js', 'react.js']) {
    assert.ok(!packagesLoadedBy(join(dir, entry), false).has('socket.io-client'), `${entry}: socket.io-client is loaded up front`);
  }
  for (const entry of ['events.js', 'protocol.js']) assert.ok(!packagesLoadedBy(join(dir, entry), true).has('socket.io-client'), `${entry} reaches socket.io-client`);
});
