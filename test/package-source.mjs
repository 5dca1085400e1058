// `node --import tsx --import ./test/package-source.mjs app.mjs` runs code that imports this
// package by name, as the examples do (`support-chat/sdk`), against src/ without a build: each
// entry of package.json `exports` resolves to the TypeScript source its `types` were emitted
// from, which tsx compiles.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const root = new URL('../', import.meta.url);
const { name, exports } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** The resolve hook, run in Node's loader thread. */
export async function resolve(specifier, context, next) {
  const subpath = specifier === name ? '.' : specifier.startsWith(`${name}/`) ? `.${specifier.slice(name.length)}` : undefined;
  const types = subpath && exports[subpath]?.types;
  if (!types) return next(specifier, context);
  // Handed on, so that tsx resolves (and then compiles) the source as one of its own.
  return next(new URL(types.replace(/^\.\/dist\/types\//, '').replace(/\.d\.ts$/, '.ts'), root).href, context);
}

if (isMainThread) register(import.meta.url);
