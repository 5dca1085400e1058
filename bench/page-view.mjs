// What a page view costs the chat server with no click at all (issue 17): a third-party page on an
// origin of its own carries the CDN script tag and is left alone until the network is idle, then
// 5 s more. Every request the page makes to the chat server is counted by kind (scripts, API
// calls by route, CORS preflights, WebSockets) with its bytes: HTTP from the browser's own count
// (CDP `Network.loadingFinished` encodedDataLength: headers and body as received), WebSockets
// and the total from the TCP bytes of every connection the page opened to the server.
// Scenarios, each in one browser profile kept across its page views (storage and HTTP cache):
//   new        a new visitor's first page view
//   again      the same visitor's second page view, no conversation yet
//   returning  a visitor who sent a message (through the element) on an earlier page view
// The server is the real entry (`server/build/server/index.js`, its demo channel, rate limits on)
// behind a gzip proxy, as a CDN or reverse proxy serves it in production: the app itself
// sends identity bodies, so the table shows those too.
//   npm run build && node bench/page-view.mjs                     (or `npm run bench -- --page-view`)
//   node bench/page-view.mjs --root ../other-checkout            another build, after its `npm run build`
//   node bench/page-view.mjs --verbose                           every request of every page view
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { CHROME_ARGS, findChrome } from '../scripts/find-chrome.mjs';

const SETTLE_MS = 5000;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** The built server: in its own package since it became a workspace, at the root before (`--root` of an older build). */
const serverEntry = (root) => ['server/build/server/index.js', 'build/server/index.js'].map((path) => join(root, path)).find(existsSync) ?? join(root, 'server/build/server/index.js');

/** The product as `npm start` runs it, from `root`'s build, on a port of its own and a fresh data folder. */
async function startProduct(root) {
  const dataDir = mkdtempSync(join(tmpdir(), 'support-chat-page-view-'));
  const child = spawn(process.execPath, [serverEntry(root)], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_AGENT_PASSWORD: 'page view bench password', PUBLIC_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /CDN script\s+https?:\/\/[^:/]+:(\d+)\//.exec(output);
      if (match) done(Number(match[1]));
    });
    child.on('exit', (code) => fail(new Error(`the server exited (${code}) before listening`)));
  });
  child.stdout.resume();
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml)|image\/svg)/;

/**
 * A gzip proxy in front of the product (`compression`'s defaults: level 6, bodies of 1 KB and
 * more). It counts the TCP bytes of every connection and keeps each HTTP exchange it forwards.
 */
function gzipProxy(upstreamPort) {
  const sockets = new Set();
  const exchanges = [];
  const server = createServer((req, res) => {
    const upstream = request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const parts = [];
      answer.on('data', (part) => parts.push(part));
      answer.on('end', () => {
        const body = Buffer.concat(parts);
        const headers = { ...answer.headers };
        let sent = body;
        const gzip = COMPRESSIBLE.test(headers['content-type'] ?? '') && !headers['content-encoding'] && body.length >= 1024 && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
        if (gzip) {
          sent = gzipSync(body);
          headers['content-encoding'] = 'gzip';
          headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
          delete headers['transfer-encoding'];
        }
        if (body.length || headers['content-length'] !== undefined) headers['content-length'] = String(sent.length);
        exchanges.push({ method: req.method, url: req.url, status: answer.statusCode, identity: body.length, sent: sent.length });
        res.writeHead(answer.statusCode, headers).end(sent);
      });
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => sockets.add(socket));
  // WebSockets pass through untouched (the server's perMessageDeflate is its own choice).
  server.on('upgrade', (req, socket, head) => {
    const upstream = connect(upstreamPort, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    socket.webSocket = req.url;
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  });
  /** Bytes to and from the browser so far, all connections, WebSockets apart. */
  const bytes = () => {
    const total = { down: 0, up: 0, webSocketDown: 0, webSocketUp: 0 };
    for (const socket of sockets) {
      total.down += socket.bytesWritten;
      total.up += socket.bytesRead;
      if (socket.webSocket) {
        total.webSocketDown += socket.bytesWritten;
        total.webSocketUp += socket.bytesRead;
      }
    }
    return total;
  };
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        origin: `http://127.0.0.1:${server.address().port}`,
        bytes,
        exchanges,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    ),
  );
}

/** The third-party page: its own origin (another host name and port), the CDN script tag and nothing else. */
function thirdPartySite(chatOrigin) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title></head><body>
<h1>A shop</h1><p>Some products, and a chat in the corner.</p>
<script async src="${chatOrigin}/widget.js" data-channel="demo"></script>
</body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ url: `http://localhost:${server.address().port}/`, close: () => server.close() })));
}

