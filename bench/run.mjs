// `npm run bench`: measurements held against DESIGN.md §6. Never part of `npm test`.
// So far: bundle bytes. "Before the launcher shows" is the CDN script plus the static import
// closure of its entry module; "after open" adds the closures the element imports on open
// (the panel, the session and its Socket.IO transport). Locales other than `en` and the mock
// backend load only when asked for, so they are listed apart. Timing benchmarks are to come.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const CDN = 'dist/cdn';
if (!existsSync('dist/widget.js') || !existsSync(join(CDN, 'support-chat.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

const size = (file) => {
  const source = readFileSync(file);
  return {
    raw: source.length,
    gzip: gzipSync(source, { level: 9 }).length,
    brotli: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

const chunks = readdirSync(CDN).filter((file) => file.endsWith('.js'));
const staticImports = (file) =>
  [...readFileSync(join(CDN, file), 'utf8').matchAll(/(?:^|[;}])\s*(?:import|export)\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+)["']/g)].map((match) => match[1]);

/** A chunk and everything it imports statically, transitively. */
function closure(roots) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of staticImports(file)) visit(next);
  };
  roots.forEach(visit);
  return seen;
}

const dynamicImports = (file) => [...readFileSync(join(CDN, file), 'utf8').matchAll(/import\(["']\.\/([^"']+)["']\)/g)].map((match) => match[1]);
const byPrefix = (prefix) => chunks.filter((file) => file.startsWith(`${prefix}-`) || file === `${prefix}.js`);
/** Chunks loaded only when an option asks for them, never on a plain open. */
const OPT_IN = ['fingerprint', 'mock'];
const launcher = closure(['support-chat.js']);
// Opening loads the panel and the session, and the session loads its transport (whatever the
// chunk is called): follow the session's dynamic imports rather than trusting chunk names.
const session = byPrefix('chat-session');
const transport = session.flatMap(dynamicImports).filter((file) => !OPT_IN.some((name) => file.startsWith(`${name}-`)));
const opened = closure(['support-chat.js', ...byPrefix('panel-define'), ...session, ...transport]);

const total = (files, extra = []) =>
  [...files].map((file) => size(join(CDN, file))).concat(extra.map(size)).reduce(
    (sum, part) => ({ raw: sum.raw + part.raw, gzip: sum.gzip + part.gzip, brotli: sum.brotli + part.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );

const rows = [
  { what: 'before the launcher shows (widget.js + launcher closure)', ...total(launcher, ['dist/widget.js']), budgetGzip: 8 * 1024 },
  { what: 'all widget JS after open (+ panel, session, transport)', ...total(opened, ['dist/widget.js']), budgetGzip: 25 * 1024 },
  { what: 'one extra locale (largest)', ...chunks.filter((f) => /^(zh|ja|ko|es|fr|de|pt|it|ru|ar)/.test(f)).map((f) => size(join(CDN, f))).sort((a, b) => b.gzip - a.gzip)[0] },
  { what: 'mock backend (mock mode only)', ...total(byPrefix('mock')) },
  { what: 'agent inbox (dist/inbox.js)', ...size('dist/inbox.js') },
];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`${'bundle'.padEnd(58)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}  budget (gzip)`);
for (const row of rows) {
  const budget = row.budgetGzip ? `${kb(row.budgetGzip)} ${row.gzip <= row.budgetGzip ? 'met' : 'OVER'}` : '';
  console.log(`${row.what.padEnd(58)} ${kb(row.raw).padStart(9)} ${kb(row.gzip).padStart(9)} ${kb(row.brotli).padStart(9)}  ${budget}`);
}
console.log(`\nlauncher closure: ${[...launcher].join(', ')}`);
console.log(`open closure: ${[...opened].join(', ')}`);
writeFileSync('bench/results.json', `${JSON.stringify({ measuredAt: new Date().toISOString(), sizes: rows, launcherChunks: [...launcher], openChunks: [...opened] }, null, 2)}\n`);
