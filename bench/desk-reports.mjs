// Reports (DESIGN.md §12): how long one report takes over a channel of 100,000 conversations
// (four messages each: visitor, answer, visitor, answer; most closed, some rated, a third by an AI
// agent) spread over the last 365 days, for the last 7 days, 30 days and the whole year; and the
// longest stall of the event loop while it runs (SQLite reads in slices of 500 conversations), and
// the heap it leaves (it should not grow with the messages). Wall and CPU time: on a shared machine
// the CPU time of this thread (SQLite runs on it) is the steadier figure. SQLite in a temporary file. The schema is
// the store's own (its migrations); the rows are written straight into the file in one transaction
// so the bench starts in seconds; the report is the product's own (`ReportService` over the store).
//   node bench/desk-reports.mjs [conversations=100000] [runs=7]
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';
import { seededRandom } from './random.mjs';

const CONVERSATIONS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 7);
const DAY = 86_400_000;

const load = (path) => tsImport(path, import.meta.url);
const { SqliteStore } = await load('../server/store/sqlite.ts');
const { ReportService } = await load('../server/services/reports.ts');
const { ChannelService, DEFAULT_SETTINGS } = await load('../server/services/channels.ts');
const { Presence } = await load('../server/services/presence.ts');

const random = seededRandom(42);
const iso = (ms) => new Date(ms).toISOString();

const dir = process.env.KEEP_BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'reports-bench-'));
const file = join(dir, 'bench.db');
try {
  // The schema, a channel and an AI agent through the store; then the history in bulk.
  const setup = new SqliteStore(file);
  const channel = await setup.createChannel({ key: 'bench', name: 'Bench', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  await setup.createChannel({ key: 'other', name: 'Other', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  const ai = await setup.createAiAgent({ name: 'AI', baseUrl: null, model: null, encryptedApiKey: null, instructions: '', knowledge: { faqs: true, articles: false }, tools: [], handoff: { onRequest: true, onNoAnswer: false, message: '' }, maxTokens: 100, maxToolRounds: 1 });
  await setup.close();

  const db = new Database(file);
  const seedStart = performance.now();
  const now = Date.now();
  const visitor = db.prepare(`INSERT INTO visitors (id, channel_id, profile, created_at) VALUES (?, ?, '{}', ?)`);
  const conversation = db.prepare(`INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at, closed_at, rating_score, handled_by, ai_agent_id, resolved_by_ai)
                                    VALUES (?, ?, ?, ?, 4, ?, ?, ?, ?, ?, ?, ?)`);
  const message = db.prepare(`INSERT INTO messages (id, conversation_id, seq, client_id, sender, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < CONVERSATIONS; i++) {
      const created = now - Math.floor(random() * 365 * DAY);
      const byAi = random() < 0.33;
      const answered = created + (byAi ? 2_000 : Math.floor(10_000 + random() * 600_000));
      const closed = random() < 0.8 ? answered + Math.floor(random() * 7_200_000) : null;
      const id = `cv_bench${i}`;
      visitor.run(`v_bench${i}`, channel.id, iso(created));
      conversation.run(id, channel.id, `v_bench${i}`, closed ? 'closed' : 'open', iso(created), iso(closed ?? answered), closed ? iso(closed) : null,
        closed && random() < 0.4 ? 1 + Math.floor(random() * 5) : null, byAi ? 'ai' : 'human', byAi ? ai.id : null, byAi && random() < 0.5 ? 1 : 0);
      const answer = byAi ? ['bot', ai.id] : ['agent', 'ag_bench'];
      message.run(`m_bench${i}a`, id, 1, `c${i}a`, 'visitor', null, 'Hello, a question about my order', iso(created));
      message.run(`m_bench${i}b`, id, 2, `c${i}b`, answer[0], answer[1], 'Happy to help: which order?', iso(answered));
      message.run(`m_bench${i}c`, id, 3, `c${i}c`, 'visitor', null, 'O-1234', iso(answered + 30_000));
      message.run(`m_bench${i}d`, id, 4, `c${i}d`, answer[0], answer[1], 'It ships today.', iso(answered + 60_000));
    }
  })();
  db.close();
  const seeded = (performance.now() - seedStart) / 1000;

  const store = new SqliteStore(file);
  const reports = new ReportService(store, new ChannelService(store, new Presence()));
  const results = [];
  for (const [period, days] of [['7 days', 7], ['30 days', 30], ['365 days', 365]]) {
    const query = { channel: 'bench', tz: 'Europe/Paris', from: iso(now - days * DAY), to: iso(now) };
    await reports.get(query); // warm the page cache and the statements
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const samples = [];
    const cpu = [];
    // The longest the event loop waited meanwhile: what a send or a socket would have waited.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    let report;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      report = await reports.get(query);
      samples.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    loop.disable();
    cpu.sort((a, b) => a - b);
    samples.sort((a, b) => a - b);
    results.push({
      period,
      conversations: report.conversations,
      medianMs: +samples[Math.floor(samples.length / 2)].toFixed(1),
      maxMs: +samples.at(-1).toFixed(1),
      // CPU time is steadier than wall time on a shared machine (SQLite runs on this thread).
      cpuMedianMs: +cpu[Math.floor(cpu.length / 2)].toFixed(1),
      cpuPerConversationUs: +((cpu[Math.floor(cpu.length / 2)] * 1000) / Math.max(1, report.conversations)).toFixed(1),
      loopStallMaxMs: +(loop.max / 1e6).toFixed(1),
      heapDeltaMB: +((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(1),
      csvBytes: reports.csv(report).length,
    });
  }
  await store.close();
  console.log(`${CONVERSATIONS} conversations, ${CONVERSATIONS * 4} messages written in ${seeded.toFixed(1)} s`);
  console.table(results);
} finally {
  if (!process.env.KEEP_BENCH_DIR) rmSync(dir, { recursive: true, force: true });
}
