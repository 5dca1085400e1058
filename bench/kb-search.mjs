// Help search (DESIGN.md §11): p50/p95 of one visitor search (`q` of two or three words, ranked,
// with snippets: the query `GET …/articles?q=` runs) over 10,000 published articles of one
// channel and locale. SQLite in a temporary file; PostgreSQL too when BENCH_DATABASE_URL names a
// server to use (a fresh database on it, dropped after; the role may create databases). The store
// and the search are the product's own, loaded through tsx.
//   node bench/kb-search.mjs [articles=10000] [searches=500]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { seededRandom } from './random.mjs';

const ARTICLES = Number(process.argv[2] ?? 10_000);
const SEARCHES = Number(process.argv[3] ?? 500);

const load = (path) => tsImport(path, import.meta.url);
const { SqliteStore } = await load('../server/store/sqlite.ts');
const { PostgresStore } = await load('../server/store/postgres.ts');
const { KnowledgeSearch, searchLanguage } = await load('../server/search/knowledge.ts');
const { articleText, parseArticle } = await load('../server/kb/markdown.ts');
const { DEFAULT_SETTINGS } = await load('../server/services/channels.ts');

/** A repeatable vocabulary of 3,000 words, drawn with a skew as real text is (some words are everywhere). */
const random = seededRandom(42);
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'dor', 'len', 'ship', 'port', 'ment', 'ing'];
const WORDS = Array.from({ length: 3000 }, (_, i) => `${SYLLABLES[i % 16]}${SYLLABLES[Math.floor(i / 16) % 16]}${SYLLABLES[Math.floor(i / 256) % 16]}`);
const word = () => WORDS[Math.floor(random() ** 2 * WORDS.length)];
const words = (n) => Array.from({ length: n }, word).join(' ');

async function bench(name, store) {
  const channel = await store.createChannel({ key: 'bench', name: 'Bench', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
  const loadStart = performance.now();
  for (let i = 0; i < ARTICLES; i++) {
    const markdown = `# ${words(4)}\n\n${words(60)}\n\n- ${words(10)}\n- ${words(10)}\n\n${words(70)}`;
    const body = parseArticle(markdown);
    await store.createArticle(channel.id, { slug: `a-${i}`, title: words(5), locale: 'en', status: 'published', markdown, body, text: articleText(body), language: searchLanguage('en') });
  }
  const loaded = performance.now() - loadStart;
  const search = new KnowledgeSearch(store);
  const queries = Array.from({ length: SEARCHES + 50 }, () => words(2 + Math.floor(random() * 2)));
  const samples = [];
  let hits = 0;
  for (const [index, q] of queries.entries()) {
    const start = performance.now();
    const found = await search.articles(channel.id, q, { locale: 'en', limit: 10 });
    if (index >= 50) samples.push(performance.now() - start); // the first 50 warm the caches and the JIT
    hits += found.length;
  }
  samples.sort((a, b) => a - b);
  const at = (q) => +samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2);
  return { engine: name, articles: ARTICLES, searches: samples.length, meanHits: +(hits / queries.length).toFixed(1), p50: at(0.5), p95: at(0.95), max: +samples.at(-1).toFixed(2), loadSeconds: +(loaded / 1000).toFixed(1) };
}

const results = [];
const dir = mkdtempSync(join(tmpdir(), 'kb-bench-'));
const sqlite = new SqliteStore(join(dir, 'bench.db'));
try {
  results.push(await bench('SQLite', sqlite));
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.BENCH_DATABASE_URL) {
  const { default: pg } = await import('pg');
  const name = `kb_bench_${process.pid}`;
  const onServer = async (statement) => {
    const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.BENCH_DATABASE_URL);
  url.pathname = `/${name}`;
  const postgres = new PostgresStore(url.toString());
  try {
    await postgres.init();
    results.push(await bench('PostgreSQL', postgres));
  } finally {
    await postgres.close();
    await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
console.table(results);
