import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../server/root.js';

test('custom-elements.json is what the analyzer generates from the current JSDoc', () => {
  const root = projectRoot();
  mkdirSync(join(root, '.test-results'), { recursive: true });
  // The analyzer resolves --outdir against the working directory.
  const outdir = mkdtempSync(join(root, '.test-results', 'cem-'));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--outdir', outdir.slice(root.length + 1), '--quiet'], {
      cwd: root,
      stdio: 'pipe',
    });
    const generated = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'));
    const committed = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
    assert.deepEqual(committed, generated, 'custom-elements.json is stale: run `npm run analyze`');
    const chat = generated.modules
      .flatMap((module: { declarations?: Array<{ tagName?: string }> }) => module.declarations ?? [])
      .find((declaration: { tagName?: string }) => declaration.tagName === 'support-chat');
    assert.ok(chat, 'support-chat is in the manifest');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.customElements, 'custom-elements.json', 'the analyzer run left package.json alone');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

test('the README API tables are the ones generated from custom-elements.json', () => {
  const result = spawnSync(process.execPath, ['scripts/docs.mjs', '--check'], { cwd: projectRoot(), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr || 'README.md API tables are stale: run `npm run docs`');
});

test('the VERSION constant follows package.json', async () => {
  const { VERSION } = await import('../../src/version.js');
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8'));
  assert.equal(VERSION, pkg.version);
});
