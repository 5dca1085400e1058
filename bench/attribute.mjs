// What each source file costs in a built chunk, in gzip bytes: the chunk gzipped whole, less the
// chunk gzipped with that file's characters (found through the source map) left out. Raw shares
// mislead because some code compresses far better than other code (CSS and repeated markup
// against SVG paths and hashed chunk names).
//
//   npm run build && node bench/attribute.mjs dist/cdn/cdn-entry-*.js dist/widget.js
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';

const gzip = (text) => gzipSync(text, { level: 9 }).length;
const shortName = (source) => source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '');

for (const file of process.argv.slice(2)) {
  const code = readFileSync(file, 'utf8');
  const map = new SourceMapConsumer(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
  // The source of every character of the chunk, newlines included ('?' where nothing maps).
  const owners = [];
  code.split('\n').forEach((line, index) => {
    for (let column = 0; column < line.length; column++) owners.push(map.originalPositionFor({ line: index + 1, column, bias: 1 }).source ?? '?');
    owners.push('?');
  });
  const characters = [...code];
  const whole = gzip(code);
  const rows = [...new Set(owners)].map((source) => ({
    source: shortName(source),
    raw: owners.filter((owner) => owner === source).length,
    gzip: whole - gzip(characters.filter((_, index) => owners[index] !== source).join('')),
  }));
  console.log(`\n${file}: ${code.length} bytes, ${whole} gzip`);
  for (const row of rows.sort((a, b) => b.gzip - a.gzip)) console.log(`${String(row.gzip).padStart(7)} ${String(row.raw).padStart(8)}  ${row.source}`);
}
