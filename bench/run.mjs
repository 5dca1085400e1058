// `npm run bench`: measurements held against DESIGN.md §6. Never part of `npm test`.
// 1. Bundle bytes against DESIGN.md §6. "Before the launcher shows" is the CDN script alone: it
//    draws the launcher itself (src/loader/skeleton.ts) and loads the element's entry module on
//    intent or idle; "a plain opened chat" adds that entry's static closure (the element, Lit)
//    and the closures the element imports on open (the panel, the client with socket.io-client).
//    Every other chunk is lazy, loaded on first use (a view, files, the REST fallback, a locale,
//    the mock backend), and each is held to its own budget. What the script hands the element
//    (src/loader/shared.ts) counts once, in widget.js; the element's own copy of it is a lazy
//    chunk loaded only without that script. A size over its budget fails the run (exit code 1).
// 2. Server: persisted + acked visitor messages/s against a bare Socket.IO relay, visitor →
//    agent latency at 1,000 msg/s, and memory per idle connection (bench/load.mjs), each server
//    in its own child process of this one. With BENCH_DATABASE_URL (else TEST_DATABASE_URL),
//    the same throughput on PostgreSQL, one node and two (bench/postgres.mjs; with
//    BENCH_REDIS_URL, else TEST_REDIS_URL, two nodes with the Redis adapter too);
//    `--postgres` runs only that after the sizes.
// 3. Browser: launcher paint against a bare custom element, the longest task, click-to-connected
//    (bench/paint.mjs). `npm run bench -- --sizes` stops after 1; `--throughput` stops after the
//    relay/product throughput rounds, saving nothing (with BENCH_PROFILE=dir, a CPU profile of
//    each server child).
// 4. A page view with no click: requests and bytes a third-party page costs the chat server for
//    a new visitor, the same visitor's next page and a returning visitor with a conversation
//    (bench/page-view.mjs). `npm run bench -- --page-view` runs only that after the sizes and
//    saves nothing; `node bench/page-view.mjs --root DIR` measures another checkout's build.
// 5. The AI overhead: the first streamed token at the visitor after the fake model's first token,
//    p50/p99 (bench/ai.mjs). `npm run bench -- --ai` runs only that after the sizes and saves nothing;
//    `node bench/ai.mjs` (after `npm run build:server`) runs it without the sizes.
// 6. The agents' search at 1 M messages on SQLite (bench/desk-search.mjs); `--desk-search` runs
//    only that after the sizes; `node bench/desk-search.mjs` runs it alone.
// `node bench/run.mjs --memory` (after `npm run build:server`) measures only the memory per idle
// connection, of the product and of the bare relay side by side, and stops.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { aiOverhead } from './ai.mjs';
import { latency, memoryPerConnection, startChild, throughput } from './load.mjs';
import { pageViews, printPageViews } from './page-view.mjs';
import { paint } from './paint.mjs';
import { postgresThroughput } from './postgres.mjs';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Heap and RSS per idle visitor connection, the product's beside a bare relay's measured in the
 * same run (each in its own child), since most of it is the Socket.IO stack both share.
 */
async function idleMemory(results, save) {
  const steps = [1000, 5000, 15000];
  const measured = {};
  for (const kind of ['relay', 'product']) {
    const server = await startChild(kind);
    measured[kind] = await memoryPerConnection(server, steps);
    await server.stop();
  }
  // DESIGN.md §6: 15,000 idle connections at ≤ 6 KB heap each. The relay's figure beside it
  // shows how much of that the Socket.IO stack itself holds (docs/design-notes.md).
  const last = measured.product.at(-1);
  const relayLast = measured.relay.at(-1);
  const budget = 6 * 1024;
  results.memory = { ...measured, budget: '≤ 6 KB heap per connection at 15,000 (DESIGN.md §6)', met: last.heapPerConnection <= budget, belowRelay: last.heapPerConnection <= relayLast.heapPerConnection };
  console.log('\nidle visitor connections   heap/conn: product   relay   rss/conn: product   relay   heap MB: product   relay');
  for (const [index, row] of measured.product.entries()) {
    const relay = measured.relay[index];
    console.log(
      `${String(row.connections).padStart(24)} ${kb(row.heapPerConnection).padStart(19)} ${kb(relay.heapPerConnection).padStart(7)} ${kb(row.rssPerConnection).padStart(18)} ${kb(relay.rssPerConnection).padStart(7)} ${String(row.heapUsedMB).padStart(17)} ${String(relay.heapUsedMB).padStart(7)}`,
    );
  }
  console.log(`budget at ${last.connections}: ≤ ${kb(budget)} heap each: ${results.memory.met ? 'met' : 'OVER'} (${kb(last.heapPerConnection)}; the bare relay holds ${kb(relayLast.heapPerConnection)})`);
  save();
}

