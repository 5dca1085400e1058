// The agents' search (issue 22 item 4, DESIGN.md §6: p95 ≤ 50 ms at 1 M stored messages on
// SQLite): p50/p95 of `GET /api/v1/agent/search` as the service runs it (the store's query, the
// joins, snippets and highlights; HTTP left out) over 1,000,000 messages in 100,000
// conversations of 50,000 visitors, in a temporary SQLite file with the product's schema and
// triggers (the rows go in as batched INSERTs in transactions on the file, not through the API,
// so the FTS index is built by migration 22's triggers as sends build it). The text is drawn
// from a skewed vocabulary (Zipf) of everyday English, support words and a long tail of rare
// words, order numbers, emails and links; the searches are what an agent types: a word, two
// words of one message, a phrase being typed (last word cut), a rare word or an order number,
// a name, an email, an id, and a word nobody wrote.
//   node bench/desk-search.mjs [messages=1000000] [searches=800]
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { seededRandom } from './random.mjs';

const MESSAGES = Number(process.argv[2] ?? 1_000_000);
const SEARCHES = Number(process.argv[3] ?? 800);
const PER_CONVERSATION = 10;
const CONVERSATIONS_PER_VISITOR = 2;

const load = (path) => tsImport(path, import.meta.url);
const { SqliteStore } = await load('../server/store/sqlite.ts');
const { SearchService } = await load('../server/services/search.ts');
const { DEFAULT_SETTINGS } = await load('../server/services/channels.ts');
const Database = createRequire(join(import.meta.dirname, '../server/package.json'))('better-sqlite3');

const random = seededRandom(7);
const pick = (list) => list[Math.floor(random() * list.length)];

const COMMON = `the i you to a and is it my of for in on this that have not with can be me we do was your are but at so
  if it's i'm what get from there no just please when will how any or as an all out up about would like one
  thanks thank hi hello yes ok now still again here they them need want know time day today week could did
  been has had does why which who some more then also back still got see make help`.split(/\s+/);