/** What a request to the chat server is: a script, a CORS preflight, an API route or other. */
function kindOf(entry) {
  const path = new URL(entry.url).pathname.replace(/\/channels\/[^/]+\//, '/channels/:key/');
  if (entry.method === 'OPTIONS' || entry.type === 'Preflight') return `preflight ${path}`;
  if (entry.type === 'Script' || path.endsWith('.js')) return 'script';
  return `${entry.method} ${path}`;
}

/**
 * One page view in `context`: load, wait for the network to be idle and SETTLE_MS more, then
 * close the tab. `then` runs in the page before the tab closes (not counted when `measure` is false).
 */
async function pageView(context, site, proxy, { then } = {}) {
  const tab = await context.newPage();
  const cdp = await tab.createCDPSession();
  await cdp.send('Network.enable');
  const requests = new Map();
  const webSockets = [];
  const fromCache = [];
  const chat = (url) => url.startsWith(proxy.origin) || url.startsWith(proxy.origin.replace('http', 'ws'));
  cdp.on('Network.requestWillBeSent', ({ requestId, request: sent, type }) => {
    if (chat(sent.url)) requests.set(requestId, { url: sent.url, method: sent.method, type, bytes: 0 });
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const entry = requests.get(requestId);
    if (!entry) return;
    entry.status = response.status;
    if (response.fromDiskCache || response.fromPrefetchCache || response.fromServiceWorker) entry.cached = true;
  });
  cdp.on('Network.requestServedFromCache', ({ requestId }) => {
    const entry = requests.get(requestId);
    if (entry) entry.cached = true;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = requests.get(requestId);
    if (entry) entry.bytes = encodedDataLength;
  });
  cdp.on('Network.webSocketCreated', ({ url }) => chat(url) && webSockets.push(url));
  const before = proxy.bytes();
  const exchangesBefore = proxy.exchanges.length;
  await tab.goto(site.url, { waitUntil: 'load' });
  await tab.waitForNetworkIdle({ idleTime: 1000, timeout: 20_000 });
  await sleep(SETTLE_MS);
  if (then) await tab.evaluate(then);
  await tab.close();
  await sleep(300); // the WebSocket's close frames belong to this page view
  const after = proxy.bytes();
  const byKind = {};
  for (const entry of requests.values()) {
    if (entry.cached) {
      fromCache.push(kindOf(entry));
      continue;
    }
    const row = (byKind[kindOf(entry)] ??= { count: 0, bytes: 0 });
    row.count++;
    row.bytes += entry.bytes;
  }
  const exchanges = proxy.exchanges.slice(exchangesBefore);
  const gzipBodies = exchanges.reduce((sum, exchange) => sum + exchange.sent, 0);
  const identityBodies = exchanges.reduce((sum, exchange) => sum + exchange.identity, 0);
  const down = after.down - before.down;
  return {
    requests: Object.values(byKind).reduce((sum, row) => sum + row.count, 0) + webSockets.length,
    byKind,
    webSockets: webSockets.length,
    fromCache,
    exchanges,
    // Bodies only (what a gzip -6 of each response body weighs), then everything received.
    gzipBodies,
    down,
    // As the app serves itself, without the gzip proxy: identity bodies, the same headers.
    identity: down - gzipBodies + identityBodies,
    up: after.up - before.up,
    webSocketDown: after.webSocketDown - before.webSocketDown,
  };
}

/** In the page: open the chat and send one message through the element, as a visitor would. */
async function sendOneMessage() {
  const chat = document.querySelector('support-chat');
  await chat.open();
  await chat.sendMessage('Hello, where is my order?');
  await new Promise((done) => setTimeout(done, 1000));
}

export async function pageViews({ root = '.' } = {}) {
  if (!existsSync(serverEntry(root)) || !existsSync(join(root, 'dist/widget.js'))) throw new Error(`${root}: run \`npm run build\` there first`);
  const product = await startProduct(resolve(root));
  const proxy = await gzipProxy(product.port);
  const site = await thirdPartySite(proxy.origin);
  const browser = await puppeteer.launch({ executablePath: findChrome(), args: CHROME_ARGS });
  try {
    const results = {};
    // Each scenario in a fresh profile (an isolated context: its own storage and HTTP cache).
    let context = await browser.createBrowserContext();
    results.new = await pageView(context, site, proxy);
    results.again = await pageView(context, site, proxy);
    await context.close();
    context = await browser.createBrowserContext();
    await pageView(context, site, proxy, { then: sendOneMessage });
    results.returning = await pageView(context, site, proxy);
    await context.close();
    return results;
  } finally {
    await browser.close();
    site.close();
    proxy.close();
    await product.stop();
  }
}

const LABELS = { new: 'new visitor, first page view', again: 'same visitor, second page view', returning: 'returning visitor, with a conversation' };

export function printPageViews(results, { verbose = false } = {}) {
  console.log(`${'page view, no click'.padEnd(39)} ${'requests'.padStart(8)} ${'gzip bodies'.padStart(11)} ${'received'.padStart(9)} ${'no gzip'.padStart(9)}  requests by kind (received)`);
  for (const [scenario, view] of Object.entries(results)) {
    // CDP reports no bytes for a CORS preflight; the totals (TCP) include them.
    const what = Object.entries(view.byKind).map(([kind, row]) => `${row.count}× ${kind}${kind.startsWith('preflight') ? '' : ` ${kb(row.bytes)}`}`);
    if (view.webSockets) what.push(`${view.webSockets}× WebSocket ${kb(view.webSocketDown)}`);
    if (view.fromCache.length) what.push(`${view.fromCache.length} script${view.fromCache.length > 1 ? 's' : ''} from the HTTP cache`);
    console.log(`${LABELS[scenario].padEnd(39)} ${String(view.requests).padStart(8)} ${kb(view.gzipBodies).padStart(11)} ${kb(view.down).padStart(9)} ${kb(view.identity).padStart(9)}  ${what.join(', ') || '–'}`);
    if (verbose) for (const exchange of view.exchanges) console.log(`${''.padEnd(41)}${exchange.method} ${exchange.url} ${exchange.status} ${exchange.identity} → ${exchange.sent} B`);
  }
  console.log(`received: every byte from the chat server to the page (headers, preflights, WebSocket frames) until ${SETTLE_MS / 1000} s after the network went idle; "no gzip": the same with the bodies as the app sends them without a proxy`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--root');
  printPageViews(await pageViews({ root: at > 0 ? process.argv[at + 1] : '.' }), { verbose: process.argv.includes('--verbose') });
}
