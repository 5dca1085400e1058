// Rollup plugins that let the CDN script (`widget.js`, a classic script) hand the modules it
// shares with the element (src/loader/shared.ts) to the element's ES modules, so a page that
// opens the chat downloads them once instead of twice.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../src/loader/shared.ts', import.meta.url));
const ENTRY = '\0support-chat-widget-entry';
const HANDED = '\0support-chat-shared';
const KEY = "Symbol.for('support-chat.shared')";

/** The modules shared.ts re-exports, as absolute paths of their TypeScript sources. */
const sharedModules = () =>
  [...readFileSync(SHARED, 'utf8').matchAll(/^export \* from '(.+)\.js';$/gm)].map((match) => resolve(dirname(SHARED), `${match[1]}.ts`));

/** Those modules and every module they import, however deep (the code the script hands over). */
const sharedSources = () => {
  const sources = new Set([SHARED]);
  const visit = (file) => {
    if (sources.has(file)) return;
    sources.add(file);
    for (const [, path] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;'"]*?from '(\.{1,2}\/[^']+)\.js';$/gm)) visit(resolve(dirname(file), `${path}.ts`));
  };
  sharedModules().forEach(visit);
  return [...sources];
};

/** Names the two builds agree on: what the script hands over is used only if built from the same sources. */
const sharedId = () => {
  const hash = createHash('sha256');
  for (const file of sharedSources()) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
};

/**
 * For the CDN script's build: runs the build's `input` as before, and puts the shared modules
 * where the element's modules find them.
 */
export function handSharedModules() {
  let entry;
  return {
    name: 'support-chat-hand-shared-modules',
    options(options) {
      entry = resolve(options.input);
      return { ...options, input: ENTRY };
    },
    resolveId(source) {
      if (source === ENTRY) return ENTRY;
      // Imported for what it does: never tree-shaken (package.json's `sideEffects` names dist/ only).
      return source === entry ? { id: entry, moduleSideEffects: true } : null;
    },
    load(id) {
      if (id !== ENTRY) return null;
      return [
        `import * as shared from ${JSON.stringify(SHARED)};`,
        `import ${JSON.stringify(entry)};`,
        `globalThis[${KEY}] = { id: ${JSON.stringify(sharedId())}, shared };`,
      ].join('\n');
    },
  };
}

/**
 * For the element's CDN modules: imports of the shared modules read what the CDN script handed
 * over; without it (another build's script, or none) they load their own copy, a lazy chunk.
 */
export function takeSharedModules() {
  const modules = new Set(sharedModules());
  const sources = new Set(sharedSources());
  return {
    name: 'support-chat-take-shared-modules',
    async resolveId(source, importer) {
      // Every name imported from here is read off `shared` (rollup's synthetic named exports), so
      // the element's modules carry only the names they use.
      const handed = { id: HANDED, syntheticNamedExports: 'shared' };
      if (source === HANDED) return handed;
      // The shared sources import each other, and the lazy copy imports them all, as written.
      if (!importer || sources.has(importer)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved && modules.has(resolved.id) ? handed : null;
    },
    load(id) {
      if (id !== HANDED) return null;
      return [
        `const handed = globalThis[${KEY}];`,
        `export const shared = handed?.id === ${JSON.stringify(sharedId())} ? handed.shared : await import(${JSON.stringify(SHARED)});`,
      ].join('\n');
    },
  };
}
