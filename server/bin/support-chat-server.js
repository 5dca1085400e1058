#!/usr/bin/env node
// `support-chat-server`: starts the built server, as `npm start` does after its build. The
// server is compiled (into server/build/) with the browser build that it serves by the
// repository's `npm run build`, so this command runs from that checkout (npm links it into
// node_modules/.bin).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../build/server/index.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('support-chat-server: the server is not built yet; run `npm run build` in the repository first\n');
  process.exit(1);
}
await import(entry);