if (process.argv.includes('--memory')) {
  const results = { measuredAt: new Date().toISOString() };
  await idleMemory(results, () => writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`));
  process.exit(0);
}

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
/**
 * Chunks never loaded on a plain open: by an option (fingerprint, mock), by a file the visitor
 * attaches (uploads), by a WebSocket that fails (rest, the REST long-polling fallback), by an
 * agent's tool call (tool-call, imported by the element's wiring of the client) or by a channel
 * that has a pre-chat form (pre-chat-form: the form and the checks of its answers).
 */
const OPT_IN = ['fingerprint', 'mock', 'uploads', 'rest', 'tool-call', 'pre-chat-form'];
const element = closure([cdn('support-chat.js')]);
// Opening loads the panel and the client, and the client loads its transport (whatever the
// chunk is called): follow the client's dynamic imports rather than trusting chunk names.
const session = byPrefix('chat-client');
const transport = session.flatMap((file) => imports(file, DYNAMIC_IMPORT)).filter((file) => !OPT_IN.some((name) => basename(file).startsWith(`${name}-`)));
const opened = closure([cdn('support-chat.js'), ...byPrefix('panel-define'), ...session, ...transport]);
const inbox = closure(['dist/inbox.js']);

const maxBy = (items, score) => items.map((item) => ({ item, value: score(item) })).reduce((best, next) => (next.value > best.value ? next : best)).item;
const total = (files, extra = []) =>
  [...files, ...extra].map(size).reduce(
    (sum, part) => ({ raw: sum.raw + part.raw, gzip: sum.gzip + part.gzip, brotli: sum.brotli + part.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );

/** The chunk's name without its content hash (`panel-extras-lcL-8xfJ.js` → `panel-extras`). */
const chunkName = (file) => basename(file, '.js').replace(/-[\w-]{8}$/, '');
const lazy = chunks.map(cdn).filter((file) => !opened.has(file));
const LAZY_BUDGET = 6 * 1024;

const rows = [
  { what: 'before the launcher shows (widget.js, draws it)', ...total([], ['dist/widget.js']), budgetGzip: 8 * 1024 },
  { what: 'the element, on intent or idle (entry closure)', ...total(element) },
  { what: 'a plain opened chat (+ panel, client, socket.io-client)', ...total(opened, ['dist/widget.js']), budgetGzip: 40 * 1024 },
  // Another locale than English: its strings and the loader that picks them (src/i18n/index.ts).
  {
    what: 'one extra locale (largest, with the loader)',
    ...total([maxBy(chunks.filter((f) => /^(zh|ja|ko|es|fr|de|pt|it|ru|ar)/.test(f)).map(cdn), (file) => size(file).gzip), ...byPrefix('i18n')]),
  },
  { what: 'agent inbox (inbox.js + its static closure)', ...total(inbox) },
  ...lazy.map((file) => ({ what: `lazy chunk: ${chunkName(file)}`, ...size(file), budgetGzip: LAZY_BUDGET })),
];

console.log(`${'bundle'.padEnd(58)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}  budget (gzip)`);
for (const row of rows) {
  const budget = row.budgetGzip ? `${kb(row.budgetGzip)} ${row.gzip <= row.budgetGzip ? 'met' : 'OVER'}` : '';
  console.log(`${row.what.padEnd(58)} ${kb(row.raw).padStart(9)} ${kb(row.gzip).padStart(9)} ${kb(row.brotli).padStart(9)}  ${budget}`);
}
if (rows.some((row) => row.budgetGzip && row.gzip > row.budgetGzip)) process.exitCode = 1;
const names = (files) => [...files].map((file) => basename(file)).join(', ');
console.log(`\nelement closure: ${names(element)}`);
console.log(`open closure: ${names(opened)}`);
const results = { measuredAt: new Date().toISOString(), sizes: rows, launcherChunks: ['dist/widget.js'], elementChunks: [...element], openChunks: [...opened], inboxChunks: [...inbox] };
const save = () => writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
const throughputOnly = process.argv.includes('--throughput');
const paintOnly = process.argv.includes('--paint');
const pageViewOnly = process.argv.includes('--page-view');
const aiOnly = process.argv.includes('--ai');
if (!throughputOnly && !paintOnly && !pageViewOnly && !aiOnly) save();
if (process.argv.includes('--sizes')) process.exit(); // with the exit code the budgets set
/** The AI overhead alone (one visitor, the budget's case) and with ten visitors asking at once. */
async function aiRounds() {
  const rounds = { alone: await aiOverhead({ count: 1, questions: 200 }), crowd: await aiOverhead({ count: 10, questions: 20 }) };
  console.log('\nfirst AI token at the visitor after the model\'s        answers      p50      p99      max');
  for (const [name, row] of Object.entries(rounds)) {
    const label = name === 'alone' ? '1 visitor, one question after another' : '10 visitors at once';
    console.log(`${label.padEnd(52)} ${`${row.answers}/${row.asked}`.padStart(8)} ${`${row.p50} ms`.padStart(8)} ${`${row.p99} ms`.padStart(8)} ${`${row.max} ms`.padStart(8)}`);
  }
  console.log(`budget (1 visitor): p99 ≤ 20 ms: ${rounds.alone.p99 <= 20 ? 'met' : 'OVER'}`);
  return rounds;
}
// ---- desk: search
/** The agents' search at 1 M messages on SQLite (bench/desk-search.mjs, in a child of its own: it prints its own table). */
function deskSearch() {
  const run = spawnSync(process.execPath, [join(import.meta.dirname, 'desk-search.mjs')], { stdio: 'inherit' });
  return run.status === 0 ? 'met' : 'OVER';
}
if (process.argv.includes('--desk-search')) {
  console.log('');
  if (deskSearch() !== 'met') process.exitCode = 1;
  process.exit();
}
if (aiOnly) {
  await aiRounds();
  process.exit(0);
}
if (pageViewOnly) {
  console.log('');
  printPageViews(await pageViews());
  process.exit(0);
}
// `--paint` (after the sizes) measures only the launcher paint, the longest task and
// click-to-connected, and saves nothing.
/** Launcher paint, longest task and click-to-connected against a product server of its own. */
async function browserTimings() {
  const api = await startChild('product');
  try {
    return await paint({ runs: 9, apiOrigin: api.url });
  } finally {
    await api.stop();
  }
}
if (paintOnly) {
  console.log(JSON.stringify(await browserTimings(), null, 1));
  process.exit(0);
}

// Throughput: the relay and the product alternate, three rounds, the median ratio counts.
const rounds = [];
for (let round = 0; round < (process.argv.includes('--postgres') ? 0 : 3); round++) {
  const measured = {};
  for (const kind of ['relay', 'product']) {
    const server = await startChild(kind);
    measured[kind] = await throughput(server, { count: 50, seconds: 5 });
    await server.stop();
  }
  rounds.push({
    relay: measured.relay.perSecond,
    product: measured.product.perSecond,
    ratio: +(measured.product.perSecond / measured.relay.perSecond).toFixed(2),
    // Every acked message must reach the agent, or the product is skipping work the relay does.
    agentReceived: `${measured.product.agentReceived}/${measured.product.acked}`,
  });
}
if (rounds.length) {
  rounds.sort((a, b) => a.ratio - b.ratio);
  results.throughput = { rounds, median: rounds[1], budget: '≥ 0.60 of the relay' };
  console.log('\nmessages/s (50 visitors, closed loop, 5 s)   relay   product   ratio   agent got');
  for (const round of rounds) console.log(`${''.padEnd(44)} ${String(round.relay).padStart(6)} ${String(round.product).padStart(9)} ${round.ratio.toFixed(2).padStart(7)} ${round.agentReceived.padStart(11)}`);
  if (!throughputOnly) save();
}
if (throughputOnly) process.exit(0);

const postgresServer = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (postgresServer) {
  const redisUrl = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL;
  results.postgres = await postgresThroughput(postgresServer, { count: 50, seconds: 5, redisUrl });
  console.log('\nmessages/s on PostgreSQL (50 visitors)         relay   product   ratio   agent got');
  for (const row of results.postgres) {
    console.log(`${`${row.nodes} node${row.nodes > 1 ? 's' : ''}, ${row.adapter} adapter`.padEnd(44)} ${String(row.relay).padStart(6)} ${String(row.perSecond).padStart(9)} ${row.ratio.toFixed(2).padStart(7)} ${`${row.agentReceived}/${row.acked}`.padStart(11)}`);
  }
  save();
} else {
  console.log('\nPostgreSQL throughput skipped: set BENCH_DATABASE_URL (a role that may create databases)');
}
if (process.argv.includes('--postgres')) process.exit(0);

const product = await startChild('product');
results.latency = await latency(product, { rate: 1000, seconds: 10, count: 100 });
await product.stop();
console.log(`\nvisitor → agent at ${results.latency.rate} msg/s: p50 ${results.latency.p50.toFixed(1)} ms, p99 ${results.latency.p99.toFixed(1)} ms (budget p99 ≤ 20 ms), ${results.latency.received}/${results.latency.sent} received`);
save();

results.ai = await aiRounds();
save();

await idleMemory(results, save);

results.paint = await browserTimings();
const p = results.paint;
console.log(`\nlauncher painted (4× CPU throttle, median of ${p.runs}): widget ${p.widget.medianMs} ms, bare element ${p.bare.medianMs} ms, ratio ${p.ratio} (budget ≤ 1.5)`);
console.log(
  `longest task: widget ${p.widget.longestTaskMs} ms, bare ${p.bare.longestTaskMs} ms (budget ≤ 50 ms); runs with a task over 50 ms: widget ${p.widget.runsWithLongTask}/${p.runs}, bare ${p.bare.runsWithLongTask}/${p.runs}; click-to-connected ${p.clickToConnectedMs} ms`,
);
save();

console.log('');
results.pageViews = await pageViews();
printPageViews(results.pageViews);
save();

// ---- desk: search
console.log('');
results.deskSearch = deskSearch();
save();
