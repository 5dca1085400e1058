// `npm run bench`: measurements held against DESIGN.md §6. Never part of `npm test`.
// So far: bundle bytes. "Before the launcher shows" is the CDN script plus the static import
// closure of its entry module; "after open" adds the closures the element imports on open
// (the panel, the session and its Socket.IO transport). Locales other than `en` and the mock
// backend load only when asked for, so they are listed apart. Timing benchmarks are to come.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
const STATIC_IMPORT = /(?:^|[;}])\s*(?:import|export)\s*(?:[^"'()]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /import\(["'](\.{1,2}\/[^"']+)["']\)/g;
/** The files `file` imports (statically or dynamically), as paths from the project root. */
const imports = (file, pattern) => [...readFileSync(file, 'utf8').matchAll(pattern)].map((match) => join(dirname(file), match[1]));

/** Files and everything they import statically, transitively (paths from the project root). */
function closure(roots) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of imports(file, STATIC_IMPORT)) visit(next);
  };
  roots.forEach(visit);
  return seen;
}

const cdn = (file) => join(CDN, file);
const byPrefix = (prefix) => chunks.filter((file) => file.startsWith(`${prefix}-`) || file === `${prefix}.js`).map(cdn);
/** Chunks loaded only when an option asks for them, never on a plain open. */
const OPT_IN = ['fingerprint', 'mock'];
const launcher = closure([cdn('support-chat.js')]);
// Opening loads the panel and the session, and the session loads its transport (whatever the
// chunk is called): follow the session's dynamic imports rather than trusting chunk names.
const session = byPrefix('chat-session');
const transport = session.flatMap((file) => imports(file, DYNAMIC_IMPORT)).filter((file) => !OPT_IN.some((name) => basename(file).startsWith(`${name}-`)));
const opened = closure([cdn('support-chat.js'), ...byPrefix('panel-define'), ...session, ...transport]);
const inbox = closure(['dist/inbox.js']);

const total = (files, extra = []) =>
  [...files, ...extra].map(size).reduce(
    (sum, part) => ({ raw: sum.raw + part.raw, gzip: sum.gzip + part.gzip, brotli: sum.brotli + part.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );

const rows = [
  { what: 'before the launcher shows (widget.js + launcher closure)', ...total(launcher, ['dist/widget.js']), budgetGzip: 8 * 1024 },
  { what: 'all widget JS after open (+ panel, session, transport)', ...total(opened, ['dist/widget.js']), budgetGzip: 25 * 1024 },
  { what: 'one extra locale (largest)', ...chunks.filter((f) => /^(zh|ja|ko|es|fr|de|pt|it|ru|ar)/.test(f)).map((f) => size(cdn(f))).sort((a, b) => b.gzip - a.gzip)[0] },
  { what: 'mock backend (mock mode only)', ...total(byPrefix('mock')) },
  { what: 'agent inbox (inbox.js + its static closure)', ...total(inbox) },
];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`${'bundle'.padEnd(58)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}  budget (gzip)`);
for (const row of rows) {
  const budget = row.budgetGzip ? `${kb(row.budgetGzip)} ${row.gzip <= row.budgetGzip ? 'met' : 'OVER'}` : '';
  console.log(`${row.what.padEnd(58)} ${kb(row.raw).padStart(9)} ${kb(row.gzip).padStart(9)} ${kb(row.brotli).padStart(9)}  ${budget}`);
}
const names = (files) => [...files].map((file) => basename(file)).join(', ');
console.log(`\nlauncher closure: ${names(launcher)}`);
console.log(`open closure: ${names(opened)}`);
writeFileSync('bench/results.json', `${JSON.stringify({ measuredAt: new Date().toISOString(), sizes: rows, launcherChunks: [...launcher], openChunks: [...opened], inboxChunks: [...inbox] }, null, 2)}\n`);
