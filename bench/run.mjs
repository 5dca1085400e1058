// `npm run bench`: measurements held against DESIGN.md §6. Never part of `npm test`.
// So far: the size of every browser bundle (raw, gzip -9, brotli -11). The timing benchmarks
// (launcher paint, throughput, latency, memory per connection) are still to come.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUNDLES = [
  { file: 'dist/widget.js', what: 'CDN widget, everything inside' },
  { file: 'dist/inbox.js', what: 'agent inbox' },
];

const missing = BUNDLES.filter((bundle) => !existsSync(bundle.file));
if (missing.length) {
  console.error(`missing ${missing.map((bundle) => bundle.file).join(', ')}: run \`npm run build\` first`);
  process.exit(1);
}

const sizes = BUNDLES.map(({ file, what }) => {
  const source = readFileSync(file);
  return {
    file,
    what,
    raw: source.length,
    gzip: gzipSync(source, { level: 9 }).length,
    brotli: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log('bundle              raw        gzip      brotli');
for (const size of sizes) {
  console.log(`${size.file.padEnd(18)} ${kb(size.raw).padStart(9)} ${kb(size.gzip).padStart(10)} ${kb(size.brotli).padStart(10)}   ${size.what}`);
}
writeFileSync('bench/results.json', `${JSON.stringify({ measuredAt: new Date().toISOString(), sizes }, null, 2)}\n`);