const SUPPORT = `order refund invoice payment password account login email shipping delivery parcel package tracking
  number address card charge charged subscription plan upgrade downgrade cancel cancellation return exchange
  size color price discount coupon code voucher receipt bill billing error bug crash app website page checkout
  cart item product stock available warranty repair replacement damaged broken missing late delayed courier
  label customer support agent manager phone reset verify verification link expired blocked locked two factor
  sms notification settings profile download upload file photo screenshot invoice vat tax company business
  team member seat license trial premium monthly yearly renewal renew bank transfer paypal apple google android
  iphone browser chrome safari firefox windows mac update version install api key integration webhook export`.split(/\s+/);
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'dor', 'len', 'bri', 'gat', 'mun', 'tesh', 'qui', 'rol', 'fen', 'yas'];
/** Rare words: product names, typos, places; 20,000 of them. */
const TAIL = Array.from({ length: 20_000 }, (_, i) => `${SYLLABLES[i % 20]}${SYLLABLES[Math.floor(i / 20) % 20]}${SYLLABLES[Math.floor(i / 400) % 20]}${i >= 8000 ? SYLLABLES[Math.floor(i / 8000)] : ''}`);
/** Ranked: everyday words first, then support words, then the tail; drawn by a Zipf law (s ≈ 1). */
const VOCABULARY = [...COMMON, ...SUPPORT, ...TAIL];
const HARMONIC = VOCABULARY.reduce((sum, _, rank) => sum + 1 / (rank + 1), 0);
const CUMULATIVE = (() => {
  let sum = 0;
  return VOCABULARY.map((_, rank) => (sum += 1 / (rank + 1) / HARMONIC));
})();
function zipfWord() {
  const target = random();
  let low = 0;
  let high = CUMULATIVE.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (CUMULATIVE[middle] < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low];
}
const FIRST = ['Ana', 'Ben', 'Chloé', 'David', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoe'];
const LAST = Array.from({ length: 400 }, (_, i) => `${SYLLABLES[i % 20][0].toUpperCase()}${SYLLABLES[i % 20].slice(1)}${SYLLABLES[Math.floor(i / 20) % 20]}`);

function messageText() {
  const words = Array.from({ length: 4 + Math.floor(random() ** 1.5 * 36) }, zipfWord);
  const extra = random();
  if (extra < 0.06) words.splice(Math.floor(random() * words.length), 0, `#A${100000 + Math.floor(random() * 900000)}`);
  else if (extra < 0.08) words.push(`https://shop.example/orders/${Math.floor(random() * 1e6)}`);
  return `${words.join(' ')}${random() < 0.4 ? '?' : '.'}`;
}

/** Builds the data set straight into the file: visitors, conversations, messages (the triggers index them). */
function build(file, channelId, reuse) {
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  if (reuse) {
    // The same samples the build would keep: every 97th named visitor, every 1009th message.
    const people = db.prepare(`SELECT json_extract(profile, '$.name') AS name, json_extract(profile, '$.email') AS email FROM visitors WHERE json_extract(profile, '$.name') IS NOT NULL AND rowid % 97 = 0`).all();
    const messages = db.prepare('SELECT id, text FROM messages WHERE rowid % 1009 = 0').all();
    db.close();
    return { people: people.map(({ name, email }) => ({ name, ...(email ? { email } : {}) })), messages };
  }
  const insertVisitor = db.prepare('INSERT INTO visitors (id, channel_id, external_user_id, verified, profile, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertConversation = db.prepare(`INSERT INTO conversations (id, channel_id, visitor_id, status, last_seq, created_at, updated_at, is_default)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertMessage = db.prepare(`INSERT INTO messages (id, conversation_id, seq, client_id, sender, author_id, text, attachments, created_at)
    VALUES (?, ?, ?, ?, ?, NULL, ?, '[]', ?)`);
  const conversations = Math.ceil(MESSAGES / PER_CONVERSATION);
  const visitors = Math.ceil(conversations / CONVERSATIONS_PER_VISITOR);
  const samples = { people: [], messages: [] };
  const start = Date.UTC(2025, 0, 1);
  let written = 0;
  const batch = db.transaction((from, to) => {
    for (let v = from; v < to; v++) {
      const id = `v_bench${String(v).padStart(8, '0')}`;
      const named = random() < 0.6;
      const name = named ? `${pick(FIRST)} ${pick(LAST)}` : undefined;
      const email = named && random() < 0.8 ? `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${v}@example.com` : undefined;
      const external = random() < 0.2 ? `crm-${v}` : null;
      insertVisitor.run(id, channelId, external, external ? 1 : 0, JSON.stringify({ ...(name ? { name } : {}), ...(email ? { email } : {}) }), new Date(start).toISOString());
      if (name && v % 97 === 0) samples.people.push({ name, email });
      for (let c = 0; c < CONVERSATIONS_PER_VISITOR && written < MESSAGES; c++) {
        const conversationId = `cv_bench${String(v * CONVERSATIONS_PER_VISITOR + c).padStart(9, '0')}`;
        const count = Math.min(PER_CONVERSATION, MESSAGES - written);
        const at = new Date(start + (written + count) * 30_000).toISOString();
        insertConversation.run(conversationId, channelId, id, c === 0 ? 'open' : 'closed', count, at, at, c === 0 ? 1 : 0);
        for (let seq = 1; seq <= count; seq++) {
          const text = messageText();
          const messageId = `m_bench${String(written).padStart(10, '0')}`;
          insertMessage.run(messageId, conversationId, seq, `b${written}`, seq % 2 ? 'visitor' : 'agent', text, new Date(start + written * 30_000).toISOString());
          if (written % 1009 === 0) samples.messages.push({ id: messageId, text });
          written++;
        }
      }
    }
  });
  const BATCH = 5000;
  for (let v = 0; v < visitors; v += BATCH) batch(v, Math.min(visitors, v + BATCH));
  db.close();
  return samples;
}

/** What agents type, by kind, drawn from the stored data so most of it finds something. */
function queries(samples) {
  const wordsOf = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  const supportWord = () => SUPPORT[Math.floor(random() ** 2 * SUPPORT.length)];
  const kinds = {
    'a support word': () => supportWord(),
    'two words of a message': () => {
      const words = wordsOf(pick(samples.messages).text).filter((word) => word.length > 3);
      return words.length >= 2 ? `${pick(words)} ${pick(words)}` : supportWord();
    },
    'a phrase being typed': () => {
      const words = wordsOf(pick(samples.messages).text);
      const at = Math.floor(random() * Math.max(1, words.length - 3));
      const phrase = words.slice(at, at + 3);
      const last = phrase.pop();
      return [...phrase, last.length > 4 ? last.slice(0, Math.max(3, last.length - 2)) : last].join(' ');
    },
    'a rare word or order number': () => {
      for (;;) {
        const text = pick(samples.messages).text;
        const rare = text.match(/#A\d+/)?.[0] ?? wordsOf(text).find((word) => TAIL.includes(word));
        if (rare) return rare;
      }
    },
    'a name': () => pick(samples.people).name,
    'an email': () => pick(samples.people.filter((person) => person.email)).email,
    'an id': () => pick(samples.messages).id,
    'a word nobody wrote': () => `zzq${Math.floor(random() * 1e6)}`,
  };
  return kinds;
}

// DESK_SEARCH_BENCH_FILE keeps the data set in that file (built once, then searched again and again).
const kept = process.env.DESK_SEARCH_BENCH_FILE;
const dir = kept ? null : mkdtempSync(join(tmpdir(), 'desk-search-bench-'));
const file = kept ?? join(dir, 'bench.db');
try {
  const reuse = kept && existsSync(file);
  const setup = new SqliteStore(file);
  const channel = reuse ? await setup.getChannel('bench') : await setup.createChannel({ key: 'bench', name: 'Bench', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  await setup.close();
  const buildStart = performance.now();
  const samples = build(file, channel.id, reuse);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const megabytes = statSync(file).size / 2 ** 20;

  const store = new SqliteStore(file);
  const search = new SearchService(store);
  const kinds = queries(samples);
  const names = Object.keys(kinds);
  const timings = Object.fromEntries(names.map((name) => [name, []]));
  const all = [];
  let found = 0;
  for (let i = 0; i < SEARCHES + 50; i++) {
    const kind = names[i % names.length];
    const q = kinds[kind]();
    const start = performance.now();
    const page = await search.search(q, { limit: 20 });
    const took = performance.now() - start;
    if (i < 50) continue; // the first 50 warm the page cache and the JIT
    timings[kind].push(took);
    all.push(took);
    if (page.data.length) found++;
  }
  await store.close();
  const at = (list, q) => +[...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))].toFixed(1);
  console.log(`desk search, SQLite: ${MESSAGES.toLocaleString('en')} messages built in ${buildSeconds.toFixed(1)} s (${megabytes.toFixed(0)} MB with the indexes)`);
  console.log(`${'search'.padEnd(32)} ${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}`);
  for (const name of names) console.log(`${name.padEnd(32)} ${String(timings[name].length).padStart(5)} ${`${at(timings[name], 0.5)} ms`.padStart(8)} ${`${at(timings[name], 0.95)} ms`.padStart(8)} ${`${at(timings[name], 1)} ms`.padStart(8)}`);
  const p95 = at(all, 0.95);
  console.log(`${'all'.padEnd(32)} ${String(all.length).padStart(5)} ${`${at(all, 0.5)} ms`.padStart(8)} ${`${p95} ms`.padStart(8)} ${`${at(all, 1)} ms`.padStart(8)}   ${found}/${all.length} found something`);
  console.log(`budget: p95 ≤ 50 ms: ${p95 <= 50 ? 'met' : 'OVER'}`);
  if (p95 > 50) process.exitCode = 1;
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
