import fs from 'node:fs'; import zlib from 'node:zlib'; import { SourceMapConsumer } from 'source-map-js';
for (const f of process.argv.slice(2)) {
  const code = fs.readFileSync(f,'utf8'); const map = JSON.parse(fs.readFileSync(f+'.map','utf8'));
  const c = new SourceMapConsumer(map); const owner = [];
  const lines = code.split('\n'); lines.forEach((line, li) => { for (let col = 0; col < line.length; col++) owner.push(c.originalPositionFor({line: li+1, column: col, bias: 1}).source || '?'); owner.push('?'); });
  const gz = (s) => zlib.gzipSync(s, {level: 9}).length; const total = gz(code);
  const srcs = [...new Set(owner)]; const rows = [];
  for (const s of srcs) { let out = ''; let i = 0; for (const ch of code) { if (owner[i] !== s) out += ch; i++; } rows.push([s, total - gz(out), owner.filter(o=>o===s).length]); }
  console.log('==', f, total); rows.sort((a,b)=>b[1]-a[1]).slice(0,30).forEach(([k,v,r])=>console.log(String(v).padStart(6), String(r).padStart(7), k.replace(/.*node_modules\//,'nm/').replace(/^(\.\.\/)+/,'')));
}
