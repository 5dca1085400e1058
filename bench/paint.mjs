// Browser timings in headless Chromium with a 4× CPU throttle: how long after its script
// starts loading the launcher is painted, against a bare 0.4 KB custom element that draws one
// button (same page shape, same server, same run), the longest task, and click-to-connected.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import puppeteer from 'puppeteer-core';

const BARE = `customElements.define('bare-button', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>button{position:fixed;right:24px;bottom:24px;width:56px;height:56px;border-radius:50%;border:0;background:#2f54eb;color:#fff}</style><button part="launcher" aria-label="Open chat">?</button>';
    document.body.append(this);
  }
});
document.body.append(document.createElement('bare-button'));`;

/** t0 right before the script tag; painted = the frame after the launcher button exists. */
const page = (script, selector) => `<!doctype html><html><head><meta charset="utf-8"><title>paint</title></head><body>
<script>
window.__t0 = performance.now();
window.__longest = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask', buffered: true });
window.__painted = new Promise((resolve) => {
  const check = () => {
    const host = document.querySelector('${selector}');
    const button = host && host.shadowRoot && host.shadowRoot.querySelector('[part="launcher"]');
    if (button && button.getBoundingClientRect().width > 0) requestAnimationFrame(() => resolve(performance.now() - window.__t0));
    else requestAnimationFrame(check);
  };
  check();
});
</script>
${script}
</body></html>`;

const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json', '.map': 'application/json' };

/** A static server for the pages, the bare element and the built widget (dist/). */
function serve(apiOrigin) {
  const pages = {
    '/bare.html': page('<script src="/bare.js"></script>', 'bare-button'),
    '/widget.html': page('<script src="/widget.js" data-channel="bench" data-mock></script>', 'support-chat'),
    '/live.html': page(`<script src="/widget.js" data-channel="bench" data-server="${apiOrigin}"></script>`, 'support-chat'),
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (pages[path]) return res.writeHead(200, { 'content-type': 'text/html' }).end(pages[path]);
    if (path === '/bare.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(BARE);
    const file = normalize(join('dist', path === '/widget.js' ? 'widget.js' : path.replace(/^\/dist\//, '')));
    if (!file.startsWith('dist')) return res.writeHead(404).end();
    let body;
    try {
      body = readFileSync(file);
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function paint({ runs = 9, apiOrigin }) {
  const site = await serve(apiOrigin);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-extensions'],
  });
  const measure = async (path) => {
    const tab = await browser.newPage();
    const cdp = await tab.createCDPSession();
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await tab.goto(`${site.url}${path}`);
    const painted = await tab.evaluate(() => window.__painted);
    await new Promise((resolve) => setTimeout(resolve, 300)); // long tasks right after paint count too
    const longest = await tab.evaluate(() => window.__longest);
    await tab.close();
    return { painted, longest };
  };
  try {
    const bare = [];
    const widget = [];
    await measure('/bare.html'); // warm-up: the browser's own first-page costs
    for (let i = 0; i < runs; i++) {
      bare.push(await measure('/bare.html'));
      widget.push(await measure('/widget.html'));
    }
    const connect = [];
    for (let i = 0; i < Math.ceil(runs / 3); i++) {
      const tab = await browser.newPage();
      await tab.goto(`${site.url}/live.html`);
      await tab.evaluate(() => window.__painted);
      const ms = await tab.evaluate(
        () =>
          new Promise((resolve) => {
            const chat = document.querySelector('support-chat');
            const started = performance.now();
            chat.addEventListener('support-chat-state', (event) => event.detail.state === 'online' && resolve(performance.now() - started));
            chat.shadowRoot.querySelector('[part="launcher"]').click();
          }),
      );
      connect.push(ms);
      await tab.close();
    }
    const row = (samples) => ({
      medianMs: +median(samples.map((s) => s.painted)).toFixed(1),
      longestTaskMs: +Math.max(...samples.map((s) => s.longest)).toFixed(1),
      // Run by run, to tell a task in every run from one in a single (cold or disturbed) run.
      longestTaskByRunMs: samples.map((s) => Math.round(s.longest)),
      runsWithLongTask: samples.filter((s) => s.longest > 50).length,
    });
    const result = { runs, cpuThrottle: 4, bare: row(bare), widget: row(widget), clickToConnectedMs: +median(connect).toFixed(1) };
    return { ...result, ratio: +(result.widget.medianMs / result.bare.medianMs).toFixed(2) };
  } finally {
    await browser.close();
    site.close();
  }
}
